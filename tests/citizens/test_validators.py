import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from citizens import validators
from tests.citizens.conftest import OTHER_PROVINCE_WARD, PROVINCE, WARD


@pytest.mark.parametrize("value", ["092090001234", "001200000001", "079301234567"])
def test_a_well_formed_cccd_is_accepted(value):
    validators.validate_cccd(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("09209000123", "cccd_format"),  # 11 digits
        ("0920900012345", "cccd_format"),  # 13 digits
        ("09209000123a", "cccd_format"),
        ("", "cccd_format"),
        ("003090001234", "cccd_province"),  # 003 is no province code
        ("097090001234", "cccd_province"),  # beyond 096
        ("092590001234", "cccd_century"),  # 5: a woman born in the 2100s
    ],
)
def test_a_bad_cccd_is_refused_with_its_reason(value, code):
    with pytest.raises(ValidationError) as error:
        validators.validate_cccd(value)
    assert error.value.code == code


def test_the_cccd_encodes_the_birth_year():
    assert validators.cccd_matches_birth_year("092090001234", datetime.date(1990, 1, 1))
    assert validators.cccd_matches_birth_year("092305001234", datetime.date(2005, 1, 1))
    assert not validators.cccd_matches_birth_year("092090001234", datetime.date(1991, 1, 1))
    assert not validators.cccd_matches_birth_year("092290001234", datetime.date(1990, 1, 1))


@pytest.mark.parametrize("value", ["0312345678", "0312345678-001"])
def test_a_tax_code_has_ten_digits_or_a_branch_suffix(value):
    validators.validate_tax_code(value)


@pytest.mark.parametrize("value", ["031234567", "03123456789", "0312345678-01", "031234567a"])
def test_a_malformed_tax_code_is_refused(value):
    with pytest.raises(ValidationError):
        validators.validate_tax_code(value)


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("0912345678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("091-234-5678", "0912345678"),
    ],
)
def test_phone_numbers_are_normalised_to_a_leading_zero(raw, normal):
    assert validators.normalise_phone(raw) == normal
    validators.validate_phone(normal)


@pytest.mark.parametrize("value", ["0212345678", "091234567", "09123456789", "1912345678", ""])
def test_a_number_that_is_no_vietnamese_mobile_is_refused(value):
    with pytest.raises(ValidationError):
        validators.validate_phone(validators.normalise_phone(value))


@time_machine.travel(datetime.datetime(2025, 9, 1, 10, tzinfo=datetime.UTC))
def test_a_date_of_birth_cannot_be_in_the_future():
    validators.validate_date_of_birth(datetime.date(2025, 9, 1))
    with pytest.raises(ValidationError):
        validators.validate_date_of_birth(datetime.date(2025, 9, 2))


def test_the_commune_must_belong_to_the_province():
    validators.validate_ward_of_province(WARD, PROVINCE)
    with pytest.raises(ValidationError):
        validators.validate_ward_of_province(OTHER_PROVINCE_WARD, PROVINCE)
    with pytest.raises(ValidationError):
        validators.validate_ward_of_province(99999999, PROVINCE)
