"""Due texts of a school-year authority's targets are read in its school year, whether the
unit types them in the registration form or the secretariat imports the bloc's workbook."""

import datetime
import io

import openpyxl
import pytest

from blocs.models import Organization, YearKind
from campaigns import importer, services
from campaigns.models import Campaign, Target
from tests.factories import BlocFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
H1 = (D(2020, 9, 1), D(2021, 1, 15))


@pytest.fixture
def school():
    """A provincial education department running a bloc of schools in the school year 2020–2021."""
    authority = OrganizationFactory(
        name="Sở Giáo dục và Đào tạo", kind=Organization.Kind.PROVINCE, year_kind=YearKind.SCHOOL
    )
    membership = MembershipFactory(
        bloc=BlocFactory(authority=authority),
        organization=OrganizationFactory(name="Trường THPT Thị xã Cao Lãnh"),
        year=2020,
    )
    campaign = Campaign.objects.create(
        authority=authority,
        year=2020,
        name="Phong trào thi đua năm học 2020–2021",
        start=D(2020, 9, 1),
        end=D(2021, 5, 31),
    )
    return campaign, membership.bloc, membership.organization


def _due(target: Target):
    return target.due_start, target.due_end, target.due_status, target.due_recognised


def test_saved_targets_read_due_texts_in_the_school_year(school):
    campaign, bloc, unit = school
    registration = services.registration_open(
        campaign=campaign, bloc=bloc, organization=unit, actor=None
    )
    services.registration_save(
        registration=registration,
        targets=[
            services.TargetInput(text="Hoàn thành chương trình", due_text="Học kỳ I"),
            services.TargetInput(text="Hội giảng", due_text="Tháng 3 Đang thực hiện"),
            services.TargetInput(text="Tổng kết", due_text="Năm học 2020-2021"),
        ],
        titles=[],
        actor=UserFactory(),
    )
    first, second, third = registration.targets.order_by("ordinal")
    assert _due(first) == (*H1, "", True)
    assert _due(second) == (D(2021, 3, 1), D(2021, 3, 31), "Đang thực hiện", True)
    assert _due(third) == (D(2020, 9, 1), D(2021, 5, 31), "", True)


def _workbook(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_imported_targets_read_due_texts_in_the_school_year(school):
    campaign, bloc, unit = school
    data = _workbook(
        [
            ["STT", "Chỉ tiêu thi đua", "Thời gian hoàn thành"],
            ["I", unit.name, None],
            [1, "Hoàn thành chương trình", "Học kỳ I"],
            [2, "Ôn thi tốt nghiệp", "HK II năm học 2020–2021 Đang thực hiện"],
        ]
    )
    plan = importer.plan_from_bytes(data, campaign=campaign, bloc=bloc)
    assert plan.ok, [str(e) for e in plan.errors]
    assert not plan.warnings  # every due text understood
    assert [t.due.label for t in plan.units[0].block.targets] == [
        "Học kỳ I năm học 2020–2021",
        "Học kỳ II năm học 2020–2021",
    ]
    importer.apply_import(plan, actor=None, source="truong.xlsx")
    first, second = Target.objects.order_by("ordinal")
    assert _due(first) == (*H1, "", True)
    assert _due(second) == (D(2021, 1, 16), D(2021, 5, 31), "Đang thực hiện", True)
