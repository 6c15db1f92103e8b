"""The award summary's figures in templates: the page (awards/summary.html) and the PDF
(reports/award_summary.html) print the same columns from awards.summary.figures."""

from django import template

from awards import summary

register = template.Library()


@register.filter
def figures(item, table: str) -> list[tuple[str, int]]:
    """`{% for name, value in row|figures:"awarded" %}`: a row's, a group's or the table's."""
    return summary.figures(item, table)
