"""A reviewer's comment or return reason is bounded (issue 13): a megabyte pasted into the box
is a Vietnamese error on the comment, and nothing is recorded."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import services
from awards.models import Proposal
from emulation_portal.fields import SHORT_TEXT_MAX
from tests.awards.test_proposals import _submitted

pytestmark = pytest.mark.django_db

HUGE = "x" * 1_000_000


def test_a_huge_return_reason_through_the_page_is_refused_and_nothing_saved(client, world):
    proposal, _mai, _hung = _submitted(world)
    services.proposal_review(proposal=proposal, action="receive", actor=world.demo.reviewer)
    client.force_login(world.demo.reviewer)
    response = client.post(
        reverse("proposal_review", kwargs={"pk": proposal.pk, "action": "return"}),
        {"comment": HUGE},
    )
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert f"{SHORT_TEXT_MAX:,}".replace(",", ".") in html or str(SHORT_TEXT_MAX) in html
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.RECEIVED
    assert proposal.return_reason == ""
    assert not proposal.actions.filter(comment=HUGE).exists()


def test_the_page_keeps_a_reasonable_return_reason(client, world):
    proposal, _mai, _hung = _submitted(world)
    services.proposal_review(proposal=proposal, action="receive", actor=world.demo.reviewer)
    client.force_login(world.demo.reviewer)
    response = client.post(
        reverse("proposal_review", kwargs={"pk": proposal.pk, "action": "return"}),
        {"comment": "Thiếu bản sao quyết định."},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.RETURNED
    assert proposal.return_reason == "Thiếu bản sao quyết định."


def test_the_service_refuses_a_huge_comment_from_any_caller(world):
    proposal, _mai, _hung = _submitted(world)
    services.proposal_review(proposal=proposal, action="receive", actor=world.demo.reviewer)
    with pytest.raises(ValidationError) as exc:
        services.proposal_review(
            proposal=proposal, action="return", actor=world.demo.reviewer, comment=HUGE
        )
    assert "comment" in exc.value.message_dict
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.RECEIVED
    assert proposal.return_reason == ""
