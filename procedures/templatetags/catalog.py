"""Template filters of the catalog pages: money, numbers, legal documents."""

import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import get_language

from procedures import page_queries
from procedures.text import format_quantity

register = template.Library()


def _group(number: int, separator: str) -> str:
    return f"{number:,}".replace(",", separator)


@register.filter
def vnd(amount):
    """8000 → '8.000 đ' (English: 'VND 8,000'). Empty for a missing amount."""
    if amount is None or amount == "":
        return ""
    try:
        number = int(Decimal(str(amount)).to_integral_value())
    except (InvalidOperation, ValueError):
        return ""
    if (get_language() or "vi").startswith("en"):
        return f"VND {_group(number, ',')}"
    return f"{_group(number, '.')} đ"


@register.filter
def plain_number(value):
    """Decimal('0.50') → '0,5' in Vietnamese ('0.5' in English), Decimal('3.00') → '3'."""
    if value is None or value == "":
        return ""
    try:
        return format_quantity(Decimal(str(value)))
    except InvalidOperation:
        return str(value)


@register.filter
def fastest_channel(channels):
    """The fastest of a version's channels (pass `version.channels.all`)."""
    return page_queries.fastest_channel(channels)


@register.filter
def legal_documents(value):
    """A version's legal basis as dicts with number, title and issued_on (a date or None).

    Tolerates plain strings and missing keys, as imported data may have them.
    """
    documents = []
    for item in value or []:
        if isinstance(item, str):
            documents.append({"number": "", "title": item, "issued_on": None})
            continue
        if not isinstance(item, dict):
            continue
        issued_on = None
        try:
            issued_on = datetime.date.fromisoformat(str(item.get("issued_on") or ""))
        except ValueError:
            pass
        documents.append(
            {
                "number": item.get("number") or "",
                "title": item.get("title") or "",
                "issued_on": issued_on,
            }
        )
    return documents
