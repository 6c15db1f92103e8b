"""The role menus of the navigation bar: every task page of each role as a real link.

Built here rather than in base.html because the secretariat's entries depend on data (the
campaigns of each bloc and year it leads, whether a scoring scheme exists). Computed lazily,
only when a page renders the bar; two queries whatever the number of blocs led.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from awards.models import Proposal
from blocs.emulation_year import EmulationYear
from blocs.models import Organization
from blocs.roles import roles_for
from campaigns import permissions as campaign_permissions
from campaigns.models import Campaign, ScoringScheme


@dataclass(frozen=True)
class Link:
    label: str
    url: str | None = None  # None: a heading inside the dropdown


@dataclass
class Menu:
    role: str
    title: str
    links: list[Link] = field(default_factory=list)


def _secretariat_menu(roles) -> Menu:
    led = roles.led_blocs
    in_led = Q()
    for bloc, year in led:
        in_led |= Q(authority_id=bloc.authority_id, year=year)
    campaigns = list(Campaign.objects.filter(in_led).order_by("name"))
    schemes = set(
        ScoringScheme.objects.filter(
            bloc_id__in={bloc.pk for bloc, _year in led}, period_kind="annual"
        ).values_list("bloc_id", "year")
    )
    menu = Menu("secretariat", _("Thư ký khối"))
    for bloc, year in led:
        menu.links.append(Link(f"{bloc.name} ({EmulationYear.of(bloc.authority, year).span})"))
        for campaign in campaigns:
            if (campaign.authority_id, campaign.year) != (bloc.authority_id, year):
                continue
            menu.links += [
                Link(
                    _("Tình hình đăng ký: %(campaign)s") % {"campaign": campaign.name},
                    reverse("bloc_overview", args=[campaign.pk, bloc.pk]),
                ),
                Link(
                    _("Nhập từ Excel: %(campaign)s") % {"campaign": campaign.name},
                    reverse("bloc_import", args=[campaign.pk, bloc.pk]),
                ),
            ]
        menu.links += [
            Link(
                _("Bảng theo dõi, duyệt báo cáo thành viên"),
                reverse("bloc_dashboard", args=[bloc.pk, year]),
            ),
            Link(
                _("Báo cáo sơ kết, tổng kết của khối"),
                reverse("bloc_documents", args=[bloc.pk, year]),
            ),
        ]
        if (bloc.pk, year) in schemes:
            menu.links += [
                Link(_("Chấm điểm"), reverse("scoring", args=[bloc.pk, year])),
                Link(_("Xếp hạng"), reverse("ranking", args=[bloc.pk, year])),
            ]
    menu.links.append(Link(_("Đề nghị khen thưởng của khối"), reverse("proposal_list")))
    return menu


def _unit_menu(roles) -> Menu:
    menu = Menu("unit", _("Đơn vị của tôi"))
    menu.links.append(Link(_("Việc cần làm"), reverse("home")))
    menu.links += [
        Link(unit.name, reverse("organization_detail", args=[unit.pk]))
        for unit in Organization.objects.filter(pk__in=roles.organization_ids).order_by("name")
    ]
    menu.links += [
        Link(_("Tờ trình khen thưởng của đơn vị"), reverse("proposal_list")),
        Link(_("Lập tờ trình khen thưởng"), reverse("proposal_create")),
        Link(_("Thông báo"), reverse("notifications")),
    ]
    return menu


def _proposals(status) -> str:
    return reverse("proposal_list") + "?" + urlencode({"status": status})


def _reviewer_menu(user) -> Menu:
    links = [
        Link(_("Tờ trình chờ tiếp nhận"), _proposals(Proposal.Status.SUBMITTED)),
        Link(_("Tờ trình đã tiếp nhận, đang thẩm định"), _proposals(Proposal.Status.RECEIVED)),
        Link(_("Tờ trình đã duyệt chờ quyết định"), _proposals(Proposal.Status.APPROVED)),
        Link(_("Dự thảo quyết định khen thưởng"), reverse("decision_create")),
        Link(_("Tổng hợp kết quả khen thưởng"), reverse("award_summary")),
        Link(_("Bảng theo dõi các khối"), reverse("authority_dashboard")),
        Link(_("Kỳ báo cáo và đề cương"), reverse("period_list")),
        Link(_("Phong trào thi đua"), reverse("campaign_list")),
    ]
    if campaign_permissions.can_create_campaign(user):
        links.append(Link(_("Phát động phong trào"), reverse("campaign_create")))
    links += [
        Link(_("Khối, cụm thi đua"), reverse("bloc_list")),
        Link(_("Thêm khối, cụm"), reverse("bloc_create")),
    ]
    return Menu("reviewer", _("Quản lý khối, cụm"), links)


def menus_for(user) -> list[Menu]:
    roles = roles_for(user)
    menus = []
    if roles.is_secretariat:
        menus.append(_secretariat_menu(roles))
    if campaign_permissions.can_use_office_pages(user):  # reviewers, and administrators
        menus.append(_reviewer_menu(user))
    if roles.is_unit_officer:
        menus.append(_unit_menu(roles))
    return menus


def navigation(request):
    """Context processor: the role menus, computed only when a page renders them."""
    user = getattr(request, "user", None)
    return {"portal_menus": (lambda: menus_for(user)) if user is not None else ()}
