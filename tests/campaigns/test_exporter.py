"""Export in the Phụ lục 1 shape: what the importer reads back is what was exported."""

import datetime
import io

import openpyxl
import pytest

from campaigns import exporter, importer
from campaigns.models import Registration, Target, TitleRegistration
from campaigns.services import TargetInput, registration_open, registration_save
from reports import documents

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://x")', "+84 912 345 678 là số đường dây nóng", "@SUM(A1)", "#N/A"]


def _import(data, campaign, demo):
    plan = importer.plan_from_bytes(data, campaign=campaign, bloc=demo.bloc)
    assert plan.ok, [str(e) for e in plan.errors]
    importer.apply_import(plan, actor=demo.secretariat, source="xuat.xlsx")
    return plan


def _snapshot(campaign, bloc):
    registrations = (
        Registration.objects.filter(campaign=campaign, bloc=bloc)
        .select_related("organization")
        .prefetch_related("targets", "titles__award_type")
    )
    return {
        r.organization.code: (
            r.position,
            [
                (t.ordinal, t.text, t.due_text, t.due_start, t.due_end, t.due_status)
                for t in r.targets.all()
            ],
            [(t.award_type.code, t.count) for t in r.titles.all()],
        )
        for r in registrations
    }


def _clear():
    Target.objects.all().delete()
    TitleRegistration.objects.all().delete()
    Registration.objects.all().delete()


def _export(campaign, bloc) -> bytes:
    """The bloc's Phụ lục 1 workbook as every page and command gets it: from the registry."""
    params = {"campaign": campaign, "bloc": bloc}
    return documents.render("registration", params, "xlsx", user=None).data


def _sheet(data):
    return openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]


@pytest.fixture
def imported(sample_bytes, campaign, demo):
    return _import(sample_bytes, campaign, demo)


def test_round_trip_of_the_sample(imported, campaign, demo):
    before = _snapshot(campaign, demo.bloc)
    assert len(before) == 8
    data = _export(campaign, demo.bloc)
    plan = importer.plan_from_bytes(data, campaign=campaign, bloc=demo.bloc)
    assert not plan.errors, [str(e) for e in plan.errors]
    assert not plan.warnings, [str(w) for w in plan.warnings]  # no duplicate block any more
    assert (plan.target_count, plan.title_count) == (49, 11)
    assert {u.action for u in plan.units} == {"unchanged"}
    _clear()
    _import(data, campaign, demo)
    assert _snapshot(campaign, demo.bloc) == before


def test_sheet_layout(imported, campaign, demo):
    ws = _sheet(_export(campaign, demo.bloc))
    assert ws["A1"].value == "Phụ lục 1"
    assert ws["A2"].value == "BẢNG TỔNG HỢP ĐĂNG KÝ CHỈ TIÊU KHỐI THI ĐUA 4A"
    # The caption the PDF and the DOCX print under the title.
    assert ws["A3"].value.startswith("(Kèm theo Báo cáo số:")
    assert ws["A3"].value.endswith("/BC-KTĐ4A ngày    tháng    năm 2020 của Khối thi đua 4A)")
    assert [c.value for c in ws[5]] == ["STT", "Chỉ tiêu thi đua", "Thời gian hoàn thành (dự kiến)"]
    assert (ws["A6"].value, ws["B6"].value) == ("I", "Sở Khoa học và Công nghệ")
    assert "B6:C6" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A7"].value == 1
    assert ws["C7"].value == "Tháng 11/2020"
    assert ws["B7"].font.name == "Times New Roman"
    assert ws["B6"].font.bold and not ws["B7"].font.bold
    assert ws["B7"].border.left.style == "thin"
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth) == 1
    assert ws.print_title_rows == "$5:$5"
    units = [ws.cell(r, 1).value for r in range(6, ws.max_row + 1)]
    assert [u for u in units if isinstance(u, str)] == [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII",
    ]  # fmt: skip


def test_titles_continue_the_numbering(imported, campaign, demo):
    ws = _sheet(_export(campaign, demo.bloc))
    rows = [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in range(6, ws.max_row + 1)]
    start = rows.index(("III", "Sở Xây dựng"))
    assert rows[start + 1 : start + 6] == [
        (1, "Chiến sĩ thi đua cơ sở: 18 cá nhân"),
        (2, "Chiến sĩ thi đua cấp tỉnh: 03 cá nhân"),
        (3, "Cờ thi đua của Ủy ban nhân dân tỉnh: 01 tập thể"),
        (4, "Tập thể lao động xuất sắc: 04 tập thể"),
        (5, "Tập thể lao động tiên tiến: 16 tập thể"),
    ]


def test_export_runs_a_constant_number_of_queries(
    imported, campaign, demo, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        _export(campaign, demo.bloc)


def test_formula_like_text_is_exported_as_text(campaign, demo):
    registration = registration_open(
        campaign=campaign, bloc=demo.bloc, organization=demo.org["DT-SXD"], actor=demo.secretariat
    )
    targets = [TargetInput(text=text, due_text="Tháng 3/2020") for text in FORMULAS]
    targets.append(TargetInput(text="Có hạn bắt đầu bằng dấu bằng", due_text="=1+1"))
    registration_save(registration=registration, targets=targets, titles=[], actor=demo.xaydung)
    data = _export(campaign, demo.bloc)
    ws = _sheet(data)
    for row, text in enumerate(FORMULAS, start=7):
        assert (ws.cell(row, 2).value, ws.cell(row, 2).data_type) == (text, "s")
    assert (ws["C11"].value, ws["C11"].data_type) == ("=1+1", "s")
    _clear()
    plan = importer.plan_from_bytes(data, campaign=campaign, bloc=demo.bloc)
    assert plan.ok, [str(e) for e in plan.errors]
    importer.apply_import(plan, actor=demo.secretariat, source="xuat.xlsx")
    saved = Target.objects.filter(registration__organization__code="DT-SXD").order_by("ordinal")
    assert [t.text for t in saved] == [*FORMULAS, "Có hạn bắt đầu bằng dấu bằng"]
    assert saved.last().due_text == "=1+1"


def test_control_characters_do_not_break_the_export(campaign, demo):
    registration = registration_open(
        campaign=campaign, bloc=demo.bloc, organization=demo.org["DT-SXD"], actor=demo.secretariat
    )
    Target.objects.create(registration=registration, ordinal=1, text="Dán từ Word\x0bcòn sót")
    ws = _sheet(_export(campaign, demo.bloc))
    assert ws["B7"].value == "Dán từ Wordcòn sót"


def test_a_date_cell_survives_the_round_trip(campaign, demo):
    """A unit typed a real date in the due column; its export reads back the same."""
    workbook = openpyxl.load_workbook(
        io.BytesIO(
            exporter.blank_template(
                campaign=campaign, bloc=demo.bloc, organization=demo.org["DT-SXD"], rows=1
            )
        )
    )
    ws = workbook.worksheets[0]
    ws["B7"], ws["C7"] = "Tổ chức hội nghị sơ kết", datetime.datetime(2020, 10, 15)
    buffer = io.BytesIO()
    workbook.save(buffer)
    _import(buffer.getvalue(), campaign, demo)
    before = _snapshot(campaign, demo.bloc)
    assert before["DT-SXD"][1][0][3] == datetime.date(2020, 10, 15)
    data = _export(campaign, demo.bloc)
    assert _sheet(data)["C7"].value == before["DT-SXD"][1][0][2]  # the stored text, as is
    _clear()
    _import(data, campaign, demo)
    assert _snapshot(campaign, demo.bloc) == before


def test_blank_template_layout(campaign, demo):
    data = exporter.blank_template(
        campaign=campaign, bloc=demo.bloc, organization=demo.org["DT-SCT"], rows=15
    )
    ws = _sheet(data)
    assert ws["A2"].value == "BẢNG TỔNG HỢP ĐĂNG KÝ CHỈ TIÊU KHỐI THI ĐUA 4A"
    assert [c.value for c in ws[5]] == ["STT", "Chỉ tiêu thi đua", "Thời gian hoàn thành (dự kiến)"]
    assert (ws["A6"].value, ws["B6"].value) == ("I", "Sở Công Thương")
    assert [ws.cell(r, 1).value for r in range(7, 22)] == list(range(1, 16))
    assert all(ws.cell(r, c).value is None for r in range(7, 22) for c in (2, 3))
    assert ws.max_row == 21
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$5:$5"


def test_filled_in_template_imports(campaign, demo):
    data = exporter.blank_template(
        campaign=campaign, bloc=demo.bloc, organization=demo.org["DT-SCT"], rows=15
    )
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    ws = workbook.worksheets[0]
    ws["B7"], ws["C7"] = "Sản lượng điện thương phẩm: đạt 2.600 triệu kWh", "Tháng 12/2020"
    ws["B8"], ws["C8"] = "Tổ chức Hội nghị điển hình tiên tiến", "15/5/2020"
    ws.delete_rows(9, 13)  # the unused numbered rows
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = importer.plan_from_bytes(buffer.getvalue(), campaign=campaign, bloc=demo.bloc)
    assert plan.ok, [str(e) for e in plan.errors]
    assert not plan.warnings, [str(w) for w in plan.warnings]
    assert [u.organization.code for u in plan.units] == ["DT-SCT"]
    importer.apply_import(plan, actor=demo.secretariat, source="mau-trong.xlsx")
    targets = Target.objects.filter(registration__organization__code="DT-SCT").order_by("ordinal")
    assert [(t.ordinal, t.due_text) for t in targets] == [(1, "Tháng 12/2020"), (2, "15/5/2020")]
    assert targets[1].due_start == datetime.date(2020, 5, 15)


def test_unused_numbered_rows_of_the_template_are_skipped(campaign, demo):
    """Relies on the importer skipping numbered rows with neither text nor due."""
    workbook = openpyxl.load_workbook(
        io.BytesIO(
            exporter.blank_template(
                campaign=campaign, bloc=demo.bloc, organization=demo.org["DT-SCT"], rows=15
            )
        )
    )
    ws = workbook.worksheets[0]
    ws["B7"], ws["C7"] = "Sản lượng điện thương phẩm: đạt 2.600 triệu kWh", "Tháng 12/2020"
    ws["B8"] = "Chiến sĩ thi đua cơ sở: 05 cá nhân"
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = importer.plan_from_bytes(buffer.getvalue(), campaign=campaign, bloc=demo.bloc)
    assert plan.ok, [str(e) for e in plan.errors]
    assert (plan.target_count, plan.title_count) == (1, 1)
