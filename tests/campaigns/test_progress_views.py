"""Progress report pages, dashboards and scoring pages: permissions, bad input, query counts."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from blocs.models import Bloc, BlocMembership, Organization, StaffAssignment
from campaigns import importer, outline_data, progress
from campaigns.models import ProgressReport, Registration, ReportingPeriod, TargetProgress
from tests import samples
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(demo, campaign, sample_bytes):
    plan = importer.plan_from_bytes(sample_bytes, campaign=campaign, bloc=demo.bloc)
    importer.apply_import(plan, actor=demo.secretariat, source="mau.xlsx")
    progress.outline_from_data(outline_data.SEED_000_OUTLINE)
    progress.periods_ensure_defaults(authority=demo.org["DT"], year=2020, actor=None)
    demo.period = ReportingPeriod.objects.get(kind="h1", year=2020)
    # Sở Công Thương registered 10 targets (Sở Xây dựng only titles).
    demo.report = progress.report_open(
        period=demo.period, bloc=demo.bloc, organization=demo.org["DT-SCT"], actor=demo.congthuong
    )
    other_bloc = Bloc.objects.create(code="KTĐ4B", name="Khối thi đua 4B", authority=demo.org["DT"])
    BlocMembership.objects.create(
        bloc=other_bloc, organization=demo.org["DT-HLHPN"], year=2020, role="leader"
    )
    demo.other_secretariat = UserFactory()
    StaffAssignment.objects.create(user=demo.other_secretariat, organization=demo.org["DT-HLHPN"])
    return demo


def _line_post(report, **overrides):
    """The edit form's POST for a report: every target line as it is, then overrides."""
    data = {
        "seen_updated_at": "",
        "doc-TOTAL_FORMS": "0", "doc-INITIAL_FORMS": "0",
        "doc-MIN_NUM_FORMS": "0", "doc-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for line in report.progress.all():
        data |= {
            f"t{line.pk}-state": line.state,
            f"t{line.pk}-achieved_value": "",
            f"t{line.pk}-note": "",
        }
    return data | overrides


def test_unit_sees_only_its_own_reports_until_the_bloc_compiles(client, world):
    url = reverse("report_detail", args=[world.report.pk])
    expected = {
        world.congthuong: 200,
        world.xaydung: 403,
        world.secretariat: 200,
        world.reviewer: 200,
        world.other_secretariat: 403,
    }
    for user, status in expected.items():
        client.force_login(user)
        assert client.get(url).status_code == status, user
    dashboard = reverse("bloc_dashboard", args=[world.bloc.pk, 2020])
    for user, status in ((world.secretariat, 200), (world.reviewer, 200), (world.congthuong, 403),
                         (world.other_secretariat, 403)):  # fmt: skip
        client.force_login(user)
        assert client.get(dashboard).status_code == status, user


def test_only_own_unit_or_secretariat_edits_and_only_secretariat_reviews(client, world):
    edit = reverse("report_edit", args=[world.report.pk])
    for user, status in ((world.xaydung, 403), (world.reviewer, 403), (world.congthuong, 200)):
        client.force_login(user)
        assert client.get(edit).status_code == status
    client.force_login(world.congthuong)
    client.post(reverse("report_transition", args=[world.report.pk, "submit"]))
    accept = reverse("report_transition", args=[world.report.pk, "accept"])
    for user in (world.congthuong, world.reviewer, world.other_secretariat):
        client.force_login(user)
        assert client.post(accept).status_code == 403
    client.force_login(world.secretariat)
    client.post(accept)
    assert ProgressReport.objects.get(pk=world.report.pk).status == "accepted"


def test_achieved_value_must_be_a_number_for_quantitative_targets(client, world):
    target_line = world.report.progress.first()
    target = target_line.target
    target.kind, target.planned_value = "quantitative", 280
    target.save()
    client.force_login(world.congthuong)
    url = reverse("report_edit", args=[world.report.pk])
    response = client.post(
        url,
        _line_post(
            world.report,
            **{f"t{target_line.pk}-state": "done", f"t{target_line.pk}-achieved_value": "gần đạt",
               f"t{target_line.pk}-note": "Ghi chú giữ lại"},
        ),
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 400
    assert "“gần đạt” không phải là số" in html and "Ghi chú giữ lại" in html
    response = client.post(url, _line_post(world.report, **{f"t{target_line.pk}-state": "done"}))
    assert "hãy ghi kết quả đạt được (số)" in response.content.decode()
    assert TargetProgress.objects.get(pk=target_line.pk).state == "not_started"


def test_evidence_too_big_or_forbidden_keeps_the_draft(client, world):
    line = world.report.progress.first()
    client.force_login(world.congthuong)
    url = reverse("report_edit", args=[world.report.pk])
    data = _line_post(
        world.report, **{f"t{line.pk}-state": "in_progress", f"t{line.pk}-note": "Đang làm"}
    )
    data[f"t{line.pk}-evidence"] = SimpleUploadedFile("minh-chung.pdf", b"<html>not a pdf</html>")
    response = client.post(url, data)
    assert "không phải loại được phép" in response.content.decode()
    # All or nothing (issue 13): the typed note comes back on the form, nothing is saved.
    assert "Đang làm" in response.content.decode()
    assert TargetProgress.objects.get(pk=line.pk).note == ""
    data[f"t{line.pk}-evidence"] = SimpleUploadedFile(
        "lon.pdf", b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024)
    )
    response = client.post(url, data)
    assert "quá lớn" in response.content.decode()
    data[f"t{line.pk}-evidence"] = SimpleUploadedFile("ok.pdf", samples.PDF)
    assert client.post(url, data).status_code == 302
    evidence = line.evidence.get()
    download = client.get(reverse("evidence_download", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(world.xaydung)
    assert client.get(reverse("evidence_download", args=[evidence.pk])).status_code == 403


def test_submission_after_the_period_is_closed_is_refused(client, world):
    ReportingPeriod.objects.filter(pk=world.period.pk).update(is_closed=True)
    client.force_login(world.congthuong)
    response = client.post(
        reverse("report_transition", args=[world.report.pk, "submit"]), follow=True
    )
    assert "đã khoá sổ" in response.content.decode()
    assert ProgressReport.objects.get(pk=world.report.pk).status == "draft"


def _big_bloc(world, n):
    """A bloc of n members, each with 5 targets and an H1 report."""
    authority = world.org["DT"]
    bloc = Bloc.objects.create(code=f"BIG{n}", name=f"Khối {n}", authority=authority)
    campaign = world.period and Registration.objects.first().campaign
    for i in range(n):
        org = Organization.objects.create(
            code=f"BIG{n}-{i}", name=f"Đơn vị {n}-{i}", kind="department"
        )
        BlocMembership.objects.create(
            bloc=bloc, organization=org, year=2020, role="leader" if i == 0 else "member"
        )
        registration = Registration.objects.create(campaign=campaign, bloc=bloc, organization=org)
        for t in range(5):
            registration.targets.create(
                ordinal=t + 1, text=f"Chỉ tiêu {t}", due_end=datetime.date(2020, 3, 1)
            )
        progress.report_open(period=world.period, bloc=bloc, organization=org, actor=None)
    return bloc


def test_dashboard_runs_a_constant_number_of_queries(client, world, settings):
    small, large = _big_bloc(world, 4), _big_bloc(world, 40)
    client.force_login(world.admin)
    counts = []
    for bloc in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("bloc_dashboard", args=[bloc.pk, 2020]))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 25
    rows = response.context["board"].rows
    assert len(rows) == 40 and all(r.targets == 5 and r.overdue == 5 for r in rows)


def test_bloc_ranking_command_prints_one_unit_per_line(world):
    from django.core.management import call_command

    from campaigns import demo_progress

    demo_progress.load()
    out = io.StringIO()
    call_command("bloc_ranking", bloc="KTĐ4A", year=2020, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "1\tSở Khoa học và Công nghệ\t97.00"
    assert "4=\tSở Giao thông Vận tải\t90.00" in lines and "4=\tSở Xây dựng\t90.00" in lines
    assert len(lines) == 8
