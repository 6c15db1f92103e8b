"""Login and password-change throttling (issue 13).

Three counts, each over the last AXES_COOLOFF_TIME (django-axes records the failures):

- per account, across every address: AXES_FAILURE_LIMIT wrong passwords for one username lock
  it, so guesses spread over many addresses lock it too;
- per address, across every account: LOGIN_ADDRESS_FAILURE_LIMIT wrong passwords from one
  address lock that address (password spraying), set high enough for an office behind one NAT;
- per known device: a browser in which the account logged in before carries a signed
  long-lived cookie naming it ("device cookie", OWASP). For that account, such a browser is
  judged by its own failures only (LOGIN_DEVICE_FAILURE_LIMIT), so strangers or colleagues who
  lock the account or the office's address do not lock its owner out of their usual computer.

A successful login clears the failures of its own (username, address) pair only: the owner
signing in does not give an attacker elsewhere a fresh set of guesses.

The password-change form counts wrong current passwords per user (PASSWORD_CHANGE_FAILURE_LIMIT)
and refuses the form for the lock's duration, even with the right password, so a borrowed
session cannot be used to guess the password.
"""

import logging
import secrets

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.core import signing
from django.db.models import Sum
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from . import throttle
from .http import client_ip

log = logging.getLogger(__name__)

DEVICE_COOKIE = "portal_device"
DEVICE_SALT = "emulation_portal.login.device"
DEVICES_PER_BROWSER = 5  # accounts remembered by one browser (a shared office computer)


# Known devices ---------------------------------------------------------------------------------


def _devices(request) -> list[list]:
    """[user id, nonce] pairs of the browser's valid device cookie; [] when absent or forged."""
    value = request.COOKIES.get(DEVICE_COOKIE)
    if not value:
        return []
    try:
        devices = signing.loads(value, salt=DEVICE_SALT, max_age=settings.LOGIN_DEVICE_COOKIE_AGE)
    except signing.BadSignature:
        return []
    if not isinstance(devices, list):
        return []
    return [d for d in devices if isinstance(d, list) and len(d) == 2]


def known_device(request, username) -> str | None:
    """The nonce of this browser's device cookie for the account `username`, if it has one."""
    if request is None or not username:
        return None
    cache = request.__dict__.setdefault("_known_devices", {})
    if username not in cache:
        devices = _devices(request)
        nonce = None
        if devices:
            user_model = get_user_model()
            pk = (
                user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username})
                .values_list("pk", flat=True)
                .first()
            )
            mine = [n for user_id, n in devices if pk is not None and user_id == pk]
            nonce = str(mine[0]) if mine else None
        cache[username] = nonce
    return cache[username]


def remember_device(request, response, user) -> None:
    """Give the browser a new device cookie for `user`, keeping its other accounts' entries."""
    others = [d for d in _devices(request) if d[0] != user.pk]
    devices = [[user.pk, secrets.token_urlsafe(16)], *others][:DEVICES_PER_BROWSER]
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(devices, salt=DEVICE_SALT, compress=True),
        max_age=settings.LOGIN_DEVICE_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


# The axes handler ------------------------------------------------------------------------------


def attempted_username(request, credentials=None) -> str | None:
    """The name a login attempt typed, as axes records it (AXES_USERNAME_CALLABLE): cut to the
    longest real username, so a 5 KB name is one more wrong guess, not a row PostgreSQL refuses."""
    source = credentials if credentials else getattr(request, "POST", {})
    name = source.get("username") if source else None
    return name[: get_user_model().username.field.max_length] if name else name


def _failures(**filters) -> int:
    total = AccessAttempt.objects.filter(**filters).aggregate(n=Sum("failures_since_start"))
    return total["n"] or 0


def lock_reason(request, credentials=None) -> str | None:
    """'device', 'account' or 'address' when this login attempt is refused, else None."""
    username = get_client_username(request, credentials)
    nonce = known_device(request, username)
    if nonce is not None:
        return "device" if throttle.locked_until(f"device:{nonce}") else None
    recent = {"attempt_time__gte": get_cool_off_threshold(request)}
    if username and _failures(username=username, **recent) >= settings.AXES_FAILURE_LIMIT:
        return "account"
    address = getattr(request, "axes_ip_address", None)
    if address and _failures(ip_address=address, **recent) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        return "address"
    return None


class ThrottledLoginHandler(AxesDatabaseHandler):
    """django-axes' database handler with the three counts above: axes records each failure by
    (username, address, user agent) as usual; whether a login is refused is decided here."""

    def get_failures(self, request, credentials=None) -> int:
        # axes compares this number with AXES_FAILURE_LIMIT: report the limit when a rule locks.
        return settings.AXES_FAILURE_LIMIT if lock_reason(request, credentials) else 0

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        username = get_client_username(request, credentials) if request else None
        nonce = known_device(request, username)
        if nonce is not None:
            throttle.record_failure(
                f"device:{nonce}",
                limit=settings.LOGIN_DEVICE_FAILURE_LIMIT,
                window=get_cool_off(request),
            )
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and getattr(request, "axes_locked_out", False):
            log.warning(
                "Login refused (%s) for username %r from %s",
                lock_reason(request, credentials) or "locked",
                username,
                getattr(request, "axes_ip_address", None),
            )


# Views -----------------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """Django's login page; a successful login also marks the browser as a known device."""

    def form_valid(self, form):
        response = super().form_valid(form)
        remember_device(self.request, response, form.get_user())
        return response


class ThrottledPasswordChangeForm(PasswordChangeForm):
    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    @property
    def throttle_key(self) -> str:
        return f"password-change:{self.user.pk}"

    def clean_old_password(self):
        if until := throttle.locked_until(self.throttle_key):
            raise forms.ValidationError(_locked_message(until), code="throttled")
        try:
            return super().clean_old_password()
        except forms.ValidationError:
            window = get_cool_off(self.request)
            locked = throttle.record_failure(
                self.throttle_key, limit=settings.PASSWORD_CHANGE_FAILURE_LIMIT, window=window
            )
            log.warning(
                "Password change: wrong current password for user %s from %s%s",
                self.user.pk,
                client_ip(self.request) if self.request else None,
                " (locked)" if locked else "",
            )
            if locked:
                raise forms.ValidationError(
                    _locked_message(throttle.locked_until(self.throttle_key)), code="throttled"
                ) from None
            raise

    def save(self, commit=True):
        throttle.clear(self.throttle_key)
        return super().save(commit)


def _locked_message(until) -> str:
    return _(
        "Bạn đã nhập sai mật khẩu hiện tại quá nhiều lần. Chức năng đổi mật khẩu tạm khoá "
        "đến %(time)s; vui lòng thử lại sau."
    ) % {"time": date_format(localtime(until), "H:i") if until else ""}


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ThrottledPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}
