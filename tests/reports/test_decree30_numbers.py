"""Issue 14: numbers as a clerk signs them. Decree 30/2020 writes a document number below 10
with a leading zero ("01/BC-KTĐ4A"); rates are rounded half-up to one decimal, not cut."""

import pytest

from reports import decree30
from reports.bloc_report import _pct
from reports.models import ReportDocument


@pytest.mark.parametrize(
    ("number", "expected"),
    [(1, "01/BC-KTĐ4A"), (9, "09/BC-KTĐ4A"), (10, "10/BC-KTĐ4A"), (123, "123/BC-KTĐ4A")],
)
def test_a_number_below_ten_takes_a_leading_zero(number, expected):
    assert decree30.symbol(number, "BC-KTĐ4A") == expected


def test_an_unnumbered_document_keeps_its_blank():
    assert decree30.symbol(None, "BC-KTĐ4A") == "\u2003\u2003/BC-KTĐ4A"


@pytest.mark.django_db
def test_the_document_record_writes_the_same_symbol(demo):
    from campaigns.models import ReportingPeriod

    period = ReportingPeriod(year=2020, kind="h1")
    document = ReportDocument(bloc=demo.bloc, period=period, doc_type="BC", number=1)
    assert document.symbol == "01/BC-KTĐ4A"


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(7, 49, "14,3%"), (28, 42, "66,7%"), (1, 16, "6,3%"), (1, 8, "12,5%"), (49, 49, "100,0%"),
     (0, 10, "0,0%"), (1, 0, "—")],
)  # fmt: skip
def test_rates_are_rounded_half_up_to_one_decimal(part, whole, expected):
    assert _pct(part, whole) == expected
