"""The "TỔNG HỢP KẾT QUẢ KHEN THƯỞNG" table of the six-month and annual reports (seed 003).

`award_summary` counts the registry's awards by row of that table, either for the decisions
dated in a range or for one achievement year (năm thành tích: a year's awards are often decided
early the next year), limited to one deciding authority, or to the recipients of one province
or of one bloc whoever decided (provincial and central decisions together). Next to each row it
counts the nominees proposed for it. `to_xlsx` prints both tables.

The row labels are the catalogue's names, as the law writes them ("Chiến sĩ", "Bằng khen của
Chủ tịch UBND tỉnh", each class of an order on its own row), and stay Vietnamese whatever the
interface language is (like the registration tables of campaigns.exporter).
"""

from dataclasses import dataclass
from datetime import date
from functools import cached_property

import openpyxl
from django.db.models import Case, Count, Q, Value, When

from blocs.emulation_year import EmulationYear, year_containing
from blocs.models import Bloc, BlocMembership, Organization, YearKind
from campaigns.models import ReportingPeriod
from emulation_portal.xlsx import (
    BORDER,
    CENTRE,
    RIGHT,
    fit_row,
    merged_row,
    print_a4,
    put,
    set_widths,
    text_font,
    to_bytes,
)

from .catalogue import CATALOGUE
from .models import Award, Decision, Nominee

_NAMES = {entry.code: entry.name for entry in CATALOGUE}


def _own_rows(*codes: str) -> list[tuple[str, list[str]]]:
    """One row per catalogue entry, under its catalogue name."""
    return [(_NAMES[code], [code]) for code in codes]


# Group number, group label, [(row label, catalogue codes counted in that row)], in the order
# of seed 003. Seed 003 folds an order's classes into one "các hạng" row and shortens names
# ("Chiến sỹ", "Bằng khen UBND tỉnh"); the law names each class, so each has its row here.
SEED_003_ROWS: list[tuple[str, str, list[tuple[str, list[str]]]]] = [
    ("I", "Khen thưởng cấp Nhà nước", _own_rows(
        "BMVNAH", "AHLD", "HCDL1", "HCDL2", "HCDL3", "HCLD1", "HCLD2", "HCLD3",
        "HC_KHANGCHIEN", "HUYC_KHANGCHIEN", "CO_CP", "BK_TTG", "CSTD_TQ",
    )),
    ("II", "Khen thưởng cấp tỉnh", _own_rows("CO_TINH", "TTLDXS", "CSTD_TINH", "BK_TINH")),
    # Not in seed 003's table (a province's report lists state and province levels only); kept
    # after its rows so the units' own titles, decided by their heads, are counted too.
    ("III", "Khen thưởng cấp cơ sở", [
        *_own_rows("TTLDTT", "CSTDCS", "LDTT"),
        ("Giấy khen", ["GK_DV", "GK_XA", "GK_HUYEN"]),
    ]),
]  # fmt: skip

TITLE = "TỔNG HỢP KẾT QUẢ KHEN THƯỞNG"
HEADERS = ("STT", "Danh hiệu, hình thức khen thưởng", "Tổng số", "Tập thể", "Cá nhân", "Ghi chú")
TOTAL_LABEL = "Tổng cộng"
PROPOSED_TITLE = "ĐỀ NGHỊ VÀ KẾT QUẢ KHEN THƯỞNG"
PROPOSED_HEADERS = (
    "STT", "Danh hiệu, hình thức khen thưởng", "Số đề nghị", "Số được khen thưởng", "Ghi chú",
)  # fmt: skip
PROPOSED_NOTE = (
    "Số đề nghị: đối tượng trong các tờ trình đã gửi (không tính đối tượng đã rút); "
    "số được khen thưởng: khen thưởng trong các quyết định đã ban hành."
)
DATE_FORMAT = "%d/%m/%Y"
BY_DECISION, BY_ACHIEVEMENT = "decision", "achievement"
# The reporting periods a title names, in the words of the year's kind: "06 tháng đầu năm 2020",
# "học kỳ I năm học 2020–2021", "năm 2020", "năm học 2020–2021".
PERIOD_NAMES = {
    ReportingPeriod.Kind.H1: "{year.first_half_words}",
    ReportingPeriod.Kind.ANNUAL: "{year.label}",
}
# A unit's province is reached through at most this many parents (a commune's school).
PROVINCE_DEPTH = 3


@dataclass(frozen=True)
class SummaryRow:
    number: int
    label: str
    codes: tuple[str, ...]
    collectives: int = 0
    individuals: int = 0
    proposed: int = 0  # nominees of submitted proposals

    @property
    def total(self) -> int:
        return self.collectives + self.individuals


@dataclass(frozen=True)
class SummaryGroup:
    number: str  # "I", "II"
    label: str
    rows: tuple[SummaryRow, ...]

    @property
    def collectives(self) -> int:
        return sum(row.collectives for row in self.rows)

    @property
    def individuals(self) -> int:
        return sum(row.individuals for row in self.rows)

    @property
    def total(self) -> int:
        return self.collectives + self.individuals

    @property
    def proposed(self) -> int:
        return sum(row.proposed for row in self.rows)


@dataclass(frozen=True)
class SummaryTable:
    start: date
    end: date
    groups: tuple[SummaryGroup, ...]
    authority: Organization | None = None
    bloc: Bloc | None = None
    province: Organization | None = None
    basis: str = BY_DECISION
    achieved: int | None = None  # the achievement year's number (BY_ACHIEVEMENT)

    # What the table's years mean is read when it is printed, not while it is counted: the
    # counting stays one query per table whatever the scope (a bloc's authority is a query).

    @property
    def counting_authority(self) -> Organization | None:
        """Whose years the summary counts in: the bloc's authority, the deciding authority or
        the province; None (every deciding body) counts calendar years."""
        return self.bloc.authority if self.bloc else self.authority or self.province

    @cached_property
    def year(self) -> EmulationYear:
        """The achievement year, else the emulation year the range ends in (whose leader signs
        a bloc's summary)."""
        if self.achieved is not None:
            return EmulationYear.of(self.counting_authority, self.achieved)
        return year_containing(self.counting_authority, self.end)

    @cached_property
    def period_words(self) -> str:
        """ "06 tháng đầu năm 2020", "học kỳ I năm học 2020–2021" when the range is a
        reporting period, else ""."""
        if self.achieved is not None:
            return PERIOD_NAMES[ReportingPeriod.Kind.ANNUAL].format(year=self.year)
        return range_words(self.start, self.end, self.counting_authority)

    @property
    def collectives(self) -> int:
        return sum(group.collectives for group in self.groups)

    @property
    def individuals(self) -> int:
        return sum(group.individuals for group in self.groups)

    @property
    def total(self) -> int:
        return self.collectives + self.individuals

    @property
    def proposed(self) -> int:
        return sum(group.proposed for group in self.groups)

    @property
    def period_name(self) -> str:
        """ "06 THÁNG ĐẦU NĂM 2020", "HỌC KỲ I NĂM HỌC 2020–2021", as a title writes it."""
        return self.period_words.upper()

    @property
    def title(self) -> str:
        """ "TỔNG HỢP KẾT QUẢ KHEN THƯỞNG 06 THÁNG ĐẦU NĂM 2020" as seed 003 heads it."""
        return f"{TITLE} {self.period_name}" if self.period_name else TITLE

    @property
    def proposed_title(self) -> str:
        return PROPOSED_TITLE

    @property
    def proposed_note(self) -> str:
        return PROPOSED_NOTE

    @property
    def period(self) -> str:
        """ "(từ ngày 01/01/2020 đến hết ngày 15/06/2020)" as the form writes it, or the
        achievement year the awards are for."""
        if self.basis == BY_ACHIEVEMENT:
            return f"(khen thưởng thành tích {self.year.label})"
        return f"(từ ngày {self.start:{DATE_FORMAT}} đến hết ngày {self.end:{DATE_FORMAT}})"

    @property
    def scope(self) -> str:
        return str(self.bloc or self.province or self.authority or "")

    def row(self, label: str) -> SummaryRow:
        """The numbered row with this label ("Bằng khen của Chủ tịch UBND tỉnh")."""
        return next(row for group in self.groups for row in group.rows if row.label == label)


def summary_codes() -> list[str]:
    return [code for _n, _l, rows in SEED_003_ROWS for _label, codes in rows for code in codes]


def default_range(year: EmulationYear, kind: str) -> tuple[date, date]:
    """The range of a six-month or annual report nobody has set up: the first half cut on the
    15th of its last month, as the default periods are (01/01–15/06, 01/09–15/01), or the
    whole year."""
    if kind == ReportingPeriod.Kind.H1:
        return year.start, year.first_half[1].replace(day=15)
    return year.start, year.end


def range_words(start: date, end: date, authority: Organization | None = None) -> str:
    """The reporting period [start, end] is, in `authority`'s year ("06 tháng đầu năm 2020",
    "học kỳ I năm học 2020–2021", "năm 2020"), or "".

    The defaults build_report uses (`default_range`) are known without a query; any other
    range is looked up among the authorities' configured periods."""
    year = year_containing(authority, start)
    for kind, words in PERIOD_NAMES.items():
        if (start, end) == default_range(year, kind):
            return words.format(year=year)
    found = (
        ReportingPeriod.objects.filter(
            start=start, end=end, kind__in=list(PERIOD_NAMES), phase__isnull=True
        )
        .select_related("authority")
        .first()
    )
    if found is None:
        return ""
    return PERIOD_NAMES[found.kind].format(year=EmulationYear.of(found.authority, found.year))


def _year_number(day: date, authority: str):
    """The number of the emulation year `day` falls in, for the authority at the lookup path
    `authority`, in SQL (EmulationYear.year_containing's rule): a school year's number is the
    calendar year of its start month, so a day before that month belongs to the year before."""
    earlier = Q(**{f"{authority}__year_kind": YearKind.SCHOOL,
                   f"{authority}__year_start_month__gt": day.month})  # fmt: skip
    return Case(When(earlier, then=Value(day.year - 1)), default=Value(day.year))


def under(province: Organization | int, path: str) -> Q:
    """The organisation at `path` is the province or one of the units below it."""
    hops = [path] + [path + "__parent" * depth for depth in range(1, PROVINCE_DEPTH + 1)]
    query = Q()
    for hop in hops:
        query |= Q(**{hop: province})
    return query


def award_summary(
    *,
    start: date | None = None,
    end: date | None = None,
    year: int | None = None,
    authority: Organization | int | None = None,
    bloc: Bloc | int | None = None,
    province: Organization | int | None = None,
) -> SummaryTable:
    """Issued awards counted by row of seed 003, and the nominees proposed for each row.

    By decision date: awards whose decision is dated in [start, end] and nominees of proposals
    submitted then. By achievement year (`year`, năm thành tích): awards and proposals for that
    year, whenever decided. Scope, at most one: `authority` its decisions and the proposals sent
    to it; `province` the recipients in it (itself and the units below it) whoever decided;
    `bloc` the recipients that are members of the bloc in a year of the range (or in the
    achievement year), and their people, whoever decided. One aggregate query per table.
    """
    if year is not None:
        # The dates of the number's calendar year: what the year means (a school year's
        # September to May) is the table's to say when printed; awards are found by their year.
        basis, start, end = BY_ACHIEVEMENT, date(year, 1, 1), date(year, 12, 31)
        first, last = year, year
        awards = Award.objects.filter(year=year)
        nominees = Nominee.objects.filter(proposal__year=year)
    else:
        basis = BY_DECISION
        first, last = (_year_number(day, "bloc__authority") for day in (start, end))
        awards = Award.objects.filter(decision__dated__gte=start, decision__dated__lte=end)
        nominees = Nominee.objects.filter(
            proposal__submitted_at__date__gte=start, proposal__submitted_at__date__lte=end
        )
    codes = summary_codes()
    awards = awards.filter(decision__status=Decision.Status.ISSUED, award_type__code__in=codes)
    nominees = nominees.filter(
        proposal__submitted_at__isnull=False, award_type__code__in=codes
    ).exclude(verdict=Nominee.Verdict.WITHDRAWN)
    if authority is not None:
        awards = awards.filter(decision__authority=authority)
        nominees = nominees.filter(proposal__authority=authority)
    if province is not None:
        awards = awards.filter(under(province, "organization"))
        nominees = nominees.filter(
            under(province, "organization") | under(province, "person__organization")
        )
    if bloc is not None:
        members = BlocMembership.objects.filter(bloc=bloc, year__gte=first, year__lte=last).values(
            "organization_id"
        )  # a subquery, not a second query
        awards = awards.filter(organization_id__in=members)
        nominees = nominees.filter(
            Q(organization_id__in=members) | Q(person__organization_id__in=members)
        )
    counts = {
        row["award_type__code"]: row
        for row in awards.order_by()  # the default ordering would join the GROUP BY
        .values("award_type__code")
        .annotate(
            collectives=Count("pk", filter=Q(person__isnull=True)),
            individuals=Count("pk", filter=Q(person__isnull=False)),
        )
    }
    proposed = dict(
        nominees.order_by()
        .values("award_type__code")
        .annotate(count=Count("pk"))
        .values_list("award_type__code", "count")
    )
    groups = []
    for number, label, rows in SEED_003_ROWS:
        summary_rows = []
        for index, (row_label, row_codes) in enumerate(rows, start=1):
            found = [counts[code] for code in row_codes if code in counts]
            summary_rows.append(
                SummaryRow(
                    number=index,
                    label=row_label,
                    codes=tuple(row_codes),
                    collectives=sum(c["collectives"] for c in found),
                    individuals=sum(c["individuals"] for c in found),
                    proposed=sum(proposed.get(code, 0) for code in row_codes),
                )
            )
        groups.append(SummaryGroup(number=number, label=label, rows=tuple(summary_rows)))
    return SummaryTable(
        start=start,
        end=end,
        groups=tuple(groups),
        authority=authority if isinstance(authority, Organization) else None,
        bloc=bloc if isinstance(bloc, Bloc) else None,
        province=province if isinstance(province, Organization) else None,
        basis=basis,
        achieved=year,
    )


# XLSX ----------------------------------------------------------------------------------------

WIDTHS = (7, 48, 10, 10, 10, 12)  # in characters; the proposed table uses the first five
HEADER_ROW = 5


def _line(ws, row: int, number, label: str, figures, *, bold: bool) -> None:
    """STT, label, the figures, then an empty "Ghi chú" cell."""
    font = text_font(bold=bold)
    put(ws.cell(row, 1), number, font=font, alignment=CENTRE, border=BORDER)
    put(ws.cell(row, 2), label, font=font, border=BORDER)
    for column, value in enumerate(figures, start=3):
        put(ws.cell(row, column), value, font=font, alignment=RIGHT, border=BORDER)
    put(ws.cell(row, 3 + len(figures)), None, font=font, border=BORDER)


def _sheet(ws, table: SummaryTable, title: str, headers, figures) -> None:
    """One table in Times New Roman 13 on A4 portrait (emulation_portal.xlsx): title, period and
    scope lines, headers, the groups and their rows with `figures(item)` (None for a group
    line), the total."""
    set_widths(ws, WIDTHS)
    last = len(headers)
    for row, (text, font) in enumerate(
        ((title, text_font(bold=True)), (table.period, text_font(italic=True)),
         (table.scope, text_font())),
        start=1,
    ):  # fmt: skip
        merged_row(ws, row, text, columns=last, font=font)
    for column, text in enumerate(headers, start=1):
        put(ws.cell(HEADER_ROW, column), text, font=text_font(bold=True), alignment=CENTRE,
            border=BORDER)  # fmt: skip
    fit_row(ws, HEADER_ROW, columns=last)
    blank = (None,) * (last - 3)
    row = HEADER_ROW
    for group in table.groups:
        row += 1
        _line(ws, row, group.number, group.label, blank, bold=True)
        for item in group.rows:
            row += 1
            _line(ws, row, item.number, item.label, figures(item), bold=False)
    row += 1
    _line(ws, row, None, TOTAL_LABEL, figures(table), bold=True)
    print_a4(ws, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")


def awarded_figures(item) -> tuple[int, int, int]:
    """Tổng số, Tập thể, Cá nhân of a row, a group or the table."""
    return (item.total, item.collectives, item.individuals)


def proposed_figures(item) -> tuple[int, int]:
    """Số đề nghị, Số được khen thưởng of a row, a group or the table."""
    return (item.proposed, item.total)


# Each table's figures, under the names a page marks their cells with (data-col).
FIGURES = {
    "awarded": (("total", "collectives", "individuals"), awarded_figures),
    "proposed": (("proposed", "approved"), proposed_figures),
}


def figures(item, table: str) -> list[tuple[str, int]]:
    """(name, figure) of a row, a group or the whole table in the `table` ("awarded",
    "proposed") the templates print."""
    names, values = FIGURES[table]
    return list(zip(names, values(item), strict=True))


def to_xlsx(table: SummaryTable) -> bytes:
    """Seed 003's table, then proposed against approved, each on its own A4 portrait sheet in
    Times New Roman 13."""
    workbook = openpyxl.Workbook()
    awarded = workbook.active
    awarded.title = "Tổng hợp khen thưởng"
    _sheet(awarded, table, table.title, HEADERS, awarded_figures)
    compared = workbook.create_sheet("Đề nghị và khen thưởng")
    _sheet(compared, table, PROPOSED_TITLE, PROPOSED_HEADERS, proposed_figures)
    return to_bytes(workbook)
