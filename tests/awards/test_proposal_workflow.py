"""One awards workflow (issue 13, finding 5): every state change of a proposal goes through
`proposal_transition`, its table says which event is allowed from which state, each one locks
the row, re-checks the state inside the transaction and is recorded with `log_action`."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from awards import services
from awards.models import Proposal
from tests.awards.test_proposals import _approved, _submitted

pytestmark = pytest.mark.django_db


def _events(proposal):
    return [
        (e.additional_data["event"], e.changes_dict.get("status"))
        for e in LogEntry.objects.filter(
            object_id=proposal.pk, content_type__model="proposal", additional_data__has_key="event"
        ).order_by("pk")
    ]


def test_the_table_names_every_event():
    assert set(services.TRANSITIONS) == {
        "submit", "receive", "verdict", "council", "approve", "return", "reject", "decide",
    }  # fmt: skip
    for event, (sources, target, label, _reason) in services.TRANSITIONS.items():
        assert sources and str(label), event
        assert target is None or target in Proposal.Status.values


def test_each_step_is_one_audit_entry_with_its_status_change(world):
    proposal, _mai, _hung = _approved(world)
    events = _events(proposal)
    assert [e for e, _s in events] == ["submit", "receive", "verdict", "verdict", "approve"]
    assert events[0][1] == ["draft", "submitted"]
    assert events[1][1] == ["submitted", "received"]
    assert events[-1][1] == ["checked", "approved"]
    # the automatic per-save entries are not written twice for the same saves
    plain = LogEntry.objects.filter(
        object_id=proposal.pk, content_type__model="proposal", action=LogEntry.Action.UPDATE
    ).exclude(additional_data__has_key="event")
    assert not plain.exists()


def test_a_second_approve_from_a_stale_copy_applies_once(world):
    """Two reviewers press "Duyệt" at the same moment: the second one finds the row already
    approved once it holds the lock, and is refused."""
    proposal, mai, _hung = _approved(world)
    stale = Proposal.objects.get(pk=proposal.pk)
    stale.status = "checked"  # what the second reviewer's page still shows
    with pytest.raises(ValidationError, match="Không thể “Duyệt” khi tờ trình đang “Đã duyệt”"):
        services.proposal_transition(proposal=stale, event="approve", actor=world.demo.reviewer)
    assert [e for e, _s in _events(proposal)].count("approve") == 1


def test_transition_locks_the_row(world, monkeypatch):
    """The row is read with SELECT … FOR UPDATE (no-op on SQLite, real on PostgreSQL)."""
    proposal, _mai, _hung = _submitted(world)
    calls = []
    original = Proposal.objects.select_for_update

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(Proposal.objects, "select_for_update", spy)
    services.proposal_transition(proposal=proposal, event="receive", actor=world.demo.reviewer)
    assert calls


def test_unknown_event_is_refused(world):
    proposal, _mai, _hung = _submitted(world)
    with pytest.raises(ValidationError):
        services.proposal_transition(proposal=proposal, event="teleport", actor=world.demo.admin)


def test_decide_moves_the_proposal_to_decided_through_the_table(world):
    proposal, mai, _hung = _approved(world)
    from tests.awards.test_proposals import _decision

    services.decision_issue(decision=_decision(world, [mai]), actor=world.demo.reviewer)
    proposal.refresh_from_db()
    assert proposal.status == "decided"
    assert _events(proposal)[-1] == ("decide", ["approved", "decided"])
