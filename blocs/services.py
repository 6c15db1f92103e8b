"""Writes on organisations, blocs and memberships. Each is atomic, validated and audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from emulation_portal.audit import acting_as, log_action, quietly
from emulation_portal.models import changed_fields

from . import leadership, permissions
from .emulation_year import EmulationYear
from .models import (
    MAX_YEAR,
    MIN_YEAR,
    ROLE_LABELS,
    Bloc,
    BlocMembership,
    BlocRoleChange,
    Organization,
    Person,
)

Role = BlocMembership.Role


def _save(instance, actor):
    instance.full_clean()
    if not changed_fields(instance):
        return instance  # posted back unchanged: no write, no `updated_at`, no audit entry
    with acting_as(actor):
        instance.save()
    return instance


def _apply(instance, data: dict):
    for name, value in data.items():
        setattr(instance, name, value)
    return instance


def _check_jurisdiction(organization: Organization, actor) -> None:
    """Re-check what the form offered: the serving office and the parent are the user's to set.
    `organization` carries the new values; the stored row (if any) is read again."""
    if actor is None:
        return
    stored = Organization.objects.filter(pk=organization.pk).first() if organization.pk else None
    if not permissions.can_set_jurisdiction(actor) and organization.emulation_office_for_id != (
        stored.emulation_office_for_id if stored else None
    ):
        raise ValidationError(
            {
                "emulation_office_for": _(
                    "Chỉ quản trị hệ thống được chỉ định cơ quan thường trực thi đua – khen thưởng."
                )
            }
        )
    if not permissions.can_set_kind(actor, stored, organization.kind):
        raise ValidationError(
            {"kind": _("Chỉ quản trị hệ thống được đặt loại “%(kind)s”.")
             % {"kind": organization.get_kind_display()}}
        )  # fmt: skip
    if not permissions.can_place_organization(actor, stored, organization.parent):
        if organization.parent is None:
            message = _(
                "Hãy chọn cơ quan cấp trên: chỉ quản trị hệ thống được tạo cơ quan cấp cao nhất."
            )
        else:
            message = _("%(parent)s không thuộc phạm vi anh/chị quản lý.") % {
                "parent": organization.parent
            }
        raise ValidationError({"parent": message})
    # Only a province or a central body heads a tree; a row already at the top (older data)
    # stays as it is when posted back unchanged.
    moved_to_top = stored is None or (stored.parent_id, stored.kind) != (None, organization.kind)
    if (
        organization.parent is None
        and organization.kind not in permissions.JURISDICTION_KINDS
        and moved_to_top
    ):
        raise ValidationError(
            {
                "parent": _(
                    "Hãy chọn cơ quan cấp trên: chỉ tỉnh, thành phố hoặc cơ quan trung ương "
                    "mới không có cơ quan cấp trên."
                )
            }
        )


YEAR_SETTINGS = ("year_kind", "year_start_month", "year_end_month")


def _check_year_settings(organization: Organization, actor) -> None:
    """The year settings are the managing office's to set, and only while nothing counts years
    by them: every stored year number of the authority's memberships, campaigns and periods
    would change meaning (2020 would read "năm học 2020–2021")."""
    stored = Organization.objects.filter(pk=organization.pk).first() if organization.pk else None
    before = tuple(getattr(stored, name) for name in YEAR_SETTINGS) if stored else None
    if before is None or before == tuple(getattr(organization, name) for name in YEAR_SETTINGS):
        return
    if actor is not None and not permissions.can_set_year_settings(actor, stored):
        raise ValidationError(
            {"year_kind": _("%(authority)s không thuộc phạm vi anh/chị quản lý.")
             % {"authority": stored}}
        )  # fmt: skip
    # Campaigns and periods by their reverse accessors: blocs does not import campaigns.
    records = [
        (_("thành viên khối, cụm"), BlocMembership.objects.filter(bloc__authority=stored)),
        (_("phong trào"), stored.campaigns.all()),
        (_("kỳ báo cáo"), stored.reporting_periods.all()),
    ]
    found = [(label, set(rows.values_list("year", flat=True))) for label, rows in records]
    found = [(label, years) for label, years in found if years]
    if found:
        years = sorted(set().union(*(years for _label, years in found)))
        raise ValidationError(
            {
                "year_kind": _(
                    "%(authority)s đã có %(records)s năm %(years)s; không đổi cách tính năm được."
                )
                % {
                    "authority": stored,
                    "records": ", ".join(str(label) for label, _years in found),
                    "years": ", ".join(str(year) for year in years),
                }
            }
        )


@transaction.atomic
def organization_create(*, actor, **fields) -> Organization:
    organization = Organization(**fields)
    _check_jurisdiction(organization, actor)
    return _save(organization, actor)


@transaction.atomic
def organization_update(*, organization: Organization, actor, data: dict) -> Organization:
    organization = _apply(organization, data)
    _check_jurisdiction(organization, actor)
    _check_year_settings(organization, actor)
    return _save(organization, actor)


@transaction.atomic
def person_create(*, actor, **fields) -> Person:
    return _save(Person(**fields), actor)


@transaction.atomic
def person_update(*, person: Person, actor, data: dict) -> Person:
    return _save(_apply(person, data), actor)


def _check_authority(bloc: Bloc, actor) -> None:
    if (
        actor is not None
        and bloc.authority_id
        and not permissions.can_run_bloc_for(actor, bloc.authority)
    ):
        raise ValidationError(
            {
                "authority": _("%(authority)s không thuộc phạm vi anh/chị quản lý.")
                % {"authority": bloc.authority}
            }
        )


@transaction.atomic
def bloc_create(*, actor, **fields) -> Bloc:
    bloc = Bloc(**fields)
    _check_authority(bloc, actor)
    return _save(bloc, actor)


@transaction.atomic
def bloc_update(*, bloc: Bloc, actor, data: dict) -> Bloc:
    bloc = _apply(bloc, data)
    _check_authority(bloc, actor)
    return _save(bloc, actor)


def validate_year(year: int, field: str = "year") -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        message = _("Năm %(year)s nằm ngoài khoảng %(min)s–%(max)s.")
        raise ValidationError({field: message % {"year": year, "min": MIN_YEAR, "max": MAX_YEAR}})


def _holder(bloc: Bloc, year: int, role: str):
    return (
        BlocMembership.objects.select_for_update()
        .filter(bloc=bloc, year=year, role=role)
        .select_related("organization")
        .first()
    )


def _role_taken_error(bloc, year, role, holder):
    message = {
        Role.LEADER: _("%(bloc)s năm %(year)s đã có khối trưởng là %(unit)s."),
        Role.DEPUTY: _("%(bloc)s năm %(year)s đã có khối phó là %(unit)s."),
    }[role]
    return ValidationError(
        {"role": message % {"bloc": bloc.name, "year": year, "unit": holder.organization.name}}
    )


def _check_manages(bloc: Bloc, actor) -> None:
    if actor is not None and not permissions.can_manage_bloc(actor, bloc):
        raise ValidationError(
            _("Anh/chị không quản lý %(bloc)s.") % {"bloc": bloc.name}, code="permission"
        )


@transaction.atomic
def membership_add(
    *, bloc: Bloc, organization: Organization, year: int, role: str = Role.MEMBER, actor
) -> BlocMembership:
    """Add one unit to a bloc-year; a second leader/deputy or a repeated unit is refused by name."""
    validate_year(year)
    _check_manages(bloc, actor)
    if actor is not None and not permissions.can_add_member(actor, bloc, organization):
        raise ValidationError(
            {
                "organization": _(
                    "%(unit)s không thuộc %(authority)s nên không thể là thành viên của %(bloc)s."
                )
                % {"unit": organization.name, "authority": bloc.authority, "bloc": bloc.name}
            }
        )
    if BlocMembership.objects.filter(bloc=bloc, organization=organization, year=year).exists():
        raise ValidationError(
            {
                "organization": _("%(unit)s đã là thành viên của %(bloc)s năm %(year)s.")
                % {"unit": organization.name, "bloc": bloc.name, "year": year}
            }
        )
    if role != Role.MEMBER and (holder := _holder(bloc, year, role)):
        raise _role_taken_error(bloc, year, role, holder)
    return _save(BlocMembership(bloc=bloc, organization=organization, year=year, role=role), actor)


@transaction.atomic
def memberships_add(
    *, bloc: Bloc, organizations, year: int, role: str = Role.MEMBER, actor
) -> list[BlocMembership]:
    """Add several units to a bloc-year, all or nothing: the first refusal, which names its
    unit, undoes the units added before it."""
    return [
        membership_add(bloc=bloc, organization=unit, year=year, role=role, actor=actor)
        for unit in organizations
    ]


@transaction.atomic
def membership_remove(*, membership: BlocMembership, actor) -> None:
    _check_manages(membership.bloc, actor)
    if BlocRoleChange.objects.filter(
        bloc_id=membership.bloc_id, year=membership.year, organization_id=membership.organization_id
    ).exists():
        # The history would name a unit that was never a member; it left: record `left_on`.
        raise ValidationError(
            _("%(unit)s đã đảm nhận khối trưởng, khối phó trong năm; hãy ghi ngày rời khối.")
            % {"unit": membership.organization.name}
        )
    with acting_as(actor):
        membership.delete()


def _check_in_year(span: EmulationYear, day, field: str) -> None:
    """A date of a bloc-year lies within the authority's emulation year (a school year runs
    September to May), named by the field it came from."""
    if day is not None and day not in span:
        raise ValidationError(
            {
                field: _("Ngày %(day)s nằm ngoài %(year)s (%(start)s–%(end)s).")
                % {"day": f"{day:%d/%m/%Y}", "year": span.label, "start": f"{span.start:%d/%m/%Y}",
                   "end": f"{span.end:%d/%m/%Y}"}
            }
        )  # fmt: skip


@transaction.atomic
def membership_set_dates(*, membership: BlocMembership, actor, joined_on, left_on):
    """Record when a unit joined or left a bloc during the year: it is expected to register
    and report only for the periods it was a member in."""
    bloc = membership.bloc
    _check_manages(bloc, actor)
    span = EmulationYear.of(bloc.authority, membership.year)
    _check_in_year(span, joined_on, "joined_on")
    _check_in_year(span, left_on, "left_on")
    if joined_on and left_on and not joined_on < left_on:
        raise ValidationError({"left_on": _("Ngày rời khối phải sau ngày tham gia.")})
    membership.joined_on, membership.left_on = joined_on, left_on
    return _save(membership, actor)


@transaction.atomic
def role_change_add(
    *, bloc: Bloc, year: int, role: str, organization: Organization, effective_from, actor
) -> BlocRoleChange:
    """Hand the leader's (or deputy's) role to another member from a date within the year: the
    new holder's staff become the secretariat from that day; the history keeps who held it."""
    _check_manages(bloc, actor)
    if role not in dict(BlocRoleChange.ROLES):
        raise ValidationError({"role": _("Chỉ đổi được khối trưởng hoặc khối phó.")})
    span = EmulationYear.of(bloc.authority, year)
    _check_in_year(span, effective_from, "effective_from")
    membership = (
        BlocMembership.objects.select_for_update()
        .filter(bloc=bloc, year=year, organization=organization)
        .first()
    )
    day = f"{effective_from:%d/%m/%Y}"
    if membership is None or not membership.overlaps(effective_from, effective_from):
        raise ValidationError(
            {
                "organization": _("%(unit)s không phải thành viên của %(bloc)s ngày %(day)s.")
                % {"unit": organization.name, "bloc": bloc.name, "day": day}
            }
        )
    label = ROLE_LABELS[bloc.kind][role]
    previous = leadership.role_on(bloc, year, role, effective_from)
    if previous == organization:
        raise ValidationError(
            {
                "organization": _("%(unit)s đã là %(role)s ngày %(day)s.")
                % {"unit": organization.name, "role": label.lower(), "day": day}
            }
        )
    if BlocRoleChange.objects.filter(
        bloc=bloc, year=year, role=role, effective_from=effective_from
    ).exists():
        raise ValidationError(
            {
                "effective_from": _("%(role)s đã được đổi từ ngày %(day)s.")
                % {"role": label, "day": day}
            }
        )
    change = BlocRoleChange(
        bloc=bloc, year=year, role=role, organization=organization, effective_from=effective_from
    )
    change.full_clean()
    with quietly():
        change.save()
    log_action(
        change,
        actor=actor,
        event="role_change",
        label=_("Đổi %(role)s") % {"role": label.lower()},
        comment=_("%(unit)s từ ngày %(day)s") % {"unit": organization.name, "day": day},
        changes={"organization": [previous.name if previous else "", organization.name]},
    )
    return change


@transaction.atomic
def bloc_year_set_leadership(
    *, bloc: Bloc, year: int, leader: Organization, deputy: Organization | None, actor
) -> None:
    """Rotate khối trưởng / khối phó among the year's members; previous holders become members."""
    _check_manages(bloc, actor)
    if deputy is not None and deputy.pk == leader.pk:
        raise ValidationError({"deputy": _("Khối phó phải khác khối trưởng.")})
    members = {
        m.organization_id: m
        for m in BlocMembership.objects.select_for_update().filter(bloc=bloc, year=year)
    }
    for field, unit in (("leader", leader), ("deputy", deputy)):
        if unit is not None and unit.pk not in members:
            raise ValidationError(
                {
                    field: _("%(unit)s không phải thành viên của %(bloc)s năm %(year)s.")
                    % {"unit": unit.name, "bloc": bloc.name, "year": year}
                }
            )
    wanted = {leader.pk: Role.LEADER}
    if deputy is not None:
        wanted[deputy.pk] = Role.DEPUTY
    with acting_as(actor):
        # Demote first so the one-leader/one-deputy constraints hold at every step.
        for org_id, membership in members.items():
            if membership.role != Role.MEMBER and wanted.get(org_id) != membership.role:
                membership.role = Role.MEMBER
                membership.save(update_fields=["role"])
        for org_id, role in wanted.items():
            if members[org_id].role != role:
                members[org_id].role = role
                members[org_id].save(update_fields=["role"])


@transaction.atomic
def bloc_year_copy_members(
    *, bloc: Bloc, from_year: int, to_year: int, leader=None, deputy=None, actor
) -> int:
    """Start a year from another year's members; refused if it already has members. Leadership
    rotates yearly, so the old roles are not carried: `leader` and `deputy` (units among the
    copied members, or None) lead the new year."""
    _check_manages(bloc, actor)
    validate_year(to_year, "to_year")
    if BlocMembership.objects.filter(bloc=bloc, year=to_year).exists():
        raise ValidationError(
            {
                "to_year": _("%(bloc)s năm %(year)s đã có thành viên.")
                % {"bloc": bloc.name, "year": to_year}
            }
        )
    # The members at the year's end: a unit that left during the year is not carried over.
    source = [
        m
        for m in BlocMembership.objects.filter(bloc=bloc, year=from_year).select_related(
            "organization"
        )
        if m.left_on is None or m.left_on >= EmulationYear.of(bloc.authority, from_year).end
    ]
    if not source:
        raise ValidationError(
            {
                "from_year": _("%(bloc)s năm %(year)s chưa có thành viên để sao chép.")
                % {"bloc": bloc.name, "year": from_year}
            }
        )
    if actor is not None:
        candidates = set(permissions.membership_candidates(bloc).values_list("pk", flat=True))
        if left := [m.organization.name for m in source if m.organization_id not in candidates]:
            raise ValidationError(
                {
                    "from_year": _(
                        "%(units)s không còn thuộc %(authority)s; hãy bỏ khỏi năm %(year)s "
                        "trước khi sao chép."
                    )
                    % {"units": ", ".join(left), "authority": bloc.authority, "year": from_year}
                }
            )
    roles = _new_year_roles(bloc, from_year, source, leader, deputy)
    with acting_as(actor):
        for membership in source:
            _save(
                BlocMembership(
                    bloc=bloc,
                    organization_id=membership.organization_id,
                    year=to_year,
                    role=roles.get(membership.organization_id, Role.MEMBER),
                ),
                None,
            )
    return len(source)


def _new_year_roles(bloc, from_year, source, leader, deputy) -> dict[int, str]:
    if leader is not None and deputy is not None and leader.pk == deputy.pk:
        raise ValidationError({"deputy": _("Khối phó phải khác khối trưởng.")})
    members = {m.organization_id for m in source}
    roles = {}
    for field, unit, role in (("leader", leader, Role.LEADER), ("deputy", deputy, Role.DEPUTY)):
        if unit is None:
            continue
        if unit.pk not in members:
            raise ValidationError(
                {
                    field: _("%(unit)s không phải thành viên của %(bloc)s năm %(year)s.")
                    % {"unit": unit.name, "bloc": bloc.name, "year": from_year}
                }
            )
        roles[unit.pk] = role
    return roles
