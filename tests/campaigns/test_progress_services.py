"""Progress services: default periods, opening and saving reports, the review path, outline
versions kept in submitted reports, and evidence files judged by their content."""

import datetime
import hashlib
import io
import re
import struct
import zipfile
import zlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from blocs.models import Bloc
from campaigns import importer, progress, services
from campaigns.models import Campaign, Evidence
from campaigns.outline_data import SEED_000_OUTLINE, SEED_003_OUTLINE
from campaigns.progress import DocumentInput, ProgressInput
from emulation_portal import uploads
from tests import progress_models as pm
from tests import samples

pytestmark = pytest.mark.django_db

D = datetime.date


# Files -----------------------------------------------------------------------------------------

PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
    b"0000000115 00000 n \ntrailer << /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n"
)


def _png() -> bytes:
    """A valid 1×1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _docx() -> bytes:
    """A real Word file: uploads are verified by opening them with python-docx."""
    return samples.docx()


def _zip_without_office_parts() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "không phải tài liệu Word")
    return out.getvalue()


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
TEXT = "Báo cáo kết quả thực hiện chỉ tiêu.\n".encode()


# Fixtures --------------------------------------------------------------------------------------


@pytest.fixture
def imported(sample_bytes, campaign, demo, media):
    plan = importer.plan_from_bytes(sample_bytes, campaign=campaign, bloc=demo.bloc)
    importer.apply_import(plan, actor=demo.secretariat, source="mau.xlsx")
    return campaign


@pytest.fixture
def outline(db):
    return progress.outline_from_data(SEED_000_OUTLINE)


@pytest.fixture
def periods(demo, outline):
    made = progress.periods_ensure_defaults(
        authority=demo.org["DT"], year=2020, actor=demo.reviewer
    )
    return {p.kind: p for p in made}


@pytest.fixture
def h1(periods):
    return periods[pm.ReportingPeriod.Kind.H1]


@pytest.fixture
def skhcn(demo):
    return demo.org["DT-SKHCN"]


@pytest.fixture
def report(imported, h1, demo, skhcn):
    return progress.report_open(
        period=h1, bloc=demo.bloc, organization=skhcn, actor=demo.secretariat
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _section(outline, number, parent=None):
    return pm.OutlineSection.objects.get(outline=outline, number=number, parent=parent)


def _lines(report):
    return list(report.progress.select_related("target").order_by("target__ordinal"))


def _save(report, actor, *, progress_items=(), answers=None, documents=(), seen=None):
    return progress.report_save(
        report=report,
        progress=list(progress_items),
        answers=answers or {},
        documents=list(documents),
        actor=actor,
        seen_updated_at=seen,
    )


def _due_in_future(period, days=30):
    period.due = timezone.localdate() + datetime.timedelta(days=days)
    period.save()
    return period


# Periods ---------------------------------------------------------------------------------------


def test_default_periods_have_the_seed_dates_and_outline(demo, outline):
    made = progress.periods_ensure_defaults(
        authority=demo.org["DT"], year=2020, actor=demo.reviewer
    )
    assert len(made) == 2
    by_kind = {p.kind: p for p in made}
    h1, annual = by_kind[pm.ReportingPeriod.Kind.H1], by_kind[pm.ReportingPeriod.Kind.ANNUAL]
    assert (h1.start, h1.end, h1.due) == (D(2020, 1, 1), D(2020, 6, 15), D(2020, 6, 20))
    assert (annual.start, annual.end, annual.due) == (
        D(2020, 1, 1),
        D(2020, 11, 15),
        D(2020, 11, 20),
    )
    assert h1.name == "Sơ kết 6 tháng đầu năm 2020"
    assert annual.name == "Tổng kết năm 2020"
    for period in made:
        assert period.outline == outline
        assert period.authority == demo.org["DT"]
        assert period.year == 2020
        assert period.phase is None
        assert not period.is_closed


def test_default_periods_twice_create_nothing_new(demo, outline):
    first = progress.periods_ensure_defaults(
        authority=demo.org["DT"], year=2020, actor=demo.reviewer
    )
    h1 = next(p for p in first if p.kind == pm.ReportingPeriod.Kind.H1)
    h1.due = D(2020, 6, 30)  # configured by the office since; must be left alone
    h1.save()
    second = progress.periods_ensure_defaults(
        authority=demo.org["DT"], year=2020, actor=demo.reviewer
    )
    assert pm.ReportingPeriod.objects.count() == 2
    assert sorted(p.pk for p in second) == sorted(p.pk for p in first)
    h1.refresh_from_db()
    assert h1.due == D(2020, 6, 30)


def test_default_periods_without_outline_have_none(demo):
    made = progress.periods_ensure_defaults(
        authority=demo.org["DT"], year=2020, actor=demo.reviewer
    )
    assert [p.outline for p in made] == [None, None]


@pytest.mark.parametrize(
    ("kind", "title", "expected"),
    [
        ("h1", "Tình hình tổ chức thực hiện phong trào thi đua 6 tháng đầu năm 2020",
         "Tình hình tổ chức thực hiện phong trào thi đua 6 tháng đầu năm 2021"),
        ("h1", "PHƯƠNG HƯỚNG NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG 06 THÁNG CUỐI NĂM 2020",
         "PHƯƠNG HƯỚNG NHIỆM VỤ CÔNG TÁC THI ĐUA, KHEN THƯỞNG 06 THÁNG CUỐI NĂM 2021"),
        ("h1", "“Cả nước chung sức, xây dựng nông thôn mới” giai đoạn 2016-2020",
         "“Cả nước chung sức, xây dựng nông thôn mới” giai đoạn 2016-2020"),
        ("annual", "Tình hình tổ chức thực hiện phong trào thi đua 6 tháng đầu năm 2020",
         "Tình hình tổ chức thực hiện phong trào thi đua năm 2021"),
        ("annual", "Một số nhiệm vụ công tác trọng tâm 6 tháng cuối năm 2020",
         "Một số nhiệm vụ công tác trọng tâm năm 2022"),
    ],
)  # fmt: skip
def test_an_outline_heading_reads_the_periods_year(kind, title, expected):
    period = pm.ReportingPeriod(year=2021, kind=kind)
    assert progress.period_heading(title, period) == expected


def test_phased_campaign_gets_one_period_per_phase(demo, outline):
    phased = services.campaign_save(
        campaign=Campaign(
            name="Thi đua chuyên đề theo đợt năm 2020",
            kind=Campaign.Kind.PHASED,
            year=2020,
            authority=demo.org["DT"],
            start=D(2020, 1, 1),
            end=D(2020, 12, 31),
        ),
        phases=[
            {"name": "Đợt 1", "start": D(2020, 1, 1), "end": D(2020, 6, 30)},
            {"name": "Đợt 2", "start": D(2020, 7, 1), "end": D(2020, 12, 31)},
        ],
        actor=demo.reviewer,
    )
    made = progress.periods_ensure_defaults(
        authority=demo.org["DT"], year=2020, actor=demo.reviewer
    )
    assert len(made) == 4
    phase_periods = sorted(
        (p for p in made if p.kind == pm.ReportingPeriod.Kind.PHASE), key=lambda p: p.start
    )
    assert [p.phase for p in phase_periods] == list(phased.phases.order_by("ordinal"))
    first, second = phase_periods
    assert (first.start, first.end, first.due) == (D(2020, 1, 1), D(2020, 6, 30), D(2020, 7, 5))
    assert (second.start, second.end, second.due) == (
        D(2020, 7, 1),
        D(2020, 12, 31),
        D(2021, 1, 5),
    )
    assert first.name == "Đợt 1 – Thi đua chuyên đề theo đợt năm 2020"
    assert all(p.outline == outline for p in phase_periods)

    again = progress.periods_ensure_defaults(
        authority=demo.org["DT"], year=2020, actor=demo.reviewer
    )
    assert len(again) == 4
    assert pm.ReportingPeriod.objects.count() == 4


def test_phased_campaign_can_be_saved_again_after_its_periods_exist(demo, outline):
    """Regression: phases used to be deleted and recreated on every save (ProtectedError)."""
    phases = [
        {"name": "Đợt 1", "start": D(2020, 1, 1), "end": D(2020, 6, 30)},
        {"name": "Đợt 2", "start": D(2020, 7, 1), "end": D(2020, 12, 31)},
    ]
    phased = services.campaign_save(
        campaign=Campaign(
            name="Thi đua chuyên đề theo đợt năm 2020",
            kind=Campaign.Kind.PHASED,
            year=2020,
            authority=demo.org["DT"],
            start=D(2020, 1, 1),
            end=D(2020, 12, 31),
        ),
        phases=phases,
        actor=demo.reviewer,
    )
    periods = progress.periods_ensure_defaults(
        authority=demo.org["DT"], year=2020, actor=demo.reviewer
    )
    phase_ids = sorted(p.phase_id for p in periods if p.phase_id)
    phased.description = "Bổ sung nội dung"
    renamed = [{**phases[0], "name": "Đợt 1 (sơ kết)"}, phases[1]]
    services.campaign_save(campaign=phased, phases=renamed, actor=demo.reviewer)
    assert sorted(phased.phases.values_list("pk", flat=True)) == phase_ids
    assert phased.phases.get(ordinal=1).name == "Đợt 1 (sơ kết)"
    assert pm.ReportingPeriod.objects.filter(phase__campaign=phased).count() == 2


def test_a_phase_with_a_period_cannot_be_removed(demo, outline):
    phases = [
        {"name": "Đợt 1", "start": D(2020, 1, 1), "end": D(2020, 6, 30)},
        {"name": "Đợt 2", "start": D(2020, 7, 1), "end": D(2020, 12, 31)},
    ]
    phased = services.campaign_save(
        campaign=Campaign(
            name="Thi đua chuyên đề theo đợt năm 2020",
            kind=Campaign.Kind.PHASED,
            year=2020,
            authority=demo.org["DT"],
            start=D(2020, 1, 1),
            end=D(2020, 12, 31),
        ),
        phases=phases,
        actor=demo.reviewer,
    )
    progress.periods_ensure_defaults(authority=demo.org["DT"], year=2020, actor=demo.reviewer)
    with pytest.raises(ValidationError, match="đã có kỳ báo cáo"):
        services.campaign_save(campaign=phased, phases=phases[:1], actor=demo.reviewer)
    assert phased.phases.count() == 2


# Opening a report ------------------------------------------------------------------------------


def test_report_open_creates_one_line_per_registered_target(report, skhcn):
    assert report.status == pm.Status.DRAFT
    assert report.organization == skhcn
    lines = _lines(report)
    assert len(lines) == 8
    assert [line.target.ordinal for line in lines] == list(range(1, 9))
    assert {line.target.registration.organization_id for line in lines} == {skhcn.pk}
    assert {line.state for line in lines} == {pm.State.NOT_STARTED}


def test_report_open_twice_returns_the_same_report(report, h1, demo, skhcn):
    again = progress.report_open(
        period=h1, bloc=demo.bloc, organization=skhcn, actor=demo.secretariat
    )
    assert again.pk == report.pk
    assert pm.TargetProgress.objects.filter(report=report).count() == 8
    assert pm.ProgressReport.objects.count() == 1


def test_a_later_report_starts_from_the_states_handed_in(report, periods, demo, skhcn):
    done, doing = _lines(report)[:2]
    _save(
        report,
        demo.secretariat,
        progress_items=[
            ProgressInput(done.target_id, pm.State.DONE, Decimal("82")),
            ProgressInput(doing.target_id, pm.State.IN_PROGRESS),
        ],
        seen=report.updated_at,
    )
    progress.report_transition(report=report, event="submit", actor=demo.secretariat)
    annual = progress.report_open(
        period=periods[pm.ReportingPeriod.Kind.ANNUAL],
        bloc=demo.bloc,
        organization=skhcn,
        actor=demo.secretariat,
    )
    lines = _lines(annual)
    assert (lines[0].state, lines[0].achieved_value) == (pm.State.DONE, Decimal("82"))
    assert lines[1].state == pm.State.IN_PROGRESS
    assert {line.state for line in lines[2:]} == {pm.State.NOT_STARTED}


def test_report_open_without_registration_has_no_lines(h1, demo, skhcn):
    report = progress.report_open(
        period=h1, bloc=demo.bloc, organization=skhcn, actor=demo.secretariat
    )
    assert report.progress.count() == 0


def test_report_open_refuses_a_non_member(imported, h1, demo):
    with pytest.raises(ValidationError) as exc:
        progress.report_open(
            period=h1, bloc=demo.bloc, organization=demo.org["DT-SNV"], actor=demo.secretariat
        )
    assert "không phải thành viên của Khối thi đua 4A năm 2020" in exc.value.messages[0]
    assert "Sở Nội vụ tỉnh Đồng Tháp" in exc.value.messages[0]
    assert not pm.ProgressReport.objects.exists()


def test_report_open_refuses_a_bloc_of_another_authority(h1, demo):
    cluster = Bloc.objects.get(code="CTĐ-ĐNB")
    with pytest.raises(ValidationError, match="không phải thành viên"):
        progress.report_open(
            period=h1, bloc=cluster, organization=demo.org["NT"], actor=demo.secretariat
        )
    assert not pm.ProgressReport.objects.exists()


def test_report_open_uses_the_annual_registration_over_an_ad_hoc_one(imported, h1, demo, skhcn):
    """Regression: registrations were ordered by kind as text, so 'ad_hoc' came first."""
    ad_hoc = Campaign.objects.create(
        name="Thi đua đột xuất phòng, chống dịch Covid-19",
        kind=Campaign.Kind.AD_HOC,
        year=2020,
        authority=demo.org["DT"],
        start=D(2020, 3, 1),
        end=D(2020, 6, 30),
    )
    registration = services.registration_open(
        campaign=ad_hoc, bloc=demo.bloc, organization=skhcn, actor=demo.secretariat
    )
    services.registration_save(
        registration=registration,
        targets=[services.TargetInput(text="Tuyên truyền phòng, chống dịch", due_text="Quý II")],
        titles=[],
        actor=demo.secretariat,
    )
    report = progress.report_open(
        period=h1, bloc=demo.bloc, organization=skhcn, actor=demo.secretariat
    )
    registrations = {line.target.registration.campaign_id for line in _lines(report)}
    assert registrations == {imported.pk}
    assert report.progress.count() == 8


def test_report_open_for_a_phase_uses_the_phased_campaigns_registration(
    imported, outline, demo, skhcn
):
    """Regression: a phase period took the unit's annual registration, not its campaign's."""
    phased = services.campaign_save(
        campaign=Campaign(
            name="Thi đua chuyên đề theo đợt năm 2020",
            kind=Campaign.Kind.PHASED,
            year=2020,
            authority=demo.org["DT"],
            start=D(2020, 1, 1),
            end=D(2020, 12, 31),
        ),
        phases=[{"name": "Đợt 1", "start": D(2020, 1, 1), "end": D(2020, 6, 30)}],
        actor=demo.reviewer,
    )
    registration = services.registration_open(
        campaign=phased, bloc=demo.bloc, organization=skhcn, actor=demo.secretariat
    )
    services.registration_save(
        registration=registration,
        targets=[
            services.TargetInput(text="Chỉ tiêu đợt 1 thứ nhất"),
            services.TargetInput(text="Chỉ tiêu đợt 1 thứ hai"),
        ],
        titles=[],
        actor=demo.secretariat,
    )
    made = progress.periods_ensure_defaults(
        authority=demo.org["DT"], year=2020, actor=demo.reviewer
    )
    phase_period = next(p for p in made if p.kind == pm.ReportingPeriod.Kind.PHASE)
    report = progress.report_open(
        period=phase_period, bloc=demo.bloc, organization=skhcn, actor=demo.secretariat
    )
    assert {line.target.registration_id for line in _lines(report)} == {registration.pk}
    assert report.progress.count() == 2


# Saving a report -------------------------------------------------------------------------------


def test_report_save_stores_states_values_notes_answers_and_documents(report, outline, demo):
    lines = _lines(report)
    difficulties = _section(outline, "2", _section(outline, "IV", _section(outline, "Phần I")))
    part_two = _section(outline, "Phần II")
    saved = _save(
        report,
        demo.secretariat,
        progress_items=[
            ProgressInput(lines[0].target_id, pm.State.DONE, note="Đã ban hành Kế hoạch số 15"),
            ProgressInput(lines[1].target_id, pm.State.IN_PROGRESS, Decimal("12.5"), "Quý III"),
            ProgressInput(lines[2].target_id, pm.State.DONE_LATE),
        ],
        answers={
            difficulties.pk: ("Kinh phí hạn chế.", None),
            part_two.pk: ("Tiếp tục triển khai các nhiệm vụ.", Decimal("3")),
        },
        documents=[
            DocumentInput("15/KH-SKHCN", D(2020, 2, 3), "Kế hoạch tổ chức phong trào thi đua"),
        ],
    )
    assert saved.updated_by == demo.secretariat
    states = {line.target.ordinal: line for line in _lines(report)}
    assert states[1].state == pm.State.DONE
    assert states[1].note == "Đã ban hành Kế hoạch số 15"
    assert states[2].state == pm.State.IN_PROGRESS
    assert states[2].achieved_value == Decimal("12.5")
    assert states[2].note == "Quý III"
    assert states[3].state == pm.State.DONE_LATE
    assert {states[n].state for n in range(4, 9)} == {pm.State.NOT_STARTED}
    answers = {a.section_id: (a.text, a.value) for a in report.answers.all()}
    assert answers == {
        difficulties.pk: ("Kinh phí hạn chế.", None),
        part_two.pk: ("Tiếp tục triển khai các nhiệm vụ.", Decimal("3")),
    }
    [document] = report.documents.all()
    assert (document.symbol, document.issued_on) == ("15/KH-SKHCN", D(2020, 2, 3))
    assert document.title == "Kế hoạch tổ chức phong trào thi đua"


def test_report_save_replaces_answers_and_documents(report, outline, demo):
    part_two = _section(outline, "Phần II")
    _save(
        report,
        demo.secretariat,
        answers={part_two.pk: ("Bản đầu", None)},
        documents=[DocumentInput("1/KH", D(2020, 1, 5), "Kế hoạch 1")],
    )
    _save(
        report,
        demo.secretariat,
        answers={part_two.pk: ("Bản sửa", None)},
        documents=[DocumentInput("2/KH", D(2020, 3, 5), "Kế hoạch 2")],
    )
    assert list(report.answers.values_list("text", flat=True)) == ["Bản sửa"]
    assert list(report.documents.values_list("symbol", flat=True)) == ["2/KH"]
    assert pm.IssuedDocument.objects.count() == 1


def test_report_save_skips_empty_answers(report, outline, demo):
    part_two = _section(outline, "Phần II")
    _save(report, demo.secretariat, answers={part_two.pk: ("", None)})
    assert not report.answers.exists()


def test_report_save_ignores_a_section_of_another_outline(report, outline, demo):
    other = progress.outline_from_data(SEED_003_OUTLINE)
    foreign = other.sections.first()
    own = _section(outline, "Phần II")
    _save(
        report,
        demo.secretariat,
        answers={foreign.pk: ("Không thuộc đề cương", None), own.pk: ("Thuộc đề cương", None)},
    )
    assert list(report.answers.values_list("section_id", flat=True)) == [own.pk]
    assert not pm.NarrativeAnswer.objects.filter(section=foreign).exists()


def test_report_save_refuses_a_target_of_another_unit(report, demo):
    other = pm.Target.objects.exclude(registration__organization=report.organization).first()
    with pytest.raises(ValidationError, match="không thuộc báo cáo này"):
        _save(report, demo.secretariat, progress_items=[ProgressInput(other.pk, pm.State.DONE)])


def test_report_save_refuses_an_unknown_state(report, demo):
    line = _lines(report)[0]
    with pytest.raises(ValidationError):
        _save(report, demo.secretariat, progress_items=[ProgressInput(line.target_id, "xong")])
    line.refresh_from_db()
    assert line.state == pm.State.NOT_STARTED


def test_report_save_after_someone_else_is_refused(report, outline, demo):
    part_two = _section(outline, "Phần II")
    seen = report.updated_at
    line = _lines(report)[0]
    _save(
        report,
        demo.xaydung,
        progress_items=[ProgressInput(line.target_id, pm.State.IN_PROGRESS)],
        answers={part_two.pk: ("Bản của người thứ nhất", None)},
    )
    report.refresh_from_db()
    stamp = report.updated_at
    assert stamp != seen
    with pytest.raises(ValidationError) as exc:
        _save(
            report,
            demo.secretariat,
            progress_items=[ProgressInput(line.target_id, pm.State.DONE)],
            answers={part_two.pk: ("Bản của người thứ hai", None)},
            documents=[DocumentInput("9/KH", D(2020, 4, 1), "Không được lưu")],
            seen=seen,
        )
    message = exc.value.messages[0]
    assert re.search(r"vừa được .+ cập nhật", message)
    assert demo.xaydung.get_full_name() in message
    line.refresh_from_db()
    assert line.state == pm.State.IN_PROGRESS
    assert list(report.answers.values_list("text", flat=True)) == ["Bản của người thứ nhất"]
    assert not report.documents.exists()
    report.refresh_from_db()
    assert report.updated_at == stamp
    assert report.updated_by == demo.xaydung


def test_report_save_with_the_current_stamp_works(report, demo):
    line = _lines(report)[0]
    _save(
        report,
        demo.secretariat,
        progress_items=[ProgressInput(line.target_id, pm.State.DONE)],
        seen=report.updated_at,
    )
    line.refresh_from_db()
    assert line.state == pm.State.DONE


def test_report_save_refuses_a_submitted_report(report, h1, demo):
    _due_in_future(h1)
    progress.report_transition(report=report, event="submit", actor=demo.secretariat)
    line = _lines(report)[0]
    with pytest.raises(ValidationError, match="không sửa được"):
        _save(report, demo.secretariat, progress_items=[ProgressInput(line.target_id, "done")])
    line.refresh_from_db()
    assert line.state == pm.State.NOT_STARTED


def test_report_save_refuses_in_a_closed_period(report, h1, demo):
    h1.is_closed = True
    h1.save()
    line = _lines(report)[0]
    with pytest.raises(ValidationError, match="đã khoá sổ"):
        _save(report, demo.secretariat, progress_items=[ProgressInput(line.target_id, "done")])
    line.refresh_from_db()
    assert line.state == pm.State.NOT_STARTED


# The review path -------------------------------------------------------------------------------


def test_submit_before_the_due_date_is_on_time(report, h1, demo, outline):
    _due_in_future(h1)
    submitted = progress.report_transition(report=report, event="submit", actor=demo.secretariat)
    assert submitted.status == pm.Status.SUBMITTED
    assert submitted.is_late is False
    assert submitted.submitted_at is not None
    assert submitted.outline_snapshot == progress.outline_snapshot(outline)
    report.refresh_from_db()
    assert (report.status, report.is_late) == (pm.Status.SUBMITTED, False)


def test_submit_on_the_due_date_is_on_time(report, h1, demo):
    h1.due = timezone.localdate()
    h1.save()
    submitted = progress.report_transition(report=report, event="submit", actor=demo.secretariat)
    assert submitted.is_late is False


def test_submit_after_the_due_date_is_late(report, h1, demo):
    assert h1.due < timezone.localdate()  # 20/06/2020
    submitted = progress.report_transition(report=report, event="submit", actor=demo.secretariat)
    assert submitted.status == pm.Status.SUBMITTED
    assert submitted.is_late is True
    report.refresh_from_db()
    assert report.is_late is True


def test_submit_in_a_closed_period_is_refused(report, h1, demo):
    _due_in_future(h1)
    h1.is_closed = True
    h1.save()
    with pytest.raises(ValidationError) as exc:
        progress.report_transition(report=report, event="submit", actor=demo.secretariat)
    assert "đã khoá sổ" in exc.value.messages[0]
    report.refresh_from_db()
    assert report.status == pm.Status.DRAFT
    assert report.submitted_at is None
    assert report.outline_snapshot == []


def test_return_needs_a_reason_then_accept_and_reopen(report, h1, demo):
    _due_in_future(h1)
    report = progress.report_transition(report=report, event="submit", actor=demo.xaydung)
    with pytest.raises(ValidationError) as exc:
        progress.report_transition(report=report, event="return", actor=demo.secretariat)
    assert "lý do" in " ".join(exc.value.messages)
    report.refresh_from_db()
    assert report.status == pm.Status.SUBMITTED

    report = progress.report_transition(
        report=report, event="return", actor=demo.secretariat, reason="Thiếu số liệu chỉ tiêu 3"
    )
    assert report.status == pm.Status.RETURNED
    assert report.return_reason == "Thiếu số liệu chỉ tiêu 3"
    assert report.decided_at is not None
    assert report.is_editable

    report = progress.report_transition(report=report, event="submit", actor=demo.xaydung)
    report = progress.report_transition(report=report, event="accept", actor=demo.secretariat)
    assert report.status == pm.Status.ACCEPTED
    assert report.return_reason == ""
    assert not report.is_editable

    with pytest.raises(ValidationError):
        progress.report_transition(report=report, event="reopen", actor=demo.secretariat)
    report = progress.report_transition(
        report=report, event="reopen", actor=demo.secretariat, reason="Bổ sung minh chứng"
    )
    assert report.status == pm.Status.DRAFT
    assert report.is_editable


def test_accept_from_draft_is_refused(report, demo):
    with pytest.raises(ValidationError, match="Chấp nhận"):
        progress.report_transition(report=report, event="accept", actor=demo.secretariat)
    report.refresh_from_db()
    assert report.status == pm.Status.DRAFT


# Outline versions ------------------------------------------------------------------------------


def test_submitted_report_keeps_the_outline_it_was_written_for(report, h1, outline, demo):
    _due_in_future(h1)
    before = progress.outline_snapshot(outline)
    submitted = progress.report_transition(report=report, event="submit", actor=demo.secretariat)
    assert submitted.outline_snapshot == before

    part_one = _section(outline, "Phần I")
    part_two = _section(outline, "Phần II")
    part_two.title = "Phương hướng, nhiệm vụ 6 tháng cuối năm 2020"
    progress.section_save(section=part_two, actor=demo.secretariat)
    added = progress.section_save(
        section=pm.OutlineSection(
            outline=outline, number="Phần III", title="Kiến nghị, đề xuất", kind="narrative"
        ),
        actor=demo.secretariat,
    )
    assert added.ordinal == 3
    iv = _section(outline, "IV", part_one)
    progress.section_move(section=iv, up=True, actor=demo.secretariat)

    submitted.refresh_from_db()
    assert submitted.outline_snapshot == before
    old = {item["id"]: item for item in submitted.outline_snapshot}
    assert old[part_two.pk]["title"] == ("Một số nhiệm vụ công tác trọng tâm 6 tháng cuối năm 2020")
    assert added.pk not in old
    old_order = [item["number"] for item in submitted.outline_snapshot if item["depth"] == 1]
    assert old_order == ["I", "II", "III", "IV"]

    live = progress.outline_snapshot(outline)
    now = {item["id"]: item for item in live}
    assert now[part_two.pk]["title"] == "Phương hướng, nhiệm vụ 6 tháng cuối năm 2020"
    assert now[added.pk] | {"id": None} == {
        "id": None,
        "number": "Phần III",
        "title": "Kiến nghị, đề xuất",
        "kind": "narrative",
        "source": "",
        "hint": "",
        "depth": 0,
        "has_children": False,
    }
    assert [item["number"] for item in live if item["depth"] == 0] == [
        "Phần I",
        "Phần II",
        "Phần III",
    ]
    assert [item["number"] for item in live if item["depth"] == 1] == ["I", "II", "IV", "III"]
    # IV's children move with it: right after IV in document order.
    numbers = [item["number"] for item in live]
    start = numbers.index("IV")
    assert numbers[start : start + 4] == ["IV", "1", "2", "3"]
    assert len(live) == len(before) + 1


def test_section_move_at_the_edge_changes_nothing(outline, demo):
    first = _section(outline, "Phần I")
    before = progress.outline_snapshot(outline)
    progress.section_move(section=first, up=True, actor=demo.secretariat)
    assert progress.outline_snapshot(outline) == before


def test_section_save_refuses_a_computed_section_without_source(outline, demo):
    with pytest.raises(ValidationError):
        progress.section_save(
            section=pm.OutlineSection(
                outline=outline, number="V", title="Bảng số liệu", kind="computed"
            ),
            actor=demo.secretariat,
        )


def test_section_delete_refuses_an_answered_section(report, outline, demo):
    part_two = _section(outline, "Phần II")
    _save(report, demo.secretariat, answers={part_two.pk: ("Nhiệm vụ trọng tâm", None)})
    with pytest.raises(ValidationError, match="đã có đơn vị trả lời"):
        progress.section_delete(section=part_two, actor=demo.secretariat)
    assert pm.OutlineSection.objects.filter(pk=part_two.pk).exists()


def test_section_delete_refuses_a_parent_of_an_answered_section(report, outline, demo):
    part_one = _section(outline, "Phần I")
    thuan_loi = _section(outline, "1", _section(outline, "IV", part_one))
    _save(report, demo.secretariat, answers={thuan_loi.pk: ("Được lãnh đạo quan tâm", None)})
    with pytest.raises(ValidationError, match="đã có đơn vị trả lời"):
        progress.section_delete(section=part_one, actor=demo.secretariat)
    assert pm.OutlineSection.objects.filter(pk=thuan_loi.pk).exists()


def test_section_delete_of_an_unused_section_works(report, outline, demo):
    part_two = _section(outline, "Phần II")
    _save(report, demo.secretariat, answers={part_two.pk: ("Nhiệm vụ trọng tâm", None)})
    iv = _section(outline, "IV", _section(outline, "Phần I"))
    count = pm.OutlineSection.objects.filter(outline=outline).count()
    progress.section_delete(section=iv, actor=demo.secretariat)
    assert pm.OutlineSection.objects.filter(outline=outline).count() == count - 4
    assert "IV" not in [s["number"] for s in progress.outline_snapshot(outline)]


# Evidence --------------------------------------------------------------------------------------


@pytest.fixture
def line(report):
    return _lines(report)[0]


def _add(line, name, data, actor):
    return progress.evidence_add(progress=line, name=name, data=data, actor=actor)


def test_evidence_pdf_is_stored_under_a_random_name(line, demo, media):
    evidence = _add(line, "Kế hoạch 15-KH.pdf", PDF, demo.secretariat)
    evidence.refresh_from_db()
    assert evidence.content_type == "application/pdf"
    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest()
    assert evidence.size == len(PDF)
    assert evidence.original_name == "Kế hoạch 15-KH.pdf"
    assert evidence.uploaded_by == demo.secretariat
    assert evidence.progress == line
    assert re.fullmatch(r"evidence/\d{4}/[0-9a-f]{32}\.pdf", evidence.file.name)
    assert "Kế hoạch" not in evidence.file.name
    stored = media / evidence.file.name
    assert stored.read_bytes() == PDF


def test_evidence_names_are_random_each_time(line, demo, media):
    first = _add(line, "minh-chung.pdf", PDF, demo.secretariat)
    second = _add(line, "minh-chung.pdf", PDF, demo.secretariat)
    assert first.file.name != second.file.name
    assert first.sha256 == second.sha256


def test_evidence_docx_renamed_pdf_is_stored_as_docx(line, demo, media):
    evidence = _add(line, "bao-cao.pdf", _docx(), demo.secretariat)
    assert evidence.content_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert evidence.file.name.endswith(".docx")
    assert evidence.original_name == "bao-cao.pdf"


def test_evidence_png(line, demo, media):
    data = _png()
    evidence = _add(line, "anh-chup.png", data, demo.secretariat)
    assert evidence.content_type == "image/png"
    assert evidence.file.name.endswith(".png")
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("setup.exe", EXE),
        ("chuong-trinh.pdf", EXE),
        ("trang.html", HTML),
        ("trang.pdf", HTML),
        ("ghi-chu.txt", TEXT),
        ("nen.docx", _zip_without_office_parts()),
        ("rong.pdf", b""),
    ],
)
def test_evidence_of_other_kinds_is_refused(line, demo, media, name, data):
    with pytest.raises(ValidationError) as exc:
        _add(line, name, data, demo.secretariat)
    assert "không phải loại được phép" in exc.value.messages[0]
    assert name in exc.value.messages[0]
    assert not Evidence.objects.exists()
    assert not (media / "evidence").exists()


def test_evidence_over_ten_megabytes_is_refused(line, demo, media):
    data = PDF + b"0" * (11 * 1024 * 1024)
    with pytest.raises(ValidationError) as exc:
        _add(line, "quet.pdf", data, demo.secretariat)
    assert "quá lớn" in exc.value.messages[0]
    assert not Evidence.objects.exists()


def test_evidence_of_exactly_ten_megabytes_is_accepted(line, demo, media):
    data = PDF + b"0" * (uploads.MAX_BYTES - len(PDF))
    evidence = _add(line, "quet.pdf", data, demo.secretariat)
    assert evidence.size == 10 * 1024 * 1024


def test_evidence_on_a_submitted_report_is_refused(report, h1, demo, media):
    _due_in_future(h1)
    progress.report_transition(report=report, event="submit", actor=demo.secretariat)
    line = pm.TargetProgress.objects.filter(report=report).first()
    with pytest.raises(ValidationError, match="Báo cáo đã gửi"):
        _add(line, "minh-chung.pdf", PDF, demo.secretariat)
    assert not Evidence.objects.exists()


def test_evidence_remove_deletes_the_file_once_committed(
    line, demo, media, django_capture_on_commit_callbacks
):
    evidence = _add(line, "minh-chung.pdf", PDF, demo.secretariat)
    path = media / evidence.file.name
    assert path.exists()
    with django_capture_on_commit_callbacks() as callbacks:
        progress.evidence_remove(evidence=evidence, actor=demo.secretariat)
    assert not Evidence.objects.exists()
    assert path.exists()  # a rollback at this point would still find the file
    for callback in callbacks:
        callback()
    assert not path.exists()


def test_evidence_remove_on_a_submitted_report_is_refused(report, h1, line, demo, media):
    evidence = _add(line, "minh-chung.pdf", PDF, demo.secretariat)
    _due_in_future(h1)
    progress.report_transition(report=report, event="submit", actor=demo.secretariat)
    evidence = Evidence.objects.get(pk=evidence.pk)
    with pytest.raises(ValidationError, match="Báo cáo đã gửi"):
        progress.evidence_remove(evidence=evidence, actor=demo.secretariat)
    assert (media / evidence.file.name).exists()


def test_evidence_in_a_closed_period_is_refused(line, h1, demo, media):
    """Regression: evidence could be added to a draft report after the period was closed."""
    h1.is_closed = True
    h1.save()
    line = pm.TargetProgress.objects.select_related("report__period").get(pk=line.pk)
    with pytest.raises(ValidationError, match="đã khoá sổ"):
        _add(line, "minh-chung.pdf", PDF, demo.secretariat)
    assert not Evidence.objects.exists()


def test_sniff_judges_content_not_name():
    assert uploads.sniff(PDF) == ("application/pdf", "pdf")
    assert uploads.sniff(_png()) == ("image/png", "png")
    assert uploads.sniff(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00") == ("image/jpeg", "jpg")
    assert uploads.sniff(_docx())[1] == "docx"
    assert uploads.sniff(b"PK\x03\x04 not really a zip") is None
    assert uploads.sniff(EXE) is None
    assert uploads.sniff(HTML) is None
