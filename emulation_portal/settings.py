"""Settings for emulation_portal, read from the environment (see README "Configuration").

Defaults suit `make run` on a laptop: DEBUG on, SQLite, Celery tasks run in-process.
Deployment sets DEBUG=false, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and REDIS_URL.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from .env import SMTP_BACKEND, EmailSettings, email_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "auditlog",
    "emulation_portal.apps.AxesConfig",
    "csp",
    "emulation_portal",
    "blocs",
    "notifications",
    "campaigns",
    "awards",
    "reports",
    "public_site",
]

MIDDLEWARE = [
    "emulation_portal.logging.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "emulation_portal.http.PrivateFilesMiddleware",  # after WhiteNoise: static files stay cached
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "emulation_portal.urls"
WSGI_APPLICATION = "emulation_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "blocs.context_processors.roles",
                "notifications.context_processors.notifications",
                "reports.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "blocs.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (emulation_portal/login.py): within 15 minutes, 5 wrong passwords for one
# username from any addresses lock the account, 20 from one address (over all accounts) lock
# the address; a browser where the account logged in before (device cookie, a year) is judged
# by its own failures only, so others cannot lock the owner out. axes records the failures by
# (username, address); a successful login clears its own pair only.
AXES_HANDLER = "emulation_portal.login.ThrottledLoginHandler"
AXES_USERNAME_CALLABLE = "emulation_portal.login.attempted_username"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
LOGIN_DEVICE_FAILURE_LIMIT = env_int("LOGIN_DEVICE_FAILURE_LIMIT", 5)
LOGIN_DEVICE_COOKIE_AGE = 365 * 24 * 3600
PASSWORD_CHANGE_FAILURE_LIMIT = env_int("PASSWORD_CHANGE_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind a proxy every request comes from the proxy: throttle by the client address it adds.
AXES_CLIENT_IP_CALLABLE = "emulation_portal.http.client_ip"
PROXY_COUNT = 0  # clients connect directly (runserver); production reads it below

# Sessions end after a working day or when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Every form says what a blank select option is for (emulation_portal.forms.FormRenderer).
FORM_RENDERER = "emulation_portal.forms.FormRenderer"
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
FORMAT_MODULE_PATH = ["emulation_portal.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Official documents as Word files (reports/docx.py) start from this .docx when set: an
# authority's own template, whose styles (Normal, and any "ND30 …" style it defines) give the
# look. Unset: python-docx's default document with the Decree 30 font and sizes.
REPORT_DOCX_TEMPLATE = env_str("REPORT_DOCX_TEMPLATE") or None

# A long appendix is cut into chunks of about this many table rows, rendered to PDF side by side
# in up to PDF_WORKERS processes (0: one per CPU; 1: all in this process), then joined
# (reports/rendering.py). WeasyPrint runs on one core, about 5 ms per table row.
PDF_CHUNK_ROWS = env_int("PDF_CHUNK_ROWS", 500)
PDF_WORKERS = env_int("PDF_WORKERS", 0)
# A report file whose Phụ lục 1 has more table rows than this (one row per unit and per target)
# is "long": no web request ever renders it (reports/services.py version_dispatch). Without a
# broker it waits in the database, state "queued", for a worker. 500 rows ≈ 2.5 s of WeasyPrint.
REPORT_INLINE_MAX_ROWS = env_int("REPORT_INLINE_MAX_ROWS", 500)
# A version running (or waiting for the broker) longer than this many seconds is queued again,
# and after REPORT_VERSION_ATTEMPTS runs marked failed with the reason shown (versions_sweep).
# Also the task's soft time limit; keep it at or below CELERY_VISIBILITY_TIMEOUT.
REPORT_VERSION_TIMEOUT = env_int("REPORT_VERSION_TIMEOUT", 600)
REPORT_VERSION_ATTEMPTS = env_int("REPORT_VERSION_ATTEMPTS", 3)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: with no REDIS_URL the tasks run in-process, so `make run` needs no services.
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task whose worker died without acknowledging it (killed, OOM, host restart) goes back to the
# queue once this many seconds have passed since delivery; Redis's default is an hour. Keep it
# above the longest task (a report renders in seconds) or a running task is delivered twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 600)}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "report-reminders": {
        "task": "campaigns.tasks.send_reminders_task",
        "schedule": 24 * 3600,  # daily; run `celery beat` next to the worker (docker-compose)
    },
    # The day's unread notifications, one message per user who chose the digest.
    "notification-digests": {
        "task": "notifications.tasks.email_digests",
        "schedule": 24 * 3600,
    },
    # Report files queued in the database while the broker was down, and versions stuck running.
    "report-pending-versions": {
        "task": "reports.tasks.make_pending_versions",
        "schedule": 60,
    },
}
# Without a broker (`make run`) long report files are made by one background thread of the web
# process, one after the other (reports/background.py), never inside the request.
REPORT_BACKGROUND_THREAD = env_bool("REPORT_BACKGROUND_THREAD", not REDIS_URL)
# E-mail: EMAIL_URL (smtp://user:password@host:port, smtp+tls://, smtps://, console://), else
# Django's own EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS (an
# EMAIL_HOST means SMTP) or EMAIL_BACKEND. Notifications are mailed only when EMAIL_URL or
# EMAIL_HOST is set; otherwise the portal alone shows them.
EMAIL_URL = env_str("EMAIL_URL")
_email = (
    email_url(EMAIL_URL)
    if EMAIL_URL
    else EmailSettings(
        SMTP_BACKEND
        if env_str("EMAIL_HOST")
        else env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"),
        host=env_str("EMAIL_HOST", "localhost"),
        port=env_int("EMAIL_PORT", 25),
        user=env_str("EMAIL_HOST_USER"),
        password=env_str("EMAIL_HOST_PASSWORD"),
        use_tls=env_bool("EMAIL_USE_TLS", False),
        use_ssl=env_bool("EMAIL_USE_SSL", False),
    )
)
EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _email[:5]
EMAIL_USE_TLS, EMAIL_USE_SSL = _email.use_tls, _email.use_ssl
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
NOTIFICATION_EMAILS = bool(EMAIL_URL or env_str("EMAIL_HOST"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "thidua@localhost")
# The portal's address as users reach it, for the links in e-mails.
PORTAL_URL = env_str("PORTAL_URL", "http://127.0.0.1:8000")

# Only the portal's own files may run or style its pages: templates carry no inline scripts,
# event-handler attributes or styles (tests/test_csp.py), so an injected tag does nothing.
# Data for scripts travels in json_script blocks and data- attributes. Chart.js and Bootstrap
# size their elements through element.style, which CSP does not restrict, so style-src needs no
# 'unsafe-inline'; data: images are Bootstrap's SVG icons inside its CSS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"  # addresses of records never leave for other sites
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    # Reverse proxies in front of gunicorn (docker-compose.yml, docs/deployment.md). Their
    # X-Forwarded-* headers are believed only when there is one: with PROXY_COUNT=0 a client
    # could claim HTTPS or another address by sending those headers itself.
    PROXY_COUNT = env_int("PROXY_COUNT", 1)
    if PROXY_COUNT:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    if not SECURE_HSTS_PRELOAD:
        # Joining the browsers' preload list binds the whole domain (often a shared .gov.vn one)
        # to HTTPS for years: the operator opts in with SECURE_HSTS_PRELOAD=true (README).
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Production: JSON lines on stdout (emulation_portal/logging.py) with the request id, user id
# and Celery task of each record; DEBUG: the plain format, easier to read in a terminal.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "emulation_portal.logging.ContextFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "emulation_portal.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain" if DEBUG else "json",
            "filters": ["context"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # pypdf logs each repair it makes to a damaged upload (uploads.verify refuses or accepts it
    # anyway), which would fill the log with lines anyone can provoke.
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "pypdf": {"level": "ERROR"},
    },
}
