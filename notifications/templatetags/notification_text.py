"""Filters for message templates, whose context is JSON: moments arrive as ISO text."""

from django import template

from common.moments import day_text, moment_text

register = template.Library()


@register.filter
def moment(value) -> str:
    """ "07:30, thứ Hai, 09/03/2026" from a datetime or its ISO text."""
    return moment_text(value)


@register.filter
def day(value) -> str:
    """ "thứ Hai, 09/03/2026" from a date, a datetime or its ISO text."""
    return day_text(value)


@register.filter
def money(value) -> str:
    """ "150.000 đồng" from a whole number of đồng (or its text)."""
    try:
        amount = int(float(str(value)))
    except (TypeError, ValueError):
        return str(value or "")
    return f"{amount:,}".replace(",", ".") + " đồng"
