import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from citizens import services
from citizens.models import Profile
from citizens.selectors import applicant_data
from tests.citizens.conftest import (
    CCCD,
    OTHER_PROVINCE_WARD,
    PASSWORD,
    PROVINCE,
    WARD,
    code_from_outbox,
    organisation_data,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/me/profile/"


def edit_data(**overrides):
    data = {
        "full_name": "Nguyễn Thị Lan Anh",
        "date_of_birth": "1990-05-12",
        "phone": "0987654321",
        "email": "lan@example.vn",
        "province_code": PROVINCE,
        "ward_code": WARD,
        "street": "99 Trần Hưng Đạo",
    }
    return {**data, **overrides}


@pytest.fixture
def logged_in(client, signed_up):
    client.login(username=CCCD, password=PASSWORD)
    return client


def test_applicant_data_prefills_an_application_with_the_agreed_keys(signed_up):
    data = applicant_data(signed_up)

    assert data == {
        "applicant_name": "Nguyễn Thị Lan",
        "applicant_id_number": CCCD,
        "applicant_phone": "0912345678",
        "applicant_email": "lan@example.vn",
        "applicant_address": "12 Hòa Bình, Phường Ninh Kiều, Thành phố Cần Thơ",
    }
    assert services.applicant_data is applicant_data


def test_applicant_data_of_an_organisation_uses_its_tax_code():
    user = services.citizen_sign_up(**organisation_data())

    data = applicant_data(user)

    assert (data["applicant_name"], data["applicant_id_number"]) == (
        "Công ty TNHH Sông Hậu",
        "0312345678",
    )


def test_applicant_data_of_an_account_without_profile_has_the_same_keys():
    user = UserFactory(username="officer", full_name="Lê Văn Cán", phone="")

    data = applicant_data(user)

    assert data["applicant_name"] == "Lê Văn Cán"
    assert data["applicant_id_number"] == data["applicant_address"] == ""


def test_the_profile_page_shows_the_declared_data(logged_in):
    html = logged_in.get(reverse("citizens:profile")).content.decode()

    assert CCCD in html and "Phường Ninh Kiều" in html and "Chưa xác minh" in html


def test_the_profile_pages_need_a_login(client):
    response = client.get(reverse("citizens:profile_edit"))

    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/?next=")


def test_editing_the_profile_saves_it(logged_in, signed_up):
    response = logged_in.post(reverse("citizens:profile_edit"), edit_data())

    assert response.status_code == 302
    signed_up.refresh_from_db()
    assert (signed_up.full_name, signed_up.phone) == ("Nguyễn Thị Lan Anh", "0987654321")
    assert Profile.objects.get().street == "99 Trần Hưng Đạo"


def test_a_commune_of_another_province_is_refused_and_nothing_is_lost(logged_in):
    response = logged_in.post(
        reverse("citizens:profile_edit"), edit_data(ward_code=OTHER_PROVINCE_WARD)
    )

    assert response.status_code == 200
    assert "ward_code" in response.context["form"].errors
    assert 'value="99 Trần Hưng Đạo"' in response.content.decode()
    assert Profile.objects.get().street == "12 Hòa Bình"


def test_a_new_e_mail_must_be_verified_again(
    logged_in, signed_up, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.verify_code(user=signed_up, code=code_from_outbox())
        response = logged_in.post(
            reverse("citizens:profile_edit"), edit_data(email="lan.moi@example.vn")
        )

    assert response["Location"] == reverse("citizens:verify")
    assert Profile.objects.get().email_verified_at is None
    assert mail.outbox[-1].to == ["lan.moi@example.vn"]


def test_an_e_mail_of_another_account_is_refused(logged_in):
    UserFactory(username="someone", email="taken@example.vn")

    response = logged_in.post(reverse("citizens:profile_edit"), edit_data(email="TAKEN@example.vn"))

    assert response.status_code == 200
    assert "email" in response.context["form"].errors


# --- API ------------------------------------------------------------------------------------


def api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_api_returns_the_signed_in_users_own_profile(signed_up):
    services.citizen_sign_up(**organisation_data())

    response = api_for(signed_up).get(API)

    assert response.status_code == 200
    body = response.json()
    assert body["id_number"] == CCCD and body["kind"] == "individual"
    assert body["address"] == "12 Hòa Bình, Phường Ninh Kiều, Thành phố Cần Thơ"
    assert body["email_verified"] is False


def test_anonymous_gets_401_in_the_error_shape(db):
    response = APIClient().get(API)

    assert response.status_code == 401
    assert set(response.json()) == {"code", "message", "fields"}
    assert response.json()["code"] == "not_authenticated"


def test_an_account_without_profile_gets_404():
    response = api_for(UserFactory(username="officer")).get(API)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_patch_changes_the_profile_and_normalises_the_phone(signed_up):
    response = api_for(signed_up).patch(
        API, {"phone": "+84 987 654 321", "street": "1 Lý Tự Trọng"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["phone"] == "0987654321"
    assert Profile.objects.get().street == "1 Lý Tự Trọng"


def test_patch_with_bad_input_answers_400_per_field_and_changes_nothing(signed_up):
    response = api_for(signed_up).patch(
        API, {"phone": "123", "ward_code": OTHER_PROVINCE_WARD}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert set(response.json()["fields"]) == {"phone"}

    response = api_for(signed_up).patch(API, {"ward_code": OTHER_PROVINCE_WARD}, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"ward_code"}
    assert Profile.objects.get().ward_code == WARD


def test_patch_cannot_change_the_identity_number(signed_up):
    response = api_for(signed_up).patch(API, {"id_number": "001200000001"}, format="json")

    assert response.status_code == 200
    assert response.json()["id_number"] == CCCD


def test_token_auth_reaches_the_profile(signed_up):
    token = APIClient().post(
        "/api/v1/auth/token/", {"username": CCCD, "password": PASSWORD}, format="json"
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")

    assert api.get(API).json()["id_number"] == CCCD
