"""Vietnamese text without its diacritics."""

import unicodedata


def without_accents(text: str) -> str:
    """'Đăng ký KHAI SINH' → 'Dang ky KHAI SINH': case kept, đ → d, Đ → D. For gateways that
    carry only the GSM alphabet, and as SQLite's UNACCENT (PostgreSQL's unaccent does the
    same), so that searches forgive accents on both databases."""
    if not text:
        return text
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    )
