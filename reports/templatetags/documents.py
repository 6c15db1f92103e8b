"""Filters of the document templates (reports/templates/reports)."""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

# A document symbol or a date: "41/QĐ-UBND.KT", "59/2019/NĐ-CP", "121-KH/ĐUK", "25/02/2020".
SYMBOL = re.compile(r"\b\d+(?:[-/.][0-9A-Za-zÀ-ỹĐđ]+)*[-/][0-9A-Za-zÀ-ỹĐđ]+(?:\.[A-ZĐ]+)*")


@register.filter(needs_autoescape=True)
def whole_symbols(text, autoescape=True):
    """The text with each symbol and date kept on one line: a line broken at its slash or hyphen
    ("41/" then "QĐ-UBND.KT") is one a clerk would mend by hand."""
    escape = conditional_escape if autoescape else str
    parts, position = [], 0
    for match in SYMBOL.finditer(str(text)):
        parts.append(escape(text[position : match.start()]))
        parts.append(f'<span class="whole">{escape(match[0])}</span>')
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above
