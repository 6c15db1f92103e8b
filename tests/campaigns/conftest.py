import datetime
from pathlib import Path

import pytest

from campaigns.models import Campaign

# The sample from shared/samples, committed so tests run wherever the repository is cloned.
SAMPLE = Path(__file__).resolve().parents[2] / "fixtures/dang_ky_chi_tieu_khoi_4A_2020.xlsx"


@pytest.fixture
def sample_bytes():
    return SAMPLE.read_bytes()


@pytest.fixture
def campaign(demo):
    """Kế hoạch 20/KH-UBND of 21/01/2020, the campaign seed 000 reports on."""
    return Campaign.objects.get_or_create(
        authority=demo.org["DT"],
        year=2020,
        kind=Campaign.Kind.ANNUAL,
        defaults={
            "name": "Phong trào thi đua yêu nước năm 2020",
            "plan_symbol": "20/KH-UBND",
            "plan_date": datetime.date(2020, 1, 21),
            "start": datetime.date(2020, 1, 1),
            "end": datetime.date(2020, 12, 31),
            "registration_deadline": datetime.date(2020, 2, 15),
        },
    )[0]
