"""The bloc report as a record: edit, finalise, number, sign, issue; files; who sees what."""

import hashlib
import io
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse

from awards import catalogue
from awards.models import AwardType
from blocs.models import Bloc, BlocMembership, Organization, StaffAssignment, User
from campaigns.models import NarrativeAnswer, ReportingPeriod
from reports import bloc_outputs, documents, services
from reports.models import DocumentCounter, ReportDocument, ReportVersion
from tests import samples
from tests.conftest import require

pytestmark = pytest.mark.django_db
PDF = samples.PDF  # a real PDF: uploads are verified by parsing


@pytest.fixture
def world(full_demo):
    return full_demo


def h1() -> ReportingPeriod:
    return ReportingPeriod.objects.get(authority__code="DT", year=2020, kind="h1")


def annual() -> ReportingPeriod:
    return ReportingPeriod.objects.get(authority__code="DT", year=2020, kind="annual")


@pytest.fixture
def document(world):
    return services.document_open(bloc=world.bloc, period=h1(), actor=world.secretariat)


def _content(report, **sections):
    return {
        "intro": report.intro,
        "place": report.place,
        "recipients": report.recipients,
        "signature": vars(report.signature),
        "sections": {s.key: sections.get(s.key, s.text) for s in report.sections},
    }


def _edit(document, actor, **sections):
    report = services.document_context(document)
    services.document_save(
        document=document, version=document.version, content=_content(report, **sections),
        actor=actor,
    )  # fmt: skip
    document.refresh_from_db()


def _key(title: str, document) -> str:
    return next(s.key for s in services.document_context(document).sections if s.title == title)


def test_secretariat_edits_and_unedited_sections_follow_the_units(world, document):
    key = _key("Công tác xây dựng Đảng", document)
    _edit(document, world.secretariat, **{key: "Các chi bộ tổ chức đại hội^[Sở KH&CN, Sở CT]."})
    assert document.content["sections"] == {key: "Các chi bộ tổ chức đại hội^[Sở KH&CN, Sở CT]."}
    section = next(s for s in services.document_context(document).sections if s.key == key)
    assert [(r.text, r.note) for r in section.paragraphs[0]] == [
        ("Các chi bộ tổ chức đại hội", "Sở KH&CN, Sở CT"), (".", "")
    ]  # fmt: skip


def test_a_stale_form_is_refused_and_nothing_is_overwritten(world, document):
    stale = document.version
    # Somebody else saves a real edit (an unchanged save writes nothing, so no new version).
    _edit(document, world.secretariat, **{_key("Công tác xây dựng Đảng", document): "Đã sửa."})
    report = services.document_context(document)
    with pytest.raises(ValidationError, match="người khác"):
        services.document_save(
            document=document, version=stale, content=_content(report), actor=world.secretariat
        )


def test_finalised_content_is_frozen(world, document):
    services.document_transition(document=document, event="finalise", actor=world.secretariat)
    document.refresh_from_db()
    before = services.document_context(document)
    report = document.bloc.progress_reports.get(period=h1(), organization__code="DT-SCT")
    key = _key("Kết quả hoạt động của đoàn thể", document)
    NarrativeAnswer.objects.create(report=report, section_id=int(key), text="Mới thêm.")
    assert services.document_context(document) == before
    with pytest.raises(ValidationError, match="đã chốt"):
        _edit(document, world.secretariat)


def test_the_whole_lifecycle_numbers_signs_and_issues(world, document, client):
    for event in ("finalise", "number"):
        services.document_transition(document=document, event=event, actor=world.secretariat)
    document.refresh_from_db()
    assert (document.number, document.symbol) == (1, "01/BC-KTĐ4A")
    assert services.document_context(document).symbol == "01/BC-KTĐ4A"
    with pytest.raises(ValidationError, match="không phải PDF"):
        services.document_transition(
            document=document, event="sign", actor=world.secretariat,
            scan=SimpleUploadedFile("ban-ky.pdf", b"<html>not a pdf</html>"),
        )  # fmt: skip
    services.document_transition(
        document=document, event="sign", actor=world.secretariat,
        scan=SimpleUploadedFile("ban-ky.pdf", PDF),
    )  # fmt: skip
    assert document.signed_scan.sha256 == hashlib.sha256(PDF).hexdigest()
    # A member unit does not see the report before it is issued, and does afterwards.
    client.force_login(world.xaydung)
    assert client.get(reverse("document_detail", args=[document.pk])).status_code == 403
    services.document_transition(document=document, event="issue", actor=world.secretariat)
    page = client.get(reverse("document_detail", args=[document.pk]))
    assert page.status_code == 200 and "01/BC-KTĐ4A" in page.content.decode()
    assert client.get(reverse("scan_download", args=[document.pk])).status_code == 200
    assert "01/BC-KTĐ4A" in client.get(reverse("home")).content.decode()
    # Numbers are never reused: the next report of the bloc that year gets 2.
    second = services.document_open(bloc=world.bloc, period=annual(), actor=world.secretariat)
    for event in ("finalise", "number"):
        second = services.document_transition(document=second, event=event, actor=world.secretariat)
    assert second.number == 2
    with pytest.raises(ValidationError, match="không thể"):
        services.document_transition(document=second, event="issue", actor=world.secretariat)


def test_a_unit_outside_the_bloc_never_sees_it(world, document, client):
    other = Organization.objects.create(name="Sở Y tế", code="DT-SYT", parent=world.org["DT"])
    bloc = Bloc.objects.create(code="KTĐ4B", name="Khối thi đua 4B", authority=world.org["DT"])
    BlocMembership.objects.create(bloc=bloc, organization=other, year=2020, role="leader")
    user = User.objects.create_user("syt")
    StaffAssignment.objects.create(user=user, organization=other)
    client.force_login(user)
    for name in ("document_detail", "document_print"):
        assert client.get(reverse(name, args=[document.pk])).status_code == 403
    assert client.post(reverse("version_request", args=[document.pk, "pdf"])).status_code == 403


def test_versions_are_generated_stored_and_safe_to_rerun(
    world, document, client, django_capture_on_commit_callbacks
):
    client.force_login(world.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("version_request", args=[document.pk, "pdf"]))
    version = ReportVersion.objects.get()
    assert response.url == reverse("version_detail", args=[version.pk])
    assert (version.state, version.progress, version.status_at) == ("done", 100, "draft")
    data = client.get(reverse("version_download", args=[version.pk])).getvalue()
    assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == version.sha256
    assert "weasyprint/" in version.generator
    status = client.get(reverse("version_status", args=[version.pk])).json()
    assert status["state"] == "done" and status["download"]
    services.version_render(version.pk)  # a redelivered task changes nothing
    version.refresh_from_db()
    assert version.attempts == 1


def test_a_failed_generation_is_shown_and_logged(world, document, monkeypatch, caplog):
    def broken(report):
        raise RuntimeError("hỏng mẫu")

    monkeypatch.setitem(bloc_outputs.RENDERERS, "pdf", broken)
    version = ReportVersion.objects.create(document=document, format="pdf", status_at="draft")
    services.version_render(version.pk)
    version.refresh_from_db()
    assert version.state == "failed" and "hỏng mẫu" in version.error
    assert "failed" in caplog.text


def test_print_view_is_the_pdf_content_with_a_print_button(world, document, client):
    client.force_login(world.reviewer)
    html = client.get(reverse("document_print", args=[document.pk])).content.decode()
    assert "data-print" in html and "Phụ lục 1" in html and "TM. KHỐI THI ĐUA 4A" in html
    assert "<script>" not in html  # only the static print.js


def test_user_html_is_escaped(world, document, client):
    key = _key("Công tác xây dựng Đảng", document)
    _edit(document, world.secretariat, **{key: "<script>alert(1)</script> & <b>đậm</b>"})
    client.force_login(world.secretariat)
    html = client.get(reverse("document_print", args=[document.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;đậm&lt;/b&gt;" in html


def test_edit_page_keeps_typed_text_on_conflict(world, document, client):
    client.force_login(world.secretariat)
    page = client.get(reverse("document_detail", args=[document.pk]))
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    key = f"section-{_key('Công tác xây dựng Đảng', document)}"
    _edit(document, world.secretariat, **{key.removeprefix("section-"): "Sửa trước"})  # meanwhile
    data[key] = "Nội dung tôi vừa gõ"
    response = client.post(reverse("document_detail", args=[document.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "người khác" in html and "Nội dung tôi vừa gõ" in html


def test_no_members_and_no_data(world):
    empty = Bloc.objects.create(code="KTĐ9", name="Khối thi đua 9", authority=world.org["DT"])
    document = services.document_open(bloc=empty, period=h1(), actor=world.admin)
    report = services.document_context(document)
    assert report.members == 0 and all(s.missing or s.has_children for s in report.sections)
    pdf = documents.render("bloc-report", {"document": document}, "pdf", user=None).data
    assert pdf.startswith(b"%PDF")
    with pytest.raises(ValidationError, match="chưa có thành viên"):
        services.document_transition(document=document, event="finalise", actor=world.admin)


def test_long_narrative_and_many_targets_render(world, document):
    from campaigns.models import Registration, Target

    registration = Registration.objects.filter(bloc=world.bloc).first()
    Target.objects.bulk_create(
        Target(registration=registration, ordinal=100 + i, text=f"Chỉ tiêu bổ sung số {i}")
        for i in range(300)
    )
    key = _key("Công tác xây dựng Đảng", document)
    _edit(document, world.secretariat, **{key: "Đoạn văn rất dài. " * 280})  # ~5,000 characters
    data = documents.render("bloc-report", {"document": document}, "pdf", user=None).data
    assert data.startswith(b"%PDF")


@pytest.mark.django_db(transaction=True)
def test_concurrent_numbering_is_gap_free_and_unique(demo):
    """Two secretariat sessions number two reports at the same moment (PostgreSQL row locks)."""
    require(connection.vendor == "postgresql", "PostgreSQL")
    catalogue.seed(AwardType)  # transactional tests flush the rows the data migration made
    call_command("load_demo", stdout=io.StringIO())
    documents = [
        services.document_open(bloc=demo.bloc, period=p, actor=demo.secretariat)
        for p in (h1(), annual())
    ]
    for document in documents:
        services.document_transition(document=document, event="finalise", actor=demo.secretariat)
    barrier, errors = threading.Barrier(2), []

    def number(document):
        try:
            barrier.wait()
            services.document_transition(document=document, event="number", actor=demo.secretariat)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=number, args=(d,)) for d in documents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    numbers = sorted(ReportDocument.objects.values_list("number", flat=True))
    assert numbers == [1, 2]
    assert DocumentCounter.objects.get().last_number == 2
