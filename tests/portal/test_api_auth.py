"""API token auth: POST /api/v1/auth/token/ and `Authorization: Token …` on any endpoint."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from rest_framework.authtoken.models import Token

from tests.helpers import api

TOKEN = "/api/v1/auth/token/"
PROCEDURES = "/api/v1/procedures/"
BAD_INPUT = "Dữ liệu gửi lên không hợp lệ."

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """The token endpoint is throttled per client address; counts live in the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_good_username_and_password_give_a_token(citizen, password):
    response = api().post(TOKEN, {"username": "citizen-a", "password": password}, format="json")

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=citizen).key}


def test_asking_twice_gives_the_same_token(citizen, password):
    credentials = {"username": "citizen-a", "password": password}

    client = api()
    first = client.post(TOKEN, credentials, format="json").json()["token"]
    second = client.post(TOKEN, credentials, format="json").json()["token"]

    assert first == second


def test_the_token_endpoint_takes_form_data_too(citizen, password):
    response = api().post(TOKEN, {"username": "citizen-a", "password": password})

    assert response.status_code == 200


def test_the_token_authenticates_requests(citizen, password):
    client = api()
    token = client.post(TOKEN, {"username": "citizen-a", "password": password}).json()["token"]

    response = client.get(PROCEDURES, HTTP_AUTHORIZATION=f"Token {token}")

    assert response.status_code == 200
    assert response.wsgi_request.user == citizen


def test_without_a_token_the_catalog_is_read_anonymously():
    response = api().get(PROCEDURES)

    assert response.status_code == 200
    assert isinstance(response.wsgi_request.user, AnonymousUser)


def test_a_bad_token_is_a_401_in_the_error_shape():
    response = api().get(PROCEDURES, HTTP_AUTHORIZATION="Token not-a-real-token")

    assert response.status_code == 401
    assert set(response.json()) == {"code", "message", "fields"}
    assert response.json()["fields"] == {}
    assert response["WWW-Authenticate"] == "Token"


def test_a_revoked_token_no_longer_works(citizen):
    token = Token.objects.create(user=citizen)
    token.delete()

    response = api().get(PROCEDURES, HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.status_code == 401


def test_a_bad_token_is_reported_as_not_authenticated_in_vietnamese():
    response = api().get(PROCEDURES, HTTP_AUTHORIZATION="Token not-a-real-token")

    assert response.json() == {
        "code": "not_authenticated",
        "message": "Bạn cần đăng nhập để thực hiện thao tác này.",
        "fields": {},
    }


def test_a_wrong_password_is_a_400_with_a_vietnamese_message(citizen):
    response = api().post(TOKEN, {"username": "citizen-a", "password": "wrong"}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "message": BAD_INPUT,
        "fields": {"non_field_errors": ["Không thể đăng nhập với thông tin đã nhập."]},
    }
    assert not Token.objects.exists()


def test_an_unknown_user_gets_the_same_answer_as_a_wrong_password(citizen):
    client = api()
    unknown = client.post(TOKEN, {"username": "nobody", "password": "x"}, format="json")
    wrong = client.post(TOKEN, {"username": "citizen-a", "password": "x"}, format="json")

    assert unknown.status_code == wrong.status_code == 400
    assert unknown.json() == wrong.json()


def test_an_inactive_user_gets_no_token(citizen, password):
    citizen.is_active = False
    citizen.save()

    response = api().post(TOKEN, {"username": "citizen-a", "password": password}, format="json")

    assert response.status_code == 400
    assert not Token.objects.exists()


def test_missing_fields_are_a_400_naming_them():
    response = api().post(TOKEN, {}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "message": BAD_INPUT,
        "fields": {
            "username": ["Trường này là bắt buộc."],
            "password": ["Trường này là bắt buộc."],
        },
    }


def test_the_token_endpoint_only_takes_post():
    response = api().get(TOKEN)

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_too_many_attempts_are_throttled_in_the_error_shape():
    client = api()
    for _ in range(10):
        client.post(TOKEN, {"username": "nobody", "password": "x"}, format="json")

    response = client.post(TOKEN, {"username": "nobody", "password": "x"}, format="json")

    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert response.json()["fields"] == {}
    assert "Retry-After" in response
