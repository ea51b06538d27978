"""`/ban-lam-viec/`: the officers' home lists the workspaces their roles open; officers land
there after logging in; citizens have no workspace."""

import pytest

from tests.factories import PASSWORD

LOGIN = "/tai-khoan/dang-nhap/"
HOME = "/ban-lam-viec/"


def titles(response) -> list[str]:
    return [space.title for space in response.context["spaces"]]


def test_a_desk_officer_has_the_desk_and_walk_in_intake(client, world):
    client.force_login(world.home.desk)

    response = client.get(HOME)

    assert response.status_code == 200
    assert [str(t) for t in titles(response)] == ["Bộ phận Một cửa", "Tiếp nhận trực tiếp"]
    assert 'href="/ban-lam-viec/mot-cua/"' in response.content.decode()


def test_a_leader_has_processing_consultations_and_approval(client, world):
    client.force_login(world.home.leader)

    response = client.get(HOME)

    assert [str(t) for t in titles(response)] == ["Xử lý hồ sơ", "Liên thông", "Phê duyệt"]


def test_a_head_of_unit_without_a_desk_has_no_desk_workspace(client, world):
    client.force_login(world.home.head)

    assert [str(t) for t in titles(client.get(HOME))] == ["Xử lý hồ sơ", "Liên thông"]


def test_a_specialist_has_no_approval_queue(client, world):
    client.force_login(world.home.specialist)

    assert "Phê duyệt" not in [str(t) for t in titles(client.get(HOME))]


def test_citizens_have_no_workspace_and_anonymous_visitors_log_in(client, world):
    assert client.get(HOME)["Location"].startswith(f"{LOGIN}?next=")
    client.force_login(world.citizen)

    assert client.get(HOME).status_code == 403
    assert "Bàn làm việc" not in client.get("/").content.decode()


def test_the_header_links_officers_to_their_workspaces(client, world):
    client.force_login(world.home.specialist)

    assert f'href="{HOME}"' in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("who", "lands"),
    [("desk", HOME), ("specialist", HOME), ("leader", HOME), ("citizen", "/")],
)
def test_officers_land_on_their_workspaces_after_logging_in(client, world, who, lands):
    user = world.citizen if who == "citizen" else getattr(world.home, who)

    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == lands


def test_a_next_address_still_wins_for_officers(client, world):
    response = client.post(
        f"{LOGIN}?next=/ban-lam-viec/xu-ly/",
        {"username": world.home.specialist.username, "password": PASSWORD},
    )

    assert response["Location"] == "/ban-lam-viec/xu-ly/"


# ---- What waits in each workspace ---------------------------------------------------------------


def _lines(response, title):
    (row,) = [row for row in response.context["rows"] if str(row["space"].title) == title]
    return row["summary"]


def test_the_home_counts_what_waits_in_each_queue_and_what_is_due_today(client, world):
    import time_machine

    from dossiers.states import State
    from tests.dossiers.helpers import MONDAY, at, dossier_in

    with time_machine.travel(MONDAY, tick=False):
        dossier_in(world, State.SUBMITTED)
        dossier_in(world, State.SUBMITTED)
        dossier_in(world, State.IN_PROGRESS)  # assigned to the specialist: due Thursday 17:00
        dossier_in(world, State.PENDING_APPROVAL)
    with time_machine.travel(at("2026-03-12 09:00"), tick=False):  # Thursday
        client.force_login(world.home.desk)
        desk = client.get(HOME)
        client.force_login(world.home.specialist)
        work = client.get(HOME)
        client.force_login(world.home.leader)
        leader = client.get(HOME)

    assert _lines(desk, "Bộ phận Một cửa") == [
        "2 hồ sơ chờ tiếp nhận",
        "0 hồ sơ đến hạn chuyển, trả hôm nay",
    ]
    # Both the one in progress and the one submitted for approval are the specialist's.
    assert _lines(work, "Xử lý hồ sơ") == [
        "2 hồ sơ của tôi",
        "0 hồ sơ chưa phân công",
        "2 hồ sơ đến hạn hôm nay",
    ]
    assert _lines(leader, "Phê duyệt") == ["1 hồ sơ chờ phê duyệt", "1 đến hạn hôm nay"]
    assert "2 hồ sơ chờ tiếp nhận" in desk.content.decode()


def test_the_home_costs_the_same_queries_with_one_dossier_waiting_or_five(
    client, world, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dossiers.states import State
    from tests.dossiers.helpers import dossier_in

    dossier_in(world, State.PENDING_APPROVAL)
    client.force_login(world.home.leader)
    with CaptureQueriesContext(connection) as few:
        assert client.get(HOME).status_code == 200
    for _ in range(4):
        dossier_in(world, State.PENDING_APPROVAL)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(HOME).status_code == 200
