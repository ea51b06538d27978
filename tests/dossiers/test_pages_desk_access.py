"""Who may use the desk workspace: desk staff of the dossier's receiving unit only. Others
signed in get 403 on the lists; another commune's desk officer gets 404 on a dossier's page,
files and actions, as for a dossier that does not exist; anonymous users go to the login page."""

import pytest
from django.test import Client
from django.urls import reverse

from dossiers import services
from dossiers.states import State
from tests.dossiers.conftest import pdf
from tests.dossiers.helpers import dossier_in, reload, submitted

pytestmark = pytest.mark.django_db

QUEUE = reverse("workspaces:desk")


@pytest.fixture
def dossier(world):
    return submitted(world)


def urls(dossier):
    file = dossier.files.get()
    return {
        "page": reverse("workspaces:desk_dossier", args=[dossier.pk]),
        "file": reverse("workspaces:desk_file", args=[dossier.pk, file.pk]),
    }


def receive_url(dossier):
    return reverse("workspaces:desk_act", args=[dossier.pk, "tiep-nhan"])


def receive_data(world):
    return {"receive-checklist": [str(world.required.pk)]}


def test_anonymous_users_are_sent_to_the_login_page(client, world, dossier):
    for url in [QUEUE, *urls(dossier).values(), receive_url(dossier)]:
        response = client.post(url) if url == receive_url(dossier) else client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("citizens:login")), url
    assert reload(dossier).state == State.SUBMITTED


@pytest.mark.parametrize("who", ["citizen", "specialist", "head", "leader"])
def test_users_without_a_desk_role_in_a_receiving_unit_get_403(client, world, dossier, who):
    user = world.citizen if who == "citizen" else getattr(world.home, who)
    client.force_login(user)
    assert client.get(QUEUE).status_code == 403
    for url in urls(dossier).values():
        assert client.get(url).status_code == 403, url
    assert client.post(receive_url(dossier), receive_data(world)).status_code == 403
    assert reload(dossier).state == State.SUBMITTED


def test_the_applicant_cannot_use_the_desk_pages_of_their_own_dossier(client, world, dossier):
    client.force_login(world.citizen)
    assert client.get(urls(dossier)["page"]).status_code == 403


def test_another_communes_desk_officer_gets_404_everywhere(client, world, dossier):
    client.force_login(world.away.desk)
    queue = client.get(QUEUE)
    assert queue.status_code == 200
    assert dossier.code not in queue.content.decode()
    assert [row["dossier"] for row in queue.context["rows"]] == []
    for url in urls(dossier).values():
        assert client.get(url).status_code == 404, url
    for slug in ("tiep-nhan", "yeu-cau-hoan-thien", "tu-choi"):
        url = reverse("workspaces:desk_act", args=[dossier.pk, slug])
        assert client.post(url, receive_data(world)).status_code == 404
    assert reload(dossier).state == State.SUBMITTED


def test_the_home_desk_officer_is_served(client, world, dossier):
    client.force_login(world.home.desk)
    assert dossier.code in client.get(QUEUE).content.decode()
    for url in urls(dossier).values():
        assert client.get(url).status_code == 200, url


def test_a_file_of_another_dossier_is_not_found_through_this_one(client, world, dossier):
    other = submitted(world, applicant=world.other_citizen)
    stranger = other.files.get()
    client.force_login(world.home.desk)
    url = reverse("workspaces:desk_file", args=[dossier.pk, stranger.pk])
    assert client.get(url).status_code == 404


def test_actions_need_post_a_known_action_and_the_csrf_token(world, dossier):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.home.desk)
    assert client.get(receive_url(dossier)).status_code == 405
    unknown = reverse("workspaces:desk_act", args=[dossier.pk, "xoa"])
    assert client.post(unknown, {}).status_code in (403, 404)
    assert client.post(receive_url(dossier), receive_data(world)).status_code == 403  # no token
    assert reload(dossier).state == State.SUBMITTED


def test_an_unknown_action_is_not_found(client, world, dossier):
    client.force_login(world.home.desk)
    unknown = reverse("workspaces:desk_act", args=[dossier.pk, "xoa"])
    assert client.post(unknown, {}).status_code == 404


# ---- The actions of the waiting states: payment, supplement, withdrawal --------------------

# slug → (the state it acts in, what a valid form sends)
WAITING = {
    "ghi-nhan-nop-phi": (
        State.AWAITING_PAYMENT,
        {"paid-receipt_number": "BL-0001", "paid-amount": "100000"},
    ),
    "bo-sung": (State.SUPPLEMENT_REQUESTED, {"supplement-note": "Đã bổ sung"}),
    "tai-giay-to-bo-sung": (State.SUPPLEMENT_REQUESTED, {}),
    "go-tep-bo-sung": (State.SUPPLEMENT_REQUESTED, {}),
    "dung-xu-ly": (State.WITHDRAWAL_REQUESTED, {"stop-reason": "Người nộp xin rút hồ sơ."}),
}


def _waiting(world, slug):
    state, data = WAITING[slug]
    dossier = dossier_in(world, state)
    data = dict(data)
    if slug == "tai-giay-to-bo-sung":
        data = {"attach-component": str(world.required.pk), "attach-file": pdf()}
    if slug in ("bo-sung", "go-tep-bo-sung"):
        paper = services.dossier_attach_file(
            dossier_id=dossier.pk,
            actor=world.home.desk,
            upload=pdf(),
            component_id=world.required.pk,
        )
        key = "supplement-files" if slug == "bo-sung" else "remove-file_id"
        data[key] = str(paper.pk)
    return dossier, data


@pytest.mark.parametrize("slug", list(WAITING))
def test_the_waiting_states_actions_are_refused_to_everyone_but_the_home_desk(client, world, slug):
    dossier, data = _waiting(world, slug)
    url = reverse("workspaces:desk_act", args=[dossier.pk, slug])
    files = dossier.files.count()
    page = reverse("workspaces:desk_dossier", args=[dossier.pk])

    client.force_login(world.away.desk)  # another commune's desk: as if it did not exist
    assert client.get(page).status_code == 404
    assert client.post(url, data).status_code == 404
    for user in (world.citizen, world.home.specialist):  # the applicant, a specialist
        client.force_login(user)
        assert client.post(url, data).status_code == 403
    if slug == "tai-giay-to-bo-sung":
        data["attach-file"] = pdf()  # the upload was read by the refused requests
    assert reload(dossier).state == WAITING[slug][0]
    assert dossier.files.count() == files

    client.force_login(world.home.desk)  # the home desk is served
    done = client.post(url, data)
    assert done.status_code == 302
    after = {
        "ghi-nhan-nop-phi": (State.IN_PROGRESS, files),
        "bo-sung": (State.IN_PROGRESS, files),
        "tai-giay-to-bo-sung": (State.SUPPLEMENT_REQUESTED, files + 1),
        "go-tep-bo-sung": (State.SUPPLEMENT_REQUESTED, files - 1),
        "dung-xu-ly": (State.STOPPED, files),
    }[slug]
    assert (reload(dossier).state, dossier.files.count()) == after
