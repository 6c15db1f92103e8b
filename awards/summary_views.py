"""The award summary page (seed 003's "TỔNG HỢP KẾT QUẢ KHEN THƯỞNG") and its downloads.

Who sees what: administrators everything; reviewers their authorities, those authorities' blocs
and, when the authority is a province, the recipients in that province whoever decided; a
bloc's secretariat that bloc for the years its unit leads it (the year of `to`).
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blocs.models import Bloc, Organization
from blocs.roles import Roles, roles_for
from blocs.years import default_year
from emulation_portal.params import ID_MAX, YEAR_MAX, YEAR_MIN, parse_int
from emulation_portal.text import vi_order
from reports import documents

from . import summary

DATE_FORMAT = summary.DATE_FORMAT
# The figure columns of the page's two tables, in the order of summary.FIGURES.
AWARDED_HEADERS = (gettext_lazy("Tổng số"), gettext_lazy("Tập thể"), gettext_lazy("Cá nhân"))
PROPOSED_HEADERS = (gettext_lazy("Số đề nghị"), gettext_lazy("Số được khen thưởng"))


def parse_date(text: str) -> date:
    """ "15/06/2020" → date(2020, 6, 15); ValueError for anything else."""
    return datetime.strptime(text.strip(), DATE_FORMAT).date()


def visible_authorities(roles: Roles):
    """Authorities whose decisions the user may total: all for administrators."""
    authorities = Organization.objects.order_by(vi_order("name"))
    if roles.is_admin:
        return authorities.filter(
            Q(emulation_offices__isnull=False) | Q(blocs_run__isnull=False)
        ).distinct()
    return authorities.filter(pk__in=roles.authority_ids)


def visible_provinces(roles: Roles):
    """Provinces whose recipients the user may total: those the user reviews for."""
    provinces = Organization.objects.filter(kind=Organization.Kind.PROVINCE).order_by(
        vi_order("name")
    )
    if roles.is_admin:
        return provinces
    return provinces.filter(pk__in=roles.authority_ids)


def visible_blocs(roles: Roles, year: int):
    """Blocs the user may total for a range ending in `year`."""
    blocs = Bloc.objects.order_by("code")
    if roles.is_admin:
        return blocs
    led = [bloc_id for bloc_id, led_year in roles.led_bloc_years if led_year == year]
    return blocs.filter(Q(authority_id__in=roles.authority_ids) | Q(pk__in=led))


def can_view_summary(user, *, year: int, authority=None, bloc=None, province=None) -> bool:
    """The rule of the page, for one authority, one bloc or one province's recipients (the
    range ending in `year`)."""
    roles = roles_for(user)
    if roles.is_admin:
        return True
    if bloc is not None:
        return bloc.authority_id in roles.authority_ids or roles.leads(bloc.pk, year)
    if province is not None:
        # A reviewer of a province totals its recipients whoever decided, never another's.
        return province.kind == Organization.Kind.PROVINCE and province.pk in roles.authority_ids
    if authority is not None:
        return authority.pk in roles.authority_ids
    return False


def _default_range(user, roles: Roles, today: date) -> tuple[date, date]:
    """The latest year with data for the user (blocs.years): 01/01 to today in this year, the
    whole year before. A secretariat whose unit did not lead its bloc that year gets the latest
    year it did instead of a page it may not see."""
    year = default_year(user, today=today)
    led = {led_year for _bloc, led_year in roles.led_bloc_years}
    if led and not (roles.is_admin or roles.authority_ids) and year not in led:
        year = max((y for y in led if y <= year), default=min(led))
    if year == today.year:
        return date(year, 1, 1), today
    return date(year, 1, 1), date(year, 12, 31)


def _chosen(value: str, allowed: list, model, roles: Roles):
    """The authority, province or bloc named by an id in the query string, if the user may
    see it.

    A value that is not an id is ignored like any junk filter (emulation_portal.params)."""
    pk = parse_int(value.replace("\x00", ""), min_value=1, max_value=ID_MAX)
    if pk is None:
        return None
    for item in allowed:
        if item.pk == pk:
            return item
    if roles.is_admin:
        return get_object_or_404(model, pk=pk)
    raise PermissionDenied


def _parse_range(texts: dict, errors: list) -> tuple[date | None, date | None]:
    """The decision dates typed ("dd/mm/yyyy"), a message in `errors` for each bad one."""
    dates = {}
    for key, label in (("from", _("Từ ngày")), ("to", _("Đến hết ngày"))):
        try:
            dates[key] = parse_date(texts[key])
        except ValueError:
            errors.append(
                _(
                    "%(field)s “%(value)s” không hợp lệ: ghi ngày theo dạng dd/mm/yyyy, "
                    "ví dụ 15/06/2020."
                )
                % {"field": label, "value": texts[key]}
            )
    start, end = dates.get("from"), dates.get("to")
    if start and end and start > end:
        errors.append(_("Từ ngày phải trước hoặc trùng với ngày “Đến hết ngày”."))
    return start, end


def award_summary(request):
    roles = roles_for(request.user)
    errors = []
    default_start, default_end = _default_range(request.user, roles, timezone.localdate())
    texts = {
        "from": request.GET.get("from", "").strip() or f"{default_start:{DATE_FORMAT}}",
        "to": request.GET.get("to", "").strip() or f"{default_end:{DATE_FORMAT}}",
        "year": request.GET.get("year", "").strip() or str(default_end.year),
    }
    by_achievement = request.GET.get("basis") == summary.BY_ACHIEVEMENT
    if by_achievement:
        # Năm thành tích: the year the awards are for, whenever they were decided.
        achievement_year = parse_int(texts["year"], min_value=YEAR_MIN, max_value=YEAR_MAX)
        if achievement_year is None:
            errors.append(
                _("Năm thành tích “%(value)s” không hợp lệ: ghi năm bốn chữ số, ví dụ 2023.")
                % {"value": texts["year"]}
            )
            achievement_year = default_end.year
        start, end = date(achievement_year, 1, 1), date(achievement_year, 12, 31)
    else:
        start, end = _parse_range(texts, errors)

    year = (end or default_end).year
    authorities = list(visible_authorities(roles))
    provinces = list(visible_provinces(roles))
    blocs = list(visible_blocs(roles, year))
    if not roles.is_admin and not authorities and not blocs:
        raise PermissionDenied
    authority = _chosen(request.GET.get("authority", ""), authorities, Organization, roles)
    province = _chosen(request.GET.get("province", ""), provinces, Organization, roles)
    bloc = _chosen(request.GET.get("bloc", ""), blocs, Bloc, roles)
    scopes = {"authority": authority, "province": province, "bloc": bloc}
    picked = {key: item for key, item in scopes.items() if item is not None}
    if len(picked) > 1:
        errors.append(
            _("Chỉ chọn một: cơ quan quyết định, tỉnh của người được khen hoặc khối, cụm.")
        )
    elif not picked and not roles.is_admin:
        # Everyone but an administrator looks at one authority or one bloc.
        if authorities:
            authority = picked["authority"] = authorities[0]
        else:
            bloc = picked["bloc"] = blocs[0]
    # Every filter passes the page's rule, whichever list offered it.
    for key, item in picked.items():
        if not can_view_summary(request.user, year=year, **{key: item}):
            raise PermissionDenied

    table = None
    if not errors:
        period = {"year": year} if by_achievement else {"start": start, "end": end}
        params = {**period, "authority": authority, "province": province, "bloc": bloc}
        if (format := request.GET.get("format")) in documents.FORMATS:
            rendered = documents.render("award-summary", params, format, user=request.user)
            return rendered.attachment()
        table = summary.award_summary(**params)

    query = dict(texts)
    if authority is not None:
        query["authority"] = authority.pk
    if province is not None:
        query["province"] = province.pk
    if bloc is not None:
        query["bloc"] = bloc.pk
    if by_achievement:
        query["basis"] = summary.BY_ACHIEVEMENT
    return render(
        request,
        "awards/summary.html",
        {
            "table": table,
            "awarded_headers": AWARDED_HEADERS,
            "proposed_headers": PROPOSED_HEADERS,
            "errors": errors,
            "texts": texts,
            "authorities": authorities,
            "blocs": blocs,
            "provinces": provinces,
            "authority": authority,
            "province": province,
            "bloc": bloc,
            "by_achievement": by_achievement,
            "can_see_all": roles.is_admin,
            "downloads": [(f, urlencode({**query, "format": f})) for f in documents.FORMATS],
        },
    )
