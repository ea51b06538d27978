"""Validators and normalisers of the identity data a citizen or business declares.

Pure functions: no database. Forms, serializers and the models' `clean` all use these, so a
number is judged the same way on every path.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procedures.geography import is_ward_of

# The province part (first three digits) of a CCCD: the codes of the 63 provinces of the
# scheme of Circular 07/2016/TT-BCA (kept after the 2025 mergers: numbers already issued
# do not change).
CCCD_PROVINCE_CODES = frozenset(
    """001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034
    035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070
    072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096""".split()
)
# 4th digit: gender and century of birth (0/1: 1900s man/woman; 2/3: 2000s).
CCCD_CENTURY = {"0": 1900, "1": 1900, "2": 2000, "3": 2000}

_CCCD = re.compile(r"^\d{12}$")
_OLD_ID = re.compile(r"^\d{9}$")  # the identity card (CMND) before CCCD
_TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")
_MOBILE = re.compile(r"^0[35789]\d{8}$")
# Landlines since 2017: 0 + an area code starting with 2 (024, 0292…) + the subscriber: 11 digits.
_LANDLINE = re.compile(r"^02\d{9}$")


def validate_cccd(value: str) -> None:
    if not _CCCD.match(value or ""):
        raise ValidationError(_("Số căn cước công dân gồm đúng 12 chữ số."), code="cccd_format")
    if value[:3] not in CCCD_PROVINCE_CODES:
        raise ValidationError(
            _("Ba chữ số đầu của số căn cước công dân không phải mã tỉnh hợp lệ."),
            code="cccd_province",
        )
    if value[3] not in CCCD_CENTURY:
        raise ValidationError(
            _("Chữ số thứ tư của số căn cước công dân (mã giới tính, thế kỷ) không hợp lệ."),
            code="cccd_century",
        )


def cccd_matches_birth_year(cccd: str, date_of_birth: datetime.date) -> bool:
    """Digits 4–6 of a CCCD encode the century and the last two digits of the birth year."""
    century = CCCD_CENTURY.get(cccd[3:4])
    return century is not None and century + int(cccd[4:6]) == date_of_birth.year


def normalise_tax_code(value: str) -> str:
    return re.sub(r"\s+", "", value or "")


def validate_tax_code(value: str) -> None:
    if not _TAX_CODE.match(value or ""):
        raise ValidationError(
            _(
                "Mã số thuế (mã số doanh nghiệp) gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang "
                "và 3 chữ số đối với đơn vị phụ thuộc."
            ),
            code="tax_code_format",
        )


def normalise_phone(value: str) -> str:
    """'+84 912 345 678', '84912345678', '0912.345.678' → '0912345678'; other text as is."""
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def validate_phone(value: str) -> None:
    if not _MOBILE.match(value or ""):
        raise ValidationError(
            _(
                "Số điện thoại di động gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09 "
                "(hoặc +84)."
            ),
            code="phone_format",
        )


def validate_contact_phone(value: str) -> None:
    """A number to call an applicant on: a mobile or a landline (+84 forms accepted once
    normalised by `normalise_phone`)."""
    if not (_MOBILE.match(value or "") or _LANDLINE.match(value or "")):
        raise ValidationError(
            _(
                "Số điện thoại chưa đúng: di động 10 chữ số bắt đầu bằng 03, 05, 07, 08, 09; cố "
                "định 11 chữ số bắt đầu bằng 02 (có thể viết +84)."
            ),
            code="phone_format",
        )


def validate_id_number(value: str) -> None:
    """The identity number on a dossier: a 12-digit CCCD or a 9-digit CMND (an individual), or
    a tax code (an organisation)."""
    if not any(p.match(value or "") for p in (_CCCD, _OLD_ID, _TAX_CODE)):
        raise ValidationError(
            _(
                "Số định danh là số CCCD 12 chữ số (hoặc CMND 9 chữ số), hoặc mã số thuế của tổ "
                "chức."
            ),
            code="id_number_format",
        )


def validate_date_of_birth(value: datetime.date) -> None:
    if value > timezone.localdate():
        raise ValidationError(_("Ngày sinh không được ở tương lai."), code="dob_future")
    if value.year < 1900:
        raise ValidationError(_("Ngày sinh không hợp lệ."), code="dob_too_old")


def validate_ward_of_province(ward_code: int | None, province_code: int | None) -> None:
    if ward_code and province_code and not is_ward_of(ward_code, province_code):
        raise ValidationError(
            _("Xã/phường đã chọn không thuộc tỉnh/thành phố đã chọn."), code="ward_province"
        )
