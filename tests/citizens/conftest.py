import datetime
import re

import pytest
from django.core import mail

from citizens import services

CCCD = "092090001234"  # Cần Thơ (092), man born in the 1900s (0), in 1990 (90)
DOB = datetime.date(1990, 5, 12)
TAX_CODE = "0312345678"
PROVINCE = 92  # Thành phố Cần Thơ
WARD = 31135  # Phường Ninh Kiều
OTHER_PROVINCE_WARD = 70  # Phường Hoàn Kiếm, Hà Nội
PASSWORD = "Mot-cua-2025!"


def individual_data(**overrides):
    data = {
        "kind": "individual",
        "full_name": "Nguyễn Thị Lan",
        "id_number": CCCD,
        "date_of_birth": DOB,
        "phone": "0912345678",
        "email": "lan@example.vn",
        "password": PASSWORD,
        "province_code": PROVINCE,
        "ward_code": WARD,
        "street": "12 Hòa Bình",
    }
    return {**data, **overrides}


def organisation_data(**overrides):
    data = {
        "kind": "organisation",
        "full_name": "Công ty TNHH Sông Hậu",
        "tax_code": TAX_CODE,
        "representative_name": "Trần Văn Minh",
        "representative_title": "Giám đốc",
        "phone": "0392123456",
        "email": "songhau@example.vn",
        "password": PASSWORD,
        "province_code": PROVINCE,
        "ward_code": WARD,
        "street": "5 Nguyễn Trãi",
    }
    return {**data, **overrides}


def code_from_outbox(index=-1) -> str:
    return re.search(r"\b(\d{6})\b", mail.outbox[index].body).group(1)


@pytest.fixture
def signed_up(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.citizen_sign_up(**individual_data())
