"""Bulk accept: several submitted registrations or reports, one comment, all or nothing, each
accepted through the one transition function (and audited), refusals named per unit."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns import outline_data, progress, services
from campaigns.models import ProgressReport, Registration, ReportingPeriod

pytestmark = pytest.mark.django_db
Status = Registration.Status
UNITS = ["DT-SXD", "DT-SCT", "DT-SKHCN"]


def _submitted_registration(demo, campaign, code):
    registration = services.registration_open(
        campaign=campaign, bloc=demo.bloc, organization=demo.org[code], actor=None
    )
    services.registration_save(
        registration=registration,
        targets=[services.TargetInput(text="Hoàn thành kế hoạch", due_text="Quý IV/2020")],
        titles=[],
        actor=None,
    )
    return services.registration_transition(registration=registration, event="submit", actor=None)


@pytest.fixture
def registrations(demo, campaign):
    return [_submitted_registration(demo, campaign, code) for code in UNITS]


def _accept_entries(papers):
    return LogEntry.objects.get_for_objects(
        type(papers[0]).objects.filter(pk__in=[p.pk for p in papers])
    ).filter(additional_data__event="accept")


def test_secretariat_accepts_several_registrations_with_one_comment(
    client, demo, campaign, registrations
):
    client.force_login(demo.secretariat)
    page = client.get(reverse("bloc_overview", args=[campaign.pk, demo.bloc.pk]))
    assert (
        reverse("registrations_accept", args=[campaign.pk, demo.bloc.pk]) in page.content.decode()
    )
    response = client.post(
        reverse("registrations_accept", args=[campaign.pk, demo.bloc.pk]),
        {"items": [r.pk for r in registrations[:2]], "reason": "Đạt yêu cầu"},
    )
    assert response.status_code == 302
    statuses = dict(Registration.objects.values_list("organization__code", "status"))
    assert statuses == {"DT-SXD": Status.ACCEPTED, "DT-SCT": Status.ACCEPTED,
                        "DT-SKHCN": Status.SUBMITTED}  # fmt: skip
    entries = _accept_entries(registrations[:2])
    assert entries.count() == 2
    assert {e.additional_data["comment"] for e in entries} == {"Đạt yêu cầu"}
    assert {e.actor for e in entries} == {demo.secretariat}


def test_one_refusal_names_the_unit_and_accepts_nothing(demo, registrations):
    services.registration_transition(
        registration=registrations[1], event="return", actor=None, reason="Thiếu chỉ tiêu"
    )
    with pytest.raises(ValidationError) as exc:
        services.registrations_accept(
            registrations=list(Registration.objects.all()), actor=demo.secretariat, reason=""
        )
    assert any(demo.org["DT-SCT"].name in m for m in exc.value.messages)
    assert not Registration.objects.filter(status=Status.ACCEPTED).exists()
    assert not _accept_entries(registrations).exists()


def test_permission_is_checked_per_item(demo, registrations):
    with pytest.raises(ValidationError) as exc:
        services.registrations_accept(registrations=registrations, actor=demo.reviewer, reason="")
    assert len(exc.value.messages) == len(UNITS)
    assert not Registration.objects.filter(status=Status.ACCEPTED).exists()


def test_bulk_accept_is_post_only_and_scoped(client, demo, campaign, registrations):
    url = reverse("registrations_accept", args=[campaign.pk, demo.bloc.pk])
    client.force_login(demo.secretariat)
    assert client.get(url).status_code == 405
    client.force_login(demo.xaydung)
    assert client.post(url, {"items": [registrations[0].pk]}).status_code == 403
    client.force_login(demo.secretariat)
    response = client.post(url, {"items": [999999], "reason": "Đạt"})
    assert response.status_code == 400  # the page again, what was typed kept
    body = response.content.decode()
    assert "không còn chờ chấp nhận" in body and "Đạt" in body
    assert not Registration.objects.filter(status=Status.ACCEPTED).exists()


@pytest.fixture
def reports(demo, campaign, registrations):
    for registration in registrations:
        services.registration_transition(registration=registration, event="accept", actor=None)
    progress.outline_from_data(outline_data.SEED_000_OUTLINE)
    progress.periods_ensure_defaults(authority=demo.org["DT"], year=2020, actor=None)
    period = ReportingPeriod.objects.get(kind="h1", year=2020, authority=demo.org["DT"])
    opened = []
    for code in UNITS:
        report = progress.report_open(
            period=period, bloc=demo.bloc, organization=demo.org[code], actor=None
        )
        opened.append(progress.report_transition(report=report, event="submit", actor=None))
    return opened


def test_secretariat_accepts_several_reports(client, demo, reports):
    client.force_login(demo.secretariat)
    page = client.get(reverse("bloc_dashboard", args=[demo.bloc.pk, 2020]))
    url = reverse("reports_accept", args=[demo.bloc.pk, 2020])
    assert url in page.content.decode()
    response = client.post(url, {"items": [r.pk for r in reports], "reason": "Tốt"})
    assert response.status_code == 302
    assert set(ProgressReport.objects.values_list("status", flat=True)) == {Status.ACCEPTED}
    assert _accept_entries(reports).count() == len(reports)
