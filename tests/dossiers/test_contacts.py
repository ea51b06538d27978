"""Contacts that work (issue 11): a phone that is no Vietnamese mobile or landline, an e-mail or
an identity number of no known shape is refused with words, whatever the way in (service, page,
API), and nothing half-saved; a dossier sent from afar needs a way to reach the applicant and
what tracking asks for, said on the review page before the button; a walk-in is not held up."""

import pytest
from django.urls import reverse

from dossiers import services
from dossiers.errors import BadInput
from dossiers.states import State
from tests.dossiers.conftest import pdf
from tests.dossiers.helpers import empty_draft, reload
from tests.dossiers.test_pages_apply import draft_data, text
from tests.factories import UserFactory
from tests.helpers import api

PHONE_ERROR = "Số điện thoại chưa đúng"


def _update(world, dossier, **changes):
    return services.dossier_update_draft(dossier_id=dossier.pk, actor=world.citizen, **changes)


@pytest.mark.parametrize(
    "phone",
    [
        "0912345678",
        "+84 912 345 678",
        "84912345678",
        "0912.345.678",
        "024 3825 3531",
        "02923812345",
    ],
)
def test_vietnamese_mobiles_and_landlines_are_accepted_in_any_usual_writing(world, phone):
    dossier = empty_draft(world)
    assert _update(world, dossier, applicant_phone=phone).applicant_phone == phone


@pytest.mark.parametrize("phone", ["abc", "123", "0112345678", "09123456789", "+1 415 555 0100"])
def test_a_phone_that_is_no_vietnamese_number_is_refused_and_nothing_saved(world, phone):
    dossier = empty_draft(world)
    before = reload(dossier).applicant_phone

    with pytest.raises(BadInput) as refused:
        _update(world, dossier, applicant_phone=phone, applicant_address="12 Hòa Bình")

    assert PHONE_ERROR in refused.value.fields["applicant_phone"][0]
    dossier = reload(dossier)
    assert (dossier.applicant_phone, dossier.applicant_address) == (before, "")


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("applicant_email", "an@", "thư điện tử"),
        ("applicant_id_number", "abc", "Số định danh"),
        ("applicant_id_number", "07912345", "Số định danh"),
    ],
)
def test_an_email_or_identity_number_of_no_known_shape_is_refused(world, field, value, words):
    dossier = empty_draft(world)
    with pytest.raises(BadInput) as refused:
        _update(world, dossier, **{field: value})
    assert words.lower() in " ".join(refused.value.fields[field]).lower()


@pytest.mark.parametrize("number", ["079123456789", "123456789", "0312345678", "0312345678-001"])
def test_a_cccd_a_cmnd_or_a_tax_code_is_an_identity_number(world, number):
    dossier = empty_draft(world)
    assert _update(world, dossier, applicant_id_number=number).applicant_id_number == number


def test_the_draft_page_and_the_api_refuse_a_wrong_phone_in_words(client, world):
    dossier = empty_draft(world)
    client.force_login(world.citizen)

    page = client.post(
        reverse("dossiers:draft", args=[dossier.pk]), draft_data(dossier, applicant_phone="abc")
    )
    patched = api(world.citizen).patch(
        f"/api/v1/dossiers/{dossier.pk}/", {"applicant_phone": "abc"}, format="json"
    )

    assert page.status_code == 400
    assert PHONE_ERROR in text(page)
    assert 'value="abc"' in page.content.decode()  # what was typed stays on the page
    assert patched.status_code == 400
    assert patched.json()["code"] == "invalid"
    assert PHONE_ERROR in patched.json()["fields"]["applicant_phone"][0]
    assert reload(dossier).applicant_phone == world.citizen.phone


def test_sending_from_afar_needs_a_contact_and_what_tracking_asks_for(world):
    nobody = UserFactory(username="nguoi-khong-so", email="", phone="")
    dossier = empty_draft(world, applicant=nobody)
    services.dossier_attach_file(
        dossier_id=dossier.pk, actor=nobody, upload=pdf(), component_id=world.required.pk
    )

    with pytest.raises(BadInput) as refused:
        services.dossier_submit(dossier_id=dossier.pk, actor=nobody)
    assert set(refused.value.fields) == {"applicant_phone", "applicant_id_number"}
    assert reload(dossier).state == State.DRAFT

    # An e-mail reaches them, but tracking by code still needs a number.
    services.dossier_update_draft(
        dossier_id=dossier.pk, actor=nobody, applicant_email="an@example.vn"
    )
    with pytest.raises(BadInput) as refused:
        services.dossier_submit(dossier_id=dossier.pk, actor=nobody)
    assert set(refused.value.fields) == {"applicant_id_number"}

    services.dossier_update_draft(
        dossier_id=dossier.pk, actor=nobody, applicant_id_number="079123456789"
    )
    assert services.dossier_submit(dossier_id=dossier.pk, actor=nobody).state == State.SUBMITTED


def test_the_review_page_says_what_is_missing_before_the_button(client, world):
    nobody = UserFactory(username="nguoi-khong-so", email="", phone="")
    dossier = empty_draft(world, applicant=nobody)
    services.dossier_attach_file(
        dossier_id=dossier.pk, actor=nobody, upload=pdf(), component_id=world.required.pk
    )
    client.force_login(nobody)

    page = client.get(reverse("dossiers:review", args=[dossier.pk]))
    sent = client.post(reverse("dossiers:review", args=[dossier.pk]))

    words = text(page)
    assert "Còn thiếu thông tin liên lạc" in words
    assert "Cần ít nhất một cách liên lạc: số điện thoại hoặc thư điện tử." in words
    assert 'action="' + reverse("dossiers:review", args=[dossier.pk]) not in page.content.decode()
    assert sent.status_code == 400  # and if sent anyway (an old tab): refused in words
    assert "Cần ít nhất một cách liên lạc" in text(sent)
    assert reload(dossier).state == State.DRAFT


def test_an_account_signed_in_with_its_cccd_lends_it_to_the_dossier(world):
    person = UserFactory(username="079123456789", phone="", email="")
    dossier = empty_draft(world, applicant=person)
    assert dossier.applicant_id_number == "079123456789"
    assert empty_draft(world).applicant_id_number == ""  # "citizen-a" is no identity number


def test_a_walk_in_without_phone_or_email_is_still_received_at_the_desk(world):
    walk_in = services.dossier_create(
        actor=world.home.desk,
        procedure_code=world.procedure.code,
        channel="in_person",
        agency_code="H92.31",
        applicant_name="Cụ Lê Văn Già",
    )
    assert services.dossier_submit(dossier_id=walk_in.pk, actor=world.home.desk).state == (
        State.SUBMITTED
    )
