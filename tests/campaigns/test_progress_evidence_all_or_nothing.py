"""Issue 13, finding 11 (evidence): a refused evidence file was dropped while the banner said
everything typed was kept, and the rest of the report was saved anyway. Now the report and its
new evidence are saved together or not at all; the form comes back with everything typed and
names every file that must be chosen again (browsers cannot keep a file input's choice)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns import progress
from campaigns.models import Evidence, TargetProgress
from tests import samples
from tests.campaigns.test_progress_views import _line_post, world  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db
GOOD = samples.PDF
BAD = b"<html>not a pdf</html>"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def _files(root):
    return [p for p in root.rglob("*") if p.is_file()]


def _lines(report_world):
    return list(report_world.report.progress.order_by("pk"))


def test_a_refused_file_saves_nothing_and_everything_typed_comes_back(client, world, media):  # noqa: F811
    first, second = _lines(world)[:2]
    client.force_login(world.congthuong)
    data = _line_post(world.report, **{
        f"t{first.pk}-state": "in_progress", f"t{first.pk}-note": "Đang làm, đạt 60%",
        f"t{second.pk}-note": "Đã ban hành kế hoạch",
    })  # fmt: skip
    data[f"t{first.pk}-evidence"] = SimpleUploadedFile("bien-ban.pdf", GOOD)
    data[f"t{second.pk}-evidence"] = SimpleUploadedFile("ke-hoach.pdf", BAD)
    response = client.post(reverse("report_edit", args=[world.report.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    # Nothing saved: not the notes, not the good file, no file left on disk.
    assert TargetProgress.objects.get(pk=first.pk).note == ""
    assert TargetProgress.objects.get(pk=first.pk).state == first.state
    assert not Evidence.objects.exists() and _files(media) == []
    # Everything typed is back; the refused file is named with the reason, on its line.
    assert "Đang làm, đạt 60%" in html and "Đã ban hành kế hoạch" in html
    assert "“ke-hoach.pdf” không phải loại được phép" in html
    assert "Chưa lưu gì" in html and "đã được lưu" not in html
    # Both chosen files must be chosen again, and the page says which.
    assert "chọn lại" in html and "“bien-ban.pdf”" in html
    # Chosen again (the bad one replaced), the same page's form saves everything at once.
    data[f"t{first.pk}-evidence"] = SimpleUploadedFile("bien-ban.pdf", GOOD)
    data[f"t{second.pk}-evidence"] = SimpleUploadedFile("ke-hoach.pdf", GOOD)
    assert client.post(reverse("report_edit", args=[world.report.pk]), data).status_code == 302
    assert TargetProgress.objects.get(pk=first.pk).note == "Đang làm, đạt 60%"
    assert sorted(Evidence.objects.values_list("original_name", flat=True)) == [
        "bien-ban.pdf", "ke-hoach.pdf",
    ]  # fmt: skip
    assert len(_files(media)) == 2


def test_an_invalid_field_names_the_chosen_files_to_choose_again(client, world, media):  # noqa: F811
    first, second = _lines(world)[:2]
    client.force_login(world.congthuong)
    data = _line_post(world.report, **{f"t{first.pk}-note": "x" * 5001})  # over the limit
    data[f"t{second.pk}-evidence"] = SimpleUploadedFile("anh-hop.png", b"\x89PNG\r\n\x1a\n")
    response = client.post(reverse("report_edit", args=[world.report.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "chọn lại" in html and "“anh-hop.png”" in html
    assert not Evidence.objects.exists() and _files(media) == []


def test_the_service_leaves_no_file_behind_when_the_save_is_refused(world, media):  # noqa: F811
    line = _lines(world)[0]
    with pytest.raises(ValidationError, match="khoá sổ"):
        world.period.is_closed = True
        world.period.save(update_fields=["is_closed"])
        progress.report_save_with_evidence(
            report=world.report,
            progress=[progress.ProgressInput(target_id=line.target_id, state="in_progress")],
            answers={},
            documents=[],
            evidence=[progress.EvidenceInput(target_id=line.target_id, name="a.pdf", data=GOOD)],
            actor=world.congthuong,
        )
    assert not Evidence.objects.exists() and _files(media) == []
