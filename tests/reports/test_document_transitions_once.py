"""Issue 13, finding 8 (reports part): two parallel clicks on a report's lifecycle button apply
once. Each click's request loaded the document before the other committed, so each service call
gets a stale object; the service locks the row and re-checks its status inside the transaction.
"""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import ReportingPeriod
from emulation_portal.audit import trail
from reports import services
from reports.models import DocumentCounter, ReportDocument, SignedScan
from tests import samples

pytestmark = pytest.mark.django_db
PDF = samples.PDF


@pytest.fixture
def world(full_demo):
    return full_demo


@pytest.fixture
def document(world):
    period = ReportingPeriod.objects.get(authority__code="DT", year=2020, kind="h1")
    return services.document_open(bloc=world.bloc, period=period, actor=world.secretariat)


def _twice(world, document, event, **kwargs):
    """Both clicks hold the document as it was before either ran."""
    first = ReportDocument.objects.get(pk=document.pk)
    second = ReportDocument.objects.get(pk=document.pk)
    services.document_transition(document=first, event=event, actor=world.secretariat, **kwargs)
    with pytest.raises(ValidationError, match="không thể"):
        services.document_transition(
            document=second, event=event, actor=world.secretariat, **kwargs
        )
    document = ReportDocument.objects.get(pk=document.pk)
    logged = [e for e in trail(document) if (e.additional_data or {}).get("event") == event]
    assert len(logged) == 1  # one click recorded, the refused one left no trace
    return document


def _step(world, document, event, **kwargs):
    return services.document_transition(
        document=ReportDocument.objects.get(pk=document.pk),
        event=event,
        actor=world.secretariat,
        **kwargs,
    )


def test_finalise_twice_applies_once(world, document):
    document = _twice(world, document, "finalise")
    assert document.status == "finalised" and document.snapshot


def test_reopen_twice_applies_once(world, document):
    _step(world, document, "finalise")
    document = _twice(world, document, "reopen")
    assert document.status == "draft" and document.snapshot is None


def test_number_twice_takes_one_number(world, document):
    _step(world, document, "finalise")
    document = _twice(world, document, "number")
    assert (document.status, document.number) == ("numbered", 1)
    assert DocumentCounter.objects.get(bloc=world.bloc).last_number == 1


def test_sign_twice_keeps_one_scan(world, document):
    _step(world, document, "finalise")
    _step(world, document, "number")
    first = ReportDocument.objects.get(pk=document.pk)
    second = ReportDocument.objects.get(pk=document.pk)
    services.document_transition(
        document=first, event="sign", actor=world.secretariat,
        scan=SimpleUploadedFile("ban-ky.pdf", PDF),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="không thể"):
        services.document_transition(
            document=second, event="sign", actor=world.secretariat,
            scan=SimpleUploadedFile("ban-ky-2.pdf", PDF + b"%2"),
        )  # fmt: skip
    scan = SignedScan.objects.get(document=document)
    assert scan.sha256 == hashlib.sha256(PDF).hexdigest()


def test_issue_twice_applies_once(world, document):
    _step(world, document, "finalise")
    _step(world, document, "number")
    _step(world, document, "sign", scan=SimpleUploadedFile("ban-ky.pdf", PDF))
    document = _twice(world, document, "issue")
    assert document.status == "issued" and document.issued_at is not None


def test_a_number_date_that_is_not_a_date_is_refused_not_replaced_by_today(world, document, client):
    _step(world, document, "finalise")
    client.force_login(world.secretariat)
    response = client.post(
        reverse("document_transition", args=[document.pk, "number"]), {"dated": "31/02/2020"}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.status, document.number) == ("finalised", None)
    page = client.get(response.url).content.decode()
    assert "Ngày văn bản" in page
