"""Demo campaigns and registrations from the seeds.

000: Đồng Tháp's 2020 campaign (Kế hoạch 20/KH-UBND of 21/01/2020); Khối thi đua 4A's
     registrations come from its Phụ lục 1 (fixtures/dang_ky_chi_tieu_khoi_4A_2020.xlsx), loaded
     through the same importer users run, then accepted by the secretariat.
002: An Giang's 2021 campaign (Kế hoạch 31/KH-UBND of 13/01/2021) with its two phases and the
     registration deadline 15/02 (the seed prints "15/02/2020", a typo for the plan's year).
"""

from datetime import date

from django.conf import settings
from django.db import transaction

from blocs.models import Bloc, Organization, User

from . import importer, services
from .models import Campaign, Registration

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
]


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
    bloc = Bloc.objects.get(code="KTĐ4A")
    campaign = services.campaign_for_bloc(bloc=bloc, year=2020)
    secretariat = User.objects.get(username="hvquan")
    plan = importer.plan_from_bytes(SAMPLE.read_bytes(), campaign=campaign, bloc=bloc)
    importer.apply_import(plan, actor=secretariat, source=SAMPLE.name)
    for registration in Registration.objects.filter(
        campaign=campaign, bloc=bloc, status=Registration.Status.SUBMITTED
    ):
        services.registration_transition(
            registration=registration, event="accept", actor=secretariat
        )
