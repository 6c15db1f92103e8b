"""Scoring services: criteria trees, self and bloc points within limits, ranking rules, the share
of targets done, and the year-end meeting."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from awards.models import AwardType
from blocs.models import BlocMembership
from campaigns import importer, progress, scoring, services
from campaigns.models import (
    Campaign,
    Criterion,
    MeetingNomination,
    MeetingResult,
    Score,
    ScoringScheme,
    TargetProgress,
)
from campaigns.outline_data import SEED_000_OUTLINE
from campaigns.progress import ProgressInput

pytestmark = pytest.mark.django_db

D = datetime.date
State = TargetProgress.State

TREE = [
    (
        "I",
        "Thực hiện nhiệm vụ chính trị",
        60,
        False,
        [
            ("1", "Hoàn thành chỉ tiêu đã đăng ký", 30, True, []),
            ("2", "Cải cách hành chính", 30, False, []),
        ],
    ),
    ("II", "Công tác thi đua, khen thưởng", 40, False, []),
]

MEMBERS = [
    "DT-SKHCN",
    "DT-SGTVT",
    "DT-SXD",
    "DT-SCT",
    "DT-BQLKKT",
    "DT-STNMT",
    "DT-XTTMDLDT",
    "DT-SNNPTNT",
]


@pytest.fixture
def scheme(demo):
    return scoring.scheme_from_data(
        bloc=demo.bloc, year=2020, name="Thang điểm Khối 4A năm 2020", criteria=TREE,
        actor=demo.secretariat,
    )  # fmt: skip


@pytest.fixture
def leaves(scheme):
    """Leaf criteria by number: "1", "2" (under I) and "II"."""
    return {r.criterion.number: r.criterion for r in scoring.criteria_rows(scheme) if r.is_leaf}


def _points(leaves, one, two, second):
    return {
        leaves["1"].pk: {"points": Decimal(one)},
        leaves["2"].pk: {"points": Decimal(two)},
        leaves["II"].pk: {"points": Decimal(second)},
    }


def _bloc_scores(scheme, leaves, demo, totals: dict[str, tuple]):
    for code, points in totals.items():
        scoring.scores_save(
            scheme=scheme,
            organization=demo.org[code],
            values=_points(leaves, *points),
            as_bloc=True,
            actor=demo.secretariat,
        )


def _by_code(rows):
    return {row.organization.code: row for row in rows}


# Schemes ---------------------------------------------------------------------------------------


def test_scheme_tree_depths_leaves_and_total(scheme, demo):
    rows = scoring.criteria_rows(scheme)
    assert [(r.criterion.number, r.depth, r.is_leaf) for r in rows] == [
        ("I", 0, False),
        ("1", 1, True),
        ("2", 1, True),
        ("II", 0, True),
    ]
    assert [r.criterion.max_points for r in rows] == [
        Decimal(60),
        Decimal(30),
        Decimal(30),
        Decimal(40),
    ]
    assert scoring.max_total(rows) == Decimal(100)
    by_number = {r.criterion.number: r.criterion for r in rows}
    assert by_number["1"].parent == by_number["I"]
    assert by_number["1"].from_targets is True
    assert by_number["II"].parent is None
    assert scheme.period_kind == ScoringScheme.PeriodKind.ANNUAL
    assert scheme.bloc == demo.bloc


def test_scheme_from_data_twice_keeps_the_first(scheme, demo):
    again = scoring.scheme_from_data(
        bloc=demo.bloc, year=2020, name="Tên khác", criteria=[("A", "Khác", 10, False, [])],
        actor=demo.secretariat,
    )  # fmt: skip
    assert again.pk == scheme.pk
    assert again.name == "Thang điểm Khối 4A năm 2020"
    assert Criterion.objects.count() == 4


def test_h1_scheme_is_separate(scheme, demo):
    h1 = scoring.scheme_from_data(
        bloc=demo.bloc, year=2020, name="Sơ kết 6 tháng", criteria=[("A", "Chung", 50, False, [])],
        period_kind="h1", actor=demo.secretariat,
    )  # fmt: skip
    assert h1.pk != scheme.pk
    assert scoring.max_total(scoring.criteria_rows(h1)) == Decimal(50)
    assert scoring.max_total(scoring.criteria_rows(scheme)) == Decimal(100)


# Scores ----------------------------------------------------------------------------------------


def test_points_above_the_maximum_are_refused(scheme, leaves, demo):
    with pytest.raises(ValidationError) as exc:
        scoring.scores_save(
            scheme=scheme,
            organization=demo.org["DT-SXD"],
            values={
                leaves["1"].pk: {"points": Decimal(20)},
                leaves["II"].pk: {"points": Decimal("40.5")},
            },
            as_bloc=False,
            actor=demo.xaydung,
        )
    errors = exc.value.message_dict
    assert list(errors) == [f"points_{leaves['II'].pk}"]
    assert "tiêu chí II" in errors[f"points_{leaves['II'].pk}"][0]
    assert "40.5" in errors[f"points_{leaves['II'].pk}"][0]
    assert not Score.objects.exists()  # the valid value is not saved either


def test_negative_points_are_refused(scheme, leaves, demo):
    with pytest.raises(ValidationError) as exc:
        scoring.scores_save(
            scheme=scheme,
            organization=demo.org["DT-SXD"],
            values={leaves["2"].pk: {"points": Decimal(-1)}},
            as_bloc=True,
            actor=demo.secretariat,
        )
    [message] = exc.value.message_dict[f"points_{leaves['2'].pk}"]
    assert "tiêu chí 2" in message
    assert "phải từ 0 đến 30" in message
    assert not Score.objects.exists()


def test_points_at_the_limits_are_accepted(scheme, leaves, demo):
    scoring.scores_save(
        scheme=scheme,
        organization=demo.org["DT-SXD"],
        values=_points(leaves, 0, 30, 40),
        as_bloc=True,
        actor=demo.secretariat,
    )
    assert sorted(Score.objects.values_list("bloc_points", flat=True)) == [0, 30, 40]


def test_a_parent_criterion_cannot_be_scored(scheme, demo):
    parent = Criterion.objects.get(scheme=scheme, number="I")
    with pytest.raises(ValidationError, match="không thuộc thang điểm"):
        scoring.scores_save(
            scheme=scheme,
            organization=demo.org["DT-SXD"],
            values={parent.pk: {"points": Decimal(50)}},
            as_bloc=True,
            actor=demo.secretariat,
        )


def test_self_and_bloc_assessments_are_independent(scheme, leaves, demo):
    unit = demo.org["DT-SXD"]
    scoring.scores_save(
        scheme=scheme,
        organization=unit,
        values=_points(leaves, 28, 27, 38),
        as_bloc=False,
        actor=demo.xaydung,
    )
    assert set(Score.objects.values_list("bloc_points", flat=True)) == {None}
    scoring.scores_save(
        scheme=scheme,
        organization=unit,
        values=_points(leaves, 25, 26, 35),
        as_bloc=True,
        actor=demo.secretariat,
    )
    scoring.scores_save(
        scheme=scheme,
        organization=unit,
        values={leaves["II"].pk: {"points": Decimal(39)}},
        as_bloc=False,
        actor=demo.xaydung,
    )
    scores = {
        s.criterion.number: (s.self_points, s.bloc_points)
        for s in Score.objects.select_related("criterion")
    }
    assert scores == {
        "1": (Decimal(28), Decimal(25)),
        "2": (Decimal(27), Decimal(26)),
        "II": (Decimal(39), Decimal(35)),
    }
    [row] = [r for r in scoring.ranking(scheme)[0] if r.organization == unit]
    assert (row.self_total, row.total, row.rank) == (Decimal(94), Decimal(86), 1)


# Ranking ---------------------------------------------------------------------------------------


def test_distinct_totals_rank_in_order(scheme, leaves, demo):
    _bloc_scores(
        scheme,
        leaves,
        demo,
        {"DT-SXD": (20, 20, 30), "DT-SCT": (30, 30, 35), "DT-SGTVT": (25, 25, 30)},
    )
    rows, leaf_count = scoring.ranking(scheme)
    assert leaf_count == 3
    assert len(rows) == 8
    assert [(r.organization.code, r.rank, r.total) for r in rows[:3]] == [
        ("DT-SCT", 1, Decimal(95)),
        ("DT-SGTVT", 2, Decimal(80)),
        ("DT-SXD", 3, Decimal(70)),
    ]
    assert not any(r.tied for r in rows)
    assert [r.rank for r in rows[3:]] == [None] * 5


def test_equal_totals_share_a_rank_and_the_next_skips(scheme, leaves, demo):
    _bloc_scores(
        scheme,
        leaves,
        demo,
        {
            "DT-SKHCN": (30, 30, 30),  # 90
            "DT-SXD": (25, 25, 35),  # 85
            "DT-SCT": (30, 20, 35),  # 85, other split
            "DT-STNMT": (20, 20, 40),  # 80
        },
    )
    rows, _ = scoring.ranking(scheme)
    ranked = [(r.organization.code, r.rank, r.tied) for r in rows if r.rank is not None]
    assert [rank for _code, rank, _tied in ranked] == [1, 2, 2, 4]
    by_code = {code: (rank, tied) for code, rank, tied in ranked}
    assert by_code == {
        "DT-SKHCN": (1, False),
        "DT-SXD": (2, True),
        "DT-SCT": (2, True),
        "DT-STNMT": (4, False),
    }


def test_three_equal_totals(scheme, leaves, demo):
    _bloc_scores(
        scheme,
        leaves,
        demo,
        {
            "DT-SKHCN": (30, 30, 40),
            "DT-SXD": (30, 30, 30),
            "DT-SCT": (30, 30, 30),
            "DT-STNMT": (30, 30, 30),
            "DT-SGTVT": (10, 10, 10),
        },
    )
    rows, _ = scoring.ranking(scheme)
    assert [r.rank for r in rows[:5]] == [1, 2, 2, 2, 5]
    assert [r.tied for r in rows[:5]] == [False, True, True, True, False]


def test_a_unit_missing_a_bloc_score_is_unranked_and_listed_last(scheme, leaves, demo):
    _bloc_scores(scheme, leaves, demo, {"DT-SXD": (10, 10, 10), "DT-SCT": (20, 20, 20)})
    # Sở KH&CN: the best points, but criterion II not yet scored by the bloc (only by itself).
    scoring.scores_save(
        scheme=scheme,
        organization=demo.org["DT-SKHCN"],
        values={leaves["1"].pk: {"points": Decimal(30)}, leaves["2"].pk: {"points": Decimal(30)}},
        as_bloc=True,
        actor=demo.secretariat,
    )
    scoring.scores_save(
        scheme=scheme,
        organization=demo.org["DT-SKHCN"],
        values=_points(leaves, 30, 30, 40),
        as_bloc=False,
        actor=demo.secretariat,
    )
    rows, leaf_count = scoring.ranking(scheme)
    assert [(r.organization.code, r.rank) for r in rows[:3]] == [
        ("DT-SCT", 1),
        ("DT-SXD", 2),
        ("DT-SKHCN", None),
    ]
    skhcn = rows[2]
    assert (skhcn.scored, leaf_count, skhcn.total) == (2, 3, Decimal(60))
    assert skhcn.self_total == Decimal(100)
    assert not skhcn.tied
    ranks = [r.rank for r in rows]
    first_unranked = ranks.index(None)
    assert all(rank is not None for rank in ranks[:first_unranked])
    assert all(rank is None for rank in ranks[first_unranked:])
    # The unranked ones: most criteria scored first, then by name.
    rest = rows[3:]
    assert all(r.scored == 0 for r in rest)
    assert [r.organization.name for r in rest] == sorted(r.organization.name for r in rest)


def test_zero_points_from_the_bloc_still_count_as_scored(scheme, leaves, demo):
    _bloc_scores(scheme, leaves, demo, {"DT-SXD": (0, 0, 0), "DT-SCT": (10, 0, 0)})
    rows = _by_code(scoring.ranking(scheme)[0])
    assert (rows["DT-SCT"].rank, rows["DT-SXD"].rank) == (1, 2)


def test_a_unit_that_joined_mid_year_is_ranked_normally(scheme, leaves, demo):
    membership = BlocMembership.objects.get(
        bloc=demo.bloc, organization=demo.org["DT-BQLKKT"], year=2020
    )
    membership.joined_on = D(2020, 7, 1)
    membership.save()
    _bloc_scores(
        scheme,
        leaves,
        demo,
        {"DT-BQLKKT": (30, 30, 35), "DT-SXD": (25, 25, 30), "DT-SCT": (30, 30, 40)},
    )
    rows, _ = scoring.ranking(scheme)
    joined = _by_code(rows)["DT-BQLKKT"]
    assert joined.rank == 2
    assert joined.membership.joined_on == D(2020, 7, 1)
    assert [r.organization.code for r in rows[:3]] == ["DT-SCT", "DT-BQLKKT", "DT-SXD"]


def test_no_scores_leaves_everyone_unranked(scheme, demo):
    rows, leaf_count = scoring.ranking(scheme)
    assert leaf_count == 3
    assert sorted(r.organization.code for r in rows) == sorted(MEMBERS)
    assert all(r.rank is None and not r.tied for r in rows)
    assert all(r.total == 0 and r.scored == 0 for r in rows)


def test_scheme_without_criteria_ranks_nobody(demo):
    empty = scoring.scheme_from_data(
        bloc=demo.bloc, year=2020, name="Chưa có tiêu chí", criteria=[], actor=demo.secretariat
    )
    rows, leaf_count = scoring.ranking(empty)
    assert leaf_count == 0
    assert len(rows) == 8
    assert all(r.rank is None for r in rows)


def test_scores_of_non_members_are_not_listed(scheme, leaves, demo):
    _bloc_scores(scheme, leaves, demo, {"DT-SNV": (30, 30, 40), "DT-SXD": (10, 10, 10)})
    rows, _ = scoring.ranking(scheme)
    assert "DT-SNV" not in _by_code(rows)
    assert rows[0].organization.code == "DT-SXD"
    assert rows[0].rank == 1


# Share of targets done -------------------------------------------------------------------------


@pytest.fixture
def imported(sample_bytes, campaign, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the import keeps the workbook
    plan = importer.plan_from_bytes(sample_bytes, campaign=campaign, bloc=demo.bloc)
    importer.apply_import(plan, actor=demo.secretariat, source="mau.xlsx")
    return campaign


@pytest.fixture
def periods(demo):
    progress.outline_from_data(SEED_000_OUTLINE)
    made = progress.periods_ensure_defaults(
        authority=demo.org["DT"], year=2020, actor=demo.reviewer
    )
    return {p.kind: p for p in made}


def _report_with_done(period, demo, code, states):
    report = progress.report_open(
        period=period, bloc=demo.bloc, organization=demo.org[code], actor=demo.secretariat
    )
    lines = list(report.progress.order_by("target__ordinal"))
    progress.report_save(
        report=report,
        progress=[
            ProgressInput(line.target_id, state) for line, state in zip(lines, states, strict=False)
        ],
        answers={},
        documents=[],
        actor=demo.secretariat,
    )
    return report


def test_done_share_from_the_h1_report(imported, periods, demo):
    skhcn = demo.org["DT-SKHCN"]
    _report_with_done(
        periods["h1"],
        demo,
        "DT-SKHCN",
        [State.DONE, State.DONE_LATE, State.IN_PROGRESS, State.DONE, State.NOT_ACHIEVED],
    )
    shares = scoring.target_done_shares(bloc=demo.bloc, year=2020)
    assert shares == {skhcn.pk: Decimal("0.375")}


def test_annual_report_overrides_h1(imported, periods, demo):
    skhcn, sct = demo.org["DT-SKHCN"], demo.org["DT-SCT"]
    _report_with_done(periods["h1"], demo, "DT-SKHCN", [State.DONE] * 3)
    _report_with_done(periods["annual"], demo, "DT-SKHCN", [State.DONE] * 6 + [State.DROPPED])
    _report_with_done(periods["h1"], demo, "DT-SCT", [State.DONE])  # 1 of its 10 targets
    shares = scoring.target_done_shares(bloc=demo.bloc, year=2020)
    assert shares == {skhcn.pk: Decimal("0.75"), sct.pk: Decimal("0.1")}
    assert scoring.target_done_shares(bloc=demo.bloc, year=2020, period_kinds=("h1",)) == {
        skhcn.pk: Decimal("0.375"),
        sct.pk: Decimal("0.1"),
    }


def test_an_opened_annual_report_overrides_h1_even_before_any_state(imported, periods, demo):
    """The latest period's report counts as soon as it exists (documented rule: latest report)."""
    skhcn = demo.org["DT-SKHCN"]
    _report_with_done(periods["h1"], demo, "DT-SKHCN", [State.DONE] * 3)
    progress.report_open(
        period=periods["annual"], bloc=demo.bloc, organization=skhcn, actor=demo.secretariat
    )
    assert scoring.target_done_shares(bloc=demo.bloc, year=2020) == {skhcn.pk: Decimal(0)}


def test_units_with_titles_only_have_no_share(imported, periods, demo):
    sxd = demo.org["DT-SXD"]  # registered 5 titles and no target in the sample
    report = progress.report_open(
        period=periods["h1"], bloc=demo.bloc, organization=sxd, actor=demo.secretariat
    )
    assert report.progress.count() == 0
    assert sxd.pk not in scoring.target_done_shares(bloc=demo.bloc, year=2020)


def test_no_reports_no_shares(imported, periods, demo):
    assert scoring.target_done_shares(bloc=demo.bloc, year=2020) == {}
    assert scoring.target_done_shares(bloc=demo.bloc, year=2021) == {}


def test_done_share_counts_only_the_reports_targets(imported, periods, demo):
    """Regression: the share was divided by every target registered that year, in any campaign."""
    skhcn = demo.org["DT-SKHCN"]
    _report_with_done(periods["h1"], demo, "DT-SKHCN", [State.DONE] * 3)
    thematic = Campaign.objects.create(
        name="Thi đua chuyên đề chuyển đổi số năm 2020",
        kind=Campaign.Kind.THEMATIC,
        year=2020,
        authority=demo.org["DT"],
        start=D(2020, 5, 1),
        end=D(2020, 12, 31),
    )
    registration = services.registration_open(
        campaign=thematic, bloc=demo.bloc, organization=skhcn, actor=demo.secretariat
    )
    services.registration_save(
        registration=registration,
        targets=[
            services.TargetInput(text="Số hoá hồ sơ lưu trữ"),
            services.TargetInput(text="Dịch vụ công trực tuyến mức độ 4"),
        ],
        titles=[],
        actor=demo.secretariat,
    )
    assert scoring.target_done_shares(bloc=demo.bloc, year=2020) == {skhcn.pk: Decimal("0.375")}


# Meeting ---------------------------------------------------------------------------------------


@pytest.fixture
def awards(db):
    return {code: AwardType.objects.get(code=code) for code in ("CO_TINH", "BK_TINH")}


def _meeting(demo, nominations, attendees=8, **extra):
    return scoring.meeting_save(
        bloc=demo.bloc,
        year=2020,
        held_on=D(2020, 11, 25),
        attendees=attendees,
        nominations=nominations,
        actor=demo.secretariat,
        **extra,
    )


def test_meeting_records_nominations(demo, awards):
    meeting = _meeting(
        demo,
        [
            (demo.org["DT-SKHCN"], awards["CO_TINH"], 8),
            (demo.org["DT-SXD"], awards["BK_TINH"], 7),
        ],
        note="Họp tại Sở KH&CN",
    )
    assert (meeting.held_on, meeting.attendees, meeting.note) == (
        D(2020, 11, 25),
        8,
        "Họp tại Sở KH&CN",
    )
    assert sorted(
        meeting.nominations.values_list("organization__code", "award_type__code", "votes_for")
    ) == [("DT-SKHCN", "CO_TINH", 8), ("DT-SXD", "BK_TINH", 7)]


def test_votes_above_attendees_are_refused(demo, awards):
    with pytest.raises(ValidationError) as exc:
        _meeting(
            demo,
            [
                (demo.org["DT-SKHCN"], awards["CO_TINH"], 7),
                (demo.org["DT-SXD"], awards["BK_TINH"], 8),
            ],
            attendees=7,
        )
    message = exc.value.messages[0]
    assert "Sở Xây dựng" in message
    assert "(8)" in message and "(7)" in message
    assert not MeetingResult.objects.exists()
    assert not MeetingNomination.objects.exists()


def test_a_non_member_is_refused(demo, awards):
    with pytest.raises(ValidationError) as exc:
        _meeting(demo, [(demo.org["DT-SNV"], awards["BK_TINH"], 5)])
    assert (
        "Sở Nội vụ tỉnh Đồng Tháp không phải thành viên của khối năm 2020"
        in (exc.value.messages[0])
    )
    assert not MeetingResult.objects.exists()


def test_saving_twice_replaces_the_nominations(demo, awards):
    first = _meeting(
        demo,
        [
            (demo.org["DT-SKHCN"], awards["CO_TINH"], 8),
            (demo.org["DT-SXD"], awards["BK_TINH"], 7),
            (demo.org["DT-SCT"], awards["BK_TINH"], 6),
        ],
    )
    second = _meeting(
        demo, [(demo.org["DT-SCT"], awards["CO_TINH"], 6)], attendees=7, note="Họp lại"
    )
    assert second.pk == first.pk
    assert MeetingResult.objects.count() == 1
    second.refresh_from_db()
    assert (second.attendees, second.note) == (7, "Họp lại")
    assert list(
        MeetingNomination.objects.values_list("organization__code", "award_type__code", "votes_for")
    ) == [("DT-SCT", "CO_TINH", 6)]


def test_a_refused_second_save_keeps_the_first(demo, awards):
    _meeting(demo, [(demo.org["DT-SKHCN"], awards["CO_TINH"], 8)])
    with pytest.raises(ValidationError):
        _meeting(demo, [(demo.org["DT-SXD"], awards["CO_TINH"], 9)])
    assert list(MeetingNomination.objects.values_list("organization__code", flat=True)) == [
        "DT-SKHCN"
    ]


def test_the_same_nomination_twice_is_refused(demo, awards):
    """Regression: a repeated (unit, award) failed on the unique constraint (IntegrityError)."""
    with pytest.raises(ValidationError, match="chỉ được suy tôn một lần"):
        _meeting(
            demo,
            [
                (demo.org["DT-SKHCN"], awards["CO_TINH"], 8),
                (demo.org["DT-SKHCN"], awards["CO_TINH"], 6),
            ],
        )
    assert not MeetingResult.objects.exists()


def test_one_unit_may_be_nominated_for_two_awards(demo, awards):
    meeting = _meeting(
        demo,
        [
            (demo.org["DT-SKHCN"], awards["CO_TINH"], 8),
            (demo.org["DT-SKHCN"], awards["BK_TINH"], 8),
        ],
    )
    assert meeting.nominations.count() == 2
