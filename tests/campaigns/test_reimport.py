"""Importing again: per-unit diff in the preview; accepted work is never silently replaced."""

import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError

from campaigns import importer, services
from campaigns.models import Registration, Target

pytestmark = pytest.mark.django_db


def _changed_sample(data: bytes) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    workbook.worksheets[0]["B8"] = "Ban hành Quy định quản lý nhiệm vụ khoa học và công nghệ"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def imported(sample_bytes, campaign, demo):
    plan = importer.plan_from_bytes(sample_bytes, campaign=campaign, bloc=demo.bloc)
    importer.apply_import(plan, actor=demo.secretariat, source="mau.xlsx")
    return Registration.objects.get(organization__code="DT-SKHCN")


def test_same_file_again_changes_nothing(imported, sample_bytes, campaign, demo):
    plan = importer.plan_from_bytes(sample_bytes, campaign=campaign, bloc=demo.bloc)
    assert {u.action for u in plan.units} == {"unchanged"}


def test_changed_file_replaces_submitted_and_shows_the_diff(imported, sample_bytes, campaign, demo):
    plan = importer.plan_from_bytes(
        _changed_sample(sample_bytes), campaign=campaign, bloc=demo.bloc
    )
    unit = next(u for u in plan.units if u.organization.code == "DT-SKHCN")
    assert unit.action == "replace"
    assert unit.changed == [
        "Ban hành Quy định quản lý nhiệm vụ khoa học và công nghệ (Tháng 6/2020)"
    ]
    assert not unit.added and not unit.removed
    importer.apply_import(plan, actor=demo.secretariat, source="sua.xlsx")
    assert Target.objects.get(registration=imported, ordinal=2).text.startswith("Ban hành")


def test_accepted_registration_is_refused_unless_asked(
    imported, sample_bytes, campaign, demo, tmp_path
):
    services.registration_transition(registration=imported, event="accept", actor=demo.secretariat)
    changed = _changed_sample(sample_bytes)
    plan = importer.plan_from_bytes(changed, campaign=campaign, bloc=demo.bloc)
    assert not plan.ok
    assert any("đã được chấp nhận" in str(e) for e in plan.errors)
    path = tmp_path / "sua.xlsx"
    path.write_bytes(changed)
    with pytest.raises(CommandError):
        call_command("import_targets", str(path), bloc="KTĐ4A", year=2020)
    assert Target.objects.get(registration=imported, ordinal=2).text.startswith("Dự thảo")
    call_command(
        "import_targets", str(path), bloc="ktđ4a", year=2020, replace_accepted=True, user="hvquan",
        stdout=io.StringIO(),
    )  # fmt: skip
    imported.refresh_from_db()
    assert imported.status == Registration.Status.SUBMITTED
    assert Target.objects.get(registration=imported, ordinal=2).text.startswith("Ban hành")
    entry = LogEntry.objects.filter(additional_data__event="import").latest("pk")
    assert entry.additional_data["replaced_accepted"] is True
    assert entry.actor.username == "hvquan"


def test_command_dry_run_prints_units_and_saves_nothing(sample_bytes, campaign, demo, tmp_path):
    path = tmp_path / "mau.xlsx"
    path.write_bytes(sample_bytes)
    out = io.StringIO()
    call_command("import_targets", str(path), bloc="KTĐ4A", year=2020, dry_run=True, stdout=out)
    text = out.getvalue()
    assert "8 đơn vị, 49 chỉ tiêu, 11 danh hiệu" in text
    assert "Sở Tài nguyên và Môi trường" in text and "xuất hiện hai lần" in text
    assert not Registration.objects.exists()


def test_command_exits_non_zero_with_row_errors(campaign, demo, tmp_path, sample_bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(sample_bytes))
    workbook.worksheets[0]["B6"] = "Sở Y tế"
    path = tmp_path / "loi.xlsx"
    workbook.save(path)
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 lỗi; không lưu gì"):
        call_command(
            "import_targets", str(path), bloc="KTĐ4A", year=2020, stderr=err, stdout=io.StringIO()
        )
    assert "Dòng 6: “Sở Y tế” không phải thành viên của Khối thi đua 4A năm 2020" in err.getvalue()
    assert not Registration.objects.exists()
