"""Campaigns are launched and edited by the authority's emulation office."""

import datetime

import pytest
from django.urls import reverse

from campaigns.models import Campaign

pytestmark = pytest.mark.django_db


def _payload(demo, **extra):
    data = {
        "name": "Phong trào thi đua năm 2021",
        "kind": "annual",
        "year": "2021",
        "authority": demo.org["DT"].pk,
        "plan_symbol": "15/KH-UBND",
        "plan_date": "13/01/2021",
        "start": "01/01/2021",
        "end": "31/12/2021",
        "registration_deadline": "15/02/2021",
        "description": "",
        "phase-TOTAL_FORMS": "2",
        "phase-INITIAL_FORMS": "0",
        "phase-MIN_NUM_FORMS": "0",
        "phase-MAX_NUM_FORMS": "1000",
        "phase-0-name": "Đợt 1",
        "phase-0-start": "01/01/2021",
        "phase-0-end": "30/06/2021",
        "phase-1-name": "Đợt 2",
        "phase-1-start": "01/07/2021",
        "phase-1-end": "31/12/2021",
    }
    return data | extra


def test_reviewer_launches_a_campaign_with_two_phases(client, demo):
    client.force_login(demo.reviewer)
    response = client.post(reverse("campaign_create"), _payload(demo))
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.registration_deadline == datetime.date(2021, 2, 15)
    assert [(p.name, p.start.isoformat(), p.end.isoformat()) for p in campaign.phases.all()] == [
        ("Đợt 1", "2021-01-01", "2021-06-30"),
        ("Đợt 2", "2021-07-01", "2021-12-31"),
    ]
    html = client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode()
    assert (
        "15/KH-UBND" in html and "13/01/2021" in html and "Đợt 2: 01/07/2021 – 31/12/2021" in html
    )


def test_phase_outside_the_campaign_is_refused_and_input_kept(client, demo):
    client.force_login(demo.reviewer)
    response = client.post(
        reverse("campaign_create"), _payload(demo, **{"phase-1-end": "31/01/2022"})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "phải nằm trong thời gian của phong trào" in html
    assert "15/KH-UBND" in html
    assert not Campaign.objects.exists()


def test_dates_in_wrong_order_are_refused(client, demo):
    client.force_login(demo.reviewer)
    response = client.post(reverse("campaign_create"), _payload(demo, end="01/12/2020"))
    assert "Ngày kết thúc phải sau ngày bắt đầu" in response.content.decode()
    assert not Campaign.objects.exists()


def test_units_and_other_authorities_cannot_launch_or_edit(client, demo, campaign):
    client.force_login(demo.xaydung)
    assert client.get(reverse("campaign_create")).status_code == 403
    assert client.get(reverse("campaign_edit", args=[campaign.pk])).status_code == 403
    client.force_login(demo.reviewer)
    response = client.post(reverse("campaign_create"), _payload(demo, authority=demo.org["AG"].pk))
    assert "authority" in response.context["form"].errors
    assert client.get(reverse("campaign_edit", args=[campaign.pk])).status_code == 200


def test_campaign_list_shows_everyone_the_campaigns(client, demo, campaign):
    client.force_login(demo.congthuong)
    html = client.get(reverse("campaign_list")).content.decode()
    assert "Phong trào thi đua yêu nước năm 2020" in html and "20/KH-UBND ngày 21/01/2020" in html
