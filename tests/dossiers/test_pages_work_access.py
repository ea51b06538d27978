"""Who may use the processing workspace: staff with a processing role (specialist, head of
unit, leader) of the dossier's processing unit or competent agency. Others signed in get 403 on
the lists; another commune's staff get 404 on a dossier's page, files and actions, as for a
dossier that does not exist; anonymous users go to the login page."""

import pytest
from django.urls import reverse

from dossiers import services
from dossiers.models import FileKind
from dossiers.states import State
from tests.dossiers.conftest import pdf
from tests.dossiers.helpers import dossier_in, reload

pytestmark = pytest.mark.django_db

QUEUE = reverse("workspaces:work")
SLUGS = (
    "phan-cong",
    "tai-lieu",
    "yeu-cau-bo-sung",
    "yeu-cau-nop-phi",
    "ghi-nhan-nop-phi",
    "trinh-phe-duyet",
    "tra-lai",
    "hen-lai",
)


@pytest.fixture
def dossier(world):
    """In progress with the home specialist, with an internal working paper."""
    dossier = dossier_in(world, State.IN_PROGRESS)
    services.dossier_attach_file(
        dossier_id=dossier.pk, actor=world.home.specialist, upload=pdf("to-trinh.pdf")
    )
    return reload(dossier)


def urls(dossier):
    application = dossier.files.get(kind=FileKind.APPLICATION)
    paper = dossier.files.get(kind=FileKind.ATTACHMENT)
    return {
        "page": reverse("workspaces:work_dossier", args=[dossier.pk]),
        "file": reverse("workspaces:work_file", args=[dossier.pk, application.pk]),
        "paper": reverse("workspaces:work_file", args=[dossier.pk, paper.pk]),
    }


def act(dossier, slug):
    return reverse("workspaces:work_act", args=[dossier.pk, slug])


def supplement_data():
    return {"supplement-missing": "Hợp đồng thuê nhà", "supplement-reason": "Thiếu."}


def test_anonymous_users_are_sent_to_the_login_page(client, world, dossier):
    for url in [QUEUE, *urls(dossier).values()]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("citizens:login")), url
    response = client.post(act(dossier, "yeu-cau-bo-sung"), supplement_data())
    assert response.status_code == 302
    assert reload(dossier).state == State.IN_PROGRESS


@pytest.mark.parametrize("who", ["citizen", "desk"])
def test_users_without_a_processing_role_get_403(client, world, dossier, who):
    """The applicant and the desk officer of the receiving unit (who may see the dossier at the
    desk) are not served here."""
    user = world.citizen if who == "citizen" else world.home.desk
    client.force_login(user)
    assert client.get(QUEUE).status_code == 403
    for url in urls(dossier).values():
        assert client.get(url).status_code == 403, url
    for slug in SLUGS:
        assert client.post(act(dossier, slug), supplement_data()).status_code == 403, slug
    dossier = reload(dossier)
    assert dossier.state == State.IN_PROGRESS
    assert dossier.assignee_id == world.home.specialist.pk


@pytest.mark.parametrize("who", ["specialist", "head", "leader"])
def test_another_communes_processing_staff_get_404_everywhere(client, world, dossier, who):
    client.force_login(getattr(world.away, who))
    queue = client.get(QUEUE, {"nhom": "don-vi"})
    assert queue.status_code == 200
    assert queue.context["rows"] == []
    assert dossier.code not in queue.content.decode()
    for url in urls(dossier).values():
        assert client.get(url).status_code == 404, url
    for slug in SLUGS:
        data = {**supplement_data(), "assign-assignee": str(world.away.specialist.pk)}
        assert client.post(act(dossier, slug), data).status_code == 404, slug
    dossier = reload(dossier)
    assert dossier.state == State.IN_PROGRESS
    assert dossier.assignee_id == world.home.specialist.pk
    assert dossier.files.count() == 2


def test_a_desk_head_of_the_receiving_unit_sees_no_dossier_here(client, world, dossier):
    """A head of unit of the service centre holds a processing role, so the workspace opens,
    but the dossier is not with the centre: 404 like another agency's."""
    client.force_login(world.home.desk_head)
    queue = client.get(QUEUE, {"nhom": "don-vi"})
    assert queue.status_code == 200 and queue.context["rows"] == []
    for url in urls(dossier).values():
        assert client.get(url).status_code == 404, url
    assert client.post(act(dossier, "tra-lai"), {"sendback-reason": "x"}).status_code == 404


def test_a_file_of_another_dossier_is_not_served_through_this_one(client, world, dossier):
    away = dossier_in(world, State.IN_PROGRESS, side="away")
    foreign = away.files.get()
    client.force_login(world.home.specialist)
    url = reverse("workspaces:work_file", args=[dossier.pk, foreign.pk])
    assert client.get(url).status_code == 404
    # And the away dossier itself answers 404 to the home specialist.
    assert client.get(reverse("workspaces:work_dossier", args=[away.pk])).status_code == 404


@pytest.mark.parametrize("who", ["specialist", "head", "leader"])
def test_the_home_processing_staff_are_served(client, world, dossier, who):
    client.force_login(getattr(world.home, who))
    queue = client.get(QUEUE, {"nhom": "don-vi"})
    assert dossier.code in queue.content.decode()
    for url in urls(dossier).values():
        assert client.get(url).status_code == 200, url


def test_an_unknown_action_answers_404(client, world, dossier):
    client.force_login(world.home.specialist)
    assert client.post(act(dossier, "phe-duyet"), {}).status_code == 404


def test_the_pages_refuse_get_on_actions_and_post_on_pages(client, world, dossier):
    client.force_login(world.home.specialist)
    assert client.get(act(dossier, "yeu-cau-bo-sung")).status_code == 405
    assert client.post(urls(dossier)["page"]).status_code == 405


def test_actions_need_the_csrf_token(world, dossier):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(world.home.specialist)
    response = csrf_client.post(act(dossier, "yeu-cau-bo-sung"), supplement_data())
    assert response.status_code == 403
    assert reload(dossier).state == State.IN_PROGRESS
