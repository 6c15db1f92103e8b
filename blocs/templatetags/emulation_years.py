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
    label = EmulationYear.of(authority, int(number)).ui_label
    return label[:1].upper() + label[1:]


@register.filter
def emulation_year_label(number, authority):
    """ "năm 2020" or "năm học 2020–2021": the year inside a running heading or sentence."""
    if number in (None, ""):
        return ""
    return EmulationYear.of(authority, int(number)).ui_label


@register.filter
def emulation_year_span(number, authority):
    """ "2020" or "2020–2021": the year in brackets or a column already headed "Năm"."""
    if number in (None, ""):
        return ""
    return EmulationYear.of(authority, int(number)).span
