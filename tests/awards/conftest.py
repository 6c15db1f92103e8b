"""The awards tests' shared world: Sở Xây dựng's people and 2024 records in the demo."""

from datetime import date
from types import SimpleNamespace

import pytest

from awards import services
from awards.models import Award, AwardType, Decision, Initiative, PersonYear
from blocs.models import Person

YEAR = 2024


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _issued(authority, year, number=None, suffix="QĐ-UBND") -> Decision:
    return Decision.objects.create(
        authority=authority,
        year=year,
        number=number or services.next_number(authority, year),
        symbol_suffix=suffix,
        dated=date(year, 12, 15),
        title="Quyết định công nhận danh hiệu (dữ liệu kiểm thử)",
        signer_name="Nguyễn Văn Ký",
        signer_title="Giám đốc",
        status=Decision.Status.ISSUED,
    )


@pytest.fixture
def world(demo):
    """Sở Xây dựng 2024: 14 LĐTT (so 2 CSTĐ cơ sở places); Mai has LĐTT and an initiative,
    Hùng neither."""
    unit = demo.org["DT-SXD"]
    ldtt = AwardType.objects.get(code="LDTT")
    unit_decision = _issued(unit, YEAR, suffix="QĐ-SXD")
    mai = Person.objects.create(full_name="Nguyễn Thị Mai", organization=unit)
    hung = Person.objects.create(full_name="Lê Văn Hùng", organization=unit)
    staff = [mai] + [
        Person.objects.create(full_name=f"Cán bộ số {n:02d}", organization=unit)
        for n in range(1, 14)
    ]
    for person in staff:
        Award.objects.create(
            award_type=ldtt, year=YEAR, decision=unit_decision, person=person, organization=unit
        )
    for person in (mai, hung):
        PersonYear.objects.create(person=person, year=YEAR, rating="htxsnv")
    initiative = Initiative.objects.create(
        person=mai, year=YEAR, title="Số hoá hồ sơ cấp phép xây dựng", scope="co_so"
    )
    return SimpleNamespace(
        demo=demo,
        unit=unit,
        authority=demo.org["DT"],
        mai=mai,
        hung=hung,
        staff=staff,
        initiative=initiative,
        cstdcs=AwardType.objects.get(code="CSTDCS"),
        unit_decision=unit_decision,
    )
