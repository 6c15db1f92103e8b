"""Report kind (e): a unit's own progress report as a PDF, for those who may read the report."""

import pytest
from django.urls import reverse

from campaigns import demo_progress, importer
from campaigns.models import ProgressReport, Registration
from tests.reports.test_registration_pdf import _text

pytestmark = pytest.mark.django_db


def test_unit_report_pdf(client, demo, campaign, sample_bytes, tmp_path):
    importer.apply_import(
        importer.plan_from_bytes(sample_bytes, campaign=campaign, bloc=demo.bloc),
        actor=demo.secretariat,
        source="mau.xlsx",
    )
    demo_progress.load()
    report = ProgressReport.objects.get(organization=demo.org["DT-SKHCN"], period__kind="h1")
    url = reverse("unit_report_pdf", args=[report.pk])
    client.force_login(demo.xaydung)
    assert client.get(url).status_code == 403  # another unit's report
    client.force_login(demo.secretariat)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "r.pdf"
    path.write_bytes(response.content)
    text = " ".join(_text(path).split())
    for needle in (
        "SỞ KHOA HỌC", "VÀ CÔNG NGHỆ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO",
        "Thi đua thực hiện các chỉ tiêu, nhiệm vụ chính trị của cơ quan, đơn vị",
        "truy xuất nguồn gốc", "Hoàn thành",
        "các cơ quan đã quán triệt, tổ chức thực hiện nghiêm các Chỉ thị", "Nơi nhận:",
        "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Huỳnh Văn Quân",
    ):  # fmt: skip
        assert needle in text, needle
    assert Registration.objects.exists()


@pytest.mark.parametrize("name", ["unit_report_pdf", "unit_report_docx"])
def test_another_unit_gets_neither_document(client, world, name):
    demo_progress.load()
    report = ProgressReport.objects.get(organization=world.org["DT-SKHCN"], period__kind="h1")
    client.force_login(world.xaydung)
    assert client.get(reverse(name, args=[report.pk])).status_code == 403
