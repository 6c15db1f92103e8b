"""Demo six-month and annual reports (2020) and the annual scoring of Khối thi đua 4A.

Six-month: the narrative answers are seed 000's text (fixtures/demo_bao_cao_6_thang_2020_khoi_4A
.txt says how it is split between units), so the compiled report reads like seed 000. Target
states follow seed 000: what it says is issued ("Đã ban hành") or due before 15/06 is done, what
it says is under way ("Đang thực hiện") or due later is in progress.

Annual (to 15/11): the seeds carry no annual report, so the states are illustrative and continue
the six-month ones: what was running and falls due by November (or has no date: the year's
economic targets, reported as estimated) is done, December's targets still run, and a few
exceptions (ANNUAL_STATES) give the report a late, an overdue, a missed and a running target.
Sở Xây dựng has not handed its annual report in (7/8), so its demo officer can start one.
The scores are illustrative too; they put Sở Khoa học và Công nghệ first, as the leader of a bloc
usually is, and give two units the same total so the page shows a tie.

School year (issue 16; illustrative): the Mekong Delta cluster of departments of education under
the Ministry of Education and Training reports on its authority's school-year periods, "Sơ kết
học kỳ I năm học 2020–2021" (to 15/01/2021, handed in 18/01/2021) and "Tổng kết năm học
2020–2021" (to 31/05/2021, handed in 28/06/2021): every member, accepted, written as departments
of education write. Targets due by the end of học kỳ I are done at the sơ kết, the rest run; at
the tổng kết all are done (quantitative ones at their planned value) but Bến Tre's new
standard schools, of which it had three of five recognised.
"""

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from auditlog.models import LogEntry
from django.conf import settings
from django.db import transaction

from blocs.models import Bloc, BlocMembership, Organization, User

from . import outline_data, progress, scoring
from .models import NarrativeAnswer, ProgressReport, ReportingPeriod, TargetProgress

H1_END = date(2020, 6, 15)
SUBMITTED = {
    "h1": datetime(2020, 6, 18, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    "annual": datetime(2020, 11, 18, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
}
ANSWERS = settings.BASE_DIR / "fixtures/demo_bao_cao_6_thang_2020_khoi_4A.txt"
ANNUAL_MISSING = "DT-SXD"  # has not handed its annual report in
# (unit, target ordinal) → annual state where the rule above does not say it.
ANNUAL_STATES = {
    ("DT-SKHCN", 4): TargetProgress.State.DONE_LATE,  # the programme, due Q2, closed in August
    ("DT-SKHCN", 7): TargetProgress.State.IN_PROGRESS,  # the law contest, put off by Covid-19
    ("DT-BQLKKT", 2): TargetProgress.State.IN_PROGRESS,  # Tân Kiên levelled to 35% so far
    ("DT-BQLKKT", 4): TargetProgress.State.NOT_ACHIEVED,  # no project in the border zone
    ("DT-XTTMDLDT", 10): TargetProgress.State.IN_PROGRESS,  # visitors counted to 31/12
}

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


def answers() -> dict[tuple[str, str], str]:
    """(unit code, section number) → the unit's answer, one paragraph a line."""
    result, key = {}, None
    for line in ANSWERS.read_text(encoding="utf-8").splitlines():
        if header := re.fullmatch(r"\[(\S+) (.+)\]", line):
            key = (header[1], header[2])
            result[key] = ""
        elif line.strip() and not line.startswith("#"):
            result[key] = f"{result[key]}\n{line}".lstrip("\n")
    return result


def _h1_state(line) -> str:
    target = line.target
    status = target.due_status.lower()
    if "đã" in status:
        return TargetProgress.State.DONE
    if "đang" in status or not target.due_end or target.due_end > H1_END:
        return TargetProgress.State.IN_PROGRESS
    return TargetProgress.State.DONE


def _annual_state(line, period) -> str:
    """Continues the six-month state (report_open copied it into the line)."""
    target = line.target
    exception = ANNUAL_STATES.get((target.registration.organization.code, target.ordinal))
    if exception:
        return exception
    due = target.due_end or period.end
    if line.state == TargetProgress.State.IN_PROGRESS and due.month <= period.end.month:
        return TargetProgress.State.DONE
    return line.state


def _numbered(outline) -> dict[str, int]:
    """Section ids by number: "Phần II" for a part, dotted under it below ("II.1" = section 1
    of II in Phần I)."""
    result, parents = {}, {}
    for section in progress.outline_snapshot(outline):
        parents[section["depth"]] = section["number"]
        depth = section["depth"]
        key = ".".join(parents[d] for d in range(1, depth + 1)) if depth else section["number"]
        result[key] = section["id"]
    return result


def _hand_in(period, bloc, secretariat, organizations, state, texts, at, achieved=None) -> None:
    """Each unit's report for the period with its target states (and `achieved` values) and
    answers, submitted and accepted at `at`; a report handed in before is left as it is."""
    sections = _numbered(period.outline)
    for organization in organizations:
        report = progress.report_open(
            period=period, bloc=bloc, organization=organization, actor=secretariat
        )
        if report.status != ProgressReport.Status.DRAFT:
            continue  # loaded before
        lines = report.progress.select_related("target__registration__organization")
        for line in lines:
            line.state = state(line)
            if achieved:
                line.achieved_value = achieved(line)
        TargetProgress.objects.bulk_update(lines, ["state", "achieved_value"])
        NarrativeAnswer.objects.bulk_create(
            NarrativeAnswer(report=report, section_id=sections[number], text=text)
            for (code, number), text in texts.items()
            if code == organization.code
        )
        for event in ("submit", "accept"):
            progress.report_transition(report=report, event=event, actor=secretariat)
        ProgressReport.objects.filter(pk=report.pk).update(
            submitted_at=at, decided_at=at, is_late=False
        )
        # Its history on the report's page reads on the same day, not the day of loading.
        LogEntry.objects.get_for_object(report).update(timestamp=at)


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
    periods = {
        p.kind: p
        for p in ReportingPeriod.objects.filter(
            authority=authority, year=2020, kind__in=SUBMITTED
        ).select_related("outline")
    }
    if periods["h1"].outline_id is None:  # the annual period borrows it (outline_for)
        periods["h1"].outline = h1_outline
        periods["h1"].save(update_fields=["outline"])
    members = [
        m.organization
        for m in BlocMembership.objects.filter(bloc=bloc, year=2020).select_related("organization")
    ]
    _hand_in(periods["h1"], bloc, secretariat, members, _h1_state, answers(), SUBMITTED["h1"])
    annual = periods["annual"]
    _hand_in(
        annual,
        bloc,
        secretariat,
        [o for o in members if o.code != ANNUAL_MISSING],
        lambda line: _annual_state(line, annual),
        {},
        SUBMITTED["annual"],
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
    _school_load()


SCHOOL_AUTHORITY = "TW-BGDDT"
SCHOOL_BLOC = "CTĐ-GDĐT-ĐBSCL"
SCHOOL_SECRETARIAT = "sgddongthap"
SCHOOL_SUBMITTED = {
    "h1": datetime(2021, 1, 18, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    "annual": datetime(2021, 6, 28, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
}
SCHOOL_NOT_ACHIEVED = ("BTR-SGDDT", 4)  # three of the five new standard schools recognised
# (unit, section) → answer. The leading department writes for the cluster ("Cụm"), the others
# their own province's facts.
SCHOOL_ANSWERS = {
    "h1": {
        ("DT-SGDDT", "II.1"): "Các sở thành viên Cụm tổ chức cho cán bộ, nhà giáo, người lao "
        "động học tập, quán triệt Nghị quyết Đại hội Đảng bộ tỉnh nhiệm kỳ 2020-2025 và các văn "
        "bản chỉ đạo của Bộ về nhiệm vụ năm học 2020-2021.",
        ("DT-SGDDT", "III.2"): "Cụm tổ chức ký kết giao ước thi đua năm học 2020-2021 ngày "
        "30/9/2020; 5/5 sở thành viên phát động phong trào thi đua “Đổi mới, sáng tạo trong dạy "
        "và học” gắn với phòng, chống dịch Covid-19 trong trường học.",
        ("DT-SGDDT", "IV.1"): "Ngành giáo dục các tỉnh được cấp ủy, chính quyền địa phương quan "
        "tâm; học kỳ I kết thúc đúng khung kế hoạch thời gian năm học.",
        ("AG-SGDDT", "IV.2"): "Lũ cuối năm 2020 làm một số điểm trường vùng biên giới phải tạm "
        "cho học sinh nghỉ học, dạy bù trong tháng 12/2020.",
        ("TG-SGDDT", "III.3"): "Tuyên dương 36 giáo viên dạy giỏi cấp tỉnh, 12 tập thể tổ chuyên "
        "môn tiêu biểu trong học kỳ I.",
        ("VL-SGDDT", "IV.2"): "Thiếu giáo viên tiếng Anh, tin học cấp tiểu học để dạy theo "
        "chương trình giáo dục phổ thông 2018.",
        ("BTR-SGDDT", "IV.3"): "Tiếp tục rà soát, sắp xếp mạng lưới trường lớp; đề nghị Ủy ban "
        "nhân dân tỉnh bố trí vốn xây dựng trường chuẩn quốc gia.",
        ("DT-SGDDT", "Phần II"): "Thực hiện chương trình học kỳ II, tổ chức kiểm tra, đánh giá "
        "cuối năm học; chuẩn bị kỳ thi tốt nghiệp trung học phổ thông năm 2021; Cụm tổ chức "
        "tổng kết phong trào thi đua năm học 2020-2021.",
    },
    "annual": {
        ("DT-SGDDT", "III.2"): "Cụm duy trì sinh hoạt định kỳ, trao đổi kinh nghiệm tổ chức "
        "dạy học trực tuyến khi học sinh tạm dừng đến trường; 5/5 sở thành viên hoàn thành kế "
        "hoạch năm học.",
        ("DT-SGDDT", "IV.1"): "Tỷ lệ học sinh tốt nghiệp trung học phổ thông của các tỉnh trong "
        "Cụm đều đạt từ 98% trở lên.",
        ("AG-SGDDT", "III.3"): "Biểu dương 45 điển hình “Người tốt, việc tốt” trong ngành giáo "
        "dục năm học 2020-2021.",
        ("BTR-SGDDT", "IV.2"): "Công nhận mới 03/05 trường đạt chuẩn quốc gia; 02 trường chưa "
        "hoàn thành hạng mục cơ sở vật chất.",
        ("DT-SGDDT", "Phần II"): "Triển khai nhiệm vụ năm học 2021-2022: thực hiện chương trình "
        "giáo dục phổ thông 2018 đối với lớp 2, lớp 6; đẩy mạnh chuyển đổi số trong giáo dục.",
    },
}


def _school_h1_state(line, period) -> str:
    due = line.target.due_end
    done = due is not None and due <= period.end
    return TargetProgress.State.DONE if done else TargetProgress.State.IN_PROGRESS


def _school_annual_state(line) -> str:
    target = line.target
    if (target.registration.organization.code, target.ordinal) == SCHOOL_NOT_ACHIEVED:
        return TargetProgress.State.NOT_ACHIEVED
    return TargetProgress.State.DONE


def _school_achieved(line):
    """Quantitative targets reach their planned value; Bến Tre's standard schools three of five."""
    target = line.target
    if target.planned_value is None:
        return None
    if (target.registration.organization.code, target.ordinal) == SCHOOL_NOT_ACHIEVED:
        return Decimal(3)
    return target.planned_value if line.state == TargetProgress.State.DONE else None


def school_periods(authority) -> dict[str, ReportingPeriod]:
    """The school year's sơ kết học kỳ I and tổng kết năm học periods, on the built-in school
    dates; the year's end follows the Ministry's own outline, which its schedule names."""
    outline = progress.outline_from_data(outline_data.SCHOOL_ANNUAL_OUTLINE, authority=authority)
    schedule = progress.schedule_for(authority, ReportingPeriod.Kind.ANNUAL)
    schedule.outline = outline
    progress.schedules_save(schedules=[schedule], actor=None)
    progress.periods_ensure_defaults(authority=authority, year=2020, actor=None)
    return {
        p.kind: p
        for p in ReportingPeriod.objects.filter(authority=authority, year=2020, phase=None)
    }


def _school_load() -> None:
    authority = Organization.objects.get(code=SCHOOL_AUTHORITY)
    bloc = Bloc.objects.get(code=SCHOOL_BLOC)
    secretariat = User.objects.get(username=SCHOOL_SECRETARIAT)
    periods = school_periods(authority)
    members = [
        m.organization
        for m in BlocMembership.objects.filter(bloc=bloc, year=2020).select_related("organization")
    ]
    h1 = periods["h1"]
    _hand_in(h1, bloc, secretariat, members, lambda line: _school_h1_state(line, h1),
             SCHOOL_ANSWERS["h1"], SCHOOL_SUBMITTED["h1"], _school_achieved)  # fmt: skip
    _hand_in(periods["annual"], bloc, secretariat, members, _school_annual_state,
             SCHOOL_ANSWERS["annual"], SCHOOL_SUBMITTED["annual"], _school_achieved)  # fmt: skip
    # The school year ended in 2021 with every report in: its books are closed, so the cluster
    # owes nothing and no reminder goes out.
    ReportingPeriod.objects.filter(pk__in=[p.pk for p in periods.values()]).update(is_closed=True)
