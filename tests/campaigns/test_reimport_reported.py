"""Importing again once units have reported on their targets: targets are matched (same text,
else same row number), updated in place, and a reported target the file drops is never deleted:
the import is refused and the preview says which target, what it carries and what to do."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from campaigns import importer
from campaigns.models import Registration, Target

from .reported_world import build, snapshot

pytestmark = pytest.mark.django_db

FIRST = "Phấn đấu điểm chỉ số cải cách hành chính"  # Sở KH&CN's target 1: done, with evidence


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def reported(demo, campaign, sample_bytes, media):
    return build(demo=demo, campaign=campaign, sample_bytes=sample_bytes)


def _workbook(data: bytes, edit) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    edit(workbook.worksheets[0])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _reworded(ws):
    ws["B8"] = "Ban hành Quy định quản lý nhiệm vụ khoa học và công nghệ"  # target 2, reported


def _first_dropped(ws):
    ws.delete_rows(7)  # Sở KH&CN's target 1 (done, with its evidence) is no longer in the file


def _new_first(ws):
    ws.insert_rows(7)
    ws["A7"], ws["B7"], ws["C7"] = "1", "Chỉ tiêu mới đặt lên đầu", "Tháng 10/2020"


def _command(tmp_path, data, **options):
    path = tmp_path / "lai.xlsx"
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_targets", str(path), bloc="KTĐ4A", year=2020, replace_accepted=True,
        stdout=out, stderr=err, **options,
    )  # fmt: skip
    return out.getvalue()


def test_replace_accepted_updates_reported_targets_in_place(reported, sample_bytes, tmp_path):
    before = snapshot(reported.registration)
    _command(tmp_path, _workbook(sample_bytes, _reworded))
    after = snapshot(reported.registration)
    assert [t["pk"] for t in after["targets"]] == [t["pk"] for t in before["targets"]]
    assert after["targets"][1]["text"].startswith("Ban hành Quy định")
    assert after["progress"] == before["progress"]
    assert after["evidence"] == before["evidence"]
    assert after["registration"]["status"] == Registration.Status.SUBMITTED


def test_replace_accepted_dropping_a_reported_target_is_refused_not_a_crash(
    reported, sample_bytes, tmp_path
):
    before = snapshot(reported.registration)
    err = io.StringIO()
    path = tmp_path / "bo.xlsx"
    path.write_bytes(_workbook(sample_bytes, _first_dropped))
    with pytest.raises(CommandError, match="không lưu gì"):
        call_command(
            "import_targets", str(path), bloc="KTĐ4A", year=2020, replace_accepted=True,
            stdout=io.StringIO(), stderr=err,
        )  # fmt: skip
    message = err.getvalue()
    assert "Sở Khoa học và Công nghệ" in message and FIRST in message
    assert "1 dòng báo cáo" in message and "1 tệp minh chứng" in message
    assert snapshot(reported.registration) == before


def test_a_target_inserted_on_top_keeps_the_others_and_their_reports(
    reported, sample_bytes, tmp_path
):
    before = snapshot(reported.registration)
    _command(tmp_path, _workbook(sample_bytes, _new_first))
    after = snapshot(reported.registration)
    assert after["targets"][0]["text"] == "Chỉ tiêu mới đặt lên đầu"
    assert [t["pk"] for t in after["targets"][1:]] == [t["pk"] for t in before["targets"]]
    assert [t["ordinal"] for t in after["targets"]] == list(range(1, 10))
    assert after["progress"] == before["progress"]


def test_importing_keeps_what_the_file_does_not_carry(reported, sample_bytes, tmp_path):
    Target.objects.filter(pk=reported.lines[1].target_id).update(
        kind="quantitative", planned_value=3, unit="văn bản", points=5
    )
    _command(tmp_path, _workbook(sample_bytes, _reworded))
    target = Target.objects.get(pk=reported.lines[1].target_id)
    assert (target.kind, target.planned_value, target.unit, target.points) == (
        "quantitative", 3, "văn bản", 5,
    )  # fmt: skip


def test_the_plan_says_what_happens_to_reported_targets(reported, sample_bytes, campaign, demo):
    plan = importer.plan_from_bytes(
        _workbook(sample_bytes, _reworded), campaign=campaign, bloc=demo.bloc,
        replace_accepted=True,
    )  # fmt: skip
    assert plan.ok
    unit = next(u for u in plan.units if u.organization.code == "DT-SKHCN")
    # All eight are lines of the accepted six-month report; target 1 also has a file.
    assert len(unit.reported) == 8
    assert unit.reported[0].endswith("(1 dòng báo cáo, 1 tệp minh chứng)")
    assert unit.reported[1].startswith("2. Ban hành Quy định")
    assert unit.action == "replace" and not unit.dropped


def _upload(client, world, data, *, replace):
    response = client.post(
        reverse("bloc_import", args=[world.campaign.pk, world.bloc.pk]),
        {"file": SimpleUploadedFile("lai.xlsx", data), "replace_accepted": "on" if replace else ""},
    )
    assert response.status_code == 302
    return response.url


def test_web_preview_with_replace_lists_reported_targets_and_refuses_to_drop_one(
    client, reported, sample_bytes, demo, campaign
):
    demo.campaign = campaign
    client.force_login(demo.secretariat)
    before = snapshot(reported.registration)
    preview = _upload(client, demo, _workbook(sample_bytes, _first_dropped), replace=True)
    page = client.get(preview)
    assert page.status_code == 200
    html = page.content.decode()
    assert FIRST in html and "1 dòng báo cáo" in html and "1 tệp minh chứng" in html
    assert "Xác nhận nhập" not in html  # nothing to confirm while the file drops it
    assert "so khớp" in html  # the rule is stated on the page
    response = client.post(preview, {"action": "confirm"})
    assert response.status_code in (200, 302)
    assert snapshot(reported.registration) == before


def test_web_preview_with_replace_says_reported_targets_are_kept(
    client, reported, sample_bytes, demo, campaign
):
    demo.campaign = campaign
    client.force_login(demo.secretariat)
    before = snapshot(reported.registration)
    preview = _upload(client, demo, _workbook(sample_bytes, _reworded), replace=True)
    html = client.get(preview).content.decode()
    assert "Xác nhận nhập" in html
    assert "giữ kết quả đã báo cáo" in html
    assert client.post(preview, {"action": "confirm"}).status_code == 302
    after = snapshot(reported.registration)
    assert after["progress"] == before["progress"] and after["evidence"] == before["evidence"]


def _other_on_row_two(ws):
    ws["B8"] = "Tổ chức giải chạy việt dã cho cán bộ, công chức"  # not a rewording of target 2


def test_a_different_target_on_a_reported_row_does_not_inherit_its_report(
    reported, sample_bytes, campaign, demo
):
    plan = importer.plan_from_bytes(
        _workbook(sample_bytes, _other_on_row_two), campaign=campaign, bloc=demo.bloc,
        replace_accepted=True,
    )  # fmt: skip
    assert not plan.ok
    unit = next(u for u in plan.units if u.organization.code == "DT-SKHCN")
    assert unit.action == "refused"
    assert unit.added == ["Tổ chức giải chạy việt dã cho cán bộ, công chức (Tháng 6/2020)"]
    assert len(unit.dropped) == 1 and "Dự thảo Quy định" in unit.dropped[0]


def test_a_rewording_of_a_reported_target_is_matched_by_its_number(
    reported, sample_bytes, campaign, demo
):
    plan = importer.plan_from_bytes(
        _workbook(sample_bytes, _reworded), campaign=campaign, bloc=demo.bloc,
        replace_accepted=True,
    )  # fmt: skip
    unit = next(u for u in plan.units if u.organization.code == "DT-SKHCN")
    assert plan.ok and unit.changed and not unit.added and not unit.dropped


def test_a_report_written_between_preview_and_confirm_stops_the_import(
    demo, campaign, sample_bytes, media
):
    """The plan is checked again on the rows locked for the save: a unit that reports on a
    target after the preview (which dropped it freely) keeps its report; nothing is saved."""
    from django.core.exceptions import ValidationError

    from campaigns import progress
    from campaigns.models import ReportingPeriod
    from campaigns.progress import ProgressInput

    importer.apply_import(
        importer.plan_from_bytes(sample_bytes, campaign=campaign, bloc=demo.bloc),
        actor=demo.secretariat,
        source="mau.xlsx",
    )
    registration = Registration.objects.get(organization__code="DT-SKHCN")
    plan = importer.plan_from_bytes(
        _workbook(sample_bytes, _first_dropped), campaign=campaign, bloc=demo.bloc
    )
    assert plan.ok  # nobody has reported yet
    periods = progress.periods_ensure_defaults(
        authority=demo.org["DT"], year=2020, actor=demo.reviewer
    )
    h1 = next(p for p in periods if p.kind == ReportingPeriod.Kind.H1)
    report = progress.report_open(
        period=h1, bloc=demo.bloc, organization=registration.organization, actor=demo.secretariat
    )
    first = report.progress.get(target__ordinal=1)
    progress.report_save(
        report=report, progress=[ProgressInput(first.target_id, "done")], answers={},
        documents=[], actor=demo.secretariat,
    )  # fmt: skip
    before = snapshot(registration)
    with pytest.raises(ValidationError, match="Không bỏ được chỉ tiêu 1"):
        importer.apply_import(plan, actor=demo.secretariat, source="bo.xlsx")
    assert snapshot(registration) == before
