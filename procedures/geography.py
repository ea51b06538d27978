"""Addresses through the current two-level administrative list (vietnam-provinces).

Codes are plain integers in the database; names come from the package. Unknown codes (an old
three-level address, a typo) give no name rather than an error.
"""

from functools import lru_cache

from vietnam_provinces import Province, Ward


@lru_cache(maxsize=4096)
def province_name(code: int | None) -> str:
    if not code:
        return ""
    try:
        return Province.from_code(code).name
    except (ValueError, KeyError):
        return ""


@lru_cache(maxsize=8192)
def ward_name(code: int | None) -> str:
    if not code:
        return ""
    try:
        return Ward.from_code(code).name
    except (ValueError, KeyError):
        return ""


def ward_and_province_names(ward_code: int | None, province_code: int | None) -> list[str]:
    return [name for name in (ward_name(ward_code), province_name(province_code)) if name]


def wards_of(province_code: int) -> list[tuple[int, str]]:
    """[(ward code, ward name)] of a province, in the package's order."""
    return [(int(w.code), w.name) for w in Ward.iter_by_province(province_code)]


def is_ward_of(ward_code: int, province_code: int) -> bool:
    try:
        return int(Ward.from_code(ward_code).province_code) == int(province_code)
    except (ValueError, KeyError):
        return False
