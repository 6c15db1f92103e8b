"""Migrating a test database to an older schema and back, for data-migration tests."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrate to `targets`, every other app to its latest; the models of that state."""
    executor = MigrationExecutor(connection)
    apps = {app for app, _name in targets}
    targets = targets + [n for n in executor.loader.graph.leaf_nodes() if n[0] not in apps]
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps
