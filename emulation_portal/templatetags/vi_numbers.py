"""Numbers on pages as in the documents: "1.234,5", "100%" (see emulation_portal.fields)."""

from django import template

from emulation_portal.fields import format_vi_number, percent, with_unit

register = template.Library()


@register.filter
def vi_number(value):
    """Decimal("100.000") → "100"; Decimal("1234.50") → "1.234,5"; None → ""."""
    return format_vi_number(value)


@register.filter(name="with_unit")
def with_unit_filter(value, unit=""):
    """ "12,5 tỷ đồng"; a percent sticks to its number: "100%"."""
    return with_unit(value, unit)


@register.filter
def share_percent(share):
    """A share of one as a percent, one decimal at most: Decimal("0.625") → "62,5%"."""
    return "" if share is None else with_unit(percent(share, 1, 1), "%")
