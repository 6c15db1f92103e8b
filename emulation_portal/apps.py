from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationPortalConfig(AppConfig):
    name = "emulation_portal"
    verbose_name = _("Hệ thống")

    def ready(self):
        from django.db.backends.signals import connection_created

        from emulation_portal.text import register_vi_collation

        connection_created.connect(register_vi_collation, dispatch_uid="vi_collation")
