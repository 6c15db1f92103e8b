"""The reports' spreadsheets, as a clerk expects them: each figure a number that prints as in the
PDF ("49", "14,3%") and can be summed, Times New Roman, fitted widths, borders, wrapped text,
merged titles, the table header repeated on each page, A4 fit to width with Decree 30's margins.

The writers read the same plain data as the PDF and the DOCX; figures there are text as the
document prints it, and `emulation_portal.xlsx.figure` turns them back into numbers.
"""

import openpyxl

from blocs.models import YearKind
from campaigns.exporter import registration_sheet
from emulation_portal.xlsx import (
    BORDER,
    CENTRE,
    LEFT,
    TABLE_SIZE,
    TOP_CENTRE,
    figure,
    fit_row,
    merged_row,
    print_a4,
    put,
    put_figure,
    set_widths,
    text_font,
    to_bytes,
    widths_for,
    widths_from_mm,
)

from .bloc_report import BlocReport
from .unit_report import UnitReport

BOLD = text_font(bold=True)
ITALIC = text_font(italic=True)
# Excel keeps 31 characters of a sheet name: "Báo cáo học kỳ I năm học 2020–2021" would not fit.
SHEET_NAMES = {
    YearKind.CALENDAR: {"h1": "Báo cáo 6 tháng {year.span}", "annual": "Báo cáo năm {year.span}"},
    YearKind.SCHOOL: {"h1": "Báo cáo học kỳ I {year.span}", "annual": "Báo cáo {year.label}"},
}


def _plain(text: str) -> str:
    """A blank left for the number or the day is two em-spaces in the PDF; a clerk types it
    between plain spaces, so the spreadsheet keeps two plain spaces for each."""
    return text.replace("\u2003", "  ")


def _table(sheet, row: int, columns, rows, *, bold_rows=()) -> int:
    """A bordered table at `row`: header, then rows (STT centred, figures as numbers); the header's
    row number is returned, the rows follow it."""
    header_font = text_font(TABLE_SIZE, bold=True)
    for column, name in enumerate(columns, start=1):
        put(sheet.cell(row, column), name, font=header_font, alignment=CENTRE, border=BORDER)
    fit_row(sheet, row, columns=len(columns))
    for index, values in enumerate(rows, start=1):
        font = text_font(TABLE_SIZE, bold=index - 1 in bold_rows)
        for column, value in enumerate(values, start=1):
            # "—" stands for a figure that cannot be computed (a rate of nothing): centred.
            alignment = TOP_CENTRE if column == 1 or value == "—" else None
            put_figure(sheet.cell(row + index, column), value, font=font, alignment=alignment)
        fit_row(sheet, row + index, columns=len(columns))
    return row


def _title_rows(headers: list[int]) -> str | None:
    """Print titles repeat one table's header; with several tables on a sheet, the first one's
    header over the second would mislead, so none repeats."""
    return f"{headers[0]}:{headers[0]}" if len(headers) == 1 else None


def _headings(report: BlocReport) -> dict[int, str]:
    """Each section's full path ("Phần III – I. Kết quả chấm điểm…"): numbers repeat across
    parts, so "I." alone would not say which table it is."""
    path: dict[int, str] = {}
    headings = {}
    for index, section in enumerate(report.sections):
        path = {depth: number for depth, number in path.items() if depth < section.depth}
        own = f"{section.number}. {section.title}" if section.number else section.title
        headings[index] = " – ".join([*path.values(), own])
        if section.number:
            path[section.depth] = section.number
    return headings


def bloc_report_xlsx(report: BlocReport) -> bytes:
    """The report's tables under their headings on one sheet, Phụ lục 1 on a second."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    year = report.emulation_year
    sheet.title = SHEET_NAMES[year.kind].get(report.kind, "Báo cáo {year.span}").format(year=year)
    tables = [(index, s.table) for index, s in enumerate(report.sections) if s.table]
    widths = widths_for(
        [row for _, table in tables for row in table.rows],
        headers=max((table.columns for _, table in tables), key=len, default=()),
    )
    widths = widths or widths_from_mm([None])  # no table yet: the titles across the page
    set_widths(sheet, widths)
    width = len(widths)
    merged_row(sheet, 1, report.issuer, columns=width, font=BOLD, alignment=LEFT)
    merged_row(sheet, 2, f"Số: {_plain(report.symbol)}", columns=width, font=text_font(),
               alignment=LEFT)  # fmt: skip
    merged_row(sheet, 3, _plain(report.date_line), columns=width, font=ITALIC)
    merged_row(sheet, 5, "BÁO CÁO", columns=width, font=BOLD)
    merged_row(sheet, 6, report.title, columns=width, font=BOLD)
    row, headers, headings = 6, [], _headings(report)
    for index, table in tables:
        merged_row(sheet, row + 2, headings[index], columns=width, font=BOLD, alignment=LEFT)
        headers.append(_table(sheet, row + 3, table.columns, table.rows, bold_rows=table.bold_rows))
        row += 3 + len(table.rows)
    print_a4(sheet, title_rows=_title_rows(headers))
    if report.appendix:
        # The registration download's own layout (campaigns.exporter), with this report's
        # "(Kèm theo Báo cáo số …)" line.
        sheet = workbook.create_sheet()
        registration_sheet(sheet, report.appendix, attached=_plain(report.appendix_note))
    return to_bytes(workbook)


def unit_report_xlsx(report: UnitReport) -> bytes:
    """A unit's progress report on one sheet: header lines with its "Số", each section (its
    targets table, its items or its text), Nơi nhận and the signer, in the order of the PDF."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Báo cáo kết quả thi đua"
    tables = [s.table for s in report.sections if s.table]
    # The widest table sets the columns; text rows are merged across all of them.
    widths = max((t.widths for t in tables), key=len, default=(12, 0, 30))
    set_widths(sheet, widths_from_mm(widths))
    width = len(widths)
    row = 0
    for lines, font in ((report.parent_lines, text_font()), (report.issuer_lines, BOLD)):
        for line in lines:
            row += 1
            merged_row(sheet, row, line, columns=width, font=font, alignment=LEFT)
    for text, font in (
        (f"Số: {_plain(report.symbol)}", text_font()),
        (_plain(report.place_date), ITALIC),
        ("", None),
        ("BÁO CÁO", BOLD),
        (report.title, BOLD),
        (f"({report.summary})", BOLD),
    ):
        row += 1
        if text:
            merged_row(sheet, row, text, columns=width, font=font)
    for section in report.sections:
        row += 1
        heading = f"{section.number}. {section.title}" if section.number else section.title
        merged_row(sheet, row, heading, columns=width, font=BOLD,
                   alignment=CENTRE if section.depth == 0 else LEFT)  # fmt: skip
        if section.table:
            _table(sheet, row + 1, section.table.columns, section.table.rows)
            row += 1 + len(section.table.rows)
        if section.text and figure(section.text):
            row += 1  # a statistic: the number itself, so it can be summed across units
            put_figure(sheet.cell(row, 2), section.text, font=text_font(), border=None,
                       alignment=LEFT)  # fmt: skip
        elif section.text:
            for paragraph in filter(None, (p.strip() for p in section.text.splitlines())):
                row += 1
                merged_row(sheet, row, paragraph, columns=width, font=text_font(), alignment=LEFT)
        for item in section.items:
            row += 1
            merged_row(sheet, row, f"- {item}", columns=width, font=text_font(), alignment=LEFT)
    if report.nothing_reported:
        row += 1
        merged_row(sheet, row, report.nothing_reported, columns=width, font=text_font(),
                   alignment=LEFT)  # fmt: skip
    _closing(sheet, row + 2, report, columns=width)
    # No repeated table header: the sections' text follows the table, and a header repeated over
    # it would read as an empty table.
    print_a4(sheet)
    return to_bytes(workbook)


def _closing(sheet, row: int, report: UnitReport, *, columns: int) -> None:
    """Nơi nhận on the left (the first two columns), the signature block on the right (the
    others): its authority lines, room for the signature and seal, then title and name."""
    recipients = [f"- {r}{'.' if i == len(report.recipients) else ';'}"
                  for i, r in enumerate(report.recipients, start=1)]  # fmt: skip
    left = [("Nơi nhận:", text_font(12, bold=True, italic=True)), *(
        (text, text_font(11)) for text in recipients)]  # fmt: skip
    signature = report.signature
    right = [*signature.authority, "", "", "", *signature.signed]
    for index in range(max(len(left), len(right))):
        if index < len(left):
            put(sheet.cell(row + index, 1), left[index][0], font=left[index][1])
            sheet.merge_cells(start_row=row + index, start_column=1, end_row=row + index,
                              end_column=2)  # fmt: skip
        if index < len(right) and right[index]:
            put(sheet.cell(row + index, 3), right[index], font=BOLD, alignment=TOP_CENTRE)
            if columns > 3:
                sheet.merge_cells(start_row=row + index, start_column=3, end_row=row + index,
                                  end_column=columns)  # fmt: skip
        fit_row(sheet, row + index, columns=columns, spans={1: 2, 3: max(1, columns - 2)})


REGISTRY_TITLE = "SỔ KHEN THƯỞNG"
REGISTRY_HEADER_ROW = 3  # under the title and a blank row
REGISTRY_COLUMNS = (  # header, width
    ("STT", 7),
    ("Năm", 8),
    ("Danh hiệu, hình thức khen thưởng", 34),
    ("Cá nhân", 24),
    ("Đơn vị, tập thể", 34),
    ("Khối, cụm", 18),
    ("Quyết định", 20),
    ("Ngày", 12),
)


def award_registry_xlsx(awards) -> bytes:
    """The award registry (sổ khen thưởng) as listed, each award with its bloc; the decision's
    date a real date shown dd/mm/yyyy. Landscape A4, the header on every page."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sổ khen thưởng"
    set_widths(sheet, [width for _header, width in REGISTRY_COLUMNS])
    merged_row(sheet, 1, REGISTRY_TITLE, columns=len(REGISTRY_COLUMNS), font=text_font(bold=True))
    header_font, font = text_font(TABLE_SIZE, bold=True), text_font(TABLE_SIZE)
    for column, (header, _width) in enumerate(REGISTRY_COLUMNS, start=1):
        put(sheet.cell(REGISTRY_HEADER_ROW, column), header, font=header_font, alignment=CENTRE,
            border=BORDER)  # fmt: skip
    fit_row(sheet, REGISTRY_HEADER_ROW, columns=len(REGISTRY_COLUMNS))
    for row, award in enumerate(awards, start=REGISTRY_HEADER_ROW + 1):
        values = (
            row - REGISTRY_HEADER_ROW,
            award.year,
            award.award_type.name,
            award.person.full_name if award.person_id else "",
            award.organization.name,
            ", ".join(bloc.name for bloc in award.blocs),
            award.decision.symbol,
        )
        for column, value in enumerate(values, start=1):
            centred = column <= 2
            put(sheet.cell(row, column), value if value != "" else None, font=font,
                alignment=TOP_CENTRE if centred else LEFT, border=BORDER)  # fmt: skip
        put(sheet.cell(row, len(REGISTRY_COLUMNS)), award.decision.dated, font=font,
            alignment=TOP_CENTRE, border=BORDER, number_format="dd/mm/yyyy")  # fmt: skip
        fit_row(sheet, row, columns=len(REGISTRY_COLUMNS))
    print_a4(sheet, landscape=True, title_rows=f"{REGISTRY_HEADER_ROW}:{REGISTRY_HEADER_ROW}")
    return to_bytes(workbook)
