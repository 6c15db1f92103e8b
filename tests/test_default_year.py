"""Year pickers open on the latest year with data for the user, not the calendar year (issue 15,
Deliver 3): the demo data is 2020, and pages opened on the current year showed nothing."""

import datetime

import pytest
from django.urls import reverse

from blocs.years import data_years, default_year

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["admin", "reviewer", "secretariat", "xaydung", "congthuong"])
def test_demo_users_default_to_2020(full_demo, who):
    assert default_year(getattr(full_demo, who)) == 2020


def test_a_year_planned_ahead_counts_only_when_there_is_nothing_else(demo, campaign):
    from campaigns.models import Campaign

    later = Campaign.objects.create(
        authority=campaign.authority,
        year=2031,
        name="Phong trào năm 2031",
        start=datetime.date(2031, 1, 1),
        end=datetime.date(2031, 12, 31),
    )
    assert 2031 in data_years(demo.reviewer)
    assert default_year(demo.reviewer, today=datetime.date(2026, 12, 7)) == 2020
    assert default_year(demo.reviewer, today=datetime.date(2031, 3, 1)) == later.year


def test_a_user_without_data_gets_this_year(django_user_model):
    user = django_user_model.objects.create_user("khach", password="x")
    assert default_year(user, today=datetime.date(2026, 5, 1)) == 2026


def test_reviewer_dashboard_opens_on_2020(client, demo):
    client.force_login(demo.reviewer)
    html = client.get(reverse("authority_dashboard")).content.decode()
    assert "Các khối, cụm năm 2020" in html
    assert "Không có khối, cụm nào" not in html


@pytest.mark.parametrize(
    "query, year", [("?year=2021", 2021), ("?year=abc", 2020), ("?year=99999", 2020)]
)
def test_an_explicit_year_wins_and_junk_is_ignored(client, demo, query, year):
    client.force_login(demo.reviewer)
    response = client.get(reverse("authority_dashboard") + query)
    assert response.status_code == 200
    assert response.context["year"] == year


def test_periods_page_offers_2020(client, demo):
    client.force_login(demo.reviewer)
    form = client.get(reverse("period_list")).context["form"]
    assert form.initial["year"] == 2020


@pytest.mark.parametrize("who", ["reviewer", "secretariat"])
def test_award_summary_opens_on_2020(client, demo, who):
    client.force_login(getattr(demo, who))
    response = client.get(reverse("award_summary"))
    assert response.status_code == 200
    assert response.context["texts"]["from"] == "01/01/2020"
    assert response.context["texts"]["to"] == "31/12/2020"


def test_award_summary_keeps_an_explicit_range(client, demo):
    client.force_login(demo.reviewer)
    response = client.get(reverse("award_summary") + "?from=01/01/2019&to=31/12/2019")
    assert response.context["texts"]["from"] == "01/01/2019"
