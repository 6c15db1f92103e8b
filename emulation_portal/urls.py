from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, register_converter
from django.views.i18n import set_language

from . import autocomplete, login
from .health import health
from .params import YearConverter
from .views import favicon

handler400 = "emulation_portal.errors.bad_request"
handler500 = "emulation_portal.errors.server_error"

# `<year:year>` in the apps' URLs: a year out of range is a 404 before any view runs.
register_converter(YearConverter, "year")

admin.site.site_header = "Quản trị hệ thống thi đua – khen thưởng"
admin.site.site_title = "Thi đua – Khen thưởng"

urlpatterns = [
    path("accounts/login/", login.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        login.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # The invitation link (blocs.accounts.invitation_link) uses Django's reset-token pages.
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("health/", health, name="health"),
    path("favicon.ico", favicon, name="favicon"),
    path("autocomplete/<slug:scope>/", autocomplete.autocomplete, name="autocomplete"),
    path("admin/", admin.site.urls),
    path("", include("reports.urls")),
    path("", include("blocs.urls")),
    path("", include("notifications.urls")),
    path("", include("campaigns.urls")),
    path("", include("awards.urls")),
    path("cong-khai/", include("public_site.urls")),
]
