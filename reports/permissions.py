"""Who may see and act on a bloc's official reports; views call these for every object."""

from blocs.roles import roles_for
from campaigns.permissions import can_compile_bloc

from .models import ReportDocument


def can_compile(user, document: ReportDocument) -> bool:
    """Drafts and every version: the bloc's secretariat, its authority's office, administrators."""
    return can_compile_bloc(user, document.bloc, document.period.year)


def can_write(user, bloc, year: int) -> bool:
    """Write, finalise, number, sign and issue: the secretariat of that year, administrators."""
    roles = roles_for(user)
    return roles.is_admin or roles.leads(bloc.pk, year)


def can_open(user, bloc, period) -> bool:
    """A bloc's report covers a period of the bloc's own authority, opened by its writers."""
    return period.authority_id == bloc.authority_id and can_write(user, bloc, period.year)


def can_edit(user, document: ReportDocument) -> bool:
    return can_write(user, document.bloc, document.period.year)


def can_view(user, document: ReportDocument) -> bool:
    """Once issued, the recipients listed in "Nơi nhận" read it too."""
    if can_compile(user, document):
        return True
    return (
        document.status == ReportDocument.Status.ISSUED
        and document.recipients.filter(pk__in=roles_for(user).organization_ids).exists()
    )
