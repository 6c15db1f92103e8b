"""Report kinds (a) and (b): a bloc's six-month or annual report, following the period's outline
(seed 000's structure), as plain data shared by the PDF, DOCX and XLSX renderers.

Computed sections come from records: the targets and their states in the reports units handed
in, titles registered, plans issued, awards with their decisions, and for the annual report the
ranking and the bloc's award proposals. Narrative sections start from the members' answers,
merged per section with the unit named; the secretariat's edits (``content``) replace them.
A section with nothing to show says "chưa có số liệu" — text is never invented.
"""

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.formats import number_format

from awards.models import Award, Nominee
from blocs.models import Bloc, BlocMembership, Organization
from campaigns import scoring, services
from campaigns.dashboard import is_overdue
from campaigns.models import (
    IssuedDocument,
    NarrativeAnswer,
    ProgressReport,
    ReportingPeriod,
    ScoringScheme,
    Target,
    TargetProgress,
    TitleRegistration,
)
from campaigns.progress import outline_snapshot, period_heading

from . import decree30
from .registration_table import RegistrationTable, registration_table

HANDED_IN = (ProgressReport.Status.SUBMITTED, ProgressReport.Status.ACCEPTED)
MISSING = "chưa có số liệu"


@dataclass
class Section:
    key: str  # outline section id, or "ranking" / "proposals" for the annual additions
    number: str
    title: str
    depth: int
    text: str = ""  # what prints: the secretariat's edit, else the merged answers
    merged: str = ""  # the members' answers merged, offered again when the edit is cleared
    figures: str = ""  # a computed summary sentence
    table: decree30.Table | None = None
    has_children: bool = False

    @property
    def paragraphs(self) -> list[list[decree30.Run]]:
        return decree30.paragraphs(self.text)

    @property
    def missing(self) -> bool:
        return not (self.text.strip() or self.figures or self.table or self.has_children)


@dataclass
class BlocReport:
    kind: str  # ReportingPeriod.Kind: h1 | annual | …
    bloc_code: str
    bloc_name: str
    issuer: str
    place: str
    month: int  # of the date line before the document is dated
    title: str
    intro: str
    sections: list[Section]
    recipients: list[str]
    signature: decree30.Signature
    appendix: RegistrationTable | None
    year: int
    members: int
    number: int | None = None  # given at numbering; not part of the frozen snapshot
    dated: date | None = None

    @property
    def intro_paragraphs(self):
        return decree30.paragraphs(self.intro)

    @property
    def symbol(self) -> str:
        return decree30.symbol(self.number, f"BC-{self.bloc_code}")

    @property
    def date_line(self) -> str:
        return decree30.date_line(self.place, self.dated, year=self.year, month=self.month)

    @property
    def appendix_note(self) -> str:
        blank = f"ngày \u2003 tháng \u2003 năm {self.year}"
        dated = f"ngày {self.dated:%d/%m/%Y}" if self.dated else blank
        return f"(Kèm theo Báo cáo số: {self.symbol} {dated} của {self.bloc_name})"

    def to_snapshot(self) -> dict:
        data = asdict(self)
        del data["number"], data["dated"]
        return data

    @classmethod
    def from_snapshot(cls, data: dict, *, number=None, dated=None) -> "BlocReport":
        data = dict(data)
        data["sections"] = [
            Section(**{**s, "table": decree30.Table(**s["table"]) if s["table"] else None})
            for s in data["sections"]
        ]
        data["signature"] = decree30.Signature(**data["signature"])
        if data["appendix"]:
            data["appendix"] = RegistrationTable.from_dict(data["appendix"])
        return cls(**data, number=number, dated=dated)


def title_for(period: ReportingPeriod) -> str:
    year = period.year
    if period.kind == ReportingPeriod.Kind.H1:
        return (
            f"Sơ kết công tác thi đua - khen thưởng 06 tháng đầu năm {year} và phương hướng, "
            f"nhiệm vụ 06 tháng cuối năm {year}"
        )
    if period.kind == ReportingPeriod.Kind.ANNUAL:
        return (
            f"Tổng kết công tác thi đua - khen thưởng năm {year} và phương hướng, "
            f"nhiệm vụ năm {year + 1}"
        )
    return f"Kết quả thực hiện phong trào thi đua – {period.name}"


def short_name(bloc: Bloc) -> str:
    """ "Khối thi đua 4A" → "Khối 4A", as the seed abbreviates it."""
    return bloc.name.replace(" thi đua", "", 1)


def default_intro(bloc: Bloc, period: ReportingPeriod, campaign) -> str:
    scope = {
        ReportingPeriod.Kind.H1: f"06 tháng đầu năm {period.year} và phương hướng, nhiệm vụ "
        f"06 tháng cuối năm {period.year}",
        ReportingPeriod.Kind.ANNUAL: f"năm {period.year} và phương hướng, nhiệm vụ năm "
        f"{period.year + 1}",
    }.get(period.kind, period.name)
    basis = ""
    if campaign is not None and campaign.plan_symbol:
        dated = (
            f" ngày {campaign.plan_date:%d} tháng {campaign.plan_date:%m} năm "
            f"{campaign.plan_date:%Y}"
            if campaign.plan_date
            else ""
        )
        basis = (
            f"Thực hiện Kế hoạch số {campaign.plan_symbol}{dated} của {campaign.authority.name} "
            f"về {campaign.name[:1].lower()}{campaign.name[1:]} và theo nội dung đăng ký giao "
            f"ước thi đua năm {period.year} của các cơ quan, đơn vị; "
        )
    return (
        f"{basis}{bloc.name} (gọi tắt {short_name(bloc)}) báo cáo kết quả thực hiện phong trào "
        f"thi đua {scope}, như sau:"
    )


def default_recipients(bloc: Bloc) -> list[str]:
    office = Organization.objects.filter(emulation_office_for_id=bloc.authority_id).first()
    return [office.name if office else "Sở Nội vụ", f"Thành viên {short_name(bloc)}", "Lưu: VT"]


def _merge(rows: list[tuple[str, str]]) -> str:
    """Members' answers as one text, each unit named at the start of its first paragraph."""
    merged = []
    for unit, text in rows:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if lines:
            merged.append(f"- {unit}: {lines[0]}")
            merged.extend(lines[1:])
    return "\n".join(merged)


def _pct(part: int, whole: int) -> str:
    """ "14,3%" for 7/49: rounded half-up to one decimal (number_format alone cuts: "14,2%")."""
    if not whole:
        return "—"
    rate = (Decimal(100 * part) / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{number_format(rate, 1)}%"


class Builder:
    """Collects the records once (a fixed number of queries), then builds each section."""

    def __init__(self, bloc: Bloc, period: ReportingPeriod):
        self.bloc, self.period = bloc, period
        self.names = dict(  # member unit id → name, by name; one membership per unit and year
            BlocMembership.objects.filter(bloc=bloc, year=period.year)
            .order_by("organization__name")
            .values_list("organization_id", "organization__name")
        )
        self.member_ids = list(self.names)
        self.reports = list(  # ids of the reports handed in
            ProgressReport.objects.filter(
                bloc=bloc, period=period, status__in=HANDED_IN, organization_id__in=self.member_ids
            ).values_list("pk", flat=True)
        )

    # computed sources ----------------------------------------------------------------------

    def targets_table(self, section: Section) -> None:
        states = dict(
            TargetProgress.objects.filter(report__in=self.reports).values_list("target_id", "state")
        )
        counts = {oid: [0, 0, 0, 0] for oid in self.member_ids}  # targets, done, running, overdue

        @cache  # few distinct (due date, state) pairs among thousands of targets
        def overdue(due_end, state) -> bool:
            return is_overdue(Target(due_end=due_end), state, self.period.end)

        targets = Target.objects.filter(
            registration__bloc=self.bloc,
            registration__campaign__year=self.period.year,
            registration__organization_id__in=self.member_ids,
        ).values_list("pk", "due_end", "registration__organization_id")
        for pk, due_end, org_id in targets:
            state = states.get(pk)
            row = counts[org_id]
            row[0] += 1
            row[1] += state in TargetProgress.DONE_STATES
            row[2] += state == TargetProgress.State.IN_PROGRESS
            row[3] += overdue(due_end, state)
        total = [sum(r[i] for r in counts.values()) for i in range(4)]
        if not total[0]:
            return
        section.figures = (
            f"Các cơ quan thành viên {short_name(self.bloc)} đăng ký {total[0]} chỉ tiêu thi "
            f"đua; đến ngày {self.period.end:%d/%m/%Y}, theo báo cáo của {len(self.reports)}/"
            f"{len(self.member_ids)} cơ quan, đã hoàn thành {total[1]} chỉ tiêu "
            f"({_pct(total[1], total[0])}), đang thực hiện {total[2]}, quá hạn chưa hoàn thành "
            f"{total[3]} (chi tiết xem Phụ lục 1)."
        )
        rows = [
            [str(i), self.names[oid], str(c[0]), str(c[1]), str(c[2]), str(c[3]),
             _pct(c[1], c[0])]
            for i, (oid, c) in enumerate(counts.items(), start=1)
        ]  # fmt: skip
        rows.append(["", "Cộng", *map(str, total), _pct(total[1], total[0])])
        section.table = decree30.Table(
            ["STT", "Cơ quan, đơn vị", "Chỉ tiêu đăng ký", "Hoàn thành", "Đang thực hiện",
             "Quá hạn", "Tỷ lệ hoàn thành"],
            rows,
            bold_rows=(len(rows) - 1,),
            widths=(12, 0, 22, 22, 22, 18, 24),
        )  # fmt: skip

    def titles_registered(self, section: Section) -> None:
        totals: dict[str, list] = {}
        titles = (
            TitleRegistration.objects.filter(
                registration__bloc=self.bloc,
                registration__campaign__year=self.period.year,
                registration__organization_id__in=self.member_ids,
            )
            .select_related("award_type", "registration")
            .order_by("award_type__summary_order", "registration__organization__name")
        )
        for title in titles:
            entry = totals.setdefault(title.award_type.name, [0, title.award_type.unit_word, []])
            entry[0] += title.count
            entry[2].append(self.names[title.registration.organization_id])
        if totals:
            section.table = decree30.Table(
                ["STT", "Danh hiệu thi đua đăng ký", "Số lượng", "Cơ quan, đơn vị"],
                [
                    [str(i), name, f"{count:02d} {word}", ", ".join(units)]
                    for i, (name, (count, word, units)) in enumerate(totals.items(), start=1)
                ],
                widths=(12, 0, 28, 60),
            )

    def awards_received(self, section: Section) -> None:
        """Awards to member units and their people by decisions dated within the period, one
        line per decision and award ("… tại Quyết định số 40/QĐ-UBND.KT ngày 25/02/2020")."""
        awards = (
            Award.objects.filter(
                organization_id__in=self.member_ids,
                decision__status="issued",
                decision__dated__range=(self.period.start, self.period.end),
            )
            .order_by("decision__dated", "decision__number", "award_type__summary_order", "pk")
            .values_list("pk", "decision_id", "award_type_id", "person_id", "organization_id")
        )
        groups: dict[tuple, dict] = {}  # (decision, award type) → its first award, units, people
        for pk, decision_id, type_id, person_id, org_id in awards:
            group = groups.get((decision_id, type_id))
            if group is None:
                group = groups[decision_id, type_id] = {"first": pk, "units": {}, "people": 0}
            if person_id:
                group["people"] += 1
            else:
                group["units"][self.names[org_id]] = None  # an ordered set
        # The decision and the award type, read once per line rather than joined to every award.
        firsts = Award.objects.select_related("award_type", "decision").in_bulk(
            [group["first"] for group in groups.values()]
        )
        lines = []
        for group in groups.values():
            award = firsts[group["first"]]
            whom = ", ".join(group["units"])
            if group["people"]:
                whom = ", ".join(filter(None, [whom, f"{group['people']:02d} cá nhân"]))
            decision = award.decision
            lines.append(
                f"+ Tặng {award.award_type.name} cho {whom} tại Quyết định số {decision.symbol} "
                f"ngày {decision.dated:%d/%m/%Y}."
            )
        section.figures = "\n".join(lines)

    def documents_issued(self, section: Section) -> None:
        documents = IssuedDocument.objects.filter(report__in=self.reports).select_related("report")
        lines = [
            f"- {self.names[d.report.organization_id]}: {d.symbol} ngày {d.issued_on:%d/%m/%Y} "
            f"{d.title}"
            for d in documents.order_by("report__organization__name", "issued_on")
        ]
        section.figures = "\n".join(lines)

    def ranking(self, section: Section) -> None:
        scheme = ScoringScheme.objects.filter(
            bloc=self.bloc, year=self.period.year, period_kind=self.period.kind
        ).first()
        if scheme is None:
            return
        ranked, _leaves = scoring.ranking(scheme)
        rows = [
            [str(row.rank) if row.rank else "—", row.organization.name,
             number_format(row.self_total, 2), number_format(row.total, 2),
             ("Đồng hạng" if row.tied else "") if row.rank else "Chưa chấm đủ"]
            for row in ranked
        ]  # fmt: skip
        if rows:
            section.table = decree30.Table(
                ["Hạng", "Cơ quan, đơn vị", "Tự chấm", "Khối chấm", "Ghi chú"],
                rows,
                widths=(15, 0, 22, 22, 30),
            )

    def proposals(self, section: Section) -> None:
        nominees = (
            Nominee.objects.filter(proposal__bloc=self.bloc, proposal__year=self.period.year)
            .exclude(proposal__status="draft")
            .select_related("proposal", "award_type", "person", "organization")
            .order_by("award_type__summary_order", "pk")
        )
        rows = [
            [str(i), n.recipient_name, n.award_type.name,
             f"{n.proposal.symbol} ngày {n.proposal.dated:%d/%m/%Y}" if n.proposal.dated
             else n.proposal.symbol, n.proposal.get_status_display()]
            for i, n in enumerate(nominees, start=1)
        ]  # fmt: skip
        if rows:
            section.table = decree30.Table(
                ["STT", "Tập thể, cá nhân", "Hình thức đề nghị", "Tờ trình", "Tình trạng"],
                rows,
                widths=(12, 0, 45, 35, 28),
            )

    # narrative -----------------------------------------------------------------------------

    def answers(self) -> dict[int, str]:
        """Merged answers per outline section: text answers, or the units' figures summed."""
        rows: dict[int, list] = defaultdict(list)
        answers = NarrativeAnswer.objects.filter(report__in=self.reports).filter(
            ~Q(text="") | Q(value__isnull=False)
        )
        for answer in answers.select_related("report").order_by("report__organization__name"):
            rows[answer.section_id].append(answer)
        merged = {}
        for section_id, items in rows.items():
            figures = [a for a in items if a.value is not None]
            if figures:
                total = number_format(sum(a.value for a in figures).normalize())
                named = [
                    (self.names[a.report.organization_id], number_format(a.value.normalize()))
                    for a in figures
                ]
                merged[section_id] = f"Tổng cộng: {total}\n{_merge(named)}"
            else:
                named = [(self.names[a.report.organization_id], a.text) for a in items if a.text]
                merged[section_id] = _merge(named)
        return merged


COMPUTED = {
    "targets_table": Builder.targets_table,
    "titles_registered": Builder.titles_registered,
    "awards_received": Builder.awards_received,
    "documents_issued": Builder.documents_issued,
    "ranking": Builder.ranking,
    "proposals": Builder.proposals,
}
ANNUAL_PART = [
    ("annual", "Phần III", "Kết quả chấm điểm, xếp hạng và đề nghị khen thưởng", 0, ""),
    ("ranking", "I", "Kết quả chấm điểm, xếp hạng thi đua", 1, "ranking"),
    ("proposals", "II", "Đề nghị khen thưởng", 1, "proposals"),
]


def outline_for(period: ReportingPeriod):
    """The period's outline; an annual period without one borrows the six-month outline."""
    if period.outline_id or period.kind != ReportingPeriod.Kind.ANNUAL:
        return period.outline
    h1 = ReportingPeriod.objects.filter(
        authority_id=period.authority_id, year=period.year, kind=ReportingPeriod.Kind.H1
    ).first()
    return h1.outline if h1 else None


def bloc_report(
    bloc: Bloc,
    period: ReportingPeriod,
    *,
    content: dict | None = None,
    number: int | None = None,
    dated: date | None = None,
) -> BlocReport:
    content = content or {}
    edits = content.get("sections", {})
    builder = Builder(bloc, period)
    merged = builder.answers()
    outline = outline_snapshot(outline_for(period))
    annual = period.kind == ReportingPeriod.Kind.ANNUAL
    plan = [
        (str(s["id"]), s["number"], period_heading(s["title"], period), s["depth"],
         s["source"] if s["kind"] == "computed" else "", s["has_children"], s["id"])
        for s in outline
    ]  # fmt: skip
    if annual and not {"ranking", "proposals"} & {p[4] for p in plan}:
        plan += [(key, n, title, depth, source, not source, None) for key, n, title, depth, source
                 in ANNUAL_PART]  # fmt: skip
    sections = []
    for key, number_, title, depth, source, has_children, section_id in plan:
        section = Section(key, number_, title, depth, has_children=has_children)
        section.merged = merged.get(section_id, "") if section_id else ""
        section.text = edits.get(key, section.merged)
        if source in COMPUTED:
            COMPUTED[source](builder, section)
        sections.append(section)
    try:
        campaign = services.campaign_for_bloc(bloc=bloc, year=period.year)
    except ValidationError:
        campaign = None
    return BlocReport(
        kind=period.kind,
        bloc_code=bloc.code,
        bloc_name=bloc.name,
        issuer=bloc.name.upper(),
        place=content.get("place") or decree30.place_name(bloc.authority),
        month=period.due.month,
        title=title_for(period),
        intro=content.get("intro") or default_intro(bloc, period, campaign),
        sections=sections,
        recipients=content.get("recipients") or default_recipients(bloc),
        signature=decree30.Signature(**content["signature"])
        if content.get("signature")
        else decree30.bloc_signature(bloc, period.year),
        appendix=registration_table(campaign=campaign, bloc=bloc) if campaign else None,
        year=period.year,
        members=len(builder.member_ids),
        number=number,
        dated=dated,
    )
