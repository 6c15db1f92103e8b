"""Issue 13, deliver 7 on the scoring page: points posted back exactly as shown change nothing
(no row written, no audit entry); criteria left empty get no empty score rows; a real edit
writes only the criteria it changed."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from campaigns import scoring
from campaigns.models import Score
from tests.campaigns.test_number_round_trip import _as_rendered
from tests.campaigns.test_scoring_pages import scored  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _scores(organization):
    return sorted(
        Score.objects.filter(organization=organization).values_list(
            "pk", "criterion_id", "self_points", "bloc_points", "self_comment", "comment"
        )
    )


@pytest.mark.parametrize("who", ["xaydung", "secretariat"])
def test_scores_posted_back_as_shown_change_nothing(client, demo, scored, who):  # noqa: F811
    unit = demo.org["DT-SXD"]
    Score.objects.filter(organization=unit).update(self_comment="Đã tự đánh giá", comment="Tốt")
    url = f"{reverse('scoring', args=[demo.bloc.pk, 2020])}?unit={unit.pk}"
    before, entries = _scores(unit), LogEntry.objects.count()
    client.force_login(getattr(demo, who))
    for _save in range(2):
        data = _as_rendered(client, url)
        assert any(k.endswith("-points") for k in data)
        assert client.post(url, data).status_code == 302
        assert _scores(unit) == before
        assert LogEntry.objects.count() == entries


def test_empty_criteria_get_no_score_rows(demo, scored):  # noqa: F811
    unit = demo.org["DT-SXD"]
    Score.objects.filter(organization=unit).delete()
    leaves = [r.criterion for r in scoring.criteria_rows(scored) if r.is_leaf]
    scoring.scores_save(
        scheme=scored, organization=unit, as_bloc=False, actor=demo.xaydung,
        values={leaf.pk: {"points": None, "comment": ""} for leaf in leaves},
    )  # fmt: skip
    assert not Score.objects.filter(organization=unit).exists()


def test_an_edit_writes_only_the_criterion_it_changed(demo, scored):  # noqa: F811
    unit = demo.org["DT-SXD"]
    leaves = [r.criterion for r in scoring.criteria_rows(scored) if r.is_leaf]
    stored = {s.criterion_id: s for s in Score.objects.filter(organization=unit)}
    values = {
        leaf.pk: {"points": stored[leaf.pk].bloc_points, "comment": stored[leaf.pk].comment}
        for leaf in leaves
    }
    values[leaves[1].pk] = {"points": Decimal("12.5"), "comment": "Cần cố gắng"}
    entries = LogEntry.objects.count()
    scoring.scores_save(
        scheme=scored, organization=unit, values=values, as_bloc=True, actor=demo.secretariat
    )
    changed = Score.objects.get(pk=stored[leaves[1].pk].pk)
    assert (changed.bloc_points, changed.comment) == (Decimal("12.5"), "Cần cố gắng")
    assert changed.self_points == stored[leaves[1].pk].self_points
    assert LogEntry.objects.count() == entries + 1


def test_an_unchanged_scoring_post_sends_no_write(client, demo, scored):  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("scoring", args=[demo.bloc.pk, 2020])
    client.force_login(demo.xaydung)
    data = _as_rendered(client, url)
    with CaptureQueriesContext(connection) as queries:
        assert client.post(url, data).status_code == 302
    assert [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in q["sql"]
    ] == []
