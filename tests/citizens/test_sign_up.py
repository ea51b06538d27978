import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from citizens import services
from citizens.models import OneTimeCode, Profile
from tests.citizens.conftest import (
    CCCD,
    OTHER_PROVINCE_WARD,
    PASSWORD,
    PROVINCE,
    TAX_CODE,
    WARD,
    individual_data,
    organisation_data,
)

pytestmark = pytest.mark.django_db
User = get_user_model()


def form_data(data):
    """Service arguments as the sign-up form posts them."""
    posted = {k: v for k, v in data.items() if k not in ("kind", "password")}
    posted["password1"] = posted["password2"] = data["password"]
    if "date_of_birth" in posted:
        posted["date_of_birth"] = posted["date_of_birth"].isoformat()
    return posted


def test_individual_sign_up_creates_the_account_under_the_cccd_and_mails_a_code(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        user = services.citizen_sign_up(**individual_data(phone="+84 912 345 678"))

    assert user.username == CCCD
    assert user.check_password(PASSWORD)
    assert (user.full_name, user.phone) == ("Nguyễn Thị Lan", "0912345678")
    profile = user.citizen_profile
    assert (profile.kind, profile.id_number, profile.ward_code) == ("individual", CCCD, WARD)
    assert profile.email_verified_at is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lan@example.vn"]
    assert "Mã xác minh" in mail.outbox[0].subject
    stored = OneTimeCode.objects.get(user=user)
    code = mail.outbox[0].subject.rsplit(" ", 1)[1]
    assert code not in stored.code_hash and len(stored.code_hash) == 64


def test_organisation_sign_up_uses_the_tax_code_and_keeps_the_representative():
    user = services.citizen_sign_up(**organisation_data())

    assert user.username == TAX_CODE
    profile = user.citizen_profile
    assert (profile.kind, profile.tax_code, profile.id_number) == ("organisation", TAX_CODE, "")
    assert profile.representative_title == "Giám đốc"


def test_sign_up_refuses_a_taken_identity_number_or_e_mail_and_creates_nothing():
    services.citizen_sign_up(**individual_data())

    with pytest.raises(ValidationError) as error:
        services.citizen_sign_up(**individual_data(email="LAN@example.vn"))
    assert set(error.value.message_dict) == {"id_number", "email"}
    assert User.objects.count() == 1 and Profile.objects.count() == 1


def test_sign_up_refuses_a_commune_of_another_province_and_a_birth_year_the_cccd_denies():
    with pytest.raises(ValidationError) as error:
        services.citizen_sign_up(
            **individual_data(
                ward_code=OTHER_PROVINCE_WARD, date_of_birth=datetime.date(1991, 1, 1)
            )
        )
    assert {"ward_code", "date_of_birth"} <= set(error.value.message_dict)
    assert not User.objects.exists()


def test_the_sign_up_page_offers_individual_and_organisation(client):
    response = client.get(reverse("citizens:sign_up"))

    assert response.status_code == 200
    assert reverse("citizens:sign_up_form", args=["ca-nhan"]).encode() in response.content
    assert reverse("citizens:sign_up_form", args=["to-chuc"]).encode() in response.content


def test_signing_up_as_an_individual_through_the_page_logs_in_and_asks_for_the_code(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("citizens:sign_up_form", args=["ca-nhan"]), form_data(individual_data())
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("citizens:verify")
    assert int(client.session["_auth_user_id"]) == User.objects.get(username=CCCD).pk
    assert len(mail.outbox) == 1


def test_signing_up_as_an_organisation_through_the_page(client):
    response = client.post(
        reverse("citizens:sign_up_form", args=["to-chuc"]), form_data(organisation_data())
    )

    assert response.status_code == 302
    assert Profile.objects.get().tax_code == TAX_CODE


def test_bad_input_shows_the_form_again_with_every_error_and_keeps_what_was_typed(client):
    data = form_data(individual_data(id_number="12345", phone="123", email="lan@example.vn"))
    data["password2"] = "something else"

    response = client.post(reverse("citizens:sign_up_form", args=["ca-nhan"]), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert {"id_number", "phone", "password2"} <= set(form.errors)
    html = response.content.decode()
    assert "Số căn cước công dân gồm đúng 12 chữ số." in html
    assert 'value="Nguyễn Thị Lan"' in html and 'value="12 Hòa Bình"' in html
    assert not User.objects.exists()


def test_the_commune_list_follows_the_province_without_javascript(client):
    url = reverse("citizens:sign_up_form", args=["ca-nhan"])
    first = client.get(url).content.decode()
    assert "Phường Ninh Kiều" not in first

    data = {"full_name": "Nguyễn Thị Lan", "province_code": PROVINCE, "refresh_wards": "1"}
    response = client.post(url, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<option value="{WARD}">Phường Ninh Kiều</option>' in html
    assert not response.context["form"].errors  # no errors shown yet
    assert 'value="Nguyễn Thị Lan"' in html


def test_the_communes_of_a_province_are_served_as_json_for_the_script(client):
    response = client.get(reverse("citizens:wards", args=[PROVINCE]))

    assert {"code": WARD, "name": "Phường Ninh Kiều"} in response.json()["wards"]


def test_a_weak_password_is_refused_with_a_message(client):
    data = form_data(individual_data(password="12345678"))

    response = client.post(reverse("citizens:sign_up_form", args=["ca-nhan"]), data)

    assert response.status_code == 200
    assert "password1" in response.context["form"].errors
