"""Demo six-month reports (2020) and the annual scoring of Khối thi đua 4A.

Target states follow seed 000: what it says is issued ("Đã ban hành") or due before 15/06 is
done, what it says is under way ("Đang thực hiện") or due later is in progress. The scores are
illustrative (the seeds carry none); they put Sở Khoa học và Công nghệ first, as the leader of
a bloc usually is, and give two units the same total so the page shows a tie.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from blocs.models import Bloc, BlocMembership, Organization, User

from . import outline_data, progress, scoring
from .models import NarrativeAnswer, ProgressReport, ReportingPeriod, TargetProgress

H1_END = date(2020, 6, 15)
SUBMITTED = datetime(2020, 6, 18, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))

# (number, title, max points, from targets, children): a 100-point grid as domain.md §4 shows.
CRITERIA = [
    ("I", "Thực hiện nhiệm vụ chính trị, chỉ tiêu đã đăng ký", 60, False, [
        ("1", "Kết quả thực hiện các chỉ tiêu thi đua đã đăng ký", 40, True, []),
        ("2", "Hoàn thành nhiệm vụ chuyên môn được giao", 20, False, []),
    ]),
    ("II", "Tổ chức phong trào thi đua, công tác khen thưởng", 20, False, [
        ("1", "Kế hoạch, phát động, sơ kết, tổng kết phong trào", 10, False, []),
        ("2", "Phát hiện, nhân rộng điển hình; báo cáo đúng hạn", 10, False, []),
    ]),
    ("III", "Xây dựng tổ chức Đảng, đoàn thể; cải cách hành chính", 15, False, []),
    ("IV", "Tham gia hoạt động chung của khối", 5, False, []),
]  # fmt: skip

# Bloc points per leaf criterion (I.1, I.2, II.1, II.2, III, IV); self points are one higher.
SCORES = {
    "DT-SKHCN": (39, 19, 10, 10, 14, 5),
    "DT-SCT": (37, 19, 9, 9, 14, 4),
    "DT-SNNPTNT": (36, 19, 9, 9, 13, 5),
    "DT-SXD": (35, 18, 9, 9, 14, 5),
    "DT-SGTVT": (35, 18, 9, 9, 14, 5),
    "DT-STNMT": (34, 18, 9, 8, 13, 4),
    "DT-BQLKKT": (33, 17, 8, 8, 13, 4),
    "DT-XTTMDLDT": (32, 17, 8, 8, 12, 4),
}

NARRATIVE = {
    ("DT-SKHCN", "II.1"): (
        "Quán triệt, triển khai các Chỉ thị của Thủ tướng Chính phủ và chỉ đạo của UBND Tỉnh "
        "về phòng, chống dịch Covid-19; triển khai Nghị định số 59/2019/NĐ-CP quy định chi tiết "
        "Luật phòng, chống tham nhũng."
    ),
    ("DT-SKHCN", "IV.1"): "Các cơ quan thành viên Khối tích cực thi đua thực hiện nhiệm vụ.",
}


def _state(target) -> str:
    status = target.due_status.lower()
    if "đã" in status:
        return TargetProgress.State.DONE
    if "đang" in status or not target.due_end or target.due_end > H1_END:
        return TargetProgress.State.IN_PROGRESS
    return TargetProgress.State.DONE


def _numbered(outline) -> dict[str, int]:
    """Section ids by their dotted number under Phần I ("II.1" = section 1 of II)."""
    result, parents = {}, {}
    for section in progress.outline_snapshot(outline):
        parents[section["depth"]] = section["number"]
        if section["depth"] >= 1:
            key = ".".join(parents[d] for d in range(1, section["depth"] + 1))
            result[key] = section["id"]
    return result


@transaction.atomic
def load() -> None:
    h1_outline, _cluster_outline = (
        progress.outline_from_data(data)
        for data in (outline_data.SEED_000_OUTLINE, outline_data.SEED_003_OUTLINE)
    )
    bloc = Bloc.objects.get(code="KTĐ4A")
    secretariat = User.objects.get(username="hvquan")
    authority = Organization.objects.get(code="DT")
    progress.periods_ensure_defaults(authority=authority, year=2020, actor=None)
    period = ReportingPeriod.objects.get(authority=authority, year=2020, kind="h1")
    if period.outline_id is None:
        period.outline = h1_outline
        period.save(update_fields=["outline"])
    sections = _numbered(period.outline)
    for membership in BlocMembership.objects.filter(bloc=bloc, year=2020).select_related(
        "organization"
    ):
        organization = membership.organization
        report = progress.report_open(
            period=period, bloc=bloc, organization=organization, actor=secretariat
        )
        if report.status != ProgressReport.Status.DRAFT:
            continue  # loaded before
        lines = report.progress.select_related("target")
        for line in lines:
            line.state = _state(line.target)
        TargetProgress.objects.bulk_update(lines, ["state"])
        for (code, number), text in NARRATIVE.items():
            if code == organization.code:
                NarrativeAnswer.objects.create(
                    report=report, section_id=sections[number], text=text
                )
        for event in ("submit", "accept"):
            progress.report_transition(report=report, event=event, actor=secretariat)
        ProgressReport.objects.filter(pk=report.pk).update(
            submitted_at=SUBMITTED, decided_at=SUBMITTED, is_late=False
        )
    scheme = scoring.scheme_from_data(
        bloc=bloc,
        year=2020,
        name="Thang điểm thi đua Khối thi đua 4A năm 2020 (100 điểm)",
        criteria=CRITERIA,
        actor=None,
    )
    leaves = [row.criterion for row in scoring.criteria_rows(scheme) if row.is_leaf]
    organizations = {o.code: o for o in Organization.objects.filter(code__in=SCORES)}
    for code, points in SCORES.items():
        if scheme.criteria.filter(scores__organization=organizations[code]).exists():
            continue
        for as_bloc, bonus in ((False, 1), (True, 0)):
            scoring.scores_save(
                scheme=scheme,
                organization=organizations[code],
                values={
                    leaf.pk: {"points": min(Decimal(p + bonus), leaf.max_points)}
                    for leaf, p in zip(leaves, points, strict=True)
                },
                as_bloc=as_bloc,
                actor=secretariat,
            )
