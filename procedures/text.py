"""Vietnamese text folding for search: lower case, no diacritics, đ → d, single spaces."""

import re
import unicodedata
from decimal import Decimal

from django.utils import formats

_SPACES = re.compile(r"[^0-9a-z]+")


def normalize(text: str) -> str:
    """'Đăng ký  KHAI SINH!' → 'dang ky khai sinh'."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()


def format_quantity(value: Decimal | int | None) -> str:
    """A duration or budget as people write it in the active language: 0,5 / 3 / 1,25 (vi)."""
    if value is None:
        return ""
    value = Decimal(value)
    value = value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
    return formats.number_format(value, use_l10n=True)
