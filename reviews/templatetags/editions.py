"""Filters for rendering Edition content, which is JSON: dates arrive as ISO strings."""

from django import template
from django.utils.dateparse import parse_date, parse_datetime

register = template.Library()


@register.filter
def isodate(value):
    """An ISO date or datetime string from edition content, as a date the `date` filter takes."""
    if not value or not isinstance(value, str):
        return value
    return parse_datetime(value) or parse_date(value)


@register.filter
def of_kind(rows, kind):
    """The rows whose "kind" (or "frequency") is `kind`, keeping their order."""
    return [row for row in rows or [] if row.get("kind", row.get("frequency")) == kind]
