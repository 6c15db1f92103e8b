"""Import of the users' Phụ lục 1 workbook: the sample's real quirks, exact figures."""

import pytest

from campaigns import importer
from campaigns.models import Registration, Target, TitleRegistration

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(sample_bytes, campaign, demo):
    return importer.plan_from_bytes(sample_bytes, campaign=campaign, bloc=demo.bloc)


def test_sample_plan_has_the_seed_figures(plan):
    assert plan.ok, [str(e) for e in plan.errors]
    assert len(plan.units) == 8
    assert plan.target_count == 49
    assert plan.title_count == 11
    titles = {u.organization.name: len(u.block.titles) for u in plan.units}
    assert titles["Sở Xây dựng"] == 5
    assert titles["Sở Tài nguyên và Môi trường"] == 6
    duplicates = [w for w in plan.warnings if "xuất hiện hai lần" in w.message]
    assert len(duplicates) == 1
    assert "Sở Giao thông Vận tải" in duplicates[0].message
    assert str(duplicates[0]).startswith("Dòng 30")


def test_sample_import_saves_everything_once(plan, demo):
    importer.apply_import(plan, actor=demo.secretariat, source="mau.xlsx")
    assert Registration.objects.count() == 8
    assert Target.objects.count() == 49
    assert TitleRegistration.objects.count() == 11
    xttm = Target.objects.filter(registration__organization__code="DT-XTTMDLDT")
    seventh = xttm.get(ordinal=7)
    assert seventh.text.startswith("Giám sát việc thực hiện quy chế dân chủ")
    assert seventh.text.endswith("có hoàn cảnh đặc biệt khó khăn.")
    assert "hoạt động từ thiện xã hội" in seventh.text
    assert xttm.count() == 10


def test_due_expressions_from_the_sample(plan, demo):
    importer.apply_import(plan, actor=demo.secretariat, source="mau.xlsx")
    march = Target.objects.filter(due_text="Tháng 3/ 2020").first()
    assert (march.due_start.isoformat(), march.due_end.isoformat()) == ("2020-03-01", "2020-03-31")
    q2 = Target.objects.get(due_text="Quý II/2020 Đang thực hiện")
    assert (q2.due_start.isoformat(), q2.due_end.isoformat()) == ("2020-04-01", "2020-06-30")
    assert q2.due_status == "Đang thực hiện"
    assert not Target.objects.filter(due_recognised=False).exists()


def test_title_counts(plan, demo):
    importer.apply_import(plan, actor=demo.secretariat, source="mau.xlsx")
    counts = dict(
        TitleRegistration.objects.filter(registration__organization__code="DT-SXD").values_list(
            "award_type__code", "count"
        )
    )
    assert counts == {"CSTDCS": 18, "CSTD_TINH": 3, "CO_TINH": 1, "TTLDXS": 4, "TTLDTT": 16}
