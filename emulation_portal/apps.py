from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class EmulationPortalConfig(AppConfig):
    name = "emulation_portal"
    verbose_name = _("Hệ thống")

    def ready(self):
        # Each app registers the scopes of its pickers in its own `autocomplete.py`.
        autodiscover_modules("autocomplete")
