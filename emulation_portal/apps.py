from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationPortalConfig(AppConfig):
    name = "emulation_portal"
    verbose_name = _("Hệ thống")
