from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    """django-axes with a Vietnamese name in the admin: its own config has none ("Axes")."""

    default = False  # used by its dotted path in INSTALLED_APPS only
    verbose_name = _("Đăng nhập sai")


class EmulationPortalConfig(AppConfig):
    default = True  # this module holds other AppConfigs too
    name = "emulation_portal"
    verbose_name = _("Hệ thống")

    def ready(self):
        from django.db.backends.signals import connection_created

        from emulation_portal.text import register_vi_collation

        connection_created.connect(register_vi_collation, dispatch_uid="vi_collation")
        # Each app registers the scopes of its pickers in its own `autocomplete.py`.
        autodiscover_modules("autocomplete")
