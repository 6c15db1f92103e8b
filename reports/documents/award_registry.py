"""The award registry (sổ khen thưởng) as a spreadsheet: the awards the registry page lists, with
the filters it was given, each with its bloc."""

from awards.registry import with_blocs

from ..xlsx import award_registry_xlsx
from .base import Built, Kind


def build(*, awards, user) -> Built:
    """`awards`: the registry page's queryset, filtered as the page was (every signed-in user
    may read the registry, so there is nothing more to scope)."""
    rows = list(awards)
    with_blocs(rows)
    return Built(rows, "sổ khen thưởng")


KIND = Kind("award-registry", build, {"xlsx": award_registry_xlsx})
