"""Vietnamese text folding for search: lower case, no diacritics, đ → d, single spaces."""

import re
import unicodedata

_SPACES = re.compile(r"[^0-9a-z]+")


def normalize(text: str) -> str:
    """'Đăng ký  KHAI SINH!' → 'dang ky khai sinh'."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()
