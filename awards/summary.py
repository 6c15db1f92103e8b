"""The "TỔNG HỢP KẾT QUẢ KHEN THƯỞNG" table of the six-month and annual reports (seed 003).

`award_summary` counts the registry's awards by row of that table for a date range, optionally
limited to one deciding authority or to one bloc's member units; `to_xlsx` prints it.

The row labels are those of the administrative form, so they stay Vietnamese whatever the
interface language is (like the registration tables of campaigns.exporter).
"""

import io
from dataclasses import dataclass
from datetime import date

import openpyxl
from django.db.models import Count, Q
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.page import PageMargins

from blocs.models import Bloc, BlocMembership, Organization
from emulation_portal.xlsx import put_value

from .models import Award, Decision

# Group number, group label, [(row label, catalogue codes counted in that row)], in the order
# and with the words of seed 003 ("các hạng" rows add up the classes of an order).
SEED_003_ROWS: list[tuple[str, str, list[tuple[str, list[str]]]]] = [
    ("I", "Khen thưởng cấp Nhà nước", [
        ("Bà mẹ Việt Nam anh hùng", ["BMVNAH"]),
        ("Anh hùng Lao động", ["AHLD"]),
        ("Huân chương Độc lập các hạng", ["HCDL1", "HCDL2", "HCDL3"]),
        ("Huân chương Lao động các hạng", ["HCLD1", "HCLD2", "HCLD3"]),
        ("Huân chương kháng chiến các hạng", ["HC_KHANGCHIEN"]),
        ("Huy chương kháng chiến các hạng", ["HUYC_KHANGCHIEN"]),
        ("Cờ thi đua Chính phủ", ["CO_CP"]),
        ("Bằng khen của Thủ tướng Chính phủ", ["BK_TTG"]),
        ("Chiến sỹ thi đua toàn quốc", ["CSTD_TQ"]),
    ]),
    ("II", "Khen thưởng cấp tỉnh", [
        ("Cờ thi đua UBND tỉnh", ["CO_TINH"]),
        ("Tập thể lao động xuất sắc", ["TTLDXS"]),
        ("Chiến sỹ thi đua cấp tỉnh", ["CSTD_TINH"]),
        ("Bằng khen UBND tỉnh", ["BK_TINH"]),
    ]),
    # Not in seed 003's table (a province's report lists state and province levels only); kept
    # after its rows so the units' own titles, decided by their heads, are counted too.
    ("III", "Khen thưởng cấp cơ sở", [
        ("Tập thể lao động tiên tiến", ["TTLDTT"]),
        ("Chiến sĩ thi đua cơ sở", ["CSTDCS"]),
        ("Lao động tiên tiến", ["LDTT"]),
        ("Giấy khen", ["GK_DV", "GK_XA", "GK_HUYEN"]),
    ]),
]  # fmt: skip

TITLE = "TỔNG HỢP KẾT QUẢ KHEN THƯỞNG"
HEADERS = ("STT", "Danh hiệu, hình thức khen thưởng", "Tổng số", "Tập thể", "Cá nhân", "Ghi chú")
TOTAL_LABEL = "Tổng cộng"
DATE_FORMAT = "%d/%m/%Y"


@dataclass(frozen=True)
class SummaryRow:
    number: int
    label: str
    codes: tuple[str, ...]
    collectives: int = 0
    individuals: int = 0

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


@dataclass(frozen=True)
class SummaryTable:
    start: date
    end: date
    groups: tuple[SummaryGroup, ...]
    authority: Organization | None = None
    bloc: Bloc | None = None

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
    def period(self) -> str:
        """ "(từ ngày 01/01/2020 đến hết ngày 15/06/2020)" as the form writes it."""
        return f"(từ ngày {self.start:{DATE_FORMAT}} đến hết ngày {self.end:{DATE_FORMAT}})"

    @property
    def scope(self) -> str:
        return str(self.bloc or self.authority or "")

    def row(self, label: str) -> SummaryRow:
        """The numbered row with this label ("Bằng khen UBND tỉnh")."""
        return next(row for group in self.groups for row in group.rows if row.label == label)


def summary_codes() -> list[str]:
    return [code for _n, _l, rows in SEED_003_ROWS for _label, codes in rows for code in codes]


def award_summary(
    *,
    start: date,
    end: date,
    authority: Organization | int | None = None,
    bloc: Bloc | int | None = None,
) -> SummaryTable:
    """Issued awards whose decision is dated in [start, end], counted by row of seed 003.

    `authority`: only its decisions. `bloc`: only awards to units that are members of the bloc
    in a year of the range (their people's awards count too: Award.organization is the unit).
    One aggregate query whatever the number of awards.
    """
    awards = Award.objects.filter(
        decision__status=Decision.Status.ISSUED,
        decision__dated__gte=start,
        decision__dated__lte=end,
        award_type__code__in=summary_codes(),
    )
    if authority is not None:
        awards = awards.filter(decision__authority=authority)
    if bloc is not None:
        members = BlocMembership.objects.filter(
            bloc=bloc, year__gte=start.year, year__lte=end.year
        ).values("organization_id")
        awards = awards.filter(organization_id__in=members)  # a subquery, not a second query
    counts = {
        row["award_type__code"]: row
        for row in awards.order_by()  # the default ordering would join the GROUP BY
        .values("award_type__code")
        .annotate(
            collectives=Count("pk", filter=Q(person__isnull=True)),
            individuals=Count("pk", filter=Q(person__isnull=False)),
        )
    }
    groups = []
    for number, label, rows in SEED_003_ROWS:
        summary_rows = []
        for index, (row_label, codes) in enumerate(rows, start=1):
            found = [counts[code] for code in codes if code in counts]
            summary_rows.append(
                SummaryRow(
                    number=index,
                    label=row_label,
                    codes=tuple(codes),
                    collectives=sum(c["collectives"] for c in found),
                    individuals=sum(c["individuals"] for c in found),
                )
            )
        groups.append(SummaryGroup(number=number, label=label, rows=tuple(summary_rows)))
    return SummaryTable(
        start=start,
        end=end,
        groups=tuple(groups),
        authority=authority if isinstance(authority, Organization) else None,
        bloc=bloc if isinstance(bloc, Bloc) else None,
    )


# XLSX ----------------------------------------------------------------------------------------

FONT_NAME = "Times New Roman"
FONT_SIZE = 13
WIDTHS = {"A": 7, "B": 48, "C": 10, "D": 10, "E": 10, "F": 12}
HEADER_ROW = 5
_PLAIN = Font(name=FONT_NAME, size=FONT_SIZE)
_BOLD = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
_ITALIC = Font(name=FONT_NAME, size=FONT_SIZE, italic=True)
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center")


def _put(cell, value, *, font=_PLAIN, alignment=_LEFT, border=_BORDER):
    """Write one cell; text is always a string cell, never a formula."""
    put_value(cell, value)
    cell.font = font
    cell.alignment = alignment
    if border is not None:
        cell.border = border
    return cell


def _line(ws, row: int, number, label: str, figures, *, bold: bool) -> None:
    font = _BOLD if bold else _PLAIN
    _put(ws.cell(row, 1), number, font=font, alignment=_CENTRE)
    _put(ws.cell(row, 2), label, font=font)
    for column, value in enumerate(figures, start=3):
        _put(ws.cell(row, column), value, font=font, alignment=_RIGHT)
    _put(ws.cell(row, 6), None, font=font)


def to_xlsx(table: SummaryTable) -> bytes:
    """The table as seed 003 prints it, on A4 portrait in Times New Roman 13."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "Tổng hợp khen thưởng"
    for column, width in WIDTHS.items():
        ws.column_dimensions[column].width = width
    last = len(HEADERS)
    for row, (text, font) in enumerate(
        ((TITLE, _BOLD), (table.period, _ITALIC), (table.scope, _PLAIN)), start=1
    ):
        _put(ws.cell(row, 1), text or None, font=font, alignment=_CENTRE, border=None)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
    for column, text in enumerate(HEADERS, start=1):
        _put(ws.cell(HEADER_ROW, column), text, font=_BOLD, alignment=_CENTRE)
    row = HEADER_ROW
    for group in table.groups:
        row += 1
        _line(ws, row, group.number, group.label, (None, None, None), bold=True)
        for item in group.rows:
            row += 1
            figures = (item.total, item.collectives, item.individuals)
            _line(ws, row, item.number, item.label, figures, bold=False)
    row += 1
    totals = (table.total, table.collectives, table.individuals)
    _line(ws, row, None, TOTAL_LABEL, totals, bold=True)

    setup = ws.page_setup
    setup.orientation = ws.ORIENTATION_PORTRAIT
    setup.paperSize = ws.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    # Nghị định 30/2020/NĐ-CP: 20 mm top and bottom, 30 mm left, 15 mm right.
    ws.page_margins = PageMargins(
        left=1.18, right=0.59, top=0.79, bottom=0.79, header=0.3, footer=0.3
    )
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
