"""Confirmations happen once: a second confirm of an import batch, or a second submit/accept of
a registration or progress report, made from a page or object loaded before the first one
landed, is refused with a message and applies nothing twice. (Sequential calls with stale
objects: the check runs on the row re-read under its lock, so this holds on every database.)"""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns import importer, progress, services
from campaigns.models import ImportBatch, Registration, Target, TitleRegistration

from .reported_world import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def batch(demo, campaign, sample_bytes, media):
    return importer.record_batch(
        data=sample_bytes, name="mau.xlsx", campaign=campaign, bloc=demo.bloc,
        actor=demo.secretariat, replace_accepted=False,
    )  # fmt: skip


def _plan(batch, sample_bytes):
    return importer.plan_from_bytes(sample_bytes, campaign=batch.campaign, bloc=batch.bloc)


def _imports():
    return LogEntry.objects.filter(additional_data__event="import").count()


def test_a_batch_confirmed_twice_applies_once(batch, sample_bytes, demo):
    first = ImportBatch.objects.get(pk=batch.pk)
    second = ImportBatch.objects.get(pk=batch.pk)  # both loaded while still "previewed"
    plans = _plan(first, sample_bytes), _plan(second, sample_bytes)
    importer.apply_batch(first, plans[0], actor=demo.secretariat)
    ids = set(Target.objects.values_list("pk", flat=True))
    assert _imports() == 8
    with pytest.raises(ValidationError, match="đã được nhập"):
        importer.apply_batch(second, plans[1], actor=demo.secretariat)
    assert set(Target.objects.values_list("pk", flat=True)) == ids
    assert (Target.objects.count(), TitleRegistration.objects.count()) == (49, 11)
    assert _imports() == 8


def test_a_cancelled_batch_cannot_be_confirmed_from_an_old_page(batch, sample_bytes, demo):
    stale = ImportBatch.objects.get(pk=batch.pk)
    importer.batch_cancel(batch=batch, actor=demo.secretariat)
    with pytest.raises(ValidationError, match="đã huỷ"):
        importer.apply_batch(stale, _plan(stale, sample_bytes), actor=demo.secretariat)
    assert not Registration.objects.exists()


def test_the_second_confirm_from_the_page_gets_a_message(client, batch, demo):
    client.force_login(demo.secretariat)
    url = reverse("import_preview", args=[batch.pk])
    assert client.post(url, {"action": "confirm"}).status_code == 302
    response = client.post(url, {"action": "confirm"}, follow=True)
    assert response.status_code == 200
    assert "đã được nhập" in response.content.decode()
    assert Target.objects.count() == 49 and _imports() == 8
    response = client.post(url, {"action": "cancel"}, follow=True)
    assert "đã được nhập" in response.content.decode()
    assert ImportBatch.objects.get().status == ImportBatch.Status.APPLIED


def test_registration_submitted_twice_from_stale_objects_is_submitted_once(demo, campaign):
    registration = services.registration_open(
        campaign=campaign, bloc=demo.bloc, organization=demo.org["DT-SXD"], actor=demo.xaydung
    )
    services.registration_save(
        registration=registration, targets=[services.TargetInput(text="Chỉ tiêu")], titles=[],
        actor=demo.xaydung,
    )  # fmt: skip
    first, second = (Registration.objects.get(pk=registration.pk) for _ in range(2))
    services.registration_transition(registration=first, event="submit", actor=demo.xaydung)
    with pytest.raises(ValidationError, match="Không thể"):
        services.registration_transition(registration=second, event="submit", actor=demo.xaydung)
    services.registration_transition(registration=first, event="accept", actor=demo.secretariat)
    with pytest.raises(ValidationError, match="Không thể"):
        services.registration_transition(
            registration=second, event="return", actor=demo.secretariat, reason="Thiếu"
        )
    assert Registration.objects.get(pk=registration.pk).status == Registration.Status.ACCEPTED
    events = LogEntry.objects.filter(
        additional_data__registration_id=registration.pk,
        additional_data__event__in=["submit", "accept", "return"],
    )
    assert sorted(e.additional_data["event"] for e in events) == ["accept", "submit"]


def test_progress_report_submitted_twice_from_stale_objects_is_submitted_once(
    demo, campaign, sample_bytes, media
):
    world = build(demo=demo, campaign=campaign, sample_bytes=sample_bytes)
    report = progress.report_transition(
        report=world.report, event="reopen", actor=demo.secretariat, reason="Bổ sung"
    )
    first, second = (type(report).objects.get(pk=report.pk) for _ in range(2))
    progress.report_transition(report=first, event="submit", actor=demo.secretariat)
    with pytest.raises(ValidationError, match="Không thể"):
        progress.report_transition(report=second, event="submit", actor=demo.secretariat)


def test_saving_a_registration_from_a_stale_object_after_submit_is_refused(demo, campaign):
    registration = services.registration_open(
        campaign=campaign, bloc=demo.bloc, organization=demo.org["DT-SXD"], actor=demo.xaydung
    )
    services.registration_save(
        registration=registration, targets=[services.TargetInput(text="Chỉ tiêu")], titles=[],
        actor=demo.xaydung,
    )  # fmt: skip
    stale = Registration.objects.get(pk=registration.pk)
    services.registration_transition(registration=registration, event="submit", actor=demo.xaydung)
    with pytest.raises(ValidationError, match="không sửa được"):
        services.registration_save(
            registration=stale, targets=[services.TargetInput(text="Đổi sau khi gửi")],
            titles=[], actor=demo.xaydung,
        )  # fmt: skip
    assert Registration.objects.get(pk=registration.pk).targets.get().text == "Chỉ tiêu"


def test_evidence_from_a_page_loaded_before_submission_is_refused(
    demo, campaign, sample_bytes, media
):
    """The evidence services re-read the report under its lock: a file added or removed from a
    page loaded while the report was a draft is refused once the report has been handed in."""
    from campaigns.models import Evidence, TargetProgress
    from tests.samples import PDF

    world = build(demo=demo, campaign=campaign, sample_bytes=sample_bytes)
    report = progress.report_transition(
        report=world.report, event="reopen", actor=demo.secretariat, reason="Bổ sung"
    )
    line = TargetProgress.objects.select_related("report").get(pk=world.evidence.progress_id)
    evidence = Evidence.objects.select_related("progress__report").get(pk=world.evidence.pk)
    assert line.report.is_editable and evidence.progress.report.is_editable
    progress.report_transition(report=report, event="submit", actor=demo.secretariat)
    with pytest.raises(ValidationError, match="Báo cáo đã gửi"):
        progress.evidence_add(progress=line, name="them.pdf", data=PDF, actor=demo.secretariat)
    with pytest.raises(ValidationError, match="Báo cáo đã gửi"):
        progress.evidence_remove(evidence=evidence, actor=demo.secretariat)
    assert list(Evidence.objects.filter(progress=line)) == [world.evidence]
