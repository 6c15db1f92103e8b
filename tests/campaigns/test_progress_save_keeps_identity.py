"""Issue 13, deliver 1 and 7 for progress reports: a save updates answers, issued documents and
target lines in place, and a report posted back exactly as rendered changes nothing (same rows,
same values, same `updated_at`, no audit entry). Before, every save deleted and recreated every
answer and document, bumped `updated_at` and wrote a "Lưu báo cáo" entry."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns import progress
from campaigns.models import IssuedDocument, NarrativeAnswer, OutlineSection, ProgressReport
from tests import samples
from tests.campaigns.test_number_round_trip import _as_rendered, report_world  # noqa: F401

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def filled(report_world):  # noqa: F811
    """The unit's report with target states, two narrative answers, one statistic answer and
    three issued documents (two on the same day: their order must not shuffle rows)."""
    world, report = report_world, report_world.report
    outline = report.period.outline
    leaves = [
        s
        for s in progress.outline_snapshot(outline)
        if s["kind"] == OutlineSection.Kind.NARRATIVE and not s["has_children"]
    ]
    statistic = OutlineSection.objects.create(
        outline=outline, ordinal=99, number="Phần III", title="Số cuộc kiểm tra", kind="statistic",
        source="so_cuoc_kiem_tra",
    )  # fmt: skip
    lines = list(report.progress.order_by("target__ordinal"))
    progress.report_save(
        report=report,
        progress=[
            progress.ProgressInput(lines[0].target_id, "done", Decimal("12.5"), "Đã xong\nquý II"),
            progress.ProgressInput(lines[1].target_id, "in_progress", None, "Đang làm"),
        ],
        answers={
            leaves[0]["id"]: ("Kinh phí hạn chế.\nNhân lực thiếu.", None),
            leaves[1]["id"]: ("Tiếp tục triển khai.", None),
            statistic.pk: ("", Decimal("-2.5")),
        },
        documents=[
            progress.DocumentInput("15/KH-SCT", D(2020, 2, 3), "Kế hoạch thi đua"),
            progress.DocumentInput("16/KH-SCT", D(2020, 2, 3), "Kế hoạch khen thưởng"),
            progress.DocumentInput("20/QĐ-SCT", D(2020, 4, 1), "Quyết định khen thưởng"),
        ],
        actor=world.congthuong,
    )
    world.leaves, world.statistic, world.lines = leaves, statistic, lines
    world.url = reverse("report_edit", args=[report.pk])
    return world


def _snapshot(report):
    report = ProgressReport.objects.get(pk=report.pk)
    return {
        "report": (report.updated_at, report.updated_by_id),
        "lines": sorted(report.progress.values_list("pk", "state", "achieved_value", "note")),
        "answers": sorted(report.answers.values_list("pk", "section_id", "text", "value")),
        "documents": sorted(report.documents.values_list("pk", "symbol", "issued_on", "title")),
    }


def _entries_of(report):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ProgressReport), object_id=report.pk
    )


def _report_entries(report):
    return _entries_of(report).count()


def _document_prefix(data, symbol):
    return next(
        k[: -len("-symbol")] for k, v in data.items() if k.endswith("-symbol") and v == symbol
    )


def test_a_report_posted_back_as_rendered_changes_nothing(client, filled):
    report = filled.report
    before, entries = _snapshot(report), LogEntry.objects.count()
    client.force_login(filled.congthuong)
    for _save in range(2):
        response = client.post(filled.url, _as_rendered(client, filled.url))
        assert response.status_code == 302, response.content.decode()[:2000]
        assert _snapshot(report) == before
        assert LogEntry.objects.count() == entries


def test_browser_line_endings_are_not_a_change(client, filled):
    """Browsers post a textarea's new lines as CRLF; the text stored with LF is the same text."""
    before, entries = _snapshot(filled.report), LogEntry.objects.count()
    client.force_login(filled.congthuong)
    data = {k: v.replace("\n", "\r\n") for k, v in _as_rendered(client, filled.url).items()}
    assert client.post(filled.url, data).status_code == 302
    assert _snapshot(filled.report) == before
    assert LogEntry.objects.count() == entries


def test_an_unchanged_service_save_writes_nothing(filled):
    report = filled.report
    before, entries = _snapshot(report), LogEntry.objects.count()
    progress.report_save(
        report=report,
        progress=[
            progress.ProgressInput(
                filled.lines[0].target_id, "done", Decimal("12.50"), "Đã xong\nquý II"
            ),
            progress.ProgressInput(filled.lines[1].target_id, "in_progress", None, "Đang làm"),
        ],  # fmt: skip
        answers={
            filled.leaves[0]["id"]: ("Kinh phí hạn chế.\nNhân lực thiếu.", None),
            filled.leaves[1]["id"]: ("Tiếp tục triển khai.", None),
            filled.statistic.pk: ("", Decimal("-2.500")),
        },
        documents=[  # no ids: rows equal in content are the same rows, in any order
            progress.DocumentInput("20/QĐ-SCT", D(2020, 4, 1), "Quyết định khen thưởng"),
            progress.DocumentInput("16/KH-SCT", D(2020, 2, 3), "Kế hoạch khen thưởng"),
            progress.DocumentInput("15/KH-SCT", D(2020, 2, 3), "Kế hoạch thi đua"),
        ],
        actor=filled.xaydung,
        seen_updated_at=before["report"][0],
    )
    assert _snapshot(report) == before
    assert LogEntry.objects.count() == entries


def test_an_edit_updates_in_place_and_is_recorded_once(client, filled):
    report = filled.report
    before = _snapshot(report)
    answers = {a.section_id: a.pk for a in report.answers.all()}
    documents = {d.symbol: d.pk for d in report.documents.all()}
    entries = _report_entries(report)
    client.force_login(filled.congthuong)
    data = _as_rendered(client, filled.url)
    first = filled.leaves[0]["id"]
    data[f"s{first}-text"] = "Kinh phí còn hạn chế."
    edited, removed = _document_prefix(data, "16/KH-SCT"), _document_prefix(data, "15/KH-SCT")
    data[f"{edited}-title"] = "Kế hoạch khen thưởng năm 2020"
    data[f"{removed}-DELETE"] = "on"
    new = f"doc-{data['doc-TOTAL_FORMS']}"  # what "Thêm văn bản" adds
    data |= {f"{new}-symbol": "30/KH-SCT", f"{new}-issued_on": "05/05/2020",
             f"{new}-title": "Kế hoạch mới", "doc-TOTAL_FORMS": str(int(data["doc-TOTAL_FORMS"]) + 1)}  # fmt: skip # noqa: E501
    assert client.post(filled.url, data).status_code == 302
    after = _snapshot(report)
    assert after["report"][0] > before["report"][0]
    assert after["lines"] == before["lines"]  # untouched
    now = {a.section_id: (a.pk, a.text) for a in report.answers.all()}
    assert now[first] == (answers[first], "Kinh phí còn hạn chế.")
    assert now[filled.leaves[1]["id"]][0] == answers[filled.leaves[1]["id"]]
    kept = {d.symbol: (d.pk, d.title) for d in report.documents.all()}
    assert kept["16/KH-SCT"] == (documents["16/KH-SCT"], "Kế hoạch khen thưởng năm 2020")
    assert kept["20/QĐ-SCT"][0] == documents["20/QĐ-SCT"]
    assert "15/KH-SCT" not in kept and "30/KH-SCT" in kept
    assert not IssuedDocument.objects.filter(pk=documents["15/KH-SCT"]).exists()
    assert _report_entries(report) == entries + 1
    entry = _entries_of(report).latest("pk")
    assert entry.additional_data["event"] == "save"


def test_removing_the_first_document_removes_that_row_only(client, filled):
    report = filled.report
    rows = sorted(report.documents.all(), key=lambda d: (d.issued_on, d.symbol, d.pk))
    client.force_login(filled.congthuong)
    data = _as_rendered(client, filled.url)
    data[f"{_document_prefix(data, rows[0].symbol)}-DELETE"] = "on"
    assert client.post(filled.url, data).status_code == 302
    assert sorted(report.documents.values_list("pk", "symbol")) == sorted(
        (d.pk, d.symbol) for d in rows[1:]
    )


def test_an_emptied_answer_is_removed_and_the_page_round_trips(client, filled):
    report = filled.report
    client.force_login(filled.congthuong)
    data = _as_rendered(client, filled.url)
    data[f"s{filled.leaves[1]['id']}-text"] = ""
    assert client.post(filled.url, data).status_code == 302
    assert not report.answers.filter(section_id=filled.leaves[1]["id"]).exists()
    before = _snapshot(report)
    assert client.post(filled.url, _as_rendered(client, filled.url)).status_code == 302
    assert _snapshot(report) == before


def test_an_answer_the_page_does_not_show_survives_a_save(client, filled):
    """A section given subsections after the unit answered it is shown as a heading: the
    page has no box for it, so a save must not take its text away."""
    report, section_id = filled.report, filled.leaves[0]["id"]
    OutlineSection.objects.create(
        outline=report.period.outline, parent_id=section_id, ordinal=1, number="a",
        title="Mục con mới", kind="narrative",
    )  # fmt: skip
    client.force_login(filled.congthuong)
    data = _as_rendered(client, filled.url)
    assert f"s{section_id}-text" not in data
    data[f"s{filled.leaves[1]['id']}-text"] = "Sửa mục khác"
    assert client.post(filled.url, data).status_code == 302
    assert report.answers.get(section_id=section_id).text == "Kinh phí hạn chế.\nNhân lực thiếu."


def test_the_lock_still_refuses_a_stale_form_after_an_unchanged_save(client, filled):
    client.force_login(filled.congthuong)
    stale = _as_rendered(client, filled.url)
    assert client.post(filled.url, stale).status_code == 302  # unchanged: the stamp stays
    fresh = _as_rendered(client, filled.url)
    assert fresh["seen_updated_at"] == stale["seen_updated_at"]
    fresh[f"s{filled.leaves[1]['id']}-text"] = "Bản của người thứ nhất"
    assert client.post(filled.url, fresh).status_code == 302
    stale[f"s{filled.leaves[1]['id']}-text"] = "Bản của người thứ hai"
    response = client.post(filled.url, stale)
    assert response.status_code == 400
    assert "vừa được" in response.content.decode()
    answer = filled.report.answers.get(section_id=filled.leaves[1]["id"])
    assert answer.text == "Bản của người thứ nhất"


def test_a_document_of_another_report_is_refused(filled, demo):
    other = IssuedDocument.objects.create(
        report=ProgressReport.objects.create(
            period=filled.report.period, bloc=filled.report.bloc, organization=demo.org["DT-SXD"]
        ),
        symbol="1/KH-SXD", issued_on=D(2020, 1, 2), title="Của đơn vị khác",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="không thuộc báo cáo này"):
        progress.report_save(
            report=filled.report, progress=[], answers={},
            documents=[progress.DocumentInput("1/KH-SXD", D(2020, 1, 2), "Sửa", id=other.pk)],
            actor=filled.congthuong,
        )  # fmt: skip
    other.refresh_from_db()
    assert other.title == "Của đơn vị khác"
    assert filled.report.documents.count() == 3


def test_new_evidence_alone_is_a_change(client, filled, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    report, line = filled.report, filled.lines[1]
    before = _snapshot(report)
    entries = _report_entries(report)
    client.force_login(filled.congthuong)
    data = _as_rendered(client, filled.url)
    data[f"t{line.pk}-evidence"] = SimpleUploadedFile("bien-ban.pdf", samples.pdf())
    response = client.post(filled.url, data)
    assert response.status_code == 302, response.context["errors"]
    assert line.evidence.count() == 1
    after = _snapshot(report)
    assert after["report"][0] > before["report"][0]
    assert {k: after[k] for k in ("lines", "answers", "documents")} == {
        k: before[k] for k in ("lines", "answers", "documents")
    }
    assert _report_entries(report) == entries + 1
    entry = _entries_of(report).latest("pk")
    assert "bien-ban.pdf" in entry.additional_data["comment"]


def test_answers_keep_their_rows_through_a_service_edit(filled):
    report = filled.report
    ids = dict(report.answers.values_list("section_id", "pk"))
    progress.report_save(
        report=report, progress=[],
        answers={filled.leaves[0]["id"]: ("Sửa", None), filled.statistic.pk: ("", Decimal(3))},
        documents=[
            progress.DocumentInput(d.symbol, d.issued_on, d.title) for d in report.documents.all()
        ],
        actor=filled.congthuong,
    )  # fmt: skip
    now = {a.section_id: (a.pk, a.text, a.value) for a in NarrativeAnswer.objects.filter(
        report=report)}  # fmt: skip
    assert now[filled.leaves[0]["id"]] == (ids[filled.leaves[0]["id"]], "Sửa", None)
    assert now[filled.statistic.pk] == (ids[filled.statistic.pk], "", Decimal(3))
    # A section not posted keeps its answer: the caller only sends what its form shows.
    assert now[filled.leaves[1]["id"]][0] == ids[filled.leaves[1]["id"]]


def test_what_a_section_does_not_show_is_kept(client, filled):
    """The page shows a statistic's number only and a narrative's text only: a section whose
    kind changed after the unit answered keeps the part its box no longer shows."""
    report = filled.report
    narrative = filled.leaves[1]["id"]
    NarrativeAnswer.objects.filter(report=report, section_id=narrative).update(value=Decimal(7))
    NarrativeAnswer.objects.filter(report=report, section=filled.statistic).update(text="Ghi chú")
    before, entries = _snapshot(report), LogEntry.objects.count()
    client.force_login(filled.congthuong)
    assert client.post(filled.url, _as_rendered(client, filled.url)).status_code == 302
    assert _snapshot(report) == before
    assert LogEntry.objects.count() == entries


def test_an_unchanged_post_sends_no_write_to_the_database(client, filled):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(filled.congthuong)
    data = _as_rendered(client, filled.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.post(filled.url, data).status_code == 302
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in q["sql"]
    ]
    assert writes == []


def test_a_document_named_twice_is_refused(filled):
    document = filled.report.documents.first()
    twice = progress.DocumentInput(document.symbol, document.issued_on, "Sửa", id=document.pk)
    with pytest.raises(ValidationError, match="hai lần"):
        progress.report_save(
            report=filled.report, progress=[], answers={}, documents=[twice, twice],
            actor=filled.congthuong,
        )  # fmt: skip
    document.refresh_from_db()
    assert document.title != "Sửa"
