"""The secretariat turns its year-end meeting into the bloc's proposal."""

import datetime

import pytest
from django.urls import reverse

from awards.models import AwardType, Proposal
from campaigns import scoring

pytestmark = pytest.mark.django_db


def test_bloc_proposal_starts_with_the_units_the_meeting_nominated(client, demo):
    flag = AwardType.objects.get(code="CO_TINH")
    scoring.meeting_save(
        bloc=demo.bloc, year=2020, held_on=datetime.date(2020, 12, 15), attendees=8,
        nominations=[(demo.org["DT-SKHCN"], flag, 8)], actor=demo.secretariat,
    )  # fmt: skip
    client.force_login(demo.secretariat)
    url = reverse("proposal_create") + f"?bloc={demo.bloc.pk}&year=2020"
    response = client.post(
        url,
        {"title": "Đề nghị tặng Cờ thi đua năm 2020", "kind": "annual", "year": "2020",
         "authority": demo.org["DT"].pk, "symbol": "05/TTr-KTĐ4A", "dated": "20/12/2020"},
    )  # fmt: skip
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert proposal.bloc == demo.bloc and proposal.proposer == demo.org["DT-SKHCN"]
    nominee = proposal.nominees.get()
    assert nominee.organization == demo.org["DT-SKHCN"] and nominee.award_type == flag
    assert "8/8 phiếu" in nominee.achievement
    kinds = [
        kind
        for _n, kind, _label, _present in __import__("awards.services").services.checklist(proposal)
    ]  # noqa: E501
    assert "bien_ban_khoi" in kinds
    client.force_login(demo.xaydung)
    assert client.get(url).status_code == 403
