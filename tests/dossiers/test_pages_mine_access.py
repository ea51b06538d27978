"""Only the applicant is served the "my dossiers" pages of a dossier: another applicant and the
staff who handle it get 404 on every page, action and file, exactly as for a dossier that does
not exist; an anonymous visitor is sent to the login page; nothing changes on a refusal."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from dossiers.models import DossierRating
from dossiers.states import State
from tests.dossiers.helpers import dossier_in, events, reload, submitted

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_monday")]


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def requests_for(dossier):
    """Every page and action of one dossier: (method, url, data)."""
    file = dossier.files.first()
    pk = dossier.pk
    return [
        ("get", reverse("dossiers:mine_detail", args=[pk]), {}),
        ("get", reverse("dossiers:mine_file", args=[pk, file.pk]), {}),
        ("get", reverse("dossiers:mine_answer", args=[pk]), {}),
        ("post", reverse("dossiers:mine_answer", args=[pk]), {"op": "send"}),
        (
            "post",
            reverse("dossiers:mine_answer", args=[pk]),
            {"op": "remove", "file_id": str(file.pk)},
        ),
        ("get", reverse("dossiers:mine_withdraw", args=[pk]), {}),
        ("post", reverse("dossiers:mine_withdraw", args=[pk]), {"reason": "x"}),
        ("get", reverse("dossiers:mine_rate", args=[pk]), {}),
        (
            "post",
            reverse("dossiers:mine_rate", args=[pk]),
            {"overall": "satisfied", "comment": ""},
        ),
    ]


@pytest.fixture(params=[State.SUPPLEMENT_REQUESTED, State.RETURNED])
def dossier(request, world):
    return dossier_in(world, request.param)


def test_another_applicant_gets_404_everywhere_and_nothing_changes(world, dossier):
    client = client_for(world.other_citizen)
    before = (reload(dossier).state, len(events(dossier)), dossier.files.count())

    for method, url, data in requests_for(dossier):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url)
        assert dossier.code not in response.content.decode()

    assert (reload(dossier).state, len(events(dossier)), dossier.files.count()) == before
    assert not DossierRating.objects.exists()
    listing = client.get(reverse("dossiers:mine")).content.decode()
    assert dossier.code not in listing


@pytest.mark.parametrize("role", ["desk", "specialist", "head", "leader"])
def test_staff_who_handle_the_dossier_are_not_served_the_applicants_pages(world, dossier, role):
    staff = getattr(world.home, role)
    client = client_for(staff)

    for method, url, data in requests_for(dossier):
        assert getattr(client, method)(url, data).status_code == 404, (role, method, url)
    assert dossier.code not in client.get(reverse("dossiers:mine")).content.decode()


def test_the_applicant_is_served_the_same_pages(world, dossier):
    client = client_for(world.citizen)
    detail, download = requests_for(dossier)[:2]
    assert client.get(detail[1]).status_code == 200
    assert client.get(download[1]).status_code == 200


def test_anonymous_visitors_are_sent_to_the_login_page(world, dossier):
    client = client_for(None)
    login = reverse("citizens:login")

    for method, url, data in [("get", reverse("dossiers:mine"), {}), *requests_for(dossier)]:
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith(f"{login}?next=")
    assert reload(dossier).state == dossier.state


def test_an_unknown_dossier_or_file_is_404(world, dossier):
    client = client_for(world.citizen)
    unknown = uuid.uuid4()

    assert client.get(reverse("dossiers:mine_detail", args=[unknown])).status_code == 404
    assert client.get(reverse("dossiers:mine_file", args=[dossier.pk, unknown])).status_code == 404
    # a file of another applicant's dossier, asked through one's own dossier
    other = submitted(world, applicant=world.other_citizen)
    foreign = other.files.first()
    assert (
        client.get(reverse("dossiers:mine_file", args=[dossier.pk, foreign.pk])).status_code == 404
    )


def test_actions_answer_only_to_post(world, dossier):
    client = client_for(world.citizen)
    response = client.put(reverse("dossiers:mine_withdraw", args=[dossier.pk]))
    assert response.status_code == 405
