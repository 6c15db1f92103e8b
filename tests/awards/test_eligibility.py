"""Eligibility rules (awards/eligibility.py) against registry data, rule by rule and table-driven.

Each test names the legal basis it exercises (domain.md §2): R-CSTDCS-1 (Luật TĐKT 2022 Đ.23),
R-CSTDCS-2 (NĐ 91/2017 Đ.9 k.3, quy chế tỉnh), R-CSTDT-1 (Đ.22), R-TTLDXS-1 (Đ.27),
R-BK-TINH-1 (Đ.74 k.1), R-BK-TTG-1 (NĐ 91/2017 Đ.38 before 2024, Luật 2022 Đ.73 k.1 đ.b from
2024), R-CO-TINH-1 (Đ.26), R-GEN-2 (CV 5007/BNV-TĐKT: one initiative backs one proposal) and the
minimum interval between two awards of the same kind (AwardType.min_interval_years).

The registry is built with the ORM: people, their yearly ratings (PersonYear), initiatives,
issued decisions and their awards; the nominee sits in a proposal of Sở Xây dựng to UBND tỉnh
Đồng Tháp, and `eligibility.evaluate(nominee)` is read per legal basis.
"""

import re
from datetime import date
from decimal import Decimal

import pytest

from awards import eligibility, services
from awards.models import (
    Award,
    AwardType,
    Decision,
    Initiative,
    Nominee,
    PersonYear,
    Proposal,
)
from blocs.models import Person
from campaigns import scoring

pytestmark = pytest.mark.django_db

# Legal bases exactly as the rules carry them.
CSTDCS_BASIS = "Luật TĐKT 2022, Điều 23"
RATIO_BASIS = "NĐ 91/2017/NĐ-CP, Điều 9 khoản 3; quy chế TĐKT của tỉnh"
CSTD_TINH_BASIS = "Luật TĐKT 2022, Điều 22"
BK_TINH_PERSON_BASIS = "Luật TĐKT 2022, Điều 74 khoản 1"
BK_TINH_COLLECTIVE_BASIS = "Luật TĐKT 2022, Điều 74 khoản 2"
TTLDXS_BASIS = "Luật TĐKT 2022, Điều 27"
CO_BASIS = "Luật TĐKT 2003 (sửa đổi 2013), Điều 25, 26"
BK_TTG_OLD_BASIS = "NĐ 91/2017/NĐ-CP, Điều 38"
BK_TTG_NEW_BASIS = "Luật TĐKT 2022, Điều 73 khoản 1 điểm b"

# A Vietnamese sentence has letters with diacritics English never uses.
VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵấầẩẫậắằẳẵặếềểễệốồổỗộớờởỡợứừửữự]")

TREE = [
    ("I", "Thực hiện nhiệm vụ chính trị", 60, False, []),
    ("II", "Công tác TĐKT", 40, False, []),
]


# Registry builders ------------------------------------------------------------------------------


def _decision(authority, year: int) -> Decision:
    return Decision.objects.create(
        authority=authority,
        year=year,
        number=services.next_number(authority, year),
        dated=date(year, 12, 20),
        title="Quyết định khen thưởng (dữ liệu kiểm thử)",
        signer_name="Nguyễn Văn Ký",
        signer_title="Chủ tịch",
        status=Decision.Status.ISSUED,
    )


def _award(demo, code: str, year: int, *, person=None, organization=None) -> Award:
    """An award in the registry, by an issued decision of UBND tỉnh Đồng Tháp."""
    return Award.objects.create(
        award_type=AwardType.objects.get(code=code),
        year=year,
        decision=_decision(demo.org["DT"], year),
        person=person,
        organization=organization or person.organization,
    )


def _person(demo, name="Nguyễn Thị Mai", unit="DT-SXD") -> Person:
    return Person.objects.create(full_name=name, organization=demo.org[unit])


def _rate(person, years, rating="httnv", discipline=""):
    for year in years:
        PersonYear.objects.create(person=person, year=year, rating=rating, discipline=discipline)


def _initiative(person, year, scope="co_so", title=None, used_by=None) -> Initiative:
    return Initiative.objects.create(
        person=person,
        year=year,
        title=title or f"Sáng kiến số hoá hồ sơ năm {year}",
        scope=scope,
        recognized_by=f"QĐ công nhận sáng kiến năm {year}",
        used_by=used_by,
    )


def _proposal(demo, year: int, **extra) -> Proposal:
    fields = {"proposer": demo.org["DT-SXD"], "authority": demo.org["DT"], "kind": "annual"}
    return Proposal.objects.create(
        year=year, title=f"Đề nghị khen thưởng năm {year}", **(fields | extra)
    )


def _nominee(demo, code: str, year: int, *, person=None, organization=None, proposal=None):
    return Nominee.objects.create(
        proposal=proposal or _proposal(demo, year),
        award_type=AwardType.objects.get(code=code),
        person=person,
        organization=organization,
        achievement="Hoàn thành xuất sắc nhiệm vụ được giao.",
    )


def _checks(nominee) -> dict[str, eligibility.Check]:
    nominee = Nominee.objects.select_related("proposal", "award_type").get(pk=nominee.pk)
    return {check.legal_basis: check for check in eligibility.evaluate(nominee)}


def _check(nominee, basis) -> eligibility.Check:
    checks = _checks(nominee)
    assert basis in checks, f"no check under {basis!r}: {sorted(checks)}"
    return checks[basis]


def _assert(check, status, *fragments):
    assert check.status == status, check
    assert VIETNAMESE.search(check.explanation), check.explanation
    for fragment in fragments:
        assert fragment in check.explanation, (fragment, check.explanation)


# R-CSTDCS-1: Chiến sĩ thi đua cơ sở = LĐTT that year + a recognised initiative (Đ.23) -------


CSTDCS_CASES = {
    # id: (LĐTT award years, initiative years, initiative used by another nominee, status, text)
    "ldtt_and_initiative": ([2024], [2024], False, "pass", "Đạt Lao động tiên tiến năm 2024"),
    "no_ldtt": ([], [2024], False, "fail", "Chưa có danh hiệu Lao động tiên tiến năm 2024"),
    "ldtt_only_the_year_before": (
        [2023], [2024], False, "fail", "Chưa có danh hiệu Lao động tiên tiến năm 2024"
    ),
    "no_initiative": ([2024], [], False, "fail", "Chưa có sáng kiến được công nhận năm 2024"),
    "initiative_of_another_year": (
        [2024], [2023], False, "fail", "Chưa có sáng kiến được công nhận năm 2024"
    ),
    "initiative_used_by_another_nominee": (
        [2024], [2024], True, "fail", "sáng kiến đã dùng cho đề nghị khác"
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    ("ldtt", "initiatives", "used", "status", "text"),
    list(CSTDCS_CASES.values()),
    ids=list(CSTDCS_CASES),
)
def test_cstdcs_luat_2022_dieu_23(demo, ldtt, initiatives, used, status, text):
    """R-CSTDCS-1 (Luật TĐKT 2022 Điều 23) with R-GEN-2 (CV 5007/BNV-TĐKT)."""
    person = _person(demo)
    for year in ldtt:
        _award(demo, "LDTT", year, person=person)
    other = _nominee(demo, "BK_TINH", 2024, person=person) if used else None
    for year in initiatives:
        _initiative(person, year, used_by=other)
    nominee = _nominee(demo, "CSTDCS", 2024, person=person)
    _assert(_check(nominee, CSTDCS_BASIS), status, text)


def test_cstdcs_luat_2022_dieu_23_initiative_used_by_this_nominee_still_counts(demo):
    person = _person(demo)
    _award(demo, "LDTT", 2024, person=person)
    nominee = _nominee(demo, "CSTDCS", 2024, person=person)
    _initiative(person, 2024, title="Phần mềm theo dõi giấy phép", used_by=nominee)
    _assert(_check(nominee, CSTDCS_BASIS), "pass", "2024", "Phần mềm theo dõi giấy phép")


def test_cstdcs_luat_2022_dieu_23_ldtt_proposed_in_the_same_proposal(demo):
    """LĐTT and CSTĐ cơ sở for the same year may be proposed together."""
    person = _person(demo)
    _initiative(person, 2024)
    proposal = _proposal(demo, 2024)
    _nominee(demo, "LDTT", 2024, person=person, proposal=proposal)
    nominee = _nominee(demo, "CSTDCS", 2024, person=person, proposal=proposal)
    _assert(_check(nominee, CSTDCS_BASIS), "pass", "Đạt Lao động tiên tiến năm 2024")


@pytest.mark.parametrize(
    ("year", "basis"),
    [
        (2020, "Luật TĐKT 2003 (sửa đổi 2013), Điều 23"),
        (2023, "Luật TĐKT 2003 (sửa đổi 2013), Điều 23"),
        (2024, CSTDCS_BASIS),
    ],
)
def test_cstdcs_luat_2003_dieu_23_until_2023_luat_2022_dieu_23_from_2024(demo, year, basis):
    """The CSTĐ cơ sở rule is cited under the law in force at the end of the achievement year."""
    person = _person(demo)
    _award(demo, "LDTT", year, person=person)
    _initiative(person, year)
    checks = _checks(_nominee(demo, "CSTDCS", year, person=person))
    assert list(checks) == [basis, RATIO_BASIS]
    _assert(checks[basis], "pass", f"Đạt Lao động tiên tiến năm {year}")


@pytest.mark.parametrize("code", ["CSTD_TINH", "TTLDXS", "CO_TINH"])
def test_2020_achievements_are_not_cited_under_luat_2022(demo, code):
    if code == "CSTD_TINH":
        nominee = _nominee(demo, code, 2020, person=_person(demo))
    else:
        nominee = _nominee(demo, code, 2020, organization=demo.org["DT-SXD"])
    bases = list(_checks(nominee))
    assert bases and not any("Luật TĐKT 2022" in basis for basis in bases), bases


# R-CSTDCS-2: CSTĐ cơ sở at most 15% of the unit's LĐTT (NĐ 91/2017 Đ.9 k.3; quy chế tỉnh) ----


def _ldtt_staff(demo, count: int, year=2024, unit="DT-SXD") -> list[Person]:
    people = []
    for n in range(count):
        person = _person(demo, f"Cán bộ số {n + 1:02d}", unit)
        _award(demo, "LDTT", year, person=person)
        people.append(person)
    return people


RATIO_CASES = {
    # id: (LĐTT in the unit, CSTĐCS already awarded, nominee rows as indexes of people, status,
    #      text)
    "20_ldtt_3_nominees": (20, 0, [0, 1, 2], "pass", "3 CSTĐ cơ sở trên 20 LĐTT (tối đa 3)"),
    "20_ldtt_4_nominees": (20, 0, [0, 1, 2, 3], "fail", "Vượt tỷ lệ: 4 CSTĐ cơ sở"),
    "19_ldtt_3_nominees": (19, 0, [0, 1, 2], "fail", "trên 19 LĐTT, tối đa 2"),
    "person_nominated_twice_counts_once": (
        20, 0, [0, 1, 2, 2], "pass", "3 CSTĐ cơ sở trên 20 LĐTT (tối đa 3)"
    ),
    "awarded_ones_count": (20, 2, [0, 1], "fail", "Vượt tỷ lệ: 4 CSTĐ cơ sở"),
}  # fmt: skip


@pytest.mark.parametrize(
    ("ldtt", "awarded", "rows", "status", "text"), list(RATIO_CASES.values()), ids=list(RATIO_CASES)
)
def test_cstdcs_ratio_15_percent_nd_91_2017_dieu_9_khoan_3(demo, ldtt, awarded, rows, status, text):
    """R-CSTDCS-2: CSTĐ cơ sở ≤ 15% of the unit's LĐTT, rounded down; a person counts once."""
    people = _ldtt_staff(demo, ldtt)
    for person in people[-awarded:] if awarded else []:
        _award(demo, "CSTDCS", 2024, person=person)
    first = _proposal(demo, 2024)
    nominees = [
        # the second nomination of one person is in another proposal
        _nominee(demo, "CSTDCS", 2024, person=people[i], proposal=first if n < 3 else None)
        for n, i in enumerate(rows)
    ]
    for nominee in nominees:
        _assert(_check(nominee, RATIO_BASIS), status, text)


def test_cstdcs_ratio_not_eligible_nominees_do_not_take_a_place(demo):
    people = _ldtt_staff(demo, 20)
    proposal = _proposal(demo, 2024)
    nominees = [_nominee(demo, "CSTDCS", 2024, person=p, proposal=proposal) for p in people[:4]]
    Nominee.objects.filter(pk=nominees[3].pk).update(verdict="not_eligible")
    _assert(_check(nominees[0], RATIO_BASIS), "pass", "3 CSTĐ cơ sở trên 20 LĐTT (tối đa 3)")


def test_cstdcs_ratio_without_ldtt_figures_is_unknown(demo):
    person = _person(demo)
    nominee = _nominee(demo, "CSTDCS", 2024, person=person)
    _assert(_check(nominee, RATIO_BASIS), "unknown", "chưa có số liệu Lao động tiên tiến năm 2024")


def test_cstdcs_ratio_rejected_proposal_frees_its_places(demo):
    people = _ldtt_staff(demo, 20)
    rejected = _proposal(demo, 2024, status=Proposal.Status.RECEIVED)
    for person in people[:3]:
        _nominee(demo, "CSTDCS", 2024, person=person, proposal=rejected)
    services.proposal_review(
        proposal=rejected, action="reject", actor=demo.reviewer, comment="Không đạt tiêu chuẩn."
    )
    later = _nominee(demo, "CSTDCS", 2024, person=people[3])
    _assert(_check(later, RATIO_BASIS), "pass", "1 CSTĐ cơ sở trên 20 LĐTT")


# R-CSTDT-1: Chiến sĩ thi đua cấp tỉnh = 03 consecutive CSTĐ cơ sở + provincial initiative ----


CSTD_TINH_CASES = {
    # id: (CSTĐCS years, initiatives (year, scope), status, text)
    "three_consecutive_years": (
        [2022, 2023, 2024], [(2023, "tinh")], "pass", "03 năm liên tục CSTĐ cơ sở (2022–2024)"
    ),
    "national_initiative_counts": ([2022, 2023, 2024], [(2022, "toan_quoc")], "pass", "2022–2024"),
    "only_two_years": ([2023, 2024], [(2023, "tinh")], "fail", "thiếu năm 2022"),
    "three_years_with_a_gap": ([2021, 2022, 2024], [(2024, "tinh")], "fail", "thiếu năm 2023"),
    "three_years_not_ending_in_the_year": (
        [2021, 2022, 2023], [(2023, "tinh")], "fail", "thiếu năm 2024"
    ),
    "base_scope_initiative_only": (
        [2022, 2023, 2024], [(2023, "co_so")], "fail", "chưa có sáng kiến phạm vi tỉnh trở lên"
    ),
    "provincial_initiative_outside_the_window": (
        [2022, 2023, 2024], [(2021, "tinh")], "fail", "chưa có sáng kiến phạm vi tỉnh trở lên"
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    ("cstdcs", "initiatives", "status", "text"),
    list(CSTD_TINH_CASES.values()),
    ids=list(CSTD_TINH_CASES),
)
def test_cstd_tinh_luat_2022_dieu_22(demo, cstdcs, initiatives, status, text):
    """R-CSTDT-1 (Luật TĐKT 2022 Điều 22): 03 lần liên tục CSTĐ cơ sở + sáng kiến cấp tỉnh."""
    person = _person(demo)
    for year in cstdcs:
        _award(demo, "CSTDCS", year, person=person)
    for year, scope in initiatives:
        _initiative(person, year, scope=scope)
    nominee = _nominee(demo, "CSTD_TINH", 2024, person=person)
    _assert(_check(nominee, CSTD_TINH_BASIS), status, text)


def test_cstd_tinh_luat_2022_dieu_22_provincial_initiative_used_elsewhere(demo):
    """R-GEN-2: the provincial initiative already backed another nominee."""
    person = _person(demo)
    for year in (2022, 2023, 2024):
        _award(demo, "CSTDCS", year, person=person)
    _initiative(person, 2023, scope="tinh", used_by=_nominee(demo, "BK_TINH", 2023, person=person))
    nominee = _nominee(demo, "CSTD_TINH", 2024, person=person)
    _assert(_check(nominee, CSTD_TINH_BASIS), "fail", "chưa có sáng kiến phạm vi tỉnh")


# R-TTLDXS-1: Tập thể lao động xuất sắc (Đ.27) ---------------------------------------------


TTLDXS_CASES = {
    # id: (members, LĐTT, CSTĐCS, {member index: (rating, discipline)}, members without a
    #      rating, status, text)
    "all_complete_all_ldtt": (10, 10, 1, {}, 0, "pass", "10/10 đạt LĐTT"),
    "exactly_70_percent_ldtt": (10, 7, 1, {}, 0, "pass", "7/10 đạt LĐTT"),
    "69_percent_ldtt": (13, 9, 1, {}, 0, "fail", "chỉ 9/13 cá nhân đạt LĐTT (cần ≥ 70%)"),
    "one_member_failed_tasks": (
        10, 9, 1, {9: ("khtnv", "")}, 0, "fail", "có cá nhân không hoàn thành nhiệm vụ"
    ),
    "no_cstdcs": (10, 10, 0, {}, 0, "fail", "không có cá nhân đạt CSTĐ cơ sở"),
    "canh_cao": (10, 10, 1, {4: ("httnv", "canh_cao")}, 0, "fail", "kỷ luật từ cảnh cáo trở lên"),
    "heavier_than_canh_cao": (
        10, 10, 1, {4: ("httnv", "nang_hon")}, 0, "fail", "kỷ luật từ cảnh cáo trở lên"
    ),
    "khien_trach_is_below_canh_cao": (
        10, 10, 1, {4: ("httnv", "khien_trach")}, 0, "pass", "không kỷ luật"
    ),
    "missing_evaluations": (10, 10, 1, {}, 1, "unknown", "Chưa có đủ kết quả đánh giá năm 2024"),
}  # fmt: skip


@pytest.mark.parametrize(
    ("members", "ldtt", "cstdcs", "special", "unrated", "status", "text"),
    list(TTLDXS_CASES.values()),
    ids=list(TTLDXS_CASES),
)
def test_ttldxs_luat_2022_dieu_27(demo, members, ldtt, cstdcs, special, unrated, status, text):
    """R-TTLDXS-1 (Luật TĐKT 2022 Điều 27): 100% hoàn thành nhiệm vụ, ≥70% LĐTT, ≥1 CSTĐ cơ sở,
    không ai bị kỷ luật từ cảnh cáo trở lên; missing evaluations → unknown."""
    unit = demo.org["DT-SXD"]
    for n in range(members):
        person = _person(demo, f"Thành viên {n + 1:02d}")
        if n >= members - unrated:
            continue
        rating, discipline = special.get(n, ("httnv", ""))
        _rate(person, [2024], rating, discipline)
        if n < ldtt:
            _award(demo, "LDTT", 2024, person=person)
        if n < cstdcs:
            _award(demo, "CSTDCS", 2024, person=person)
    nominee = _nominee(demo, "TTLDXS", 2024, organization=unit)
    _assert(_check(nominee, TTLDXS_BASIS), status, text)


def test_ttldxs_luat_2022_dieu_27_people_no_longer_working_are_left_out(demo):
    unit = demo.org["DT-SXD"]
    for n in range(10):
        person = _person(demo, f"Thành viên {n + 1:02d}")
        _rate(person, [2024])
        _award(demo, "LDTT", 2024, person=person)
    _award(demo, "CSTDCS", 2024, person=person)
    Person.objects.create(full_name="Đã nghỉ hưu", organization=unit, is_active=False)
    nominee = _nominee(demo, "TTLDXS", 2024, organization=unit)
    _assert(_check(nominee, TTLDXS_BASIS), "pass", "10/10 đạt LĐTT")


def test_ttldxs_luat_2022_dieu_27_unit_without_people_is_unknown(demo):
    nominee = _nominee(demo, "TTLDXS", 2024, organization=demo.org["DT-SXD"])
    _assert(_check(nominee, TTLDXS_BASIS), "unknown", "năm 2024")


# R-BK-TINH-1: Bằng khen UBND tỉnh, cá nhân (Đ.74 k.1): 02 năm HTXSNV + 02 sáng kiến --------


BK_TINH_CASES = {
    # id: ({year: rating}, initiative years, one initiative used elsewhere, status, text)
    "two_consecutive_htxsnv_two_initiatives": (
        {2023: "htxsnv", 2024: "htxsnv"}, [2023, 2024], False, "pass", "02 năm liên tục HTXSNV"
    ),
    "gap_year_fails": (
        {2022: "htxsnv", 2023: "httnv", 2024: "htxsnv"}, [2023, 2024], False, "fail",
        "Chưa đủ 02 năm liên tục hoàn thành xuất sắc nhiệm vụ (2023, 2024)",
    ),
    "previous_year_not_rated": (
        {2024: "htxsnv"}, [2023, 2024], False, "fail", "(2023, 2024)"
    ),
    "one_initiative": (
        {2023: "htxsnv", 2024: "htxsnv"}, [2024], False, "fail",
        "Chưa đủ 02 sáng kiến được công nhận trong 2023–2024",
    ),
    "one_of_two_initiatives_already_used": (
        {2023: "htxsnv", 2024: "htxsnv"}, [2023, 2024], True, "fail", "Chưa đủ 02 sáng kiến"
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    ("ratings", "initiatives", "used", "status", "text"),
    list(BK_TINH_CASES.values()),
    ids=list(BK_TINH_CASES),
)
def test_bk_tinh_ca_nhan_luat_2022_dieu_74_khoan_1(demo, ratings, initiatives, used, status, text):
    """R-BK-TINH-1 (Luật TĐKT 2022 Điều 74 k.1, practical rule of NĐ 91/2017 Đ.39)."""
    person = _person(demo)
    for year, rating in ratings.items():
        _rate(person, [year], rating)
    other = _nominee(demo, "CSTDCS", 2023, person=person) if used else None
    for n, year in enumerate(initiatives):
        _initiative(person, year, used_by=other if n == 0 else None)
    nominee = _nominee(demo, "BK_TINH", 2024, person=person)
    _assert(_check(nominee, BK_TINH_PERSON_BASIS), status, text)


def test_bk_tinh_tap_the_luat_2022_dieu_74_khoan_2(demo):
    """A collective proposed by its bloc passes Đ.74 k.2; proposed by itself it is unknown."""
    unit = demo.org["DT-SXD"]
    by_bloc = _proposal(demo, 2024, bloc=demo.bloc, proposer=demo.org["DT-SKHCN"])
    _assert(
        _check(_nominee(demo, "BK_TINH", 2024, organization=unit, proposal=by_bloc),
               BK_TINH_COLLECTIVE_BASIS),
        "pass", "khối, cụm bình xét",
    )  # fmt: skip
    own = _nominee(demo, "BK_TINH", 2024, organization=unit)
    checks = _checks(own)
    _assert(checks[BK_TINH_COLLECTIVE_BASIS], "unknown", "Điều 74 khoản 2")
    assert BK_TINH_PERSON_BASIS not in checks  # khoản 1 is for individuals


def test_bk_tinh_ca_nhan_gets_no_collective_check_dieu_74_khoan_2(demo):
    person = _person(demo)
    _rate(person, [2023, 2024], "htxsnv")
    _initiative(person, 2023)
    _initiative(person, 2024)
    checks = _checks(_nominee(demo, "BK_TINH", 2024, person=person))
    assert list(checks) == [BK_TINH_PERSON_BASIS]


# R-BK-TTG-1: Bằng khen Thủ tướng, cá nhân — the rule changed on 01/01/2024 -----------------


def _career(demo, rating, *, cstdcs=(), initiatives=(), bk_tinh=2018, htnv_in=None) -> Person:
    person = _person(demo)
    if bk_tinh:
        _award(demo, "BK_TINH", bk_tinh, person=person)
    _rate(person, [y for y in range(2019, 2025) if y != htnv_in], rating)
    if htnv_in:
        _rate(person, [htnv_in], "htnv")
    for year in cstdcs:
        _award(demo, "CSTDCS", year, person=person)
    for year in initiatives:
        _initiative(person, year)
    return person


BK_TTG_CASES = {
    # id: (career, achievement year, legal basis, status, text)
    # Same person: ≥HTTNV every year, CSTĐ cơ sở 2020, 2022, 2024, no initiatives.
    "httnv_3_cstdcs_2023_nd_91_2017_dieu_38": (
        {"rating": "httnv", "cstdcs": (2020, 2022, 2024)}, 2023, BK_TTG_OLD_BASIS, "fail",
        "Chưa đủ 05 năm liên tục đạt mức đánh giá yêu cầu (2019–2023)",
    ),
    "httnv_3_cstdcs_2024_luat_2022_dieu_73": (
        {"rating": "httnv", "cstdcs": (2020, 2022, 2024)}, 2024, BK_TTG_NEW_BASIS, "pass",
        "Đủ điều kiện trong giai đoạn 2020–2024",
    ),
    # Same person: HTXSNV every year, an initiative each year 2019–2023, no CSTĐ cơ sở.
    "htxsnv_5_initiatives_2023_nd_91_2017_dieu_38": (
        {"rating": "htxsnv", "initiatives": range(2019, 2024)}, 2023, BK_TTG_OLD_BASIS, "pass",
        "Đủ điều kiện trong giai đoạn 2019–2023",
    ),
    "htxsnv_5_initiatives_2024_luat_2022_dieu_73": (
        {"rating": "htxsnv", "initiatives": range(2019, 2024)}, 2024, BK_TTG_NEW_BASIS, "fail",
        "Chỉ có 0 lần CSTĐ cơ sở trong 2020–2024 (cần 3)",
    ),
    "htxsnv_4_initiatives_2023_nd_91_2017_dieu_38": (
        {"rating": "htxsnv", "initiatives": range(2020, 2024)}, 2023, BK_TTG_OLD_BASIS, "fail",
        "Chưa đủ 5 sáng kiến trong 2019–2023",
    ),
    "bk_tinh_too_recent_2024": (
        {"rating": "httnv", "cstdcs": (2020, 2022, 2024), "bk_tinh": 2020}, 2024,
        BK_TTG_NEW_BASIS, "fail", "Chưa có Bằng khen UBND tỉnh từ năm 2019 trở về trước",
    ),
    "no_bk_tinh_2023": (
        {"rating": "htxsnv", "initiatives": range(2019, 2024), "bk_tinh": None}, 2023,
        BK_TTG_OLD_BASIS, "fail", "Chưa có Bằng khen UBND tỉnh từ năm 2018 trở về trước",
    ),
    "one_year_only_htnv_2024": (
        {"rating": "httnv", "cstdcs": (2020, 2022, 2024), "htnv_in": 2022}, 2024,
        BK_TTG_NEW_BASIS, "fail", "Chưa đủ 05 năm liên tục đạt mức đánh giá yêu cầu (2020–2024)",
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    ("career", "year", "basis", "status", "text"),
    list(BK_TTG_CASES.values()),
    ids=list(BK_TTG_CASES),
)
def test_bk_ttg_nd_91_2017_dieu_38_then_luat_2022_dieu_73(demo, career, year, basis, status, text):
    """R-BK-TTG-1: an achievement year up to 2023 is judged by NĐ 91/2017 Điều 38 (05 năm HTXSNV
    + 05 sáng kiến), from 2024 by Luật TĐKT 2022 Điều 73 k.1 đ.b (05 năm ≥HTTNV + 03 CSTĐ cơ
    sở); only the rule of the year applies."""
    person = _career(demo, **career)
    nominee = _nominee(demo, "BK_TTG", year, person=person)
    checks = _checks(nominee)
    assert list(checks) == [basis]
    _assert(checks[basis], status, text)


def test_bk_ttg_same_person_data_different_result_by_year(demo):
    """The same registry gives fail in 2023 (NĐ 91/2017 Đ.38) and pass in 2024 (Luật 2022 Đ.73)."""
    person = _career(demo, "httnv", cstdcs=(2020, 2022, 2024))
    old = _check(_nominee(demo, "BK_TTG", 2023, person=person), BK_TTG_OLD_BASIS)
    new = _check(_nominee(demo, "BK_TTG", 2024, person=person), BK_TTG_NEW_BASIS)
    assert (old.status, new.status) == ("fail", "pass")


def test_bk_ttg_luat_2022_dieu_73_bang_khen_cua_bo_counts(demo):
    person = _career(demo, "httnv", cstdcs=(2020, 2022, 2024), bk_tinh=None)
    _award(demo, "BK_BO", 2018, person=person)
    _assert(_check(_nominee(demo, "BK_TTG", 2024, person=person), BK_TTG_NEW_BASIS), "pass")


# R-CO-TINH-1: Cờ thi đua UBND tỉnh for the unit leading its bloc (Đ.26) -------------------


@pytest.fixture
def ranked_bloc(demo):
    """Khối thi đua 4A 2020: the bloc scores Sở Xây dựng 90, Sở Công Thương 80."""
    scheme = scoring.scheme_from_data(
        bloc=demo.bloc, year=2020, name="Thang điểm Khối 4A năm 2020", criteria=TREE,
        actor=demo.secretariat,
    )  # fmt: skip
    leaves = {r.criterion.number: r.criterion for r in scoring.criteria_rows(scheme) if r.is_leaf}
    for code, (first, second) in {"DT-SXD": (55, 35), "DT-SCT": (50, 30)}.items():
        scoring.scores_save(
            scheme=scheme,
            organization=demo.org[code],
            values={
                leaves["I"].pk: {"points": Decimal(first)},
                leaves["II"].pk: {"points": Decimal(second)},
            },
            as_bloc=True,
            actor=demo.secretariat,
        )
    return scheme


@pytest.mark.parametrize(
    ("unit", "status", "text"),
    [
        ("DT-SXD", "pass", "Xếp thứ nhất Khối thi đua 4A năm 2020"),
        ("DT-SCT", "fail", "Không phải đơn vị dẫn đầu khối, cụm thi đua năm 2020"),
        ("DT-SGTVT", "fail", "năm 2020"),  # a member the bloc has not scored
    ],
    ids=["first_in_bloc", "second_in_bloc", "not_scored"],
)
def test_co_thi_dua_tinh_luat_2022_dieu_26_bloc_ranking(demo, ranked_bloc, unit, status, text):
    """R-CO-TINH-1 (Luật TĐKT 2022 Điều 26): the unit ranked first in its bloc's annual scheme."""
    nominee = _nominee(demo, "CO_TINH", 2020, organization=demo.org[unit])
    _assert(_check(nominee, CO_BASIS), status, text)


def test_co_thi_dua_tinh_luat_2022_dieu_26_ranking_of_another_year_does_not_count(
    demo, ranked_bloc
):
    nominee = _nominee(demo, "CO_TINH", 2021, organization=demo.org["DT-SXD"])
    _assert(_check(nominee, CO_BASIS), "fail", "năm 2021")


@pytest.mark.parametrize(
    ("award", "status"), [("CO_TINH", "pass"), ("BK_TINH", "fail")], ids=["co_tinh", "bk_tinh"]
)
def test_co_thi_dua_tinh_luat_2022_dieu_26_meeting_nomination(demo, ranked_bloc, award, status):
    """The bloc's year-end meeting chose Sở Công Thương (second on points) for `award`."""
    scoring.meeting_save(
        bloc=demo.bloc, year=2020, held_on=date(2020, 11, 25), attendees=8,
        nominations=[(demo.org["DT-SCT"], AwardType.objects.get(code=award), 7)],
        actor=demo.secretariat,
    )  # fmt: skip
    nominee = _nominee(demo, "CO_TINH", 2020, organization=demo.org["DT-SCT"])
    text = "Được hội nghị khối, cụm suy tôn dẫn đầu năm 2020" if status == "pass" else "năm 2020"
    _assert(_check(nominee, CO_BASIS), status, text)


# Minimum interval between two awards of the same kind (AwardType.min_interval_years) --------


@pytest.mark.parametrize(
    ("earlier", "status", "text"),
    [
        (2023, "fail", "Đã được tặng năm 2023"),
        (2022, "pass", "Không trùng lần khen thưởng trước"),
        (None, "pass", "Không trùng lần khen thưởng trước"),
    ],
    ids=["one_year_before", "two_years_before", "never"],
)
def test_min_interval_bk_tinh_2_years_luat_2022_dieu_74(demo, earlier, status, text):
    bk_tinh = AwardType.objects.get(code="BK_TINH")
    bk_tinh.min_interval_years = 2
    bk_tinh.save()
    person = _person(demo)
    if earlier:
        award = _award(demo, "BK_TINH", earlier, person=person)
        if status == "fail":
            text = f"Đã được tặng năm 2023 ({award.decision.symbol}); cần cách ít nhất 2 năm"
    nominee = _nominee(demo, "BK_TINH", 2024, person=person)
    _assert(_check(nominee, "Luật TĐKT 2022, Điều 74"), status, text)


def test_min_interval_collective_ignores_awards_of_its_people(demo):
    bk_tinh = AwardType.objects.get(code="BK_TINH")
    bk_tinh.min_interval_years = 2
    bk_tinh.save()
    unit = demo.org["DT-SXD"]
    _award(demo, "BK_TINH", 2023, person=_person(demo))  # a person of the unit, not the unit
    nominee = _nominee(demo, "BK_TINH", 2024, organization=unit)
    _assert(_check(nominee, "Luật TĐKT 2022, Điều 74"), "pass")
    _award(demo, "BK_TINH", 2023, organization=unit)
    _assert(_check(nominee, "Luật TĐKT 2022, Điều 74"), "fail", "Đã được tặng năm 2023")


def test_no_interval_check_when_min_interval_is_zero(demo):
    person = _person(demo)
    _award(demo, "BK_TINH", 2023, person=person)
    checks = _checks(_nominee(demo, "BK_TINH", 2024, person=person))
    assert "Luật TĐKT 2022, Điều 74" not in checks


# Award types without rules ----------------------------------------------------------------


@pytest.mark.parametrize("code", ["GK_DV", "LDTT"])
def test_award_type_without_rules_gives_one_unknown_check(demo, code):
    nominee = _nominee(demo, code, 2024, person=_person(demo))
    checks = eligibility.evaluate(nominee)
    award_type = AwardType.objects.get(code=code)
    assert len(checks) == 1
    _assert(checks[0], "unknown", "Chưa có quy tắc kiểm tra tự động; thẩm định theo hồ sơ.")
    assert checks[0].legal_basis == award_type.legal_basis


def test_passes_only_fails_block(demo):
    assert eligibility.passes([{"status": "pass"}, {"status": "unknown"}])
    assert not eligibility.passes([{"status": "pass"}, {"status": "fail"}])
    assert eligibility.passes([])
