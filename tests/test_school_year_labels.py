"""Pages of a school-year authority print its years as "năm học 2020–2021", never "năm 2020".

The demo's province is switched to school years: its records keep the number 2020, which now
means the school year 2020–2021, so every page that printed "năm 2020" must say "năm học
2020–2021" instead (calendar authorities keep their output, which the other tests hold).
"""

import re

import pytest
from django.db.models import Value
from django.db.models.functions import Replace
from django.urls import reverse

from blocs.models import Organization, YearKind
from campaigns import services
from campaigns.models import Campaign, Registration, ReportingPeriod

pytestmark = pytest.mark.django_db

SCHOOL = "năm học 2020–2021"
SCHOOL_TITLE = "Năm học 2020–2021"


@pytest.fixture
def school(full_demo):
    """The demo with its province on school years; campaigns and periods named as a school year
    names them (their names are the authority's own text, not printed from the number)."""
    authority = full_demo.bloc.authority_id
    Organization.objects.filter(pk=authority).update(year_kind=YearKind.SCHOOL)
    Campaign.objects.filter(authority=authority).update(
        name=Replace("name", Value("năm 2020"), Value(SCHOOL))
    )
    ReportingPeriod.objects.filter(authority=authority).update(
        name=Replace("name", Value("năm 2020"), Value(SCHOOL))
    )
    return full_demo


def _html(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _no_calendar_year(html):
    """No "năm 2020" as a year label (a campaign's or period's own name may say what it says)."""
    text = re.sub(r"<[^>]+>", " ", html)
    assert "Năm 2020" not in text
    assert "– năm 2020" not in text and "năm 2020</" not in html


def test_bloc_pages_label_the_school_year(client, school):
    html = _html(client, school.reviewer, reverse("bloc_year", args=[school.bloc.pk, 2020]))
    assert f"– {SCHOOL}" in html and f"Lãnh đạo khối {SCHOOL}" in html
    _no_calendar_year(html)
    html = _html(client, school.reviewer, reverse("bloc_list"))
    assert "<td>2020–2021</td>" in html
    _no_calendar_year(html)


def test_bloc_list_labels_each_row_by_its_own_authority(client, school):
    from tests.factories import BlocFactory, MembershipFactory

    calendar_bloc = MembershipFactory(bloc=BlocFactory(name="Cụm lịch"), year=2020).bloc
    client.force_login(school.admin)
    html = client.get(reverse("bloc_list")).content.decode()
    rows = {row for row in html.split("<tr>") if "Cụm lịch" in row or "Khối thi đua 4A" in row}
    assert any("Cụm lịch" in row and "<td>2020</td>" in row for row in rows), calendar_bloc
    assert any("Khối thi đua 4A" in row and "<td>2020–2021</td>" in row for row in rows)


def test_campaign_pages_label_the_school_year(client, school):
    campaign = Campaign.objects.filter(authority=school.bloc.authority, year=2020).first()
    html = _html(client, school.reviewer, reverse("campaign_list"))
    assert "<td>2020–2021</td>" in html
    html = _html(client, school.reviewer, reverse("campaign_detail", args=[campaign.pk]))
    assert SCHOOL in html and "· năm 2020 ·" not in html


def test_dashboards_scoring_and_ranking_label_the_school_year(client, school):
    bloc = school.bloc
    html = _html(client, school.secretariat, reverse("bloc_dashboard", args=[bloc.pk, 2020]))
    assert f"{bloc.name} {SCHOOL}" in html
    _no_calendar_year(html)
    html = _html(client, school.reviewer, reverse("authority_dashboard") + "?year=2020")
    assert f"Các khối, cụm {SCHOOL}" in html
    html = _html(client, school.secretariat, reverse("scoring", args=[bloc.pk, 2020]))
    assert SCHOOL in html
    assert f"Tổng kết {SCHOOL}" in html
    html = _html(client, school.secretariat, reverse("ranking", args=[bloc.pk, 2020]))
    assert f"{bloc.name} 2020–2021" in html
    _no_calendar_year(html)
    html = _html(client, school.secretariat, reverse("bloc_documents", args=[bloc.pk, 2020]))
    assert f"{bloc.name} 2020–2021" in html


def test_home_queue_and_menus_label_the_school_year(client, school):
    html = _html(client, school.secretariat, reverse("home"))
    assert f"{school.bloc.name} (2020–2021)" in html  # the secretariat's menu heading
    assert f"– {SCHOOL}" in html  # the blocs the unit leads
    _no_calendar_year(html)
    html = _html(client, school.xaydung, reverse("home"))
    _no_calendar_year(html)


def test_notifications_after_a_submit_name_the_school_year(client, school):
    registration = Registration.objects.filter(
        bloc=school.bloc, organization=school.org["DT-SXD"]
    ).first()
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.DRAFT)
    registration.refresh_from_db()
    services.registration_transition(
        registration=registration, event="submit", actor=school.xaydung
    )
    html = _html(client, school.secretariat, reverse("notifications"))
    assert SCHOOL in html
    _no_calendar_year(html)


def test_refusals_name_the_school_year(school):
    from datetime import date

    from django.core.exceptions import ValidationError

    from awards.models import AwardType
    from campaigns import scoring

    outsider = school.org["DT-SNV"]
    campaign = Campaign.objects.filter(authority=school.bloc.authority, year=2020).first()
    with pytest.raises(ValidationError) as exc:
        services.registration_open(
            campaign=campaign, bloc=school.bloc, organization=outsider, actor=None
        )
    assert f"không phải thành viên của {school.bloc} {SCHOOL}" in exc.value.messages[0]
    with pytest.raises(ValidationError) as exc:
        services.campaign_for_bloc(bloc=school.bloc, year=2031)
    assert (
        f"phong trào thi đua thường xuyên {SCHOOL.replace('2020–2021', '2031–2032')}"
        in (exc.value.messages[0])
    )
    with pytest.raises(ValidationError) as exc:
        scoring.meeting_save(
            bloc=school.bloc,
            year=2020,
            held_on=date(2021, 5, 20),
            attendees=8,
            nominations=[(outsider, AwardType.objects.get(code="BK_TINH"), 5)],
            actor=school.secretariat,
        )
    assert f"không phải thành viên của khối {SCHOOL}" in exc.value.messages[0]


def test_the_campaign_form_says_how_a_school_year_is_numbered(client, school):
    html = _html(client, school.reviewer, reverse("campaign_create"))
    assert "năm học 2020–2021 ghi 2020" in html


def test_a_units_page_lists_its_blocs_by_school_year(client, school):
    unit = school.org["DT-SXD"]
    html = _html(client, school.reviewer, reverse("organization_detail", args=[unit.pk]))
    assert f"{school.bloc.name}</a> – 2020–2021 –" in html
