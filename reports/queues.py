"""Each role's work queue, the home page's first screen: what waits for me now.

One function per role returns a `Section` of `Group`s of `Task`s; each task names its object,
its due date where the campaign or period has one, and the page where the person acts. A person
with several roles gets several sections. Every function runs a fixed number of queries whatever
the number of blocs, units and papers (tests/reports/test_queues.py guards it).

This module lives in `reports` because it reads every app (DESIGN §2).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import permissions as award_permissions
from awards.models import Decision, Proposal
from blocs.models import BlocMembership
from blocs.roles import roles_for
from campaigns import dashboard
from campaigns import selectors as campaign_selectors
from campaigns.models import Campaign, ProgressReport, Registration, ReportingPeriod

from .document_views import KINDS as BLOC_REPORT_KINDS
from .models import ReportDocument

EDITABLE = (Registration.Status.DRAFT, Registration.Status.RETURNED)
SUBMITTED = Registration.Status.SUBMITTED
TO_JUDGE = (Proposal.Status.RECEIVED, Proposal.Status.CHECKED, Proposal.Status.COUNCIL)


@dataclass(frozen=True)
class Task:
    title: str
    url: str
    detail: str = ""
    status: str = ""
    due: date | None = None
    count: int | None = None  # a task standing for several papers (members not registered…)
    post: bool = False  # `url` is an action that creates the paper (a form button, not a link)

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()


@dataclass
class Group:
    key: str
    title: str
    tasks: list[Task] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(task.count or 1 for task in self.tasks)


@dataclass
class Section:
    role: str
    title: str
    groups: list[Group]

    @property
    def count(self) -> int:
        return sum(group.count for group in self.groups)


def _status_label(paper) -> str:
    return paper.get_status_display() if paper else _("Chưa lập")


# Unit officer --------------------------------------------------------------------------------


def _to_send(item, paper, source, due, kind: str) -> Task:
    """A registration or report a unit still has to send: open it, or start it (a POST to
    `<kind>_start` for the campaign or period, bloc and unit) when there is none yet."""
    start = [source.pk, item.bloc.pk, item.organization.pk]
    return Task(
        title=source.name,
        detail=f"{item.organization.name} · {item.bloc.code}",
        status=_status_label(paper),
        due=due,
        url=reverse(f"{kind}_detail", args=[paper.pk])
        if paper
        else reverse(f"{kind}_start", args=start),
        post=paper is None,
    )


def unit_queue(user) -> Section | None:
    """Registrations and reports my units still have to send (not started, draft or returned),
    and proposals of theirs in draft or returned for more documents."""
    roles = roles_for(user)
    if not roles.is_unit_officer:
        return None
    registrations = Group("registrations", _("Đăng ký thi đua cần gửi"))
    for item in campaign_selectors.unit_campaigns(user):
        paper = item.registration
        if paper and paper.status not in EDITABLE:
            continue
        registrations.tasks.append(
            _to_send(
                item, paper, item.campaign, item.campaign.registration_deadline, "registration"
            )
        )
    reports = Group("reports", _("Báo cáo kết quả cần gửi"))
    for item in dashboard.unit_reports(user):
        paper = item.report
        if item.period.is_closed or (paper and paper.status not in EDITABLE):
            continue
        reports.tasks.append(_to_send(item, paper, item.period, item.period.due, "report"))
    proposals = Group("proposals", _("Tờ trình khen thưởng cần hoàn thiện"))
    for proposal in Proposal.objects.filter(
        proposer_id__in=roles.organization_ids, status__in=Proposal.EDITABLE
    ).order_by("deadline", "pk"):
        proposals.tasks.append(
            Task(
                title=proposal.title,
                status=proposal.get_status_display(),
                due=proposal.deadline,
                url=reverse("proposal_detail", args=[proposal.pk]),
            )
        )
    return Section("unit", _("Đơn vị của tôi"), [registrations, reports, proposals])


# Bloc secretariat ----------------------------------------------------------------------------


def _unsent(paper) -> bool:
    return paper is None or paper.status in EDITABLE


def _late(registration, campaign, today) -> bool:
    """As the registration overview counts it (campaigns.selectors.bloc_overview)."""
    deadline = campaign.registration_deadline
    if not deadline:
        return False
    if registration and registration.submitted_at:
        return timezone.localdate(registration.submitted_at) > deadline
    return today > deadline


def _to_review(papers, title: str, source, bloc, due, url_name: str) -> list[Task]:
    """The submitted papers among `papers` (registrations of a campaign or reports of a period,
    one per member, None where none exists), each a task opening it for review."""
    return [
        Task(
            title=title % {"unit": paper.organization.name},
            detail=f"{source.name} · {bloc.code}",
            status=paper.get_status_display(),
            due=due,
            url=reverse(url_name, args=[paper.pk]),
        )
        for paper in papers
        if paper and paper.status == SUBMITTED
    ]


def secretariat_queue(user) -> Section | None:
    """For each bloc and year my unit leads: members not registered or late, registrations and
    reports waiting for my decision, members yet to report, and the bloc report's state."""
    roles = roles_for(user)
    if not roles.is_secretariat:
        return None
    led = roles.led_blocs  # (bloc, year), newest first
    in_led = Q()
    for bloc, year in led:
        in_led |= Q(bloc_id=bloc.pk, year=year)
    members = {}
    for m in BlocMembership.objects.filter(in_led).select_related("organization"):
        members.setdefault((m.bloc_id, m.year), []).append(m)
    authorities = {bloc.authority_id for bloc, _year in led}
    years = {year for _bloc, year in led}
    campaigns = list(
        Campaign.objects.filter(authority_id__in=authorities, year__in=years).order_by("name")
    )
    periods = list(
        ReportingPeriod.objects.filter(authority_id__in=authorities, year__in=years).order_by("end")
    )
    bloc_ids = {bloc.pk for bloc, _year in led}
    registrations = {
        (r.campaign_id, r.bloc_id, r.organization_id): r
        for r in Registration.objects.filter(
            bloc_id__in=bloc_ids, campaign__in=campaigns
        ).select_related("organization")
    }
    reports = {
        (r.period_id, r.bloc_id, r.organization_id): r
        for r in ProgressReport.objects.filter(
            bloc_id__in=bloc_ids, period__in=periods
        ).select_related("organization")
    }
    documents = {}
    for document in ReportDocument.objects.filter(
        bloc_id__in=bloc_ids, period__in=periods
    ).order_by("pk"):
        documents[(document.bloc_id, document.period_id)] = document  # the latest wins (by pk)

    missing = Group("members", _("Thành viên chưa đăng ký, chưa báo cáo hoặc trễ hạn"))
    to_review = Group("review", _("Đăng ký, báo cáo chờ thư ký duyệt"))
    bloc_reports = Group("bloc_reports", _("Báo cáo sơ kết, tổng kết của khối"))
    today = timezone.localdate()
    for bloc, year in led:
        memberships = members.get((bloc.pk, year), [])
        units = [m.organization for m in memberships]
        for campaign in campaigns:
            if (campaign.authority_id, campaign.year) != (bloc.authority_id, year):
                continue
            papers = [registrations.get((campaign.pk, bloc.pk, unit.pk)) for unit in units]
            behind = sum(1 for paper in papers if _unsent(paper) or _late(paper, campaign, today))
            if behind:
                missing.tasks.append(
                    Task(
                        title=_("Đăng ký thi đua: %(campaign)s") % {"campaign": campaign.name},
                        detail=_("%(bloc)s · %(n)s thành viên chưa gửi hoặc gửi trễ hạn")
                        % {"bloc": bloc.code, "n": behind},
                        due=campaign.registration_deadline,
                        count=behind,
                        url=reverse("bloc_overview", args=[campaign.pk, bloc.pk]),
                    )
                )
            to_review.tasks += _to_review(
                papers, _("Đăng ký: %(unit)s"), campaign, bloc, campaign.registration_deadline,
                "registration_detail",
            )  # fmt: skip
        for period in periods:
            if (period.authority_id, period.year) != (bloc.authority_id, year):
                continue
            # Expected: the units that were members at some day of the period.
            papers = [
                reports.get((period.pk, bloc.pk, m.organization_id))
                for m in memberships
                if m.overlaps(period.start, period.end)
            ]
            unsent = sum(1 for paper in papers if _unsent(paper))
            board = reverse("bloc_dashboard", args=[bloc.pk, year]) + f"?period={period.pk}"
            if unsent and not period.is_closed:
                missing.tasks.append(
                    Task(
                        title=_("Báo cáo: %(period)s") % {"period": period.name},
                        detail=_("%(bloc)s · %(unsent)s thành viên chưa gửi")
                        % {"bloc": bloc.code, "unsent": unsent},
                        due=period.due,
                        count=unsent,
                        url=board,
                    )
                )
            to_review.tasks += _to_review(
                papers, _("Báo cáo: %(unit)s"), period, bloc, period.due, "report_detail"
            )
            document = documents.get((bloc.pk, period.pk))
            if period.kind in BLOC_REPORT_KINDS and not (
                document and document.status == ReportDocument.Status.ISSUED
            ):
                bloc_reports.tasks.append(
                    Task(
                        title=period.name,
                        detail=bloc.name,
                        status=_status_label(document),
                        url=reverse("document_detail", args=[document.pk])
                        if document
                        else reverse("bloc_documents", args=[bloc.pk, year]),
                    )
                )
    return Section("secretariat", _("Thư ký khối"), [to_review, missing, bloc_reports])


# Reviewer (emulation office) -----------------------------------------------------------------


def reviewer_queue(user) -> Section | None:
    """Proposals to receive and to judge, decisions to draft and issue, for my authorities;
    proposals I may not review (my unit's, my own) are left out (awards/permissions.py)."""
    roles = roles_for(user)
    if not roles.is_reviewer:
        return None
    proposals = (
        Proposal.objects.filter(
            authority_id__in=roles.authority_ids,
            status__in=(Proposal.Status.SUBMITTED, *TO_JUDGE),
        )
        .exclude(pk__in=award_permissions.conflicted_proposals(user))
        .select_related("proposer")
        .order_by("deadline", "submitted_at", "pk")
    )
    receive = Group("receive", _("Tờ trình chờ tiếp nhận"))
    judge = Group("judge", _("Tờ trình đang thẩm định, trình Hội đồng"))
    for proposal in proposals:
        group = receive if proposal.status == Proposal.Status.SUBMITTED else judge
        group.tasks.append(
            Task(
                title=proposal.title,
                detail=proposal.proposer.name,
                status=proposal.get_status_display(),
                due=proposal.deadline,
                url=reverse("proposal_detail", args=[proposal.pk]),
            )
        )
    decide = Group("decide", _("Quyết định cần dự thảo, ban hành"))
    undecided = award_permissions.decidable_nominees(user).count()
    if undecided:
        decide.tasks.append(
            Task(
                title=_("Đối tượng đã duyệt chưa có quyết định"),
                count=undecided,
                url=reverse("decision_create"),
            )
        )
    for decision in Decision.objects.filter(
        authority_id__in=roles.authority_ids, status=Decision.Status.DRAFT
    ).order_by("pk"):
        decide.tasks.append(
            Task(
                title=str(decision),
                status=decision.get_status_display(),
                url=reverse("decision_detail", args=[decision.pk]),
            )
        )
    # Consultations (lấy ý kiến hiệp y) are not built yet: their group joins here when they are.
    return Section("reviewer", _("Thẩm định, khen thưởng"), [receive, judge, decide])


def queues_for(user) -> list[Section]:
    """The sections of every role the user has, secretariat and reviewer before the unit's."""
    sections = [
        section
        for section in (secretariat_queue(user), reviewer_queue(user), unit_queue(user))
        if section is not None
    ]
    # A secretariat or reviewer also works for a unit: its section shows only when it has work.
    return [s for s in sections if s.count or s.role != "unit" or len(sections) == 1]
