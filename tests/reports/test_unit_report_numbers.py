"""The unit report and its pages print results as the documents do: "100%", "12,5 tỷ đồng",
never "100.000 %" (issue 13: the PDF showed "100000 %" after an unchanged save)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from reports.unit_report import unit_report
from tests.campaigns.test_number_round_trip import report_world  # noqa: F401

pytestmark = pytest.mark.django_db


def _results(report):
    return [
        row[section.table.columns.index("Kết quả")]
        for section in unit_report(report.pk).sections
        if section.table
        for row in section.table.rows
    ]


def test_results_print_without_trailing_zeros_and_percent_attached(client, report_world):  # noqa: F811
    world, line = report_world, report_world.line
    line.state, line.achieved_value = "done", Decimal("100.000")
    line.save()
    other = world.report.progress.exclude(pk=line.pk).first()
    other.target.unit = "tỷ đồng"
    other.target.save()
    other.achieved_value = Decimal("1234.500")
    other.save()
    results = _results(world.report)
    assert "100%" in results and "1.234,5 tỷ đồng" in results
    client.force_login(world.congthuong)
    for page in ("report_detail", "report_edit"):
        html = client.get(reverse(page, args=[world.report.pk])).content.decode()
        assert "100.000" not in html and "100 %" not in html, page
    html = client.get(reverse("report_detail", args=[world.report.pk])).content.decode()
    assert "100%" in html and "1.234,5 tỷ đồng" in html
