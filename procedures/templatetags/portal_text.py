"""Site-wide text filters for templates."""

import unicodedata

from django import template

register = template.Library()


@register.filter
def nfc(value):
    """Unicode NFC: Django's own language names come decomposed ('ê' + U+0301)."""
    return unicodedata.normalize("NFC", str(value)) if value is not None else ""
