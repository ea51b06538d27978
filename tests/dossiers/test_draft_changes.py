"""Before sending: an idempotent create (client token), draft edits that never overwrite a newer
version, the way to receive the result, and taking back a file not sent yet — through the
services and through the API."""

import datetime
import uuid

import pytest

from dossiers import services
from dossiers.errors import BadInput, Conflict, NotFound
from dossiers.models import Dossier, DossierFile
from dossiers.states import Action, ReturnChannel, State
from procedures.models import OnlineLevel
from tests.dossiers.conftest import pdf
from tests.dossiers.helpers import MONDAY, dossier_in, empty_draft, fire, reload, submitted
from tests.helpers import api

pytestmark = pytest.mark.usefixtures("frozen_monday")


def create(world, user=None, **extra):
    return services.dossier_create(
        actor=user or world.citizen,
        procedure_code=world.procedure.code,
        channel="online",
        agency_code="H92.31",
        **extra,
    )


# --- Idempotent create ------------------------------------------------------------------------


def test_the_same_client_token_makes_one_draft(world):
    token = uuid.uuid4()

    first = create(world, client_token=token)
    again = create(world, client_token=token, applicant_phone="0900000000")

    assert again.pk == first.pk
    assert Dossier.objects.filter(created_by=world.citizen).count() == 1


def test_a_token_belongs_to_its_user_and_a_new_token_makes_a_new_draft(world):
    token = uuid.uuid4()
    mine = create(world, client_token=token)

    theirs = create(world, user=world.other_citizen, client_token=token)
    another = create(world, client_token=uuid.uuid4())

    assert len({mine.pk, theirs.pk, another.pk}) == 3
    assert theirs.applicant == world.other_citizen


def test_the_api_answers_a_repeated_create_with_the_first_dossier(world):
    body = {
        "procedure": world.procedure.code,
        "channel": "online",
        "agency": "H92.31",
        "client_token": str(uuid.uuid4()),
    }

    first = api(world.citizen).post("/api/v1/dossiers/", body, format="json")
    again = api(world.citizen).post("/api/v1/dossiers/", body, format="json")

    assert first.status_code == 201, first.content
    assert again.status_code == 200, again.content
    assert again.json()["id"] == first.json()["id"]
    assert Dossier.objects.filter(created_by=world.citizen).count() == 1


# --- How to receive the result ----------------------------------------------------------------


def test_the_result_is_received_at_the_desk_unless_asked_otherwise(world):
    dossier = create(world)

    assert dossier.delivery_channel == ReturnChannel.DESK
    assert dossier.delivery_address == ""


def test_by_post_needs_an_address(world):
    with pytest.raises(BadInput) as refused:
        create(world, delivery_channel=ReturnChannel.POST)

    assert "delivery_address" in refused.value.fields
    dossier = create(world, delivery_channel=ReturnChannel.POST, delivery_address=" 12 Hòa Bình ")
    assert (dossier.delivery_channel, dossier.delivery_address) == ("post", "12 Hòa Bình")


def test_online_delivery_only_for_a_full_online_service(world):
    world.version.online_level = OnlineLevel.PARTIAL
    world.version.save(update_fields=["online_level"])

    assert [value for value, _ in services.delivery_choices(world.version)] == ["desk", "post"]
    with pytest.raises(BadInput) as refused:
        create(world, delivery_channel=ReturnChannel.ONLINE)
    assert "delivery_channel" in refused.value.fields


def test_an_address_is_dropped_when_the_channel_needs_none(world):
    dossier = create(world, delivery_channel=ReturnChannel.POST, delivery_address="12 Hòa Bình")

    changed = services.dossier_update_draft(
        dossier_id=dossier.pk, actor=world.citizen, delivery_channel=ReturnChannel.ONLINE
    )

    assert (changed.delivery_channel, changed.delivery_address) == ("online", "")


# --- Draft edits --------------------------------------------------------------------------------


def test_the_applicant_edits_a_draft(world):
    dossier = create(world)

    changed = services.dossier_update_draft(
        dossier_id=dossier.pk,
        actor=world.citizen,
        expected_updated_at=dossier.updated_at,
        applicant_phone=" 0912345678 ",
        applicant_address="Số 1, phường Ninh Kiều",
    )

    saved = reload(dossier)
    assert (saved.applicant_phone, saved.applicant_address) == (
        "0912345678",
        "Số 1, phường Ninh Kiều",
    )
    assert changed.updated_at == saved.updated_at


def test_a_stale_draft_is_not_overwritten(world, time_machine):
    dossier = create(world)
    read_at = dossier.updated_at
    time_machine.move_to(MONDAY + datetime.timedelta(minutes=5), tick=False)
    services.dossier_update_draft(
        dossier_id=dossier.pk, actor=world.citizen, applicant_phone="0911111111"
    )

    with pytest.raises(Conflict) as refused:
        services.dossier_update_draft(
            dossier_id=dossier.pk,
            actor=world.citizen,
            expected_updated_at=read_at,
            applicant_phone="0922222222",
        )

    assert "thay đổi ở nơi khác" in refused.value.message
    assert reload(dossier).applicant_phone == "0911111111"


def test_a_name_cannot_be_emptied_and_unknown_fields_are_refused(world):
    dossier = create(world)

    with pytest.raises(BadInput) as empty:
        services.dossier_update_draft(dossier_id=dossier.pk, actor=world.citizen, applicant_name="")
    with pytest.raises(BadInput) as unknown:
        services.dossier_update_draft(dossier_id=dossier.pk, actor=world.citizen, state="returned")

    assert "applicant_name" in empty.value.fields
    assert "state" in unknown.value.fields
    assert reload(dossier).applicant_name == world.citizen.get_full_name()


def test_a_sent_dossier_is_not_edited_and_others_do_not_see_a_draft(world):
    sent = submitted(world)
    draft = create(world)

    with pytest.raises(Conflict):
        services.dossier_update_draft(dossier_id=sent.pk, actor=world.citizen, applicant_phone="1")
    for stranger in (world.other_citizen, world.home.desk, world.away.desk):
        with pytest.raises(NotFound):
            services.dossier_update_draft(
                dossier_id=draft.pk, actor=stranger, applicant_phone="0933333333"
            )
    assert reload(draft).applicant_phone == world.citizen.phone  # the account's, unchanged


def test_the_api_patches_a_draft_and_answers_409_when_stale(world):
    dossier = create(world)
    url = f"/api/v1/dossiers/{dossier.pk}/"

    ok = api(world.citizen).patch(
        url, {"delivery_channel": "post", "delivery_address": "Hẻm 5"}, format="json"
    )
    stale = api(world.citizen).patch(
        url,
        {"applicant_phone": "0944444444", "expected_updated_at": "2026-03-01T00:00:00+07:00"},
        format="json",
    )
    other = api(world.other_citizen).patch(url, {"applicant_phone": "0"}, format="json")

    assert ok.status_code == 200, ok.content
    assert (ok.json()["delivery_channel"], ok.json()["delivery_address"]) == ("post", "Hẻm 5")
    assert stale.status_code == 409
    assert stale.json()["code"] == "conflict"
    assert other.status_code == 404
    assert reload(dossier).applicant_phone == world.citizen.phone  # the account's, unchanged


# --- Taking back a file -----------------------------------------------------------------------


def attach(world, dossier, user=None, component=None):
    return services.dossier_attach_file(
        dossier_id=dossier.pk,
        actor=user or world.citizen,
        upload=pdf(),
        component_id=(component or world.required).pk,
    )


def test_a_file_of_a_draft_is_taken_back_and_its_bytes_deleted(
    world, django_capture_on_commit_callbacks
):
    dossier = empty_draft(world)
    stored = attach(world, dossier)
    name, storage = stored.file.name, stored.file.storage

    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_remove_file(dossier_id=dossier.pk, actor=world.citizen, file_id=stored.pk)

    assert not DossierFile.objects.filter(pk=stored.pk).exists()
    assert not storage.exists(name)


def test_a_sent_file_stays_and_only_new_papers_of_an_answer_can_be_taken_back(world, time_machine):
    dossier = dossier_in(world, State.SUPPLEMENT_REQUESTED)
    sent = dossier.files.get(component=world.required)
    time_machine.move_to(MONDAY + datetime.timedelta(days=3, hours=1), tick=False)
    added = attach(world, dossier, component=world.optional)

    with pytest.raises(Conflict):
        services.dossier_remove_file(dossier_id=dossier.pk, actor=world.citizen, file_id=sent.pk)
    services.dossier_remove_file(dossier_id=dossier.pk, actor=world.citizen, file_id=added.pk)

    assert list(reload(dossier).files.values_list("pk", flat=True)) == [sent.pk]


def test_no_file_is_taken_back_once_sent_or_by_someone_else(world):
    dossier = empty_draft(world)
    stored = attach(world, dossier)
    other_draft = empty_draft(world, applicant=world.other_citizen)

    with pytest.raises(NotFound):
        services.dossier_remove_file(
            dossier_id=dossier.pk, actor=world.other_citizen, file_id=stored.pk
        )
    with pytest.raises(NotFound):  # a file id of another dossier
        services.dossier_remove_file(
            dossier_id=other_draft.pk, actor=world.other_citizen, file_id=stored.pk
        )
    with pytest.raises(NotFound):
        services.dossier_remove_file(dossier_id=dossier.pk, actor=world.citizen, file_id="../x")
    fire(Action.SUBMIT, dossier, world.citizen)
    with pytest.raises(Conflict):
        services.dossier_remove_file(dossier_id=dossier.pk, actor=world.citizen, file_id=stored.pk)
    assert DossierFile.objects.filter(pk=stored.pk).exists()


def test_the_api_deletes_a_draft_file(world):
    dossier = empty_draft(world)
    stored = attach(world, dossier)
    url = f"/api/v1/dossiers/{dossier.pk}/files/{stored.pk}/"

    refused = api(world.other_citizen).delete(url)
    done = api(world.citizen).delete(url)
    gone = api(world.citizen).delete(url)

    assert refused.status_code == 404
    assert done.status_code == 204
    assert gone.status_code == 404
    assert gone.json()["code"] == "not_found"


def test_a_walk_in_without_an_account_cannot_ask_for_the_result_online(world):
    with pytest.raises(BadInput) as refused:
        services.dossier_create(
            actor=world.home.desk,
            procedure_code=world.procedure.code,
            channel="in_person",
            agency_code="H92.31",
            applicant_name="Lê Văn Cường",
            delivery_channel=ReturnChannel.ONLINE,
        )

    assert "tài khoản" in refused.value.fields["delivery_channel"][0]


def test_the_api_receives_with_the_kind_of_copy_handed_in(world):
    dossier = submitted(world)
    url = f"/api/v1/dossiers/{dossier.pk}/receive/"
    key = str(world.required.pk)

    wrong = api(world.home.desk).post(url, {"checklist": {key: "scan"}}, format="json")
    assert "“scan” không hợp lệ" in wrong.json()["fields"]["checklist"][0]
    done = api(world.home.desk).post(url, {"checklist": {key: "certified"}}, format="json")

    assert wrong.status_code == 400
    assert wrong.json()["fields"]["checklist"][0].startswith(f"{key}: ")
    assert done.status_code == 200, done.content
    event = reload(dossier).events.get(action=Action.RECEIVE)
    assert event.data["copies"] == {key: "certified"}
    assert event.data["checklist"] == [key]
