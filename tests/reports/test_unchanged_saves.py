"""A bloc report's edit page saved back unchanged changes nothing (issue 13, DESIGN §5): its
sections keep following the units' answers, and the version and `updated_at` stay as they were.
A real edit stores that section alone."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from campaigns.models import ReportingPeriod
from reports import services
from reports.models import ReportDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(full_demo):
    period = ReportingPeriod.objects.get(authority__code="DT", year=2020, kind="h1")
    return services.document_open(bloc=full_demo.bloc, period=period, actor=full_demo.secretariat)


def _page_data(client, document) -> dict:
    """What a browser posts when nothing was typed: the form's values, textareas with CRLF."""
    page = client.get(reverse("document_detail", args=[document.pk]))
    form = page.context["form"]
    return {name: str(form[name].value() or "").replace("\n", "\r\n") for name in form.fields}


def _state(document):
    row = ReportDocument.objects.values("content", "version", "updated_at").get(pk=document.pk)
    return row, LogEntry.objects.count()


def test_saving_the_edit_page_unchanged_writes_nothing(full_demo, document, client):
    client.force_login(full_demo.secretariat)
    data = _page_data(client, document)
    assert any(v.strip() for k, v in data.items() if k.startswith("section-"))  # answers shown
    before = _state(document)
    response = client.post(reverse("document_detail", args=[document.pk]), data)
    assert response.status_code == 302
    assert _state(document) == before
    assert ReportDocument.objects.get(pk=document.pk).content == {}


def test_an_edited_section_is_stored_alone_and_the_others_keep_following(
    full_demo, document, client
):
    client.force_login(full_demo.secretariat)
    data = _page_data(client, document)
    key = next(k for k, v in data.items() if k.startswith("section-") and v.strip())
    data[key] = "Nội dung thư ký khối viết lại."
    version = document.version
    response = client.post(reverse("document_detail", args=[document.pk]), data)
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.content == {"sections": {key.removeprefix("section-"): data[key]}}
    assert document.version == version + 1

    # Saved again unchanged: still that one section, same version.
    again = _page_data(client, document)
    assert again[key] == data[key]
    client.post(reverse("document_detail", args=[document.pk]), again)
    document.refresh_from_db()
    assert document.content == {"sections": {key.removeprefix("section-"): data[key]}}
    assert document.version == version + 1


def test_a_section_put_back_to_the_units_answers_follows_them_again(full_demo, document, client):
    client.force_login(full_demo.secretariat)
    data = _page_data(client, document)
    key = next(k for k, v in data.items() if k.startswith("section-") and v.strip())
    merged = data[key]
    client.post(reverse("document_detail", args=[document.pk]), {**data, key: "Tạm."})
    document.refresh_from_db()
    client.post(
        reverse("document_detail", args=[document.pk]), _page_data(client, document) | {key: merged}
    )
    document.refresh_from_db()
    assert document.content.get("sections") == {}


def test_a_unit_answer_changed_while_the_page_was_open_is_not_frozen(full_demo, document, client):
    """The page showed the units' answers as they were; a unit edits its answer before the
    secretariat saves the page unchanged: the section must keep following the units (now the
    new answer), not store the old merged text as the secretariat's edit."""
    from campaigns.models import NarrativeAnswer

    client.force_login(full_demo.secretariat)
    data = _page_data(client, document)
    answer = (
        NarrativeAnswer.objects.filter(
            report__bloc=document.bloc, report__period=document.period, report__status="accepted"
        )
        .exclude(text="")
        .filter(section_id__in=[int(k.removeprefix("section-")) for k in data if k[8:].isdigit()])
        .first()
    )
    key = f"section-{answer.section_id}"
    assert answer.text.splitlines()[0] in data[key]
    NarrativeAnswer.objects.filter(pk=answer.pk).update(text="Câu trả lời mới của đơn vị.")
    before = _state(document)
    client.post(reverse("document_detail", args=[document.pk]), data)
    assert _state(document) == before
    assert "Câu trả lời mới của đơn vị." in _page_data(client, document)[key]
