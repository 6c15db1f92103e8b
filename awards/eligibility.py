"""Eligibility rules: plain functions reading the registry, each returning a Check with its
explanation in Vietnamese and its legal basis. Results advise the reviewer, who decides.

A rule applies to an achievement year when its effective period covers the end of that year,
so a 2023 proposal is judged by the rules of 2023 and a 2024 one by Luật TĐKT 2022. The year is
the proposal's authority's (blocs/emulation_year.py): năm học 2023–2024 ends on 31/05/2024, so
it falls under the 2022 law. Consecutive-year conditions count year numbers whatever the kind
(school years follow each other as calendar years do), and messages name years as the
authority does ("năm học 2023–2024").
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date

from django.utils.translation import gettext as _

from blocs.emulation_year import EmulationYear
from blocs.models import BlocMembership, Person

from .models import Award, Initiative, Nominee, PersonYear

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"
LAW_2022 = date(2024, 1, 1)  # Luật Thi đua, khen thưởng 06/2022/QH15 in force
BEFORE_2022 = date(2023, 12, 31)
LAW_2022_NAME = "Luật TĐKT 2022"
LAW_2003_NAME = "Luật TĐKT 2003 (sửa đổi 2013)"
RATIO_BASIS = "NĐ 91/2017/NĐ-CP, Điều 9 khoản 3; quy chế TĐKT của tỉnh"
# Chiến sĩ thi đua cơ sở at most this share of Lao động tiên tiến in a unit (NĐ 91/2017 Đ.9 k.3;
# provinces keep it in their quy chế after 2024).
CSTDCS_MAX_SHARE = 0.15


@dataclass(frozen=True)
class Check:
    status: str
    explanation: str
    legal_basis: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Rule:
    codes: tuple[str, ...]
    legal_basis: str
    test: Callable[[Nominee], tuple[str, str]]
    effective_from: date | None = None
    effective_to: date | None = None
    individual_only: bool = False
    collective_only: bool = False

    def applies(self, nominee: Nominee) -> bool:
        on = _year(nominee).end
        return (
            nominee.award_type.code in self.codes
            and (self.effective_from is None or self.effective_from <= on)
            and (self.effective_to is None or on <= self.effective_to)
            and not (self.individual_only and nominee.person_id is None)
            and not (self.collective_only and nominee.person_id is not None)
        )


# Registry helpers -----------------------------------------------------------------------------


def _year(nominee: Nominee, number: int | None = None) -> EmulationYear:
    """The achievement year (or `number`) as the proposal's authority counts it."""
    proposal = nominee.proposal
    return EmulationYear.of(proposal.authority, proposal.year if number is None else number)


def _run(nominee: Nominee, first: int, last: int) -> str:
    """ "2022–2024", or the school years from `first` to `last`, for a message."""
    return _year(nominee, first).through(_year(nominee, last))


def _award_years(person: Person, code: str) -> set[int]:
    return set(
        Award.objects.filter(person=person, award_type__code=code).values_list("year", flat=True)
    )


def _ratings(person: Person) -> dict[int, str]:
    return dict(PersonYear.objects.filter(person=person).values_list("year", "rating"))


def _initiatives(nominee: Nominee, years, scopes=None):
    queryset = Initiative.objects.filter(person=nominee.person, year__in=list(years))
    if scopes:
        queryset = queryset.filter(scope__in=scopes)
    return [i for i in queryset if i.used_by_id in (None, nominee.pk)]


def initiatives_backing(nominee: Nominee) -> list[Initiative]:
    """The initiatives a proposal rests on, used up once the award is decided (CV 5007)."""
    if nominee.person_id is None:
        return []
    year, code = nominee.proposal.year, nominee.award_type.code
    needs = {
        "CSTDCS": ([year], None, 1),
        "CSTD_TINH": ([year - 2, year - 1, year], ["tinh", "toan_quoc"], 1),
        "BK_TINH": ([year - 1, year], None, 2),
        "BK_TTG": (
            list(range(year - 4, year + 1)),
            None,
            5 if _year(nominee).end < LAW_2022 else 0,
        ),
    }
    if code not in needs:
        return []
    years, scopes, count = needs[code]
    return _initiatives(nominee, years, scopes)[:count]


def _same_proposal(nominee: Nominee, code: str) -> bool:
    return nominee.proposal.nominees.filter(person=nominee.person, award_type__code=code).exists()


GOOD = {PersonYear.Rating.EXCELLENT, PersonYear.Rating.GOOD}


# Rules ---------------------------------------------------------------------------------------


def cstdcs(nominee):
    """Chiến sĩ thi đua cơ sở: Lao động tiên tiến that year and a recognised initiative."""
    year = nominee.proposal.year
    has_ldtt = year in _award_years(nominee.person, "LDTT") or _same_proposal(nominee, "LDTT")
    initiatives = _initiatives(nominee, [year])
    label = _year(nominee).label
    if not has_ldtt:
        return FAIL, _("Chưa có danh hiệu Lao động tiên tiến %(y)s.") % {"y": label}
    if not initiatives:
        return FAIL, _(
            "Chưa có sáng kiến được công nhận %(y)s (hoặc sáng kiến đã dùng cho đề nghị khác)."
        ) % {"y": label}  # noqa: E501
    return PASS, _("Đạt Lao động tiên tiến %(y)s; sáng kiến: %(t)s.") % {
        "y": label,
        "t": initiatives[0].title,
    }  # noqa: E501


def cstd_tinh(nominee):
    """Chiến sĩ thi đua cấp tỉnh: 03 consecutive years of CSTĐ cơ sở ending in the year."""
    year = nominee.proposal.year
    window = [year - 2, year - 1, year]
    missing = [y for y in window if y not in _award_years(nominee.person, "CSTDCS")]
    run = _run(nominee, window[0], year)
    if missing:
        return FAIL, _("Chưa đủ 03 năm liên tục Chiến sĩ thi đua cơ sở (%(r)s); thiếu %(m)s.") % {
            "r": run,
            "m": EmulationYear.listing([_year(nominee, y) for y in missing]),
        }
    if not _initiatives(nominee, window, scopes=["tinh", "toan_quoc"]):
        return FAIL, _("Có 03 năm CSTĐ cơ sở nhưng chưa có sáng kiến phạm vi tỉnh trở lên.")
    return PASS, _("03 năm liên tục CSTĐ cơ sở (%(r)s) và sáng kiến cấp tỉnh.") % {"r": run}


def bk_tinh_person(nominee):
    """Bằng khen UBND tỉnh (cá nhân): 02 consecutive years HTXSNV with 02 initiatives."""
    year = nominee.proposal.year
    ratings = _ratings(nominee.person)
    years = [year - 1, year]
    if any(ratings.get(y) != PersonYear.Rating.EXCELLENT for y in years):
        # Two years side by side read as spans: "(2023, 2024)", "(2023–2024, 2024–2025)".
        return FAIL, _("Chưa đủ 02 năm liên tục hoàn thành xuất sắc nhiệm vụ (%(a)s, %(b)s).") % {
            "a": _year(nominee, years[0]).span,
            "b": _year(nominee).span,
        }
    if len(_initiatives(nominee, years)) < 2:
        return FAIL, _("Chưa đủ 02 sáng kiến được công nhận trong %(r)s.") % {
            "r": _run(nominee, years[0], year)
        }
    return PASS, _("02 năm liên tục HTXSNV và 02 sáng kiến.")


def bk_tinh_collective(nominee):
    """Bằng khen UBND tỉnh (tập thể): proposed by its bloc after the year's assessment."""
    if nominee.proposal.bloc_id:
        return PASS, _("Được khối, cụm bình xét, suy tôn trong phong trào thi đua.")
    return UNKNOWN, _("Cần thẩm định thành tích theo Điều 74 khoản 2.")


def ttldxs(nominee):
    """Tập thể lao động xuất sắc: all members ≥ HTNV, ≥70% LĐTT, ≥1 CSTĐ cơ sở, no discipline."""
    year = nominee.proposal.year
    people = list(Person.objects.filter(organization=nominee.organization, is_active=True))
    records = {r.person_id: r for r in PersonYear.objects.filter(person__in=people, year=year)}
    if not people or len(records) < len(people):
        return UNKNOWN, _("Chưa có đủ kết quả đánh giá %(y)s của các cá nhân trong tập thể.") % {
            "y": _year(nominee).label
        }
    titles = Award.objects.filter(person__in=people, year=year)
    ldtt = titles.filter(award_type__code="LDTT").count()
    problems = []
    if any(r.rating == PersonYear.Rating.FAILED for r in records.values()):
        problems.append(_("có cá nhân không hoàn thành nhiệm vụ"))
    if ldtt < 0.7 * len(people):
        problems.append(
            _("chỉ %(n)s/%(t)s cá nhân đạt LĐTT (cần ≥ 70%%)") % {"n": ldtt, "t": len(people)}
        )
    if not titles.filter(award_type__code="CSTDCS").exists():
        problems.append(_("không có cá nhân đạt CSTĐ cơ sở"))
    if any(r.discipline in ("canh_cao", "nang_hon") for r in records.values()):
        problems.append(_("có cá nhân bị kỷ luật từ cảnh cáo trở lên"))
    if problems:
        return FAIL, _("Chưa đạt: %(p)s.") % {"p": "; ".join(problems)}
    return PASS, _(
        "100%% hoàn thành nhiệm vụ, %(n)s/%(t)s đạt LĐTT, có CSTĐ cơ sở, không kỷ luật."
    ) % {"n": ldtt, "t": len(people)}  # noqa: E501


def cstdcs_ratio(nominee):
    """CSTĐ cơ sở of a unit at most 15% of its Lao động tiên tiến."""
    year, unit = nominee.proposal.year, nominee.person.organization_id
    ldtt = Award.objects.filter(organization_id=unit, year=year, award_type__code="LDTT").count()
    cstd = Award.objects.filter(organization_id=unit, year=year, award_type__code="CSTDCS").count()
    proposed = (
        Nominee.objects.filter(
            person__organization_id=unit, award_type__code="CSTDCS", proposal__year=year
        )
        .exclude(verdict__in=["rejected", "not_eligible", "withdrawn"])
        .exclude(proposal__status="rejected")
        .filter(award__isnull=True)
        .values("person")  # one person nominated twice still takes one place
        .distinct()
        .count()
    )
    limit = int(ldtt * CSTDCS_MAX_SHARE)
    if ldtt == 0:
        return UNKNOWN, _("Đơn vị chưa có số liệu Lao động tiên tiến %(y)s.") % {
            "y": _year(nominee).label
        }
    if cstd + proposed > limit:
        return FAIL, _(
            "Vượt tỷ lệ: %(n)s CSTĐ cơ sở (đã có và đang đề nghị) trên %(l)s LĐTT, tối đa %(m)s."
        ) % {  # noqa: E501
            "n": cstd + proposed,
            "l": ldtt,
            "m": limit,
        }
    return PASS, _("%(n)s CSTĐ cơ sở trên %(l)s LĐTT (tối đa %(m)s).") % {
        "n": cstd + proposed,
        "l": ldtt,
        "m": limit,
    }  # noqa: E501


def bloc_leader(nominee):
    """Cờ thi đua: the collective leading its bloc (rank 1 or chosen by the bloc's meeting)."""
    from campaigns import scoring
    from campaigns.models import MeetingNomination, ScoringScheme

    year, org = nominee.proposal.year, nominee.organization_id
    label = _year(nominee).label
    if MeetingNomination.objects.filter(
        meeting__year=year, organization_id=org, award_type=nominee.award_type
    ).exists():
        return PASS, _("Được hội nghị khối, cụm suy tôn dẫn đầu %(y)s.") % {"y": label}
    blocs = BlocMembership.objects.filter(organization_id=org, year=year).values_list(
        "bloc_id", flat=True
    )
    for scheme in ScoringScheme.objects.filter(bloc_id__in=blocs, year=year, period_kind="annual"):
        ranked, _leaves = scoring.ranking(scheme)
        if any(r.organization.pk == org and r.rank == 1 for r in ranked):
            return PASS, _("Xếp thứ nhất %(b)s %(y)s.") % {"b": scheme.bloc, "y": label}
    return FAIL, _("Không phải đơn vị dẫn đầu khối, cụm thi đua %(y)s.") % {"y": label}


def bk_ttg_old(nominee):
    """Old rule (NĐ 91/2017 Đ.38): BK tỉnh, then 05 years HTXSNV and 05 initiatives."""
    return _bk_ttg(
        nominee, ratings_ok=lambda r: r == PersonYear.Rating.EXCELLENT, initiatives=5, cstdcs=0
    )


def bk_ttg_2022(nominee):
    """Luật 2022 Đ.73 k.1 đ.b: BK tỉnh, then ≥05 years ≥HTTNV with 03 CSTĐ cơ sở."""
    return _bk_ttg(nominee, ratings_ok=lambda r: r in GOOD, initiatives=0, cstdcs=3)


def _bk_ttg(nominee, *, ratings_ok, initiatives, cstdcs):
    year = nominee.proposal.year
    merit = _award_years(nominee.person, "BK_TINH") | _award_years(nominee.person, "BK_BO")
    earlier = sorted(y for y in merit if y <= year - 5)
    if not earlier:
        return FAIL, _("Chưa có Bằng khen UBND tỉnh từ %(y)s trở về trước.") % {
            "y": _year(nominee, year - 5).label
        }
    window = list(range(year - 4, year + 1))
    run = _run(nominee, window[0], year)
    ratings = _ratings(nominee.person)
    if not all(ratings_ok(ratings.get(y)) for y in window):
        return FAIL, _("Chưa đủ 05 năm liên tục đạt mức đánh giá yêu cầu (%(r)s).") % {"r": run}
    have_cstdcs = len(_award_years(nominee.person, "CSTDCS") & set(window))
    if have_cstdcs < cstdcs:
        return FAIL, _("Chỉ có %(n)s lần CSTĐ cơ sở trong %(r)s (cần %(m)s).") % {
            "n": have_cstdcs,
            "r": run,
            "m": cstdcs,
        }
    if len(_initiatives(nominee, window)) < initiatives:
        return FAIL, _("Chưa đủ %(m)s sáng kiến trong %(r)s.") % {"m": initiatives, "r": run}
    return PASS, _("Đủ điều kiện trong giai đoạn %(r)s.") % {"r": run}


def min_interval(nominee):
    """Two awards of the same kind to the same recipient at least N years apart."""
    interval = nominee.award_type.min_interval_years
    recipient = (
        {"person": nominee.person}
        if nominee.person_id
        else {"organization": nominee.organization, "person__isnull": True}
    )  # noqa: E501
    last = (
        Award.objects.filter(award_type=nominee.award_type, **recipient)
        .select_related("decision__authority")
        .order_by("-year")
        .first()
    )
    if last and nominee.proposal.year - last.year < interval:
        # The earlier award is named as the authority that conferred it counts its years.
        return FAIL, _("Đã được tặng %(y)s (%(d)s); cần cách ít nhất %(n)s năm.") % {
            "y": EmulationYear.of(last.decision.authority, last.year).label,
            "d": last.decision.symbol,
            "n": interval,
        }  # noqa: E501
    return PASS, _("Không trùng lần khen thưởng trước.")


def in_both_laws(codes, article, test, **kwargs) -> list[Rule]:
    """The same condition under Luật TĐKT 2003 (sửa đổi 2013) before 2024 and Luật 2022 after,
    so the legal basis cited is the one in force in the achievement year."""
    return [
        Rule(codes, f"{LAW_2003_NAME}, {article}", test, effective_to=BEFORE_2022, **kwargs),
        Rule(codes, f"{LAW_2022_NAME}, {article}", test, effective_from=LAW_2022, **kwargs),
    ]


RULES = [
    *in_both_laws(("CSTDCS",), "Điều 23", cstdcs, individual_only=True),
    Rule(("CSTDCS",), RATIO_BASIS, cstdcs_ratio, individual_only=True),
    *in_both_laws(("CSTD_TINH",), "Điều 22", cstd_tinh, individual_only=True),
    Rule(("BK_TINH",), f"{LAW_2022_NAME}, Điều 74 khoản 1", bk_tinh_person,
         effective_from=LAW_2022, individual_only=True),
    Rule(("BK_TINH",), f"{LAW_2022_NAME}, Điều 74 khoản 2", bk_tinh_collective,
         effective_from=LAW_2022, collective_only=True),
    *in_both_laws(("TTLDXS",), "Điều 27", ttldxs),
    *in_both_laws(("CO_TINH", "CO_CP"), "Điều 25, 26", bloc_leader),
    Rule(("BK_TTG",), "NĐ 91/2017/NĐ-CP, Điều 38", bk_ttg_old, effective_to=BEFORE_2022,
         individual_only=True),
    Rule(("BK_TTG",), f"{LAW_2022_NAME}, Điều 73 khoản 1 điểm b", bk_ttg_2022,
         effective_from=LAW_2022, individual_only=True),
]  # fmt: skip


def evaluate(nominee: Nominee) -> list[Check]:
    """Every rule that applies to the nominee's award type and achievement year."""
    checks = []
    for rule in RULES:
        if rule.applies(nominee):
            status, explanation = rule.test(nominee)
            checks.append(Check(status, explanation, rule.legal_basis))
    if nominee.award_type.min_interval_years:
        status, explanation = min_interval(nominee)
        checks.append(Check(status, explanation, nominee.award_type.legal_basis))
    if not checks:
        checks.append(
            Check(UNKNOWN, _("Chưa có quy tắc kiểm tra tự động; thẩm định theo hồ sơ."),
                  nominee.award_type.legal_basis)
        )  # fmt: skip
    return checks


def passes(checks: list[dict]) -> bool:
    return not any(c["status"] == FAIL for c in checks)
