#!/bin/sh
# Entrypoint of the `web` service: apply database migrations, then run the given command
# (gunicorn, see docker-compose.yml). The worker does not use it, so only one container migrates.
set -eu

python manage.py migrate --noinput

exec "$@"
