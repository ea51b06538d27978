"""The declarations over the API: the published form and schema, a draft's answers read and
written as JSON, errors in the one error shape with a JSON pointer per field."""

import copy

import pytest
import time_machine
from django.contrib.auth import get_user_model
from jsonschema import Draft202012Validator
from rest_framework.test import APIClient

from dossiers.models import DeclarationAnswers
from procedures.demo.seed import seed_demo
from tests.dossiers.declaring import EXAMPLE, NOW, birth_draft


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def draft(db):
    seed_demo(password="x")
    dossier, component = birth_draft()
    client = APIClient()
    client.force_authenticate(dossier.applicant)
    return dossier, component, client


def test_the_form_and_its_schema_are_public(draft):
    _dossier, component, _client = draft

    form = APIClient().get(f"/api/v1/declaration-forms/{component.pk}/")
    schema = APIClient().get(f"/api/v1/declaration-forms/{component.pk}/schema/")

    assert form.status_code == 200 and schema.status_code == 200
    assert form.json()["procedure"] == "1.001193"
    assert form.json()["definition"]["title"] == "Tờ khai đăng ký khai sinh"
    Draft202012Validator.check_schema(schema.json())
    Draft202012Validator(schema.json()).validate(EXAMPLE)
    assert APIClient().get("/api/v1/declaration-forms/999999/").status_code == 404


def test_answers_are_kept_with_what_is_missing_by_pointer(draft):
    dossier, component, client = draft
    answers = copy.deepcopy(EXAMPLE)
    del answers["tre_que_quan"]
    answers["cha_me"][0]["so_dinh_danh"] = "12"

    response = client.put(
        f"/api/v1/dossiers/{dossier.pk}/declarations/{component.pk}/",
        {"answers": answers},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["complete"] is False
    assert [e["pointer"] for e in body["errors"]] == ["/tre_que_quan", "/cha_me/0/so_dinh_danh"]
    assert DeclarationAnswers.objects.get().answers["tre_ho_ten"] == "Nguyễn Minh Khôi"
    listed = client.get(f"/api/v1/dossiers/{dossier.pk}/declarations/").json()
    assert listed[0]["component"] == component.pk and listed[0]["complete"] is False


def test_final_answers_with_errors_are_refused_in_the_error_shape_and_not_kept(draft):
    dossier, component, client = draft
    answers = copy.deepcopy(EXAMPLE)
    answers["tre_ngay_sinh"] = "2026-02-30"

    response = client.put(
        f"/api/v1/dossiers/{dossier.pk}/declarations/{component.pk}/",
        {"answers": answers, "final": True},
        format="json",
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["fields"] == {
        "/tre_ngay_sinh": ["“Ngày, tháng, năm sinh” phải là một ngày có thật (ngày/tháng/năm)."]
    }
    assert not DeclarationAnswers.objects.exists()

    answers["tre_ngay_sinh"] = "2026-11-20"
    ok = client.put(
        f"/api/v1/dossiers/{dossier.pk}/declarations/{component.pk}/",
        {"answers": answers, "final": True},
        format="json",
    )
    assert ok.status_code == 200 and ok.json()["complete"] is True


def test_the_english_client_reads_english_messages(draft):
    dossier, component, client = draft

    response = client.put(
        f"/api/v1/dossiers/{dossier.pk}/declarations/{component.pk}/",
        {"answers": {"tre_gioi_tinh": "x"}},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    messages = {e["pointer"]: e["message"] for e in response.json()["errors"]}
    assert "choose one of the options" in messages["/tre_gioi_tinh"].lower()


def test_others_cannot_read_or_write_the_answers(draft):
    dossier, component, _client = draft
    for username in ("citizen2", "officer"):
        other = APIClient()
        other.force_authenticate(get_user_model().objects.get(username=username))
        assert other.get(f"/api/v1/dossiers/{dossier.pk}/declarations/").status_code == 404
        put = other.put(
            f"/api/v1/dossiers/{dossier.pk}/declarations/{component.pk}/",
            {"answers": {}},
            format="json",
        )
        assert put.status_code == 404
    anonymous = APIClient().get(f"/api/v1/dossiers/{dossier.pk}/declarations/")
    assert anonymous.status_code == 401


def test_bad_bodies_are_400_not_500(draft):
    dossier, component, client = draft
    url = f"/api/v1/dossiers/{dossier.pk}/declarations/{component.pk}/"

    for body in ({"answers": ["a"]}, {"answers": {}, "page": "khong-co"}, {}):
        response = client.put(url, body, format="json")
        assert response.status_code == 400, body
    plain = dossier.version.components.filter(form__isnull=True).first()
    response = client.put(
        f"/api/v1/dossiers/{dossier.pk}/declarations/{plain.pk}/", {"answers": {}}, format="json"
    )
    assert response.status_code == 400


def test_the_declarations_list_costs_the_same_queries_however_full(draft):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    dossier, component, client = draft
    url = f"/api/v1/dossiers/{dossier.pk}/declarations/"
    counts = []
    for answers in ({}, copy.deepcopy(EXAMPLE)):
        client.put(f"{url}{component.pk}/", {"answers": answers}, format="json")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1] <= 6
