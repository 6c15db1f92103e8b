"""Bad workbooks: each gives a clear Vietnamese message naming row/column, and saves nothing."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns import importer
from campaigns.models import ImportBatch, Registration, Target

pytestmark = pytest.mark.django_db


def _edit(data: bytes, **cells) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    for coordinate, value in cells.items():
        sheet[coordinate] = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _workbook(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Bảng đăng ký chỉ tiêu")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _upload(client, demo, campaign, data, name="dang-ky.xlsx"):
    client.force_login(demo.secretariat)
    return client.post(
        reverse("bloc_import", args=[campaign.pk, demo.bloc.pk]),
        {"file": SimpleUploadedFile(name, data)},
    )


FILE_PROBLEMS = [
    ("corrupt", lambda: b"PK\x03\x04 not really a zip", "không phải bảng tính Excel"),
    ("docx", _docx, "tài liệu Word (.docx)"),
    ("xls", lambda: b"\xd0\xcf\x11\xe0" + b"\0" * 600, "lưu lại dạng .xlsx"),
    ("too big", lambda: b"\0" * (20 * 1024 * 1024), "Tệp quá lớn (20,0 MB)"),
    ("empty file", lambda: b"", "rỗng"),
]


@pytest.mark.parametrize(
    ("case", "make", "message"), FILE_PROBLEMS, ids=[p[0] for p in FILE_PROBLEMS]
)
def test_unreadable_files_are_refused_on_upload(client, demo, campaign, case, make, message):
    response = _upload(client, demo, campaign, make())
    assert response.status_code == 200
    assert (
        message.replace(".", ",") in response.content.decode()
        or message in response.content.decode()
    )
    assert not ImportBatch.objects.exists()
    assert not Registration.objects.exists()


HYPERLINK = '=HYPERLINK("http://evil.example","bấm")'
SHEET_PROBLEMS = [
    # case, edit of the sample, where the error must point, what it must say
    ("empty sheet", lambda s: _workbook([]), None, "trống"),
    ("no header", lambda s: _workbook([["Báo cáo"], ["1", "Nội dung"]]), None, "dòng tiêu đề"),
    ("formula", lambda s: _edit(s, B7=HYPERLINK), "Dòng 7, cột B", "ô chứa công thức"),
    (
        "unknown unit",
        lambda s: _edit(s, B6="Sở Khoa hoc và Cong nghệ tỉnh"),
        "Dòng 6",
        "Có phải là: Sở Khoa học và Công nghệ",
    ),
    (
        "unknown title",
        lambda s: _edit(s, B25="Huy hiệu vàng: 18 cá nhân"),
        "Dòng 25, cột B",
        "không nhận ra danh hiệu",
    ),
    ("target before unit", lambda s: _edit(s, A6=None, B6=None), "Dòng 7", "trước dòng tên đơn vị"),
    ("changed duplicate", lambda s: _edit(s, B31="Khác hẳn"), "Dòng 30", "nội dung khác nhau"),
]


@pytest.mark.parametrize(
    ("case", "make", "where", "message"), SHEET_PROBLEMS, ids=[p[0] for p in SHEET_PROBLEMS]
)
def test_sheet_problems_name_row_and_column(
    client, demo, campaign, sample_bytes, case, make, where, message
):
    data = make(sample_bytes)
    plan = importer.plan_from_bytes(data, campaign=campaign, bloc=demo.bloc)
    errors = [str(e) for e in plan.errors]
    assert any(message in e and (where is None or e.startswith(where)) for e in errors), errors
    with pytest.raises(Exception):  # noqa: B017 - the import refuses as a whole
        importer.apply_import(plan, actor=demo.secretariat, source="x.xlsx")
    # Through the web: the preview lists the error and confirming saves nothing.
    response = _upload(client, demo, campaign, data)
    assert response.status_code == 302
    preview = client.get(response.url)
    assert message in preview.content.decode()
    confirm = client.post(response.url, {"action": "confirm"})
    assert confirm.status_code == 200
    assert not Registration.objects.exists()
    assert not Target.objects.exists()


def test_layout_variations_users_produce_still_import(demo, campaign):
    data = _workbook(
        [
            ["KHỐI THI ĐUA 4A"],
            ["Đăng ký giao ước thi đua năm 2020"],
            [],
            ["TT", "Nội dung chỉ tiêu", "Thời gian thực hiện", "Ghi chú"],
            ["I", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"],
            [1, "Chỉ tiêu thứ nhất", datetime.datetime(2020, 10, 15), "ưu tiên"],
            ["2", "Chỉ tiêu thứ hai", "Quý 4/2020"],
            [],
            ["II", "Sở Giao thông - Vận tải"],
            [1.0, "Chỉ tiêu giao thông", "Thường xuyên"],
            [2, "Cờ Thi đua Tỉnh: 01 tập thể"],
        ]
    )
    plan = importer.plan_from_bytes(data, campaign=campaign, bloc=demo.bloc)
    assert plan.ok, [str(e) for e in plan.errors]
    assert [len(u.block.targets) for u in plan.units] == [2, 1]
    assert [len(u.block.titles) for u in plan.units] == [0, 1]
    assert any(
        "Thường xuyên" in str(w) and str(w).startswith("Dòng 10, cột C") for w in plan.warnings
    )
    importer.apply_import(plan, actor=demo.secretariat, source="x.xlsx")
    first = Target.objects.get(text="Chỉ tiêu thứ nhất")
    assert (first.due_text, first.due_start, first.note) == (
        "15/10/2020",
        datetime.date(2020, 10, 15),
        "ưu tiên",
    )
    flagged = Target.objects.get(text="Chỉ tiêu giao thông")
    assert not flagged.due_recognised and flagged.due_text == "Thường xuyên"
