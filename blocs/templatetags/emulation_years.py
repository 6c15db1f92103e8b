"""{{ year|emulation_year:authority }} → "Năm 2020" or "Năm học 2020–2021"."""

from django import template

from blocs.emulation_year import EmulationYear

register = template.Library()


@register.filter
def emulation_year(number, authority):
    """The year as `authority` counts it, capitalised for a heading, a cell or a picker; an
    empty value stays empty."""
    if number in (None, ""):
        return ""
    return EmulationYear.of(authority, int(number)).title
