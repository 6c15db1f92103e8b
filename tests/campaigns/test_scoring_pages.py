"""Scoring, ranking and outline pages as people use them."""

import pytest
from django.urls import reverse

from blocs.models import BlocMembership
from campaigns import demo_progress, outline_data, progress
from campaigns.models import MeetingResult, OutlineSection, Score, ScoringScheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(demo, campaign, sample_bytes):
    from campaigns import importer

    plan = importer.plan_from_bytes(sample_bytes, campaign=campaign, bloc=demo.bloc)
    importer.apply_import(plan, actor=demo.secretariat, source="mau.xlsx")
    demo_progress.load()
    return ScoringScheme.objects.get(bloc=demo.bloc, year=2020)


def test_ranking_page_shows_ties_missing_scores_and_late_joiners(client, demo, scored):
    Score.objects.filter(organization=demo.org["DT-BQLKKT"]).first().delete()
    BlocMembership.objects.filter(organization=demo.org["DT-SCT"]).update(joined_on="2020-07-01")
    client.force_login(demo.secretariat)
    response = client.get(reverse("ranking", args=[demo.bloc.pk, 2020]))
    html = response.content.decode()
    assert html.count("(đồng hạng)") == 2
    assert "chưa chấm đủ (5/6)" in html
    assert "tham gia từ 01/07/2020" in html
    rows = [
        r.organization.code
        for r in client.get(reverse("ranking", args=[demo.bloc.pk, 2020])).context["ranked"]
    ]  # noqa: E501
    assert rows[0] == "DT-SKHCN" and rows[-1] == "DT-BQLKKT"


def test_meeting_result_is_recorded_with_votes(client, demo, scored):
    from awards.models import AwardType

    flag = AwardType.objects.get(code="CO_TINH")
    client.force_login(demo.secretariat)
    unit = demo.org["DT-SKHCN"].pk
    response = client.post(
        reverse("ranking", args=[demo.bloc.pk, 2020]),
        {"held_on": "15/12/2020", "attendees": "8", "note": "",
         f"nominate-{unit}-{flag.pk}": "on", f"votes-{unit}-{flag.pk}": "8"},
    )  # fmt: skip
    assert response.status_code == 302
    nomination = MeetingResult.objects.get().nominations.get()
    assert (nomination.organization_id, nomination.votes_for) == (unit, 8)
    client.force_login(demo.reviewer)
    assert client.post(reverse("ranking", args=[demo.bloc.pk, 2020]), {}).status_code == 403


def test_units_score_themselves_and_the_secretariat_scores_everyone(client, demo, scored):
    leaf = scored.criteria.filter(children__isnull=True).order_by("pk").first()
    url = reverse("scoring", args=[demo.bloc.pk, 2020])
    client.force_login(demo.xaydung)
    response = client.get(url)
    assert [u.code for u in response.context["units"]] == ["DT-SXD"]
    response = client.post(
        f"{url}?unit={demo.org['DT-SCT'].pk}", {f"c{leaf.pk}-points": "10"}
    )  # another unit's id in the URL is ignored: the officer only ever scores their own unit
    score = Score.objects.get(criterion=leaf, organization=demo.org["DT-SXD"])
    assert score.self_points == 10 and score.bloc_points == 35
    response = client.post(url, {f"c{leaf.pk}-points": "99"})
    assert "phải từ 0 đến 40" in response.content.decode()
    client.force_login(demo.congthuong)
    assert client.get(reverse("ranking", args=[demo.bloc.pk, 2020])).status_code == 403


def test_outline_editing_through_the_pages(client, demo):
    outline = progress.outline_from_data(outline_data.SEED_000_OUTLINE)
    outline.authority = demo.org["DT"]
    outline.save()
    section = OutlineSection.objects.get(outline=outline, number="IV", parent__isnull=False)
    client.force_login(demo.reviewer)
    client.post(
        reverse("section_edit", args=[outline.pk, section.pk]),
        {"number": "IV", "title": "Đánh giá chung", "kind": "narrative", "source": "", "hint": ""},
    )
    client.post(reverse("section_action", args=[outline.pk, section.pk, "up"]))
    section.refresh_from_db()
    assert section.title == "Đánh giá chung" and section.ordinal == 3
    client.force_login(demo.xaydung)
    assert (
        client.post(reverse("section_action", args=[outline.pk, section.pk, "up"])).status_code
        == 403
    )


def test_a_criterion_linked_to_targets_suggests_points_from_completion(client, demo, scored):
    linked = scored.criteria.get(from_targets=True)
    Score.objects.filter(criterion=linked, organization=demo.org["DT-SKHCN"]).delete()
    client.force_login(demo.secretariat)
    response = client.get(
        reverse("scoring", args=[demo.bloc.pk, 2020]), {"unit": demo.org["DT-SKHCN"].pk}
    )
    form = dict(response.context["rows"][1][1].initial)  # I.1, the linked leaf
    # The demo's year ends with Sở KH&CN's annual report: 5 of its 8 targets done.
    assert float(response.context["done_share"]) == pytest.approx(0.625)
    assert form["points"] == 25  # 40 × 5 of 8 targets done
    assert "theo báo cáo mới nhất: 62,5%" in response.content.decode()


def test_dashboard_percentages_round_half_up_as_the_documents_do():
    from campaigns.dashboard import MemberStatus

    row = MemberStatus(membership=None, targets=8, done=5, overdue=3)
    assert (row.done_pct, row.overdue_pct) == (63, 38)  # round() gave 62 and 38
