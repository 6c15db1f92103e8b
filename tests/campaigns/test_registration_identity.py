"""Saving a registration keeps its targets' identity: what units reported on them (progress
lines, evidence files) survives a reopen and a save, and a form posted back unchanged changes
nothing at all."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import reverse

from campaigns import services
from campaigns.models import Evidence, Registration, Target, TargetProgress

from .reported_world import build, form_data, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def reported(demo, campaign, sample_bytes, media):
    world = build(demo=demo, campaign=campaign, sample_bytes=sample_bytes)
    world.registration = services.registration_transition(
        registration=world.registration,
        event="reopen",
        actor=demo.secretariat,
        reason="Đơn vị xin điều chỉnh",
    )
    return world


def _edit(client, registration):
    url = reverse("registration_edit", args=[registration.pk])
    response = client.get(url)
    assert response.status_code == 200
    return url, form_data(response.content.decode())


def _inputs(registration, **changes):
    """The registration's targets as the form would send them back, with ids."""
    items = [
        services.TargetInput(
            id=t.pk, text=t.text, due_text=t.due_text, planned_value=t.planned_value,
            unit=t.unit, points=t.points, note=t.note,
        )
        for t in registration.targets.order_by("ordinal")
    ]  # fmt: skip
    for index, values in changes.items():
        for key, value in values.items():
            setattr(items[int(index.removeprefix("n"))], key, value)
    return items


def _titles(registration):
    titles = registration.titles.order_by("ordinal")
    return [services.TitleInput(t.award_type_id, t.count) for t in titles]


def test_unchanged_save_after_reopen_keeps_targets_progress_and_evidence(
    client, reported, demo, media
):
    before = snapshot(reported.registration)
    assert len(before["progress"]) == 8 and len(before["evidence"]) == 1
    client.force_login(demo.secretariat)
    url, data = _edit(client, reported.registration)
    response = client.post(url, data)
    assert response.status_code == 302
    after = snapshot(reported.registration)
    assert after["targets"] == before["targets"]
    assert after["progress"] == before["progress"]
    assert after["evidence"] == before["evidence"]
    assert (media / reported.evidence.file.name).exists()


def test_a_form_posted_back_unchanged_changes_nothing(client, reported, demo):
    before = snapshot(reported.registration)
    entries = LogEntry.objects.count()
    client.force_login(demo.secretariat)
    url, data = _edit(client, reported.registration)
    assert client.post(url, data).status_code == 302
    assert snapshot(reported.registration) == before  # updated_at and updated_by too
    assert LogEntry.objects.count() == entries


def test_a_text_edit_and_a_move_update_the_same_rows(reported, demo):
    registration = reported.registration
    ids = list(registration.targets.order_by("ordinal").values_list("pk", flat=True))
    items = _inputs(registration, n1={"text": "Dự thảo đã sửa"})
    items[0], items[1] = items[1], items[0]
    services.registration_save(
        registration=registration, targets=items, titles=_titles(registration),
        actor=demo.secretariat,
    )  # fmt: skip
    after = list(registration.targets.order_by("ordinal").values_list("pk", "text"))
    assert [pk for pk, _text in after] == [ids[1], ids[0], *ids[2:]]
    assert after[0][1] == "Dự thảo đã sửa"
    assert TargetProgress.objects.filter(target__registration=registration).count() == 8
    assert Evidence.objects.get().progress.target_id == ids[0]


def test_a_new_row_is_added_without_touching_the_others(client, reported, demo):
    before = snapshot(reported.registration)
    client.force_login(demo.secretariat)
    url, data = _edit(client, reported.registration)
    total = int(data["target-TOTAL_FORMS"])
    last = total - 1  # the blank row the page offers
    data |= {f"target-{last}-text": "Chỉ tiêu bổ sung", f"target-{last}-ORDER": str(total)}
    assert client.post(url, data).status_code == 302
    targets = list(reported.registration.targets.order_by("ordinal").values("pk", "text"))
    assert [t["pk"] for t in targets[:-1]] == [t["pk"] for t in before["targets"]]
    assert targets[-1]["text"] == "Chỉ tiêu bổ sung"
    assert snapshot(reported.registration)["progress"] == before["progress"]


def test_removing_a_reported_target_is_refused_and_names_it(client, reported, demo):
    before = snapshot(reported.registration)
    client.force_login(demo.secretariat)
    url, data = _edit(client, reported.registration)
    data["target-0-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    first = before["targets"][0]["text"]
    assert first[:40] in page
    assert "1 dòng báo cáo" in page and "1 tệp minh chứng" in page
    assert "Không thực hiện (điều chỉnh)" in page  # what to do instead
    assert snapshot(reported.registration) == before


def test_removing_a_target_nobody_reported_on_works(reported, demo):
    registration = reported.registration
    target = registration.targets.get(ordinal=8)
    TargetProgress.objects.filter(target=target).delete()  # as if opened before it existed
    items = _inputs(registration)[:-1]
    services.registration_save(
        registration=registration, targets=items, titles=_titles(registration),
        actor=demo.secretariat,
    )  # fmt: skip
    assert not Target.objects.filter(pk=target.pk).exists()
    assert registration.targets.count() == 7


def test_a_target_id_of_another_registration_is_refused(reported, demo):
    other = Target.objects.exclude(registration=reported.registration).first()
    items = _inputs(reported.registration)
    items[0].id = other.pk
    with pytest.raises(ValidationError, match="không thuộc đăng ký này"):
        services.registration_save(
            registration=reported.registration, targets=items,
            titles=_titles(reported.registration), actor=demo.secretariat,
        )  # fmt: skip


def test_the_database_refuses_to_cascade_over_progress_lines(reported):
    target = reported.lines[0].target
    with pytest.raises(ProtectedError):
        Target.objects.filter(pk=target.pk).delete()
    with pytest.raises(ProtectedError):
        Registration.objects.filter(pk=reported.registration.pk).delete()


def test_the_optimistic_lock_still_refuses_a_stale_form(client, reported, demo):
    client.force_login(demo.secretariat)
    url, data = _edit(client, reported.registration)
    services.registration_save(
        registration=reported.registration,
        targets=_inputs(reported.registration, n2={"text": "Bản của người khác"}),
        titles=_titles(reported.registration),
        actor=demo.xaydung,
    )
    data["target-2-text"] = "Bản của tôi"
    response = client.post(url, data)
    assert response.status_code == 400
    assert "vừa được" in response.content.decode()
    assert reported.registration.targets.get(ordinal=3).text == "Bản của người khác"


def test_blank_lines_of_a_draft_report_go_with_a_removed_target(demo, campaign, media):
    """`report_open` gives every target a line; untouched lines of a draft say nothing."""
    from campaigns import progress
    from campaigns.models import ReportingPeriod

    registration = services.registration_open(
        campaign=campaign, bloc=demo.bloc, organization=demo.org["DT-SXD"], actor=demo.xaydung
    )
    services.registration_save(
        registration=registration,
        targets=[services.TargetInput(text="Giữ lại"), services.TargetInput(text="Bỏ đi")],
        titles=[],
        actor=demo.xaydung,
    )
    periods = progress.periods_ensure_defaults(
        authority=demo.org["DT"], year=2020, actor=demo.reviewer
    )
    h1 = next(p for p in periods if p.kind == ReportingPeriod.Kind.H1)
    report = progress.report_open(
        period=h1, bloc=demo.bloc, organization=demo.org["DT-SXD"], actor=demo.xaydung
    )
    kept, dropped = registration.targets.order_by("ordinal")
    services.registration_save(
        registration=registration,
        targets=[services.TargetInput(text="Giữ lại", id=kept.pk)],
        titles=[],
        actor=demo.xaydung,
    )
    assert list(registration.targets.values_list("pk", flat=True)) == [kept.pk]
    assert list(report.progress.values_list("target_id", flat=True)) == [kept.pk]
    # A line that says something (here: a note) keeps its target.
    line = report.progress.get()
    line.note = "Đang xây dựng dự thảo"
    line.save()
    with pytest.raises(ValidationError, match="Không bỏ được chỉ tiêu 1 “Giữ lại”"):
        services.registration_save(
            registration=registration, targets=[], titles=[], actor=demo.xaydung
        )


def test_any_mix_of_moves_edits_additions_and_removals_lands_as_asked(demo, campaign):
    """Random edits of an unreported registration: the saved list is exactly what was sent,
    and every target sent with its id is still the same row."""
    import random

    registration = services.registration_open(
        campaign=campaign, bloc=demo.bloc, organization=demo.org["DT-SXD"], actor=demo.xaydung
    )
    chance = random.Random(13)  # noqa: S311 - reproducible test data, not secrets
    counter = 0
    for _round in range(25):
        current = list(registration.targets.order_by("ordinal"))
        items = [services.TargetInput(text=t.text, id=t.pk) for t in current]
        chance.shuffle(items)
        items = [i for i in items if chance.random() > 0.2]
        for item in items:
            if chance.random() < 0.2:
                item.text = f"{item.text} (sửa)"
        for _new in range(chance.randint(0, 3)):
            counter += 1
            items.insert(chance.randint(0, len(items)), services.TargetInput(text=f"Mới {counter}"))
        services.registration_save(
            registration=registration, targets=items, titles=[], actor=demo.xaydung
        )
        saved = list(registration.targets.order_by("ordinal").values_list("ordinal", "pk", "text"))
        assert [text for _o, _pk, text in saved] == [i.text for i in items]
        assert [o for o, _pk, _t in saved] == list(range(1, len(items) + 1))
        assert [pk for (_o, pk, _t), i in zip(saved, items, strict=True) if i.id] == [
            i.id for i in items if i.id
        ]


def test_a_bad_hidden_id_is_a_form_error_not_a_crash(client, reported, demo):
    client.force_login(demo.secretariat)
    url, data = _edit(client, reported.registration)
    for bad in ("abc", "-1", "99999999"):
        response = client.post(url, data | {"target-0-id": bad})
        assert response.status_code == 400
    data["target-1-id"] = data["target-0-id"]
    response = client.post(url, data)
    assert response.status_code == 400
    assert "xuất hiện hai lần" in response.content.decode()
