"""Every XLSX export keeps user text as text: no formula, and formula-like text quote-prefixed."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from awards.models import Award, AwardType, Decision
from awards.summary import award_summary, to_xlsx
from blocs.models import Person
from campaigns import exporter
from campaigns.services import TargetInput, registration_open, registration_save
from emulation_portal.xlsx import put_value
from reports import documents

# What Excel or LibreOffice would run, or read as a formula once the cell is edited.
DANGEROUS = ["=1+1", '=HYPERLINK("http://x")', "+84 912", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def _book(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def _text_cells(ws):
    return [cell for row in ws.iter_rows() for cell in row if isinstance(cell.value, str)]


def assert_all_text_is_safe(ws, expected: list[str]) -> None:
    cells = _text_cells(ws)
    assert all(cell.data_type == "s" for cell in cells)
    by_value = {cell.value: cell for cell in cells}
    for text in expected:
        assert text in by_value, text
        assert by_value[text].quotePrefix, text


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_like_text_stays_text_and_is_quote_prefixed(text):
    book = openpyxl.Workbook()
    put_value(book.active["A1"], text)
    data = io.BytesIO()
    book.save(data)
    cell = _book(data.getvalue())["A1"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("Hoàn thành 100%", "Hoàn thành 100%"),
        ("#N/A", "#N/A"),  # an error code to openpyxl, plain text here
        ("Tên\x00 đơn\x07 vị", "Tên đơn vị"),  # control characters openpyxl refuses
        ("\x01", None),
        (12, 12),
        (datetime.date(2020, 6, 15), datetime.date(2020, 6, 15)),
        (None, None),
    ],
)
def test_other_values(value, stored):
    cell = put_value(openpyxl.Workbook().active["A1"], value)
    assert cell.value == stored
    assert not cell.quotePrefix
    if isinstance(stored, str):
        assert cell.data_type == "s"


@pytest.mark.django_db
def test_registration_export_and_template(campaign, demo):
    unit = demo.org["DT-SXD"]
    unit.name = "=cmd|' /C calc'!A0"
    unit.save()
    registration = registration_open(
        campaign=campaign, bloc=demo.bloc, organization=unit, actor=demo.secretariat
    )
    targets = [TargetInput(text=text, due_text="Tháng 3/2020") for text in DANGEROUS[:5]]
    targets.append(TargetInput(text="Hạn viết như công thức", due_text="-Quý II"))
    registration_save(registration=registration, targets=targets, titles=[], actor=demo.xaydung)

    params = {"campaign": campaign, "bloc": demo.bloc}
    exported = _book(documents.render("registration", params, "xlsx", user=None).data)
    assert_all_text_is_safe(exported, [unit.name, *DANGEROUS[:5], "-Quý II"])
    template = exporter.blank_template(campaign=campaign, bloc=demo.bloc, organization=unit)
    assert_all_text_is_safe(_book(template), [unit.name])


@pytest.mark.django_db
def test_award_summary_export(demo):
    authority = demo.org["DT"]
    authority.name = "@SUM(1+1)*cmd|' /C calc'!A0"
    authority.save()
    table = award_summary(
        start=datetime.date(2020, 1, 1), end=datetime.date(2020, 6, 15), authority=authority
    )
    assert_all_text_is_safe(_book(to_xlsx(table)), [authority.name])


@pytest.mark.django_db
def test_award_registry_export(client, demo):
    unit = demo.org["DT-SXD"]
    unit.name = "+1+1"
    unit.save()
    decision = Decision.objects.create(
        authority=demo.org["DT"],
        year=2020,
        number=7,
        dated=datetime.date(2020, 3, 10),
        title="Về việc khen thưởng",
        signer_name="Nguyễn Văn A",
        signer_title="Chủ tịch",
        status=Decision.Status.ISSUED,
    )
    person = Person.objects.create(full_name='=HYPERLINK("http://x")', organization=unit)
    Award.objects.create(
        award_type=AwardType.objects.get(code="BK_TINH"),
        year=2020,
        decision=decision,
        person=person,
        organization=unit,
    )
    client.force_login(demo.xaydung)
    response = client.get(reverse("registry"), {"format": "xlsx"})
    assert response.status_code == 200
    assert_all_text_is_safe(_book(response.content), [unit.name, person.full_name])
