"""Who may see and act on proposals: proposers their own, reviewers their authority's once sent."""

from blocs.roles import roles_for

from .models import Decision, Proposal


def can_view_proposal(user, proposal: Proposal) -> bool:
    roles = roles_for(user)
    return (
        roles.is_admin
        or proposal.proposer_id in roles.organization_ids
        or (proposal.bloc_id is not None and roles.leads(proposal.bloc_id, proposal.year))
        # A draft is still the proposer's working paper: the office sees it once submitted.
        or (
            proposal.authority_id in roles.authority_ids
            and proposal.status != Proposal.Status.DRAFT
        )
    )


def can_edit_proposal(user, proposal: Proposal) -> bool:
    roles = roles_for(user)
    return proposal.is_editable and (
        roles.is_admin
        or proposal.proposer_id in roles.organization_ids
        or (proposal.bloc_id is not None and roles.leads(proposal.bloc_id, proposal.year))
    )


def can_review(user, proposal: Proposal) -> bool:
    roles = roles_for(user)
    return roles.is_admin or proposal.authority_id in roles.authority_ids


def can_decide(user, authority_id: int) -> bool:
    roles = roles_for(user)
    return roles.is_admin or authority_id in roles.authority_ids


def can_view_decision(user, decision: Decision) -> bool:
    """Issued decisions are public acts; a draft is the deciding office's until it is issued."""
    return decision.status == Decision.Status.ISSUED or can_decide(user, decision.authority_id)
