"""Demo campaigns and registrations from the seeds.

000: Đồng Tháp's 2020 campaign (Kế hoạch 20/KH-UBND of 21/01/2020); Khối thi đua 4A's
     registrations come from its Phụ lục 1 (fixtures/dang_ky_chi_tieu_khoi_4A_2020.xlsx), loaded
     through the same importer users run, then accepted by the secretariat.
     Phụ lục 1 lists only titles for Sở Xây dựng and Sở Tài nguyên và Môi trường; an accepted
     registration has targets, so the demo returns those two for targets and they register the
     province's common targets (Sở Giao thông Vận tải's list in the seed) before acceptance.
     Every registration is dated on the 2020 calendar (REGISTERED), not on the day of loading.
002: An Giang's 2021 campaign (Kế hoạch 31/KH-UBND of 13/01/2021) with its two phases and the
     registration deadline 15/02 (the seed prints "15/02/2020", a typo for the plan's year).
Issue 16 (no seed; illustrative): the Ministry of Education and Training's campaign for năm học
     2020–2021 (stored as 2020); every member of its Mekong Delta cluster registers the school
     targets (due "Học kỳ I năm học 2020-2021", "Tháng 12/2020", "Cuối năm học", "Năm học
     2020-2021") and titles in late September 2020, and the cluster's secretariat accepts them.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.db import transaction

from blocs.models import Bloc, BlocMembership, Organization, User

from . import importer, services
from .models import Campaign, Registration

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Handed in after the plan of 21/01/2020 and accepted before the registration appendix: (sent,
# accepted); the two returned for targets are sent again and accepted a week later.
REGISTERED = (datetime(2020, 2, 14, 9, 0, tzinfo=VN), datetime(2020, 2, 20, 9, 0, tzinfo=VN))
REGISTERED_AGAIN = (datetime(2020, 2, 25, 9, 0, tzinfo=VN), datetime(2020, 2, 27, 9, 0, tzinfo=VN))
COMMON_TARGETS_FROM = "DT-SGTVT"
TITLES_ONLY = ("DT-SXD", "DT-STNMT")  # Phụ lục 1 lists only titles for them

SAMPLE = settings.BASE_DIR / "fixtures/dang_ky_chi_tieu_khoi_4A_2020.xlsx"

CAMPAIGNS = [
    {
        "authority": "DT",
        "name": "Phong trào thi đua yêu nước năm 2020",
        "year": 2020,
        "plan_symbol": "20/KH-UBND",
        "plan_date": date(2020, 1, 21),
        "start": date(2020, 1, 1),
        "end": date(2020, 12, 31),
        "registration_deadline": None,
        "phases": [],
    },
    {
        "authority": "AG",
        "name": "Tổ chức, phát động phong trào thi đua năm 2021",
        "year": 2021,
        "plan_symbol": "31/KH-UBND",
        "plan_date": date(2021, 1, 13),
        "start": date(2021, 1, 1),
        "end": date(2021, 12, 31),
        "registration_deadline": date(2021, 2, 15),
        "phases": [
            {"name": "Đợt 1", "start": date(2021, 1, 1), "end": date(2021, 6, 30)},
            {"name": "Đợt 2", "start": date(2021, 7, 1), "end": date(2021, 12, 31)},
        ],
    },
    {
        "authority": "TW-BGDDT",
        "name": "Phong trào thi đua năm học 2020–2021",
        "year": 2020,
        "plan_symbol": "1035/KH-BGDĐT",
        "plan_date": date(2020, 9, 8),
        "start": date(2020, 9, 5),
        "end": date(2021, 5, 31),
        "registration_deadline": date(2020, 9, 30),
        "phases": [],
    },
]

SCHOOL_BLOC = "CTĐ-GDĐT-ĐBSCL"
SCHOOL_SECRETARIAT = "sgddongthap"
SCHOOL_REGISTERED = (
    datetime(2020, 9, 25, 9, 0, tzinfo=VN),
    datetime(2020, 9, 30, 9, 0, tzinfo=VN),
)
# Every department's targets: (text, due as written, planned value, unit of measure).
SCHOOL_TARGETS = [
    ("Hoàn thành kiểm tra, đánh giá cuối học kỳ I và sơ kết học kỳ I đúng khung kế hoạch thời "
     "gian năm học của Bộ", "Học kỳ I năm học 2020-2021", None, ""),
    ("Ban hành Kế hoạch chuyển đổi số trong giáo dục của tỉnh giai đoạn 2021-2025",
     "Tháng 12/2020", None, ""),
    ("Tỷ lệ học sinh tốt nghiệp trung học phổ thông đạt từ 98% trở lên", "Cuối năm học",
     Decimal(98), "%"),
    ("Công nhận mới ít nhất 05 trường đạt chuẩn quốc gia", "Năm học 2020-2021", Decimal(5),
     "trường"),
]  # fmt: skip
# The leading department also organises the cluster's year-end conference.
SCHOOL_LEADER_TARGET = (
    "Tổ chức Hội nghị tổng kết phong trào thi đua năm học 2020-2021 của Cụm thi đua",
    "Cuối năm học",
    None,
    "",
)
SCHOOL_TITLES = [("CO_BO", 1), ("TTLDXS", 12), ("CSTDCS", 25)]


@transaction.atomic
def load() -> None:
    for spec in CAMPAIGNS:
        spec = dict(spec)
        phases = spec.pop("phases")
        authority = Organization.objects.get(code=spec.pop("authority"))
        campaign = Campaign.objects.filter(
            authority=authority, year=spec["year"], kind=Campaign.Kind.ANNUAL
        ).first() or Campaign(authority=authority, kind=Campaign.Kind.ANNUAL)
        changed = campaign.pk is None or any(getattr(campaign, k) != v for k, v in spec.items())
        if changed:
            for key, value in spec.items():
                setattr(campaign, key, value)
            services.campaign_save(campaign=campaign, phases=phases, actor=None)
    _school_registrations()
    bloc = Bloc.objects.get(code="KTĐ4A")
    campaign = services.campaign_for_bloc(bloc=bloc, year=2020)
    secretariat = User.objects.get(username="hvquan")
    if Registration.objects.filter(campaign=campaign, bloc=bloc).exists():
        return  # loaded before: imported again, the file would drop the targets added below
    plan = importer.plan_from_bytes(SAMPLE.read_bytes(), campaign=campaign, bloc=bloc)
    importer.apply_import(plan, actor=secretariat, source=SAMPLE.name)
    submitted = Registration.objects.filter(
        campaign=campaign, bloc=bloc, status=Registration.Status.SUBMITTED
    )
    common = _common_targets(campaign, bloc)
    for registration in submitted:
        if not registration.targets.exists():
            _register_targets(registration, common, secretariat)
        services.registration_transition(
            registration=registration, event="accept", actor=secretariat
        )
    registrations = Registration.objects.filter(campaign=campaign, bloc=bloc)
    registrations.update(submitted_at=REGISTERED[0], decided_at=REGISTERED[1])
    registrations.filter(organization__code__in=TITLES_ONLY).update(
        submitted_at=REGISTERED_AGAIN[0], decided_at=REGISTERED_AGAIN[1]
    )
    for registration in registrations:
        _date_history(registration)


def _date_history(registration) -> None:
    """The history on the registration's page reads on the same calendar: imported and created
    the day it was first sent, returned at the first review, saved and sent again on its
    sending date, accepted on its decision date."""
    on_event = {"import": REGISTERED[0], "return": REGISTERED[1], "accept": registration.decided_at}
    for entry in LogEntry.objects.get_for_object(registration):
        at = on_event.get((entry.additional_data or {}).get("event"))
        if at is None:
            created = entry.action == LogEntry.Action.CREATE
            at = REGISTERED[0] if created else registration.submitted_at
        LogEntry.objects.filter(pk=entry.pk).update(timestamp=at)


def _common_targets(campaign, bloc) -> list[services.TargetInput]:
    """The province's common targets as a unit registered them, each text once."""
    source = Registration.objects.get(
        campaign=campaign, bloc=bloc, organization__code=COMMON_TARGETS_FROM
    )
    seen, targets = set(), []
    for target in source.targets.order_by("ordinal"):
        if target.text not in seen:
            seen.add(target.text)
            targets.append(services.TargetInput(text=target.text, due_text=target.due_text))
    return targets


def _register_targets(registration, targets, secretariat) -> None:
    """Return a registration that came without targets, add the common ones (its titles kept)
    and send it again, as a secretariat and a unit would."""
    services.registration_transition(
        registration=registration,
        event="return",
        actor=secretariat,
        reason="Chưa đăng ký chỉ tiêu thi đua; đề nghị bổ sung theo Kế hoạch 20/KH-UBND.",
    )
    registration.refresh_from_db()
    titles = [
        services.TitleInput(award_type_id=t.award_type_id, count=t.count)
        for t in registration.titles.all()
    ]
    services.registration_save(
        registration=registration, targets=targets, titles=titles, actor=secretariat
    )
    services.registration_transition(registration=registration, event="submit", actor=secretariat)


def _school_registrations() -> None:
    """Each member of the school-year cluster registers, is accepted, all on the school
    calendar: sent 25/09/2020, accepted 30/09/2020 (the plan's deadline)."""
    bloc = Bloc.objects.get(code=SCHOOL_BLOC)
    campaign = services.campaign_for_bloc(bloc=bloc, year=2020)
    if Registration.objects.filter(campaign=campaign, bloc=bloc).exists():
        return  # loaded before
    secretariat = User.objects.get(username=SCHOOL_SECRETARIAT)
    award_types = apps.get_model("awards", "AwardType").objects.in_bulk(
        [c for c, _n in SCHOOL_TITLES], field_name="code"
    )
    titles = [services.TitleInput(award_types[c].pk, n) for c, n in SCHOOL_TITLES]
    for membership in BlocMembership.objects.filter(bloc=bloc, year=2020).select_related(
        "organization"
    ):
        rows = SCHOOL_TARGETS + (
            [SCHOOL_LEADER_TARGET] if membership.role == BlocMembership.Role.LEADER else []
        )
        registration = services.registration_open(
            campaign=campaign, bloc=bloc, organization=membership.organization, actor=secretariat
        )
        services.registration_save(
            registration=registration,
            targets=[
                services.TargetInput(text=t, due_text=d, planned_value=v, unit=u)
                for t, d, v, u in rows
            ],
            titles=titles,
            actor=secretariat,
        )
        for event in ("submit", "accept"):
            services.registration_transition(
                registration=registration, event=event, actor=secretariat
            )
    registrations = Registration.objects.filter(campaign=campaign, bloc=bloc)
    sent, accepted = SCHOOL_REGISTERED
    registrations.update(submitted_at=sent, decided_at=accepted)
    for registration in registrations:
        history = LogEntry.objects.get_for_object(registration)
        history.update(timestamp=sent)
        history.filter(additional_data__event="accept").update(timestamp=accepted)
