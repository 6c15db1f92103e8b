"""A page posted back unchanged keeps its numbers (issue 13: "100" came back as "100.000" and
was saved as 100000; "12,5" became 12500 after one more save)."""

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from campaigns import importer, outline_data, progress, services
from campaigns.models import ReportingPeriod, TargetProgress

pytestmark = pytest.mark.django_db


class _FormFields(HTMLParser):
    """What a browser would post for the page's form with the given action."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.data = action, False, {}
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action", "") in ("", self.action)
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input" and attrs.get("type") not in ("file", "submit", "checkbox"):
            self.data[attrs["name"]] = attrs.get("value") or ""
        elif tag == "input" and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.data[attrs["name"]] = attrs.get("value") or "on"
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.data[self._textarea] = ""
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value") or ""

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def _as_rendered(client, url) -> dict:
    page = client.get(url)
    assert page.status_code == 200
    parser = _FormFields(url)
    parser.feed(page.content.decode())
    return parser.data


@pytest.fixture
def report_world(demo, campaign, sample_bytes):
    plan = importer.plan_from_bytes(sample_bytes, campaign=campaign, bloc=demo.bloc)
    importer.apply_import(plan, actor=demo.secretariat, source="mau.xlsx")
    progress.outline_from_data(outline_data.SEED_000_OUTLINE)
    progress.periods_ensure_defaults(authority=demo.org["DT"], year=2020, actor=None)
    period = ReportingPeriod.objects.get(kind="h1", year=2020)
    demo.report = progress.report_open(
        period=period, bloc=demo.bloc, organization=demo.org["DT-SCT"], actor=demo.congthuong
    )
    demo.line = demo.report.progress.order_by("target__ordinal").first()
    target = demo.line.target
    target.kind, target.planned_value, target.unit = "quantitative", Decimal(100), "%"
    target.save()
    return demo


@pytest.mark.parametrize(("typed", "expected"), [("100", "100"), ("12,5", "12.5")])
def test_progress_result_survives_unchanged_saves(client, report_world, typed, expected):
    world, line = report_world, report_world.line
    client.force_login(world.congthuong)
    url = reverse("report_edit", args=[world.report.pk])
    data = _as_rendered(client, url)
    data |= {f"t{line.pk}-state": "done", f"t{line.pk}-achieved_value": typed}
    assert client.post(url, data).status_code == 302
    for _save in range(2):  # the page as shown, posted back as it is
        data = _as_rendered(client, url)
        assert data[f"t{line.pk}-achieved_value"] == typed
        assert client.post(url, data).status_code == 302
        assert TargetProgress.objects.get(pk=line.pk).achieved_value == Decimal(expected)


def test_large_result_is_shown_grouped_without_trailing_zeros(client, report_world):
    world, line = report_world, report_world.line
    line.achieved_value = Decimal("1234.500")
    line.save()
    client.force_login(world.congthuong)
    data = _as_rendered(client, reverse("report_edit", args=[world.report.pk]))
    assert data[f"t{line.pk}-achieved_value"] == "1.234,5"


def test_registration_target_values_survive_unchanged_saves(client, demo, campaign):
    registration = services.registration_open(
        campaign=campaign, bloc=demo.bloc, organization=demo.org["DT-SXD"], actor=demo.xaydung
    )
    services.registration_save(
        registration=registration,
        targets=[
            services.TargetInput(
                text="Đón khách du lịch",
                planned_value=Decimal("105000"),
                unit="lượt khách",
                points=Decimal("12.5"),
            )
        ],
        titles=[],
        actor=demo.xaydung,
    )
    client.force_login(demo.xaydung)
    url = reverse("registration_edit", args=[registration.pk])
    for _save in range(2):
        data = _as_rendered(client, url)
        assert client.post(url, data).status_code == 302
        target = registration.targets.get()
        assert (target.planned_value, target.points) == (Decimal(105000), Decimal("12.5"))
