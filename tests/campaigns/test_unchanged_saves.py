"""An unchanged campaign (phases included) posted back writes nothing: no `updated_at`, no phase
row, no audit entry (issue 13, DESIGN §5). A real change still saves only what changed."""

from datetime import date as D

import pytest
from auditlog.models import LogEntry

from campaigns import services
from campaigns.models import Campaign, CampaignPhase

pytestmark = pytest.mark.django_db

PHASES = [
    {"name": "Đợt 1", "start": D(2020, 1, 1), "end": D(2020, 6, 30)},
    {"name": "Đợt 2", "start": D(2020, 7, 1), "end": D(2020, 12, 31)},
]


@pytest.fixture
def phased(demo):
    return services.campaign_save(
        campaign=Campaign(
            name="Thi đua chuyên đề theo đợt năm 2020",
            kind=Campaign.Kind.PHASED,
            year=2020,
            authority=demo.org["DT"],
            start=D(2020, 1, 1),
            end=D(2020, 12, 31),
            description="Dòng một\nDòng hai",
        ),
        phases=PHASES,
        actor=demo.reviewer,
    )


def _rows():
    return (
        list(Campaign.objects.values_list("pk", "updated_at")),
        list(CampaignPhase.objects.values_list("pk", "ordinal", "name", "start", "end")),
        LogEntry.objects.count(),
    )


def test_an_unchanged_campaign_with_its_phases_writes_nothing(demo, phased):
    before = _rows()
    posted = Campaign.objects.get(pk=phased.pk)
    posted.description = "Dòng một\r\nDòng hai"  # as a browser posts a textarea
    services.campaign_save(campaign=posted, phases=[dict(p) for p in PHASES], actor=demo.admin)
    assert _rows() == before


def test_a_renamed_phase_is_saved_alone(demo, phased):
    campaigns, phases, entries = _rows()
    renamed = [{**PHASES[0], "name": "Đợt 1 (sơ kết)"}, PHASES[1]]
    services.campaign_save(
        campaign=Campaign.objects.get(pk=phased.pk), phases=renamed, actor=demo.admin
    )
    assert list(Campaign.objects.values_list("pk", "updated_at")) == campaigns
    assert CampaignPhase.objects.get(campaign=phased, ordinal=1).name == "Đợt 1 (sơ kết)"
    assert LogEntry.objects.count() == entries + 1


def test_a_changed_campaign_is_saved(demo, phased):
    campaigns, _phases, _entries = _rows()
    posted = Campaign.objects.get(pk=phased.pk)
    posted.plan_symbol = "15/KH-UBND"
    services.campaign_save(campaign=posted, phases=PHASES, actor=demo.admin)
    assert Campaign.objects.get(pk=phased.pk).plan_symbol == "15/KH-UBND"
    assert list(Campaign.objects.values_list("updated_at", flat=True)) > [campaigns[0][1]]
