"""The reports' spreadsheets as a clerk opens them: figures are numbers that print as the PDF prints
them, Times New Roman, widths, borders, wrapped text, merged titles, headers repeated on each
printed page, A4 fit to width, and sheets named for what they hold."""

import io
import re
from decimal import Decimal

import openpyxl
import pytest

from campaigns import exporter
from reports import bloc_outputs, decree30
from reports.bloc_report import BlocReport, Section
from reports.registration_table import Line, RegistrationTable, Unit
from reports.unit_report import Section as UnitSection
from reports.unit_report import UnitReport
from reports.xlsx import bloc_report_xlsx, unit_report_xlsx
from tests.reports.test_bloc_report import SEED_UNITS, _pdftext, period

TARGETS = decree30.Table(
    ["STT", "Cơ quan, đơn vị", "Chỉ tiêu đăng ký", "Hoàn thành", "Đang thực hiện", "Quá hạn",
     "Tỷ lệ hoàn thành"],
    [["1", "Sở Công Thương", "10", "0", "10", "0", "0,0%"],
     ["2", "Sở Giao thông Vận tải", "8", "3", "5", "0", "37,5%"],
     ["3", "Sở Xây dựng", "0", "0", "0", "0", "—"],
     ["", "Cộng", "1.049", "7", "42", "0", "14,3%"]],
    bold_rows=(3,),
)  # fmt: skip
RANKING = decree30.Table(
    ["Hạng", "Cơ quan, đơn vị", "Tự chấm", "Khối chấm", "Ghi chú"],
    [["1", "Sở Khoa học và Công nghệ", "100,00", "97,00", ""],
     ["2", "Sở Công Thương", "98,00", "92,00", "Đồng hạng"]],
)  # fmt: skip


def report(kind="h1", *, ranking=False, number=None) -> BlocReport:
    sections = [
        Section("1", "Phần I", "Tình hình tổ chức thực hiện phong trào thi đua", 0,
                has_children=True),
        Section("2", "I", "Thi đua thực hiện các chỉ tiêu, nhiệm vụ chính trị", 1,
                figures="Các cơ quan …", table=TARGETS),
        Section("3", "II", "Thi đua thực hiện chủ trương của Đảng", 1, text="Nội dung."),
    ]  # fmt: skip
    if ranking:
        sections += [
            Section("annual", "Phần III", "Kết quả chấm điểm, xếp hạng và đề nghị khen thưởng", 0,
                    has_children=True),
            Section("ranking", "I", "Kết quả chấm điểm, xếp hạng thi đua", 1, table=RANKING),
        ]  # fmt: skip
    appendix = RegistrationTable(
        issuer="KHỐI THI ĐUA 4A", bloc_name="Khối thi đua 4A", bloc_code="KTĐ4A", year=2020,
        title="BẢNG TỔNG HỢP ĐĂNG KÝ CHỈ TIÊU KHỐI THI ĐUA 4A",
        units=[Unit("I", "Sở Công Thương", [Line(1, "Giá trị tăng thêm " * 12, "Tháng 12/2020"),
                                             Line(2, "Chiến sĩ thi đua cơ sở: 18 cá nhân")]),
               Unit("II", "Sở Xây dựng", [Line(1, "Tập thể lao động xuất sắc: 04 tập thể")])],
    )  # fmt: skip
    return BlocReport(
        kind=kind, bloc_code="KTĐ4A", bloc_name="Khối thi đua 4A", issuer="KHỐI THI ĐUA 4A",
        place="Đồng Tháp", month=6, title="Sơ kết công tác thi đua - khen thưởng 06 tháng đầu năm",
        intro="", sections=sections, recipients=["Sở Nội vụ"],
        signature=decree30.Signature("TM. KHỐI THI ĐUA 4A", "KHỐI TRƯỞNG", "", "Huỳnh Văn Quân"),
        appendix=appendix, year=2020, members=3, number=number,
    )  # fmt: skip


def book(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def cells(sheet):
    return [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]


def row_of(sheet, first_text: str) -> int:
    """The row whose first filled cell holds `first_text`."""
    for row in sheet.iter_rows():
        values = [c.value for c in row if c.value is not None]
        if values and values[0] == first_text:
            return row[0].row
    raise AssertionError(first_text)


def shown(cell) -> str:
    """The cell as LibreOffice or Excel in a Vietnamese locale shows it ("1.049", "14,3%")."""
    value, fmt = cell.value, cell.number_format
    if not isinstance(value, int | float | Decimal):
        return value or ""
    decimals = len(fmt.split(".")[1].rstrip("%")) if "." in fmt else 0
    number = Decimal(str(value)) * (100 if fmt.endswith("%") else 1)
    text = f"{number:,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return text + ("%" if fmt.endswith("%") else "")


def table_values(sheet, header_row: int, width: int) -> list[list[str]]:
    rows = []
    for row in sheet.iter_rows(min_row=header_row + 1, max_col=width):
        if all(c.value is None for c in row):
            break
        rows.append([shown(c) for c in row])
    return rows


def test_figures_are_numbers_that_print_as_in_the_pdf():
    sheet = book(bloc_report_xlsx(report()))["Báo cáo 6 tháng 2020"]
    header = row_of(sheet, "STT")
    assert table_values(sheet, header, 7) == TARGETS.rows
    total = list(sheet.iter_rows(min_row=header + 4, max_row=header + 4))[0]
    assert [c.value for c in total[2:7]] == [1049, 7, 42, 0, 0.143]
    assert [c.number_format for c in total[2:7]] == ["#,##0", "0", "0", "0", "0.0%"]
    assert all(c.data_type == "n" and c.alignment.horizontal == "right" for c in total[2:7])
    assert all(c.font.bold for c in total[1:7])
    dash = sheet.cell(header + 3, 7)
    assert (dash.value, dash.data_type) == ("—", "s")


def test_clerks_layout():
    workbook = book(bloc_report_xlsx(report()))
    assert workbook.sheetnames == ["Báo cáo 6 tháng 2020", "Phụ lục 1"]
    sheet = workbook["Báo cáo 6 tháng 2020"]
    assert {(c.font.name, c.font.size) for c in cells(sheet)} <= {
        ("Times New Roman", 12.0), ("Times New Roman", 13.0),
    }  # fmt: skip
    header = row_of(sheet, "STT")
    table = [c for row in sheet.iter_rows(min_row=header, max_row=header + 4) for c in row[:7]]
    assert all(c.border.left.style == c.border.right.style == "thin" for c in table)
    assert all(c.font.bold and c.alignment.wrap_text for c in table[:7])  # the header
    assert sheet.cell(header + 1, 2).alignment.wrap_text
    assert all(sheet.column_dimensions[letter].width for letter in "ABCDEFG")
    merged = {str(r) for r in sheet.merged_cells.ranges}
    titles = [row_of(sheet, "BÁO CÁO"), row_of(sheet, "Phần I – I. Thi đua thực hiện các chỉ "
                                                       "tiêu, nhiệm vụ chính trị")]  # fmt: skip
    assert {f"A{row}:G{row}" for row in titles} <= merged
    assert sheet.print_title_rows == f"${header}:${header}"
    setup = sheet.page_setup
    assert (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight) == (
        9, "portrait", 1, 0,
    )  # fmt: skip
    assert sheet.sheet_properties.pageSetUpPr.fitToPage


def test_the_number_cell_has_plain_spaces():
    """Until numbered the number is blank; a clerk types it between plain spaces, not em-spaces."""
    workbook = book(bloc_report_xlsx(report()))
    texts = [c.value for s in workbook for c in cells(s) if isinstance(c.value, str)]
    assert not [t for t in texts if "\u2003" in t]
    assert "Số:     /BC-KTĐ4A" in texts
    assert "Số: 01/BC-KTĐ4A" in [
        c.value for c in cells(book(bloc_report_xlsx(report(number=1))).worksheets[0])
    ]


def test_each_table_carries_its_own_section_path():
    workbook = book(bloc_report_xlsx(report("annual", ranking=True)))
    assert workbook.sheetnames == ["Báo cáo năm 2020", "Phụ lục 1"]
    sheet = workbook["Báo cáo năm 2020"]
    headings = [c.value for c in cells(sheet) if c.font.bold and str(c.value).startswith("Phần")]
    assert headings == [
        "Phần I – I. Thi đua thực hiện các chỉ tiêu, nhiệm vụ chính trị",
        "Phần III – I. Kết quả chấm điểm, xếp hạng thi đua",
    ]
    ranking = row_of(sheet, "Hạng")
    assert table_values(sheet, ranking, 5) == RANKING.rows
    assert sheet.cell(ranking + 1, 3).number_format == "0.00"
    # Two tables: repeating the first one's header over the second would mislead.
    assert sheet.print_title_rows is None


def test_a_report_without_tables_keeps_its_titles_across_the_page():
    empty = report()
    empty.sections = [s for s in empty.sections if not s.table]
    sheet = book(bloc_report_xlsx(empty)).worksheets[0]
    assert sheet.column_dimensions["A"].width > 80
    assert sheet.row_dimensions[row_of(sheet, empty.title)].height < 40  # one or two lines


def test_appendix_sheet():
    sheet = book(bloc_report_xlsx(report()))["Phụ lục 1"]
    header = row_of(sheet, "STT")
    assert sheet.print_title_rows == f"${header}:${header}"
    assert sheet.page_setup.orientation == "landscape"
    rows = [
        [c.value for c in row] for row in sheet.iter_rows(min_row=header + 1, values_only=False)
    ]
    assert [r[0] for r in rows] == ["I", 1, 2, "II", 1]
    assert rows[0][1] == "Sở Công Thương" and sheet.cell(header + 1, 2).font.bold
    note = sheet.cell(3, 1).value
    assert (
        note == "(Kèm theo Báo cáo số:     /BC-KTĐ4A ngày    tháng    năm 2020 của Khối thi đua 4A)"
    )
    # One layout of Phụ lục 1: the registration download's (widths, merges, print titles).
    download = book(exporter.registration_workbook(report().appendix)).active
    assert sheet.title == download.title
    assert [sheet.column_dimensions[c].width for c in "ABC"] == [
        download.column_dimensions[c].width for c in "ABC"
    ]
    assert {str(r) for r in sheet.merged_cells.ranges} == {
        str(r) for r in download.merged_cells.ranges
    }
    assert sheet.print_title_rows == download.print_title_rows
    assert sheet.cell(header + 2, 2).alignment.wrap_text
    assert {(c.font.name) for c in cells(sheet)} == {"Times New Roman"}


def test_renderers_point_at_the_spreadsheet_writer():
    assert bloc_outputs.RENDERERS["xlsx"] is bloc_report_xlsx


def unit() -> UnitReport:
    targets = decree30.Table(
        ["STT", "Chỉ tiêu", "Thời hạn", "Tình hình", "Kết quả"],
        [["1", "Dự thảo Quy định", "Tháng 6/2020", "Hoàn thành", "12,5 tỷ"],
         ["2", "Kế hoạch", "Quý I/2020", "Đang thực hiện", ""]],
        widths=(12, 0, 28, 30, 30),
    )  # fmt: skip
    return UnitReport(
        parent_lines=["UBND TỈNH ĐỒNG THÁP"], issuer_lines=["SỞ KHOA HỌC", "VÀ CÔNG NGHỆ"],
        symbol="\u2003\u2003/BC-SKHCN", place="Đồng Tháp", dated=None,
        title="Kết quả thực hiện phong trào thi đua – 6 tháng", summary="Khối thi đua 4A",
        sections=[
            UnitSection("I", "Thi đua thực hiện các chỉ tiêu", 1, table=targets),
            UnitSection("II", "Văn bản đã ban hành", 1, items=["Số 12/KH-SKHCN: Kế hoạch"]),
            UnitSection("III", "Số cuộc hội nghị", 1, text="1.234"),
            UnitSection("IV", "Khó khăn", 1, text="Đoạn một.\nĐoạn hai."),
        ],
        recipients=["Thư ký Khối thi đua 4A", "Lưu: VT"],
        signature=decree30.Signature("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "", "Huỳnh Văn Quân"),
    )  # fmt: skip


def test_unit_report_sheet():
    workbook = book(unit_report_xlsx(unit()))
    assert workbook.sheetnames == ["Báo cáo kết quả thi đua"]
    sheet = workbook.active
    texts = [c.value for c in cells(sheet)]
    order = ["UBND TỈNH ĐỒNG THÁP", "SỞ KHOA HỌC", "VÀ CÔNG NGHỆ", "Số:     /BC-SKHCN",
             "BÁO CÁO", "I. Thi đua thực hiện các chỉ tiêu", "STT",
             "II. Văn bản đã ban hành", "- Số 12/KH-SKHCN: Kế hoạch", "III. Số cuộc hội nghị",
             1234, "IV. Khó khăn", "Đoạn một.", "Đoạn hai.",
             "Nơi nhận:", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Huỳnh Văn Quân"]  # fmt: skip
    positions = [texts.index(text) for text in order]
    assert positions == sorted(positions)
    header = row_of(sheet, "STT")
    assert [c.value for c in sheet[header]][:5] == ["STT", "Chỉ tiêu", "Thời hạn", "Tình hình",
                                                    "Kết quả"]  # fmt: skip
    assert table_values(sheet, header, 5)[0] == ["1", "Dự thảo Quy định", "Tháng 6/2020",
                                                 "Hoàn thành", "12,5 tỷ"]  # fmt: skip
    assert sheet.cell(header + 1, 1).data_type == "n"
    assert {c.font.name for c in cells(sheet)} == {"Times New Roman"}
    assert sheet.print_title_rows is None  # the sections' text follows the table
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.paperSize == 9


@pytest.mark.django_db
def test_demo_report_figures_equal_the_pdf(full_demo, tmp_path):
    """The six-month report of the demo: every row of its tables reads in the spreadsheet as in
    the PDF, and Phụ lục 1 lists every unit of seed 000."""
    from reports.bloc_report import bloc_report

    report_ = bloc_report(full_demo.bloc, period("h1"))
    pdf = tmp_path / "bc.pdf"
    pdf.write_bytes(bloc_outputs.to_pdf(report_))
    text = _pdftext(pdf)
    workbook = book(bloc_report_xlsx(report_))
    sheet = workbook["Báo cáo 6 tháng 2020"]
    for section in (s for s in report_.sections if s.table):
        header = row_of(sheet, section.table.columns[0])
        assert table_values(sheet, header, len(section.table.columns)) == section.table.rows
        for row in section.table.rows:
            assert " ".join(" ".join(row[2:]).split()) in text, row
    targets = row_of(sheet, "STT") + 1
    assert all(isinstance(c.value, int) for c in sheet[targets][2:6])
    appendix = workbook["Phụ lục 1"]
    names = [r[1] for r in appendix.iter_rows(values_only=True)
             if isinstance(r[0], str) and re.fullmatch("[IVXLC]+", r[0])]  # fmt: skip
    assert sorted(n for n in names if n in SEED_UNITS) == sorted(SEED_UNITS)
