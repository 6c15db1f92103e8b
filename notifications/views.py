from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from emulation_portal.params import ID_MAX, parse_int

from . import selectors, services
from .forms import PreferenceForm


def notification_list(request):
    """POST `open=<id>`: mark it read and go to its page; `read=<id>`: mark it read; `all`: mark
    all read. Only the user's own notices are touched: another's id, or junk, changes nothing."""
    if request.method == "POST":
        opened, read = (
            parse_int(request.POST.get(name), min_value=1, max_value=ID_MAX)
            for name in ("open", "read")
        )
        if opened or read:
            link = services.mark_read(user=request.user, pk=opened or read)
            if opened and url_has_allowed_host_and_scheme(link, allowed_hosts=None):
                return redirect(link)
        elif "all" in request.POST:
            services.mark_read(user=request.user)
        return redirect("notifications")
    return render(request, "notifications/list.html", {"items": selectors.inbox(user=request.user)})


def notification_settings(request):
    preference = selectors.preference(user=request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_save(user=request.user, email=form.cleaned_data["email"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu cách nhận thông báo."))
            return redirect("notifications")
    return render(request, "notifications/settings.html", {"form": form})
