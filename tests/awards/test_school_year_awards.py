"""Awards of a school-year authority (issue 16): achievement year 2020 means năm học 2020–2021.

Eligibility judges a year on its last day (31/05/2021 for năm học 2020–2021), counts
consecutive years by number and prints each year as the authority names it; decisions keep
their numbering by calendar year (Decree 30/2020); pages label every year by its authority.
"""

from datetime import date

import pytest
from django.urls import reverse

from awards import eligibility, services
from awards.models import Award, AwardType, Decision, Proposal
from blocs.emulation_year import EmulationYear
from blocs.models import YearKind
from tests.awards.conftest import _issued
from tests.awards.test_eligibility import (
    BK_TINH_PERSON_BASIS,
    CSTD_TINH_BASIS,
    CSTDCS_BASIS,
    _assert,
    _award,
    _check,
    _checks,
    _initiative,
    _nominee,
    _person,
    _rate,
)
from tests.awards.test_proposals import _approved
from tests.awards.test_summary import decision, give

pytestmark = pytest.mark.django_db

CSTDCS_2003_BASIS = "Luật TĐKT 2003 (sửa đổi 2013), Điều 23"


@pytest.fixture
def school(demo):
    """UBND tỉnh Đồng Tháp as if it emulated by school year (September to May)."""
    authority = demo.org["DT"]
    authority.year_kind = YearKind.SCHOOL
    authority.save()
    return authority


def test_runs_and_lists_of_years_keep_the_calendar_wording():
    """The vocabulary eligibility messages use (blocs/emulation_year.py)."""
    calendar = [EmulationYear(number) for number in (2022, 2023, 2024)]
    school = [EmulationYear.school(number) for number in (2022, 2023, 2024)]
    assert calendar[0].through(calendar[-1]) == "2022–2024"
    assert school[0].through(school[-1]) == "năm học 2022–2023 đến năm học 2024–2025"
    assert EmulationYear.listing(calendar[:2]) == "năm 2022, 2023"
    assert EmulationYear.listing(school[:2]) == "năm học 2022–2023, 2023–2024"


# Eligibility -----------------------------------------------------------------------------------


def test_cstdcs_messages_name_the_school_year(demo, school):
    person = _person(demo)
    _initiative(person, 2020)
    nominee = _nominee(demo, "CSTDCS", 2020, person=person)
    _assert(
        _check(nominee, CSTDCS_2003_BASIS),
        "fail",
        "Chưa có danh hiệu Lao động tiên tiến năm học 2020–2021.",
    )


def test_cstdcs_passes_with_the_school_years_records(demo, school):
    person = _person(demo)
    _award(demo, "LDTT", 2020, person=person)
    _initiative(person, 2020)
    nominee = _nominee(demo, "CSTDCS", 2020, person=person)
    _assert(_check(nominee, CSTDCS_2003_BASIS), "pass", "Đạt Lao động tiên tiến năm học 2020–2021")


@pytest.mark.parametrize(
    ("kind", "year", "basis"),
    [
        # 2023–2024 ends on 31/05/2024, after Luật TĐKT 2022 took effect (01/01/2024).
        (YearKind.SCHOOL, 2023, CSTDCS_BASIS),
        (YearKind.SCHOOL, 2022, CSTDCS_2003_BASIS),
        # the calendar year 2023 ends on 31/12/2023, before it.
        (YearKind.CALENDAR, 2023, CSTDCS_2003_BASIS),
        (YearKind.CALENDAR, 2024, CSTDCS_BASIS),
    ],
)
def test_the_law_in_force_at_the_end_of_the_year_applies(demo, kind, year, basis):
    demo.org["DT"].year_kind = kind
    demo.org["DT"].save()
    nominee = _nominee(demo, "CSTDCS", year, person=_person(demo))
    checks = _checks(nominee)
    assert basis in checks, sorted(checks)
    other = CSTDCS_2003_BASIS if basis == CSTDCS_BASIS else CSTDCS_BASIS
    assert other not in checks


def test_bk_ttg_backing_initiatives_follow_the_law_at_the_school_years_end(demo, school):
    """Năm học 2023–2024 is judged by Luật 2022 (no initiatives needed, none used up)."""
    person = _person(demo)
    for year in range(2019, 2024):
        _initiative(person, year)
    nominee = _nominee(demo, "BK_TTG", 2023, person=person)
    assert eligibility.initiatives_backing(nominee) == []
    school.year_kind = YearKind.CALENDAR
    school.save()
    nominee = _nominee(demo, "BK_TTG", 2023, person=person)
    assert len(eligibility.initiatives_backing(nominee)) == 5


def test_consecutive_school_years_count_by_number(demo, school):
    person = _person(demo)
    for year in (2022, 2023, 2024):
        _award(demo, "CSTDCS", year, person=person)
    _initiative(person, 2023, scope="tinh")
    nominee = _nominee(demo, "CSTD_TINH", 2024, person=person)
    _assert(
        _check(nominee, CSTD_TINH_BASIS),
        "pass",
        "03 năm liên tục CSTĐ cơ sở (năm học 2022–2023 đến năm học 2024–2025)",
    )


def test_missing_school_years_are_named(demo, school):
    person = _person(demo)
    _award(demo, "CSTDCS", 2024, person=person)
    _initiative(person, 2024, scope="tinh")
    nominee = _nominee(demo, "CSTD_TINH", 2024, person=person)
    _assert(
        _check(nominee, CSTD_TINH_BASIS),
        "fail",
        "(năm học 2022–2023 đến năm học 2024–2025); thiếu năm học 2022–2023, 2023–2024.",
    )


def test_calendar_missing_years_read_as_before(demo):
    person = _person(demo)
    _award(demo, "CSTDCS", 2024, person=person)
    nominee = _nominee(demo, "CSTD_TINH", 2024, person=person)
    _assert(_check(nominee, CSTD_TINH_BASIS), "fail", "(2022–2024); thiếu năm 2022, 2023.")


def test_two_school_years_of_excellent_ratings(demo, school):
    person = _person(demo)
    _rate(person, [2024], rating="htxsnv")
    nominee = _nominee(demo, "BK_TINH", 2024, person=person)
    _assert(
        _check(nominee, BK_TINH_PERSON_BASIS),
        "fail",
        "Chưa đủ 02 năm liên tục hoàn thành xuất sắc nhiệm vụ (2023–2024, 2024–2025).",
    )


def test_minimum_interval_names_the_earlier_school_year(demo, school):
    bk_tinh = AwardType.objects.get(code="BK_TINH")
    bk_tinh.min_interval_years = 2
    bk_tinh.save()
    person = _person(demo)
    _award(demo, "BK_TINH", 2023, person=person)
    nominee = _nominee(demo, "BK_TINH", 2024, person=person)
    _assert(_check(nominee, "Luật TĐKT 2022, Điều 74"), "fail", "Đã được tặng năm học 2023–2024")


# Decision numbering ----------------------------------------------------------------------------


def test_decisions_are_numbered_by_calendar_year_whatever_the_year_kind(client, world, school):
    """Decree 30/2020 numbers documents from 01/01 to 31/12: a school-year authority's decisions
    of 20/12/2020 and 10/01/2021 (the same năm học) are 01 of 2020 and 01 of 2021."""
    corrected = _issued(school, 2019, number=7, suffix="QĐ-UBND.KT")
    client.force_login(world.demo.reviewer)
    for dated in ("20/12/2020", "10/01/2021"):
        response = client.post(
            reverse("decision_create"),
            {
                "symbol_suffix": "QĐ-UBND.KT", "dated": dated, "title": "Đính chính quyết định",
                "signer_name": "Phạm Thiện Nghĩa", "signer_title": "Chủ tịch",
                "corrects": corrected.pk,
            },
        )  # fmt: skip
        assert response.status_code == 302, response.content.decode()[:2000]
    numbered = Decision.objects.filter(corrects=corrected).order_by("dated")
    assert [(d.year, d.number, d.symbol) for d in numbered] == [
        (2020, 1, "01/QĐ-UBND.KT"),
        (2021, 1, "01/QĐ-UBND.KT"),
    ]


# Pages -----------------------------------------------------------------------------------------


def _school_award(world):
    """Mai's CSTĐ cơ sở of năm học 2024–2025, decided and in the registry."""
    proposal, mai, _hung = _approved(world)
    decision = services.decision_create(
        authority=world.authority, year=2025, dated=date(2025, 2, 25),
        title="Tặng danh hiệu Chiến sĩ thi đua cơ sở", signer_name="Phạm Thiện Nghĩa",
        signer_title="Chủ tịch", nominees=[mai], actor=world.demo.reviewer,
    )  # fmt: skip
    services.decision_issue(decision=decision, actor=world.demo.reviewer)
    return proposal, decision


def test_proposal_pages_label_the_school_year(client, world, school):
    proposal, _decision = _school_award(world)
    client.force_login(world.demo.reviewer)
    listing = client.get(reverse("proposal_list")).content.decode()
    assert "Năm học 2024–2025" in listing
    detail = client.get(reverse("proposal_detail", args=[proposal.pk])).content.decode()
    assert "· năm học 2024–2025 ·" in detail


def test_calendar_proposal_pages_label_the_year(client, world):
    proposal, _decision = _school_award(world)
    client.force_login(world.demo.reviewer)
    detail = client.get(reverse("proposal_detail", args=[proposal.pk])).content.decode()
    assert "· năm 2024 ·" in detail and "năm học" not in detail


def test_decision_and_registry_label_the_school_year(client, world, school):
    _proposal, decision = _school_award(world)
    client.force_login(world.demo.reviewer)
    page = client.get(reverse("decision_detail", args=[decision.pk])).content.decode()
    assert "Chiến sĩ thi đua cơ sở (2024–2025)" in page
    registry = client.get(reverse("registry"), {"year": 2024})
    rows = list(registry.context["page"])
    assert [a.year for a in rows if a.decision_id == decision.pk] == [2024]
    assert "Năm học 2024–2025" in registry.content.decode()
    assert not [
        a for a in client.get(reverse("registry"), {"year": 2023}).context["page"]
        if a.decision_id == decision.pk
    ]  # fmt: skip


def test_registry_labels_each_row_by_its_authority(client, world, school):
    """A unit's own calendar-year award next to the province's school-year one."""
    _school_award(world)
    client.force_login(world.demo.reviewer)
    html = client.get(reverse("registry"), {"unit": world.unit.pk}).content.decode()
    assert "Năm học 2024–2025" in html  # Mai's CSTĐ cơ sở, decided by the province
    assert "Năm 2024" in html  # the LĐTT Sở Xây dựng decided itself (calendar)
    assert Award.objects.filter(decision=world.unit_decision).exists()


def test_bloc_proposal_year_picker_names_the_school_year(client, demo, school):
    client.force_login(demo.secretariat)
    url = reverse("proposal_create") + f"?bloc={demo.bloc.pk}&year=2020"
    html = client.get(url).content.decode()
    assert '<option value="2020" selected>Năm học 2020–2021</option>' in html


def test_bloc_proposal_for_a_year_not_led_names_the_school_years(client, demo, school):
    client.force_login(demo.secretariat)
    url = reverse("proposal_create") + f"?bloc={demo.bloc.pk}&year=2020"
    response = client.post(
        url,
        {"title": "Đề nghị tặng Cờ thi đua", "kind": "annual", "year": "2021",
         "authority": demo.org["DT"].pk, "symbol": "05/TTr-KTĐ4A", "dated": "20/12/2020"},
    )  # fmt: skip
    error = response.context["form"].errors["year"][0]
    assert "năm học 2021–2022" in error and "(năm được lập: 2020–2021)" in error
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(("kind", "in_bloc"), [(YearKind.SCHOOL, True), (YearKind.CALENDAR, False)])
def test_registry_finds_the_bloc_of_the_school_year_a_decision_was_made_in(
    client, demo, kind, in_bloc
):
    """Sở Xây dựng is in Khối 4A in 2020 only. An award of 2019 decided on 10/01/2021 falls in
    năm học 2020–2021 for a school-year bloc (its members that year report it), in 2021 for a
    calendar one."""
    demo.bloc.authority.year_kind = kind
    demo.bloc.authority.save()
    unit = demo.org["DT-SXD"]
    assert set(unit.memberships.filter(bloc=demo.bloc).values_list("year", flat=True)) == {2020}
    late = decision(demo.org["DT"], date(2021, 1, 10))
    give("BK_TINH", late, unit, collectives=1)
    Award.objects.filter(decision=late).update(year=2019)
    client.force_login(demo.reviewer)
    row = next(a for a in client.get(reverse("registry")).context["page"] if a.decision == late)
    assert (demo.bloc in row.blocs) is in_bloc
    filtered = client.get(reverse("registry"), {"bloc": demo.bloc.pk}).context["page"]
    assert any(a.decision == late for a in filtered) is in_bloc


def test_proposal_form_says_how_a_school_year_is_written(client, demo, school, monkeypatch):
    """Outside blocs the year is typed: where a school-year authority can be chosen, the field
    says a school year is written as the year it starts in."""
    monkeypatch.setattr("awards.forms.timezone.localdate", lambda: date(2021, 3, 1))
    client.force_login(demo.xaydung)
    form = client.get(reverse("proposal_create")).context["form"]
    assert form.fields["year"].help_text == (
        "Cơ quan tính theo năm học: ghi năm bắt đầu của năm học (2020 là năm học 2020–2021)."
    )
    school.year_kind = YearKind.CALENDAR
    school.save()
    form = client.get(reverse("proposal_create")).context["form"]
    assert not form.fields["year"].help_text
