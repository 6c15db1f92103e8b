"""Issue 16 gave authorities a year kind (calendar or school year) and blocs mid-year changes.
Data written under the previous schema carries over: every authority counts calendar years, and
every year, membership, leader, campaign, period and proposal keeps its meaning."""

import datetime

import pytest

from tests.migrations import migrate

# The schema as the release before school years left it.
BEFORE = [
    ("blocs", "0005_vietnamese_name_order"),
    ("campaigns", "0006_notification_moved_to_notifications"),
    ("awards", "0012_law_names"),
]


@pytest.mark.django_db(transaction=True)
def test_existing_data_counts_calendar_years_after_migration():
    old = migrate(BEFORE)
    Organization = old.get_model("blocs", "Organization")
    Bloc = old.get_model("blocs", "Bloc")
    Membership = old.get_model("blocs", "BlocMembership")
    Campaign = old.get_model("campaigns", "Campaign")
    Period = old.get_model("campaigns", "ReportingPeriod")
    province = Organization.objects.create(code="T", name="UBND tỉnh T", kind="province")
    units = [
        Organization.objects.create(
            code=f"S{i}", name=f"Sở {i}", kind="department", parent=province
        )
        for i in range(2)
    ]
    bloc = Bloc.objects.create(code="K1", name="Khối thi đua 1", authority=province)
    Membership.objects.create(bloc=bloc, organization=units[0], year=2020, role="leader")
    Membership.objects.create(
        bloc=bloc, organization=units[1], year=2020, joined_on=datetime.date(2020, 4, 1)
    )
    Campaign.objects.create(
        name="Phong trào 2020",
        year=2020,
        authority=province,
        start=datetime.date(2020, 1, 1),
        end=datetime.date(2020, 12, 31),
    )
    Period.objects.create(
        authority=province,
        year=2020,
        kind="h1",
        name="Sơ kết 6 tháng đầu năm 2020",
        start=datetime.date(2020, 1, 1),
        end=datetime.date(2020, 6, 15),
        due=datetime.date(2020, 6, 20),
    )
    try:
        new = migrate([])
        from blocs.emulation_year import EmulationYear
        from blocs.models import Organization as Current

        authority = Current.objects.get(code="T")
        assert authority.year_kind == "calendar"
        assert EmulationYear.of(authority, 2020).label == "năm 2020"
        members = new.get_model("blocs", "BlocMembership").objects.order_by("organization__code")
        assert [(m.organization.code, m.year, m.role, m.joined_on) for m in members] == [
            ("S0", 2020, "leader", None),
            ("S1", 2020, "member", datetime.date(2020, 4, 1)),
        ]
        period = new.get_model("campaigns", "ReportingPeriod").objects.get()
        assert (period.year, period.kind, period.start, period.end) == (
            2020,
            "h1",
            datetime.date(2020, 1, 1),
            datetime.date(2020, 6, 15),
        )
        assert new.get_model("campaigns", "Campaign").objects.get().year == 2020
    finally:
        migrate([])
