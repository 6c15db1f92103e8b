"""Who may see and act on proposals and decisions, and the scoping selectors the forms share.

Proposers see their own, reviewers their authority's once sent. Every form field that points at
another record (authority, bloc, year, proposer, nominee, award type, decision) takes its choices
from a function here, and the services call the same functions again.

Segregation of duties: nobody reviews, approves or decides a proposal that their own unit
proposed, that they created, or that nominates their unit or its people. The rule applies to
everyone, administrators included; an administrator works for no unit, so in practice only a
proposal they created themselves is closed to them.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blocs.emulation_year import EmulationYear
from blocs.leadership import leader_on
from blocs.models import Bloc, BlocMembership, Organization, Person
from blocs.roles import roles_for

from . import powers
from .models import Decision, Nominee, Proposal

OWN_INTEREST = _(
    "Bạn không thể thẩm định, duyệt hay quyết định tờ trình do đơn vị của mình trình hoặc đề "
    "nghị khen thưởng cho đơn vị, cán bộ của mình (phân định trách nhiệm); việc này do cán bộ "
    "khác hoặc quản trị hệ thống thực hiện."
)


# Proposals ------------------------------------------------------------------------------------


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


def proposals_visible_to(user):
    """The same rule as `can_view_proposal`, as a query."""
    roles = roles_for(user)
    proposals = Proposal.objects.all()
    if roles.is_admin:
        return proposals
    visible = Q(proposer_id__in=roles.organization_ids) | (
        Q(authority_id__in=roles.authority_ids) & ~Q(status=Proposal.Status.DRAFT)
    )
    for bloc_id, year in roles.led_bloc_years:
        visible |= Q(bloc_id=bloc_id, year=year)
    return proposals.filter(visible)


def can_edit_proposal(user, proposal: Proposal) -> bool:
    roles = roles_for(user)
    return proposal.is_editable and (
        roles.is_admin
        or proposal.proposer_id in roles.organization_ids
        or (proposal.bloc_id is not None and roles.leads(proposal.bloc_id, proposal.year))
    )


def can_review(user, proposal: Proposal) -> bool:
    """The office of the proposal's authority (the segregation rule is checked on top)."""
    roles = roles_for(user)
    return roles.is_admin or proposal.authority_id in roles.authority_ids


def conflict_of_interest(user, proposal: Proposal):
    """Why `user` may not review, approve or decide `proposal`, or None."""
    roles = roles_for(user)
    units = roles.organization_ids
    if units and proposal.proposer_id in units:
        return OWN_INTEREST
    if units and (
        Nominee.objects.filter(proposal_id=proposal.pk)
        .filter(Q(organization_id__in=units) | Q(person__organization_id__in=units))
        .exists()
    ):
        return OWN_INTEREST
    if getattr(user, "pk", None) and proposal.actions.filter(action="create", actor=user).exists():
        return OWN_INTEREST
    return None


def conflicted_proposals(user):
    """Proposals `user` may not review or decide, as a query (to leave them out of choices)."""
    roles = roles_for(user)
    units = roles.organization_ids
    if getattr(user, "pk", None) is None:
        return Proposal.objects.none().values("pk")
    query = Q(actions__action="create", actions__actor_id=user.pk)
    if units:
        query |= (
            Q(proposer_id__in=units)
            | Q(nominees__organization_id__in=units)
            | Q(nominees__person__organization_id__in=units)
        )
    return Proposal.objects.filter(query).values("pk")


# Where a proposal comes from and goes to ------------------------------------------------------


def proposer_units(user):
    """The units a user may propose for (outside blocs): their own; everyone for the admin."""
    roles = roles_for(user)
    if roles.is_admin:
        return Organization.objects.filter(is_active=True)
    return Organization.objects.filter(pk__in=roles.organization_ids)


def authorities_over(units) -> set[int]:
    """The bodies a unit proposes to: those above it, and those running the blocs it is in."""
    ids = set(
        Bloc.objects.filter(memberships__organization__in=units).values_list(
            "authority_id", flat=True
        )
    )
    for unit in Organization.objects.filter(pk__in=[u.pk for u in units]).select_related(
        "parent__parent__parent"
    ):
        ancestor = unit.parent
        while ancestor is not None:
            ids.add(ancestor.pk)
            ancestor = ancestor.parent
    return ids


def proposal_authorities(user):
    roles = roles_for(user)
    if roles.is_admin:
        return Organization.objects.filter(
            Q(emulation_offices__isnull=False) | Q(blocs_run__isnull=False)
        ).distinct()
    units = list(Organization.objects.filter(pk__in=roles.organization_ids))
    return Organization.objects.filter(pk__in=authorities_over(units) | set(roles.authority_ids))


def led_years(user, bloc) -> list[int]:
    """The years a user's unit leads `bloc` (the administrator leads none)."""
    roles = roles_for(user)
    return sorted((y for b, y in roles.led_bloc_years if b == bloc.pk), reverse=True)


def proposal_refusal(user, *, proposer, authority, bloc=None, year=None):
    """Why `user` may not create this proposal (Vietnamese, naming what is wrong), or None."""
    roles = roles_for(user)
    if bloc is not None:
        # The administrator may record a bloc's proposal on behalf of its leader.
        label = EmulationYear.of(bloc.authority, year).label
        if not roles.is_admin and year not in led_years(user, bloc):
            return {
                "year": _(
                    "Đơn vị của bạn không phải khối trưởng của %(b)s %(y)s nên không lập "
                    "tờ trình của khối cho năm đó được."
                )
                % {"b": bloc, "y": label}
            }
        leader = leader_on(bloc, year)  # whoever leads now (or at the year's end): issue 16
        if leader is None or leader.pk != proposer.pk:
            return {"year": _("%(b)s chưa có khối trưởng %(y)s.") % {"b": bloc, "y": label}}
        if authority.pk != bloc.authority_id:
            return {
                "authority": _("Tờ trình của %(b)s gửi %(a)s, cấp tổ chức khối.")
                % {"b": bloc, "a": bloc.authority}
            }
        return None
    if not roles.is_admin and proposer.pk not in roles.organization_ids:
        return {"proposer": _("Bạn không công tác tại %(u)s.") % {"u": proposer}}
    if authority.pk not in authorities_over([proposer]):
        return {
            "authority": _("%(a)s không phải cấp quyết định khen thưởng của %(u)s.")
            % {"a": authority, "u": proposer}
        }
    return None


# Nominees -------------------------------------------------------------------------------------


def nominee_units(proposal: Proposal):
    """A unit proposes itself and its units; a bloc its members of that year."""
    if proposal.bloc_id:
        members = BlocMembership.objects.filter(
            bloc_id=proposal.bloc_id, year=proposal.year
        ).values("organization_id")
        return Organization.objects.filter(pk__in=members)
    return Organization.objects.filter(
        Q(pk=proposal.proposer_id) | Q(parent_id=proposal.proposer_id)
    )


def nominee_people(proposal: Proposal):
    return Person.objects.filter(organization__in=nominee_units(proposal), is_active=True)


def nominee_award_types(proposal: Proposal):
    """The catalogue offered in a proposal: what its deciding authority confers."""
    return powers.award_types_conferred_by(proposal.authority)


# Decisions ------------------------------------------------------------------------------------


def can_decide(user, authority_id: int) -> bool:
    roles = roles_for(user)
    return roles.is_admin or authority_id in roles.authority_ids


def deciding_authorities(user):
    roles = roles_for(user)
    if roles.is_admin:
        return Organization.objects.filter(
            Q(emulation_offices__isnull=False) | Q(proposals_received__isnull=False)
        ).distinct()
    return Organization.objects.filter(pk__in=roles.authority_ids)


def can_view_decision(user, decision: Decision) -> bool:
    """Issued decisions are public acts; a draft is the deciding office's until it is issued."""
    return decision.status == Decision.Status.ISSUED or can_decide(user, decision.authority_id)


def decisions_visible_to(user):
    roles = roles_for(user)
    if roles.is_admin:
        return Decision.objects.all()
    return Decision.objects.filter(
        Q(status=Decision.Status.ISSUED) | Q(authority_id__in=roles.authority_ids)
    )


def correctable_decisions(user):
    """Issued decisions a user may correct: those of the authorities they decide for."""
    return Decision.objects.filter(
        status=Decision.Status.ISSUED, authority__in=deciding_authorities(user)
    ).select_related("authority")


def decidable_nominees(user):
    """Approved nominees not yet decided, of the user's authorities, outside their own matters."""
    return (
        Nominee.objects.filter(
            proposal__authority__in=deciding_authorities(user),
            verdict=Nominee.Verdict.APPROVED,
            decision__isnull=True,
        )
        .exclude(proposal__in=conflicted_proposals(user))
        .select_related("person", "organization", "award_type", "proposal__authority")
    )
