from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """Pages anyone may read without an account: the award registry, certificate verification
    and consultations on nominees. Each view opts out of the login default by name
    (`login_not_required`) and renders only fields listed as public."""

    # Not "public": a package of that name on PyPI (which aiosmtpd imports) would be shadowed.
    name = "public_site"
    verbose_name = _("Trang công khai")
