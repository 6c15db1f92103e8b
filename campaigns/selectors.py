"""Reads shared by campaign pages, the secretariat's overview and the exports."""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from blocs.models import Bloc, BlocMembership
from blocs.roles import roles_for
from emulation_portal.text import vi_order

from .models import Campaign, Registration, Target, TitleRegistration


def registrable_titles(registration: Registration):
    """The titles a registration may list: those its bloc's authority confers or proposes
    upward, and any it already has (saved before that rule). Awards is referred to through its
    model only (DESIGN §2)."""
    AwardType = apps.get_model("awards", "AwardType")
    offered = AwardType.objects.conferrable_by(registration.bloc.authority)
    registered = registration.titles.values("award_type_id") if registration.pk else []
    return AwardType.objects.filter(
        Q(pk__in=offered.values("pk")) | Q(pk__in=registered), category="title"
    )


def campaign_list():
    return Campaign.objects.select_related("authority").annotate(
        registration_count=Count("registrations")
    )


@dataclass
class MemberRow:
    membership: BlocMembership
    registration: Registration | None
    late: bool

    @property
    def organization(self):
        return self.membership.organization

    @property
    def position(self):
        return self.registration.position if self.registration else None


def bloc_overview(campaign: Campaign, bloc: Bloc) -> list[MemberRow]:
    """One row per member that year: registration status, counts, lateness against the deadline."""
    memberships = (
        BlocMembership.objects.filter(bloc=bloc, year=campaign.year)
        .select_related("organization", "bloc")
        .order_by(vi_order("organization__name"))
    )
    registrations = {
        r.organization_id: r
        for r in Registration.objects.filter(campaign=campaign, bloc=bloc).annotate(
            target_count=Count("targets", distinct=True),
            title_count=Count("titles", distinct=True),
        )
    }
    deadline = campaign.registration_deadline
    today = timezone.localdate()
    rows = []
    for membership in memberships:
        registration = registrations.get(membership.organization_id)
        submitted = registration and registration.submitted_at
        late = bool(deadline) and (
            (submitted and timezone.localdate(submitted) > deadline)
            or (not submitted and today > deadline)
        )
        rows.append(MemberRow(membership, registration, bool(late)))
    # The order of the bloc's table (from the last import) first, then alphabetical.
    rows.sort(key=lambda row: (row.position is None, row.position or 0))
    return rows


def registration_detail(pk: int) -> Registration:
    return (
        Registration.objects.select_related("campaign", "bloc", "organization", "updated_by")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("ordinal")),
            Prefetch(
                "titles",
                queryset=TitleRegistration.objects.select_related("award_type").order_by("ordinal"),
            ),
        )
        .get(pk=pk)
    )


@dataclass
class UnitCampaign:
    campaign: Campaign
    bloc: Bloc
    organization: object
    registration: Registration | None


def unit_campaigns(user) -> list[UnitCampaign]:
    """What the user's units are expected to register for: campaigns of their blocs' authorities."""
    org_ids = roles_for(user).organization_ids
    memberships = list(
        BlocMembership.objects.filter(organization_id__in=org_ids).select_related(
            "bloc", "organization"
        )
    )
    if not memberships:
        return []
    campaigns = Campaign.objects.filter(
        authority_id__in={m.bloc.authority_id for m in memberships},
        year__in={m.year for m in memberships},
    )
    registrations = {
        (r.campaign_id, r.bloc_id, r.organization_id): r
        for r in Registration.objects.filter(organization_id__in=org_ids)
    }
    result = []
    for campaign in campaigns.order_by("-year", "name"):
        for m in memberships:
            if m.year == campaign.year and m.bloc.authority_id == campaign.authority_id:
                key = (campaign.pk, m.bloc_id, m.organization_id)
                result.append(
                    UnitCampaign(campaign, m.bloc, m.organization, registrations.get(key))
                )
    return result
