"""Report kinds (a) and (b): a bloc's six-month or annual report, following the period's outline
(seed 000's structure), as plain data shared by the PDF, DOCX and XLSX renderers.

Computed sections come from records: the targets and their states in the reports units handed
in, titles registered, plans issued, awards with their decisions, and for the annual report the
ranking and the bloc's award proposals. Text is never invented, and what is missing is said
once, as a clerk would: a section with nothing in it is left out of the document, and a part with
nothing at all (a "Phần", or a heading over subsections) keeps its heading and one sentence
saying the members have sent nothing for it (NOTHING_SENT; NOTHING_COMPUTED for a part of
computed sections only). The web page still marks each empty section for the secretariat.

Targets table. Each registered target takes its LAST reported state: the latest among the
bloc's handed-in reports of the year whose period ends by this period's end (the six-month
report counts for the annual one until a unit hands in its annual report). Every target falls
in exactly one column, so a row adds up: done (Hoàn thành), running (Đang thực hiện: reported
not started or in progress, not yet due), overdue (Quá hạn: reported, not closed, due before the
period's end), not achieved or dropped (Không đạt, điều chỉnh), or not reported in any of those
reports (Chưa báo cáo); these last two columns print only when some target falls in them, so
the table stays readable on A4. Title registrations are counted in their own column: targets
plus titles are the rows of Phụ lục 1. The sentence says how many units the figures rest on and
how many of them have not handed in this period's report yet.

Narrative sections start from the members' answers, merged per section; the secretariat's edits
(``content``) replace them. The merge rule: an answer about the bloc as a whole — it speaks of
the members ("các cơ quan thành viên", "đơn vị thành viên"…) or names the bloc with a capital
"Khối" ("Cụm" for a cụm; "Khối lượng", "Cụm công nghiệp", "Cụm dân cư" are not the bloc) —
or given word for word (spacing aside) by several units, or written by the leading unit (the
year's secretariat, which drafts the bloc's text) prints once without a unit prefix, first and
in unit order; every other answer follows, its first line prefixed with the unit's name
("- Sở Công Thương: …"). Statistic answers (numbers) print their total first, then each unit's
figure. Documents units list as issued print under the outline's "documents_issued" section, or
where the outline has none, under the first heading about issuing documents ("… ban hành các
văn bản …", seed 000's III.1): their total first, then each unit's, one line per document.
"""

import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from decimal import Decimal
from itertools import takewhile

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.formats import number_format

from awards.models import Award, Nominee
from blocs.emulation_year import EmulationYear
from blocs.leadership import leader_on
from blocs.models import Bloc, BlocMembership, Organization, member_between
from campaigns import scoring, services
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
from emulation_portal.fields import percent

from . import decree30
from .registration_table import RegistrationTable, registration_table

HANDED_IN = (ProgressReport.Status.SUBMITTED, ProgressReport.Status.ACCEPTED)
NOTHING_SENT = "Các cơ quan thành viên chưa gửi nội dung báo cáo cho phần này."
NOTHING_COMPUTED = "Chưa có số liệu cho phần này."
# "Khối thi đua 4A" → "Khối 4A": a short designation after the kind word is abbreviated.
SHORT_NAME = re.compile(r"^(Khối|Cụm) thi đua (\S+(?: \S+)?)$")
# An answer about the bloc speaks of its members ("các cơ quan thành viên", not "thành viên Hội
# đồng") or names it: "Khối"/"Cụm" capitalised, but not "Khối lượng", "Cụm công nghiệp"…
MEMBERS = re.compile(r"(?i:\b(cơ quan|đơn vị|tỉnh|huyện|thành phố|xã)\s+thành viên\b)")
NOT_THE_BLOC = "lượng|công nghiệp|dân cư"
ISSUING_HEADING = re.compile(r"ban hành\b.*\bvăn bản", re.I)


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
    computed: bool = False  # its figures come from records, not from the members' text
    # The unit each table row counts (None: the bloc's total row) and the sentence as pieces,
    # each with the figure it states (FIGURES key, "" for words): the web page links every
    # figure to the records it counts.
    row_units: list[int | None] = field(default_factory=list)
    sentence: list[tuple[str, str]] = field(default_factory=list)

    @property
    def linked_rows(self) -> list[list[tuple[str, str, int | None]]]:
        """Each row's cells as (text, figure, unit): figure is "" for a cell that counts none."""
        if not self.table:
            return []
        figures = [FIGURES.get(column, "") for column in self.table.columns]
        units = self.row_units or [None] * len(self.table.rows)
        return [
            [(cell, figure if self.row_units else "", unit)
             for cell, figure in zip(row, figures, strict=True)]
            for row, unit in zip(self.table.rows, units, strict=True)
        ]  # fmt: skip

    @property
    def paragraphs(self) -> list[list[decree30.Run]]:
        return decree30.paragraphs(self.text)

    @property
    def empty(self) -> bool:
        return not (self.text.strip() or self.figures or self.table)

    @property
    def missing(self) -> bool:
        return self.empty and not self.has_children


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
    # The date line's year before the document is dated: the due date's, never before the
    # period's end (học kỳ I of 2020–2021 is reported in January 2021). 0 in a snapshot older
    # than school years, whose due date always fell in the period's calendar year.
    due_year: int = 0
    # `year` as the authority counts it ("năm học 2020–2021"); absent from such an older
    # snapshot, which is a calendar year's.
    emulation_year: EmulationYear | dict | None = None

    def __post_init__(self):
        self.due_year = self.due_year or self.year
        if self.emulation_year is None:
            self.emulation_year = EmulationYear(self.year)
        elif isinstance(self.emulation_year, dict):  # as the snapshot keeps it
            self.emulation_year = EmulationYear(**self.emulation_year)

    @property
    def printed_sections(self) -> list[tuple[Section, str]]:
        """What the PDF and DOCX print, each section with the sentence it says instead of its
        subsections ("" for none): the rule for what is missing is in the module docstring."""
        printed, skip_below = [], None
        for index, section in enumerate(self.sections):
            if skip_below is not None and section.depth > skip_below:
                continue
            skip_below = None
            subtree = [section, *takewhile(lambda s, d=section.depth: s.depth > d,
                                           self.sections[index + 1 :])]  # fmt: skip
            if not all(s.empty for s in subtree):
                printed.append((section, ""))
            elif section.depth == 0 or section.has_children:
                narrative = any(not (s.computed or s.has_children) for s in subtree)
                printed.append((section, NOTHING_SENT if narrative else NOTHING_COMPUTED))
                skip_below = section.depth
        return printed

    @property
    def intro_paragraphs(self):
        return decree30.paragraphs(self.intro)

    @property
    def symbol(self) -> str:
        return decree30.symbol(self.number, f"BC-{self.bloc_code}")

    @property
    def date_line(self) -> str:
        return decree30.date_line(self.place, self.dated, year=self.due_year, month=self.month)

    @property
    def appendix_note(self) -> str:
        blank = f"ngày \u2003 tháng \u2003 năm {self.due_year}"
        dated = f"ngày {self.dated:%d/%m/%Y}" if self.dated else blank
        return f"(Kèm theo Báo cáo số: {self.symbol} {dated} của {self.bloc_name})"

    def to_snapshot(self) -> dict:
        data = asdict(self)
        del data["number"], data["dated"]
        return data

    @classmethod
    def from_snapshot(cls, data: dict, *, number=None, dated=None) -> "BlocReport":
        data = dict(data)
        known = {f.name for f in fields(Section)} - {"table"}  # an old one has renamed fields
        data["sections"] = [
            Section(**{key: value for key, value in s.items() if key in known},
                    table=decree30.Table(**s["table"]) if s["table"] else None)
            for s in data["sections"]
        ]  # fmt: skip
        data["signature"] = decree30.Signature(**data["signature"])
        if data["appendix"]:
            data["appendix"] = RegistrationTable.from_dict(data["appendix"])
        return cls(**data, number=number, dated=dated)


def scope_words(period: ReportingPeriod, year: EmulationYear) -> str:
    """What a six-month or annual report covers, in the words of its authority's `year`: "06
    tháng đầu năm 2020 và phương hướng, nhiệm vụ 06 tháng cuối năm 2020", "năm học 2020–2021 và
    phương hướng, nhiệm vụ năm học 2021–2022"; another period by its name."""
    if period.kind == ReportingPeriod.Kind.H1:
        return f"{year.first_half_words} và phương hướng, nhiệm vụ {year.second_half_words}"
    if period.kind == ReportingPeriod.Kind.ANNUAL:
        return f"{year.label} và phương hướng, nhiệm vụ {year.next.label}"
    return period.name


def title_for(period: ReportingPeriod, year: EmulationYear) -> str:
    if period.kind == ReportingPeriod.Kind.H1:
        return f"Sơ kết công tác thi đua - khen thưởng {scope_words(period, year)}"
    if period.kind == ReportingPeriod.Kind.ANNUAL:
        return f"Tổng kết công tác thi đua - khen thưởng {scope_words(period, year)}"
    return f"Kết quả thực hiện phong trào thi đua – {period.name}"


def short_name(bloc: Bloc) -> str:
    """ "Khối thi đua 4A" → "Khối 4A", as the seed abbreviates it; a descriptive name ("Cụm thi
    đua các tỉnh miền Đông Nam bộ") has no shorter form and stays whole."""
    match = SHORT_NAME.match(bloc.name)
    return f"{match[1]} {match[2]}" if match else bloc.name


def default_intro(bloc: Bloc, period: ReportingPeriod, campaign, year: EmulationYear) -> str:
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
            f"ước thi đua {year.label} của các cơ quan, đơn vị; "
        )
    scope = scope_words(period, year)
    return f"{basis}{_named(bloc)} báo cáo kết quả thực hiện phong trào thi đua {scope}, như sau:"


def _named(bloc: Bloc) -> str:
    """The bloc's name, with "(gọi tắt …)" only when its short name differs."""
    short = short_name(bloc)
    return bloc.name if short == bloc.name else f"{bloc.name} (gọi tắt {short})"


def default_recipients(bloc: Bloc) -> list[str]:
    """The authority's emulation office (Sở Nội vụ, Ban Thi đua - Khen thưởng Trung ương…), or
    the authority itself when it has none; the bloc's members; the archive."""
    office = Organization.objects.filter(emulation_office_for_id=bloc.authority_id).first()
    return [
        (office or bloc.authority).name,
        f"Các cơ quan thành viên {short_name(bloc)}",
        "Lưu: VT",
    ]


def _about_bloc(text: str, bloc: Bloc) -> bool:
    word = "Cụm" if bloc.kind == Bloc.Kind.CLUSTER else "Khối"
    return bool(MEMBERS.search(text) or re.search(rf"\b{word}\b(?! ({NOT_THE_BLOC}))", text))


def _merge(rows: list[tuple[str, str]], bloc: Bloc, *, leader: str = "") -> str:
    """Members' answers as one text (the rule is in the module docstring): bloc-wide answers
    once and unprefixed, then each unit's own, the unit named at the start of its first line."""
    answers = [
        (unit, [line.strip() for line in text.splitlines() if line.strip()]) for unit, text in rows
    ]
    given = Counter(" ".join(" ".join(lines).split()) for _unit, lines in answers if lines)
    shared, own, seen = [], [], set()
    for unit, lines in answers:
        if not lines:
            continue
        key = " ".join(" ".join(lines).split())
        if unit == leader or given[key] > 1 or _about_bloc(key, bloc):
            if key not in seen:
                seen.add(key)
                shared.extend(lines)
        else:
            own += [f"- {unit}: {lines[0]}", *lines[1:]]
    return "\n".join(shared + own)


def _count(number: Decimal | int) -> str:
    """ "1.234", "12,5": grouped as Vietnamese writes numbers."""
    return number_format(Decimal(number).normalize(), force_grouping=True)


# The targets table's counted columns; every target is in exactly one of DONE … UNREPORTED.
TITLES, TARGETS = "Danh hiệu đăng ký", "Chỉ tiêu đăng ký"
DONE, RUNNING, OVERDUE = "Hoàn thành", "Đang thực hiện", "Quá hạn"
NOT_ACHIEVED, UNREPORTED = "Không đạt, điều chỉnh", "Chưa báo cáo"
COLUMNS = (TITLES, TARGETS, DONE, RUNNING, OVERDUE, NOT_ACHIEVED, UNREPORTED)
OPTIONAL = (NOT_ACHIEVED, UNREPORTED)  # shown when some target is in them: the table fits A4
REPORT_ORDER = ("period__end", "period__start", "pk")
# Each counted column's key in the web page's links to the records a figure counts.
FIGURES = {
    TITLES: "danh-hieu",
    TARGETS: "chi-tieu",
    DONE: "hoan-thanh",
    RUNNING: "dang-thuc-hien",
    OVERDUE: "qua-han",
    NOT_ACHIEVED: "khong-dat",
    UNREPORTED: "chua-bao-cao",
}
# The sentence's basis: the members whose report of this period it counts, and those counted
# from their latest earlier report (keys of the same links, listing reports).
THIS_PERIOD, EARLIER = "Báo cáo kỳ này", "Báo cáo gần nhất của kỳ trước"
REPORTS = {THIS_PERIOD: "bao-cao-ky-nay", EARLIER: "bao-cao-ky-truoc"}


def _column(state: str | None, due_end: date | None, on: date) -> str:
    if state is None:
        return UNREPORTED
    if state in TargetProgress.DONE_STATES:
        return DONE
    if state in TargetProgress.CLOSED_STATES:
        return NOT_ACHIEVED
    if due_end and due_end < on:
        return OVERDUE
    return RUNNING


def _pct(part: int, whole: int) -> str:
    """ "14,3%" for 7/49: rounded half-up to one decimal (number_format alone cuts: "14,2%")."""
    return f"{number_format(percent(part, whole, 1), 1)}%" if whole else "—"


class Builder:
    """Collects the records once (a fixed number of queries), then builds each section."""

    def __init__(self, bloc: Bloc, period: ReportingPeriod):
        self.bloc, self.period = bloc, period
        registered = Q(
            organization__registrations__bloc=bloc,
            organization__registrations__campaign__year=period.year,
        )
        members = (  # one membership per unit and year, by name; members during the period
            BlocMembership.objects.filter(member_between(period.start, period.end))
            .filter(bloc=bloc, year=period.year)
            .annotate(titles=Count("organization__registrations__titles", filter=registered))
            .order_by("organization__name")
            .values_list("organization_id", "organization__name", "titles", "role")
        )
        self.names, self.titles = {}, {}  # member unit id → name, → its title registrations
        self.leader = ""  # the leading unit's name: its answers are the secretariat's, the bloc's
        for org_id, name, titles, role in members:
            self.names[org_id], self.titles[org_id] = name, titles
            if role == BlocMembership.Role.LEADER:
                self.leader = name
        self.member_ids = list(self.names)
        # The bloc's reports handed in this year up to this period's end, oldest first: the
        # targets table continues from them, the other sections read this period's.
        self.year_reports = list(
            ProgressReport.objects.filter(
                bloc=bloc,
                status__in=HANDED_IN,
                organization_id__in=self.member_ids,
                period__year=period.year,
                period__end__lte=period.end,
            )
            .order_by(*REPORT_ORDER)
            .values_list("pk", "organization_id", "period_id", "period__name")
        )
        self.reports = [pk for pk, _org, period_id, _name in self.year_reports
                        if period_id == period.pk]  # fmt: skip

    # computed sources ----------------------------------------------------------------------

    def target_columns(self) -> list[tuple[int, int, str]]:
        """(target, unit, column) for every registered target: the one column it counts in."""
        states = dict(
            TargetProgress.objects.filter(report__in=[row[0] for row in self.year_reports])
            .order_by(*(f"report__{key}" for key in REPORT_ORDER))
            .values_list("target_id", "state")
        )
        targets = Target.objects.filter(
            registration__bloc=self.bloc,
            registration__campaign__year=self.period.year,
            registration__organization_id__in=self.member_ids,
        ).values_list("pk", "due_end", "registration__organization_id")
        return [
            (pk, org_id, _column(states.get(pk), due_end, self.period.end))
            for pk, due_end, org_id in targets
        ]

    def latest_reports(self) -> dict[int, tuple[int, int, str]]:
        """Each member's latest report handed in this year: unit → (report, period, its name)."""
        # Oldest report first: a later report replaces an earlier one.
        return {org: (pk, period_id, name) for pk, org, period_id, name in self.year_reports}

    def targets_table(self, section: Section) -> None:
        """Targets per unit, each from its last reported state (rules in the module docstring),
        and the unit's title registrations beside them."""
        latest = self.latest_reports()
        counts = {oid: Counter({TITLES: self.titles[oid]}) for oid in self.member_ids}
        for _pk, org_id, column in self.target_columns():
            counts[org_id][TARGETS] += 1
            counts[org_id][column] += 1
        total = sum(counts.values(), Counter())
        if not (total[TARGETS] or total[TITLES]):
            return
        columns = [c for c in COLUMNS if c not in OPTIONAL or total[c]]
        section.sentence = self._targets_sentence(total, latest)
        section.figures = "".join(text for text, _figure in section.sentence)
        rows = [
            [str(i), self.names[oid], *(str(c[column]) for column in columns),
             _pct(c[DONE], c[TARGETS])]
            for i, (oid, c) in enumerate(counts.items(), start=1)
        ]  # fmt: skip
        rows.append(
            ["", "Cộng", *(str(total[c]) for c in columns), _pct(total[DONE], total[TARGETS])]
        )
        section.row_units = [*counts, None]
        section.table = decree30.Table(
            ["STT", "Cơ quan, đơn vị", *columns, "Tỷ lệ hoàn thành"],
            rows,
            bold_rows=(len(rows) - 1,),
            # Classes of document.css; "Không đạt, điều chỉnh" needs 18 mm for "Không" whole.
            widths=(12, 0, *(18 if c in (NOT_ACHIEVED, UNREPORTED) else 15 for c in columns), 18),
        )

    def _targets_sentence(self, total: Counter, latest: dict) -> list[tuple[str, str]]:
        """The summary sentence as pieces, each figure with its FIGURES key."""
        earlier = Counter(name for _pk, period_id, name in latest.values()
                          if period_id != self.period.pk)  # fmt: skip
        members = len(self.member_ids)
        this_period = (str(len(latest) - earlier.total()), REPORTS[THIS_PERIOD])
        basis = [("theo báo cáo của ", ""), this_period, (f"/{members} cơ quan", "")]
        if earlier:
            names = ", ".join(
                f"{name}: {n} cơ quan" if len(earlier) > 1 else name for name, n in earlier.items()
            )
            basis = [
                ("theo báo cáo kỳ này của ", ""), this_period,
                (f"/{members} cơ quan và báo cáo gần nhất của ", ""),
                (str(earlier.total()), REPORTS[EARLIER]),
                (f" cơ quan chưa gửi báo cáo kỳ này ({names})", ""),
            ]  # fmt: skip

        def figure(column: str) -> tuple[str, str]:
            return str(total[column]), FIGURES[column]

        parts = [
            ("đã hoàn thành ", ""), figure(DONE),
            (f" chỉ tiêu ({_pct(total[DONE], total[TARGETS])}), đang thực hiện ", ""),
            figure(RUNNING), (", quá hạn chưa hoàn thành ", ""), figure(OVERDUE),
        ]  # fmt: skip
        if total[NOT_ACHIEVED]:
            parts += [(", không đạt hoặc điều chỉnh ", ""), figure(NOT_ACHIEVED)]
        if total[UNREPORTED]:
            parts += [(", chưa báo cáo ", ""), figure(UNREPORTED)]
        titles = [(" và ", ""), figure(TITLES), (" danh hiệu thi đua", "")] if total[TITLES] else []
        return [
            (f"Các cơ quan thành viên {short_name(self.bloc)} đăng ký ", ""), figure(TARGETS),
            (" chỉ tiêu thi đua", ""), *titles,
            (f"; đến ngày {self.period.end:%d/%m/%Y}, ", ""), *basis, (", ", ""), *parts,
            (" (chi tiết xem Phụ lục 1).", ""),
        ]  # fmt: skip

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
        """The total first, then each unit's count and its documents, one line each."""
        documents = IssuedDocument.objects.filter(report__in=self.reports).order_by(
            "report__organization__name", "issued_on", "symbol"
        )
        by_unit = defaultdict(list)
        for org_id, symbol, issued_on, title in documents.values_list(
            "report__organization_id", "symbol", "issued_on", "title"
        ):
            by_unit[self.names[org_id]].append(
                f"+ {symbol} ngày {issued_on:%d/%m/%Y} {title.rstrip('.')}."
            )
        if not by_unit:
            return
        total = sum(map(len, by_unit.values()))
        lines = [f"Các cơ quan thành viên {short_name(self.bloc)} ban hành {total:02d} văn bản:"]
        for unit, items in by_unit.items():
            lines += [f"- {unit} ({len(items):02d} văn bản):", *items]
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
                merged[section_id] = "\n".join(
                    [f"Tổng cộng: {_count(sum(a.value for a in figures))}"]
                    + [f"- {self.names[a.report.organization_id]}: {_count(a.value)}"
                       for a in figures]
                )  # fmt: skip
            else:
                named = [(self.names[a.report.organization_id], a.text) for a in items if a.text]
                merged[section_id] = _merge(named, self.bloc, leader=self.leader)
        return merged


def counted_records(bloc: Bloc, period: ReportingPeriod, figure: str, unit: int | None = None):
    """The records a figure of the targets table counts (`figure`: a FIGURES or REPORTS key), of
    one member unit or of the whole bloc: its title registrations, its targets in that column, or
    the reports its sentence is based on. None for a key or a unit the table has not."""
    builder = Builder(bloc, period)
    units = builder.member_ids if unit is None else [unit]
    known = (*FIGURES.values(), *REPORTS.values())
    if figure not in known or not set(units) <= set(builder.member_ids):
        return None
    if figure in REPORTS.values():
        this_period = figure == REPORTS[THIS_PERIOD]
        counted = [pk for org_id, (pk, period_id, _name) in builder.latest_reports().items()
                   if org_id in units and (period_id == period.pk) == this_period]  # fmt: skip
        return (
            ProgressReport.objects.filter(pk__in=counted)
            .select_related("organization", "period")
            .order_by("organization__name", "pk")
        )
    if figure == FIGURES[TITLES]:
        return (
            TitleRegistration.objects.filter(
                registration__bloc=bloc,
                registration__campaign__year=period.year,
                registration__organization_id__in=units,
            )
            .select_related("award_type", "registration__organization")
            .order_by("registration__organization__name", "award_type__summary_order", "pk")
        )
    counted = [pk for pk, org_id, column in builder.target_columns()
               if org_id in units and figure in (FIGURES[TARGETS], FIGURES[column])]  # fmt: skip
    return (
        Target.objects.filter(pk__in=counted)
        .select_related("registration__organization")
        .order_by("registration__organization__name", "ordinal", "pk")
    )


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


def _documents_home(plan: list[tuple]) -> list[tuple]:
    """Seed 000's outline computes nothing from issued documents: they print under its first
    heading about issuing documents ("Công tác xây dựng, ban hành các văn bản…")."""
    for index, (key, number, title, depth, source, has_children, section_id) in enumerate(plan):
        if not source and not has_children and ISSUING_HEADING.search(title):
            plan = list(plan)
            plan[index] = (key, number, title, depth, "documents_issued", False, section_id)
            break
    return plan


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
    # The bloc's authority counts the year (the period's is the same, the bloc is loaded).
    year = EmulationYear.of(bloc.authority, period.year)
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
    if "documents_issued" not in {p[4] for p in plan}:
        plan = _documents_home(plan)
    sections = []
    for key, number_, title, depth, source, has_children, section_id in plan:
        section = Section(key, number_, title, depth, has_children=has_children,
                          computed=source in COMPUTED)  # fmt: skip
        section.merged = merged.get(section_id, "") if section_id else ""
        section.text = edits.get(key, section.merged)
        if source in COMPUTED:
            COMPUTED[source](builder, section)
        sections.append(section)
    try:
        campaign = services.campaign_for_bloc(bloc=bloc, year=period.year)
    except ValidationError:
        campaign = None
    leader = leader_on(bloc, period.year, dated)
    return BlocReport(
        kind=period.kind,
        bloc_code=bloc.code,
        bloc_name=bloc.name,
        issuer=bloc.name.upper(),
        place=content.get("place") or decree30.bloc_place(bloc, leader),
        month=period.due.month,
        title=title_for(period, year),
        intro=content.get("intro") or default_intro(bloc, period, campaign, year),
        sections=sections,
        recipients=content.get("recipients") or default_recipients(bloc),
        signature=decree30.Signature(**content["signature"])
        if content.get("signature")
        else decree30.bloc_signature(bloc, period.year, on=dated, leader=leader),
        appendix=registration_table(campaign=campaign, bloc=bloc) if campaign else None,
        year=period.year,
        members=len(builder.member_ids),
        number=number,
        dated=dated,
        due_year=period.due.year,
        emulation_year=year,
    )
