"""GET /api/v1/dossiers/: each role lists only its own queues, filtered, by cursor, in a fixed
number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dossiers import selectors, services
from dossiers.models import Dossier
from procedures.models import ChannelKind
from tests.dossiers.helpers import empty_draft as _draft
from tests.dossiers.helpers import submitted as _submitted
from tests.factories import (
    AgencyFactory,
    ChannelFactory,
    MembershipFactory,
    UserFactory,
    make_procedure,
)
from tests.helpers import api

pytestmark = pytest.mark.usefixtures("frozen_monday")

HANOI = datetime.timezone(datetime.timedelta(hours=7))
LIST = "/api/v1/dossiers/"


def listed(user, **params):
    response = api(user).get(LIST, params)
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def ids(*dossiers):
    return [str(d.pk) for d in dossiers]


def _received(world, applicant=None, agency="H92.31"):
    cast = world.home if agency == "H92.31" else world.away
    dossier = _submitted(world, applicant, agency)
    return services.dossier_receive(
        dossier_id=dossier.pk, actor=cast.desk, checklist={str(world.required.pk): True}
    )


def _in_progress(world, applicant=None, agency="H92.31"):
    cast = world.home if agency == "H92.31" else world.away
    dossier = _received(world, applicant, agency)
    return services.dossier_transfer(
        dossier_id=dossier.pk, actor=cast.desk, assignee_id=cast.specialist.pk
    )


def _later(time_machine, minutes=1):
    time_machine.shift(datetime.timedelta(minutes=minutes))


# --- Who sees what ------------------------------------------------------------------------------


def test_anonymous_users_get_a_401_in_the_error_shape(world):
    response = api().get(LIST)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert set(response.json()) == {"code", "message", "fields"}


def test_a_citizen_lists_their_own_dossiers_and_not_another_citizens(world, time_machine):
    mine = _draft(world)
    _later(time_machine)
    also_mine = _submitted(world, agency="H92.32")
    theirs = _submitted(world, world.other_citizen)

    assert listed(world.citizen) == ids(also_mine, mine)
    assert listed(world.other_citizen) == ids(theirs)


def test_the_home_desk_sees_the_home_queue_and_not_the_away_one(world, time_machine):
    home = _submitted(world)
    _later(time_machine)
    _submitted(world, world.other_citizen, agency="H92.32")

    assert listed(world.home.desk) == ids(home)
    assert listed(world.home.desk_head) == ids(home)


def test_the_away_leader_sees_nothing_of_home(world):
    _in_progress(world)

    assert listed(world.away.leader) == []
    assert listed(world.away.desk) == []
    assert listed(world.away.specialist) == []


def test_the_competent_agencys_staff_see_its_dossiers(world):
    dossier = _submitted(world)

    for person in (world.home.specialist, world.home.head, world.home.leader):
        assert listed(person) == ids(dossier)


def test_a_unit_the_dossier_is_transferred_to_sees_it(world):
    unit = AgencyFactory(
        code="H92.31.02", name="Phòng Kinh tế", parent=world.home.committee, has_desk=False
    )
    unit_specialist = MembershipFactory(agency=unit, role="specialist").user
    dossier = _received(world)

    assert listed(unit_specialist) == []
    services.dossier_transfer(dossier_id=dossier.pk, actor=world.home.desk, unit_code="H92.31.02")
    assert listed(unit_specialist) == ids(dossier)


def test_staff_queues_leave_out_applicants_unsent_drafts_but_keep_walk_ins(world, time_machine):
    _draft(world)
    walk_in = services.dossier_create(
        actor=world.home.desk,
        procedure_code="1.001612",
        channel=ChannelKind.IN_PERSON,
        agency_code="H92.31",
        applicant_name="Lê Văn Cường",
    )

    assert listed(world.home.desk) == ids(walk_in)
    assert listed(world.home.leader) == ids(walk_in)


def test_someone_with_roles_in_both_communes_and_own_dossiers_sees_the_union(world, time_machine):
    both = UserFactory(username="both-roles")
    MembershipFactory(agency=world.home.centre, role="desk_officer", user=both)
    MembershipFactory(agency=world.away.committee, role="leader", user=both)
    home = _submitted(world)
    _later(time_machine)
    away = _submitted(world, world.other_citizen, agency="H92.32")
    _later(time_machine)
    own = _draft(world, both, agency="H92.32")
    _later(time_machine)
    _draft(world, world.other_citizen)  # a citizen's draft: in no queue

    assert listed(both) == ids(own, away, home)


def test_staff_of_agencies_without_any_dossier_role_see_nothing(world):
    clerk = MembershipFactory(agency=world.home.committee, role="agency_admin").user
    _submitted(world)

    assert listed(clerk) == []


# --- What an item shows -------------------------------------------------------------------------


def test_an_item_carries_the_code_state_units_and_dates(world):
    dossier = _in_progress(world)

    item = api(world.home.desk).get(LIST).json()["results"][0]

    assert item["id"] == str(dossier.pk)
    assert item["url"] == f"http://testserver{LIST}{dossier.pk}/"
    assert item["code"] == "H92.31.01-260309-0001"
    assert item["state"] == "in_progress"
    assert item["state_label"] == "Đang xử lý"
    assert item["national_status"] == 4
    assert item["procedure"] == {
        "code": "1.001612",
        "name": "Đăng ký thành lập hộ kinh doanh",
        "version": 1,
    }
    assert item["channel"] == "online"
    assert item["receiving_unit"] == {
        "code": "H92.31.01",
        "name": "Trung tâm Phục vụ hành chính công phường Ninh Kiều",
    }
    assert item["competent_agency"]["code"] == "H92.31"
    assert item["processing_unit"]["code"] == "H92.31"
    assert item["assignee"]["id"] == world.home.specialist.pk
    assert item["received_at"] == "2026-03-09T09:00:00+07:00"
    assert item["due_at"] == "2026-03-12T17:00:00+07:00"
    assert item["overdue"] is False


# --- Filters ------------------------------------------------------------------------------------


def test_filter_by_one_or_several_states(world, time_machine):
    submitted = _submitted(world)
    _later(time_machine)
    received = _received(world)
    _later(time_machine)
    progressing = _in_progress(world)
    desk = world.home.desk

    assert listed(desk, state="submitted") == ids(submitted)
    assert listed(desk, state=["received", "in_progress"]) == ids(progressing, received)
    assert listed(desk, state="submitted,received") == ids(received, submitted)


def test_an_unknown_state_is_a_400_naming_the_parameter(world):
    response = api(world.home.desk).get(LIST, {"state": ["received", "lost"]})

    assert response.status_code == 400
    assert response.json()["fields"] == {"state": ["“lost” không phải là giá trị hợp lệ."]}


def test_filter_by_procedure_code(world, time_machine):
    other = make_procedure("1.000002", "Chứng thực bản sao từ bản chính")
    other.current_version.implementing_agencies.set([world.home.committee])
    ChannelFactory(
        version=other.current_version, kind=ChannelKind.ONLINE, duration_value=Decimal(1)
    )
    mine = _draft(world)
    _later(time_machine)
    second = services.dossier_create(
        actor=world.citizen, procedure_code="1.000002", channel="online"
    )

    assert listed(world.citizen, procedure="1.001612") == ids(mine)
    assert listed(world.citizen, procedure="1.000002") == ids(second)
    assert listed(world.citizen, procedure="9.9") == []


def test_filter_by_agency_matches_receiving_competent_and_processing_units(world, time_machine):
    home = _draft(world)
    _later(time_machine)
    away = _draft(world, agency="H92.32")

    assert listed(world.citizen, agency="H92.31") == ids(home)
    assert listed(world.citizen, agency="H92.31.01") == ids(home)
    assert listed(world.citizen, agency="H92.32.01") == ids(away)


def test_filter_by_code_exact_or_prefix(world, time_machine):
    first = _submitted(world)
    _later(time_machine)
    second = _submitted(world)
    desk = world.home.desk

    assert listed(desk, code="H92.31.01-260309-0002") == ids(second)
    assert listed(desk, code="H92.31.01-260309") == ids(second, first)
    assert listed(desk, code="H92.32") == []


def test_filter_by_due_date_and_reception_dates(world):
    dossier = _received(world)  # due Thursday 12 March 17:00
    desk = world.home.desk

    assert listed(desk, due_before="2026-03-12") == ids(dossier)
    assert listed(desk, due_before="2026-03-11") == []
    assert listed(desk, received_from="2026-03-09", received_to="2026-03-09") == ids(dossier)
    assert listed(desk, received_from="2026-03-10") == []
    assert listed(desk, received_to="2026-03-08") == []


def test_overdue_lists_dossiers_past_their_due_time_and_not_yet_resolved(world, time_machine):
    late = _in_progress(world)
    _later(time_machine)
    resolved = _in_progress(world)
    services.dossier_submit_for_approval(dossier_id=resolved.pk, actor=world.home.specialist)
    services.dossier_approve(dossier_id=resolved.pk, actor=world.home.leader)
    _later(time_machine)
    fresh = _submitted(world)
    desk = world.home.desk

    assert listed(desk, overdue="true") == []
    time_machine.move_to(datetime.datetime(2026, 3, 13, 9, 0, tzinfo=HANOI), tick=False)
    assert listed(desk, overdue="true") == ids(late)
    assert listed(desk, overdue="false") == ids(fresh, resolved)
    assert api(desk).get(f"{LIST}{late.pk}/").json()["overdue"] is True


def test_bad_dates_and_booleans_are_a_400_naming_each_parameter(world):
    response = api(world.home.desk).get(
        LIST, {"due_before": "tomorrow", "overdue": "perhaps", "received_from": "2026-13-01"}
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {
        "due_before": ["Ngày không hợp lệ; dùng định dạng YYYY-MM-DD."],
        "overdue": ["“perhaps” không hợp lệ: dùng true hoặc false."],
        "received_from": ["Ngày không hợp lệ; dùng định dạng YYYY-MM-DD."],
    }


def test_a_reception_range_that_ends_before_it_starts_is_a_400(world):
    response = api(world.home.desk).get(
        LIST, {"received_from": "2026-03-10", "received_to": "2026-03-09"}
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["received_to"]


# --- Cursor pagination and query count ----------------------------------------------------------


def test_pages_follow_the_cursor_newest_first_without_a_count(world, time_machine):
    dossiers = []
    for _ in range(5):
        dossiers.append(_draft(world))
        _later(time_machine)
    client = api(world.citizen)

    first = client.get(LIST, {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()

    assert "count" not in first
    assert first["previous"] is None
    pages = [first, second, third]
    assert [item["id"] for page in pages for item in page["results"]] == ids(*reversed(dossiers))
    assert third["next"] is None
    back = client.get(second["previous"]).json()
    assert [item["id"] for item in back["results"]] == ids(dossiers[4], dossiers[3])


def test_dossiers_created_in_the_same_instant_are_neither_skipped_nor_repeated(world):
    dossiers = [_draft(world) for _ in range(5)]  # the clock is frozen: equal created_at
    client = api(world.citizen)

    seen, page = [], client.get(LIST, {"page_size": 2}).json()
    while True:
        seen += [item["id"] for item in page["results"]]
        if not page["next"]:
            break
        page = client.get(page["next"]).json()

    assert sorted(seen) == sorted(ids(*dossiers))
    assert len(seen) == 5


def test_a_forged_cursor_is_a_404_in_the_error_shape(world):
    response = api(world.citizen).get(LIST, {"cursor": "not-a-cursor"})

    assert response.status_code == 404
    assert response.json()["message"] == "Con trỏ phân trang không hợp lệ."


def _queries_to_list(user, page_size):
    client = api(type(user).objects.get(pk=user.pk))  # memberships not yet read
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, {"page_size": page_size})
    assert response.status_code == 200
    return len(response.json()["results"]), len(queries)


def test_the_number_of_queries_does_not_grow_with_the_page(world, time_machine):
    for _ in range(3):
        _in_progress(world)
        _later(time_machine)
    shown, few = _queries_to_list(world.home.desk, 100)
    assert shown == 3
    for _ in range(27):
        _in_progress(world)
        _later(time_machine)

    shown, many = _queries_to_list(world.home.desk, 100)

    assert shown == 30
    # The user's memberships, the page's keys (one UNION on PostgreSQL, a query per queue
    # elsewhere), its rows, their agencies, their assignees; no COUNT.
    branches = len(selectors.visible_branches(world.home.desk))
    assert many == few == (5 if connection.vendor == "postgresql" else 4 + branches)


def test_pages_across_several_queues_hold_each_dossier_once_in_order(world, time_machine):
    """Someone at the desk of one commune and a specialist of another sees both queues, and
    their own dossier as an applicant, merged newest first; a dossier received by one and
    decided by the other (in two queues) comes once; the cursor walks them without gaps."""
    both = world.home.desk
    MembershipFactory(user=both, agency=world.away.committee, role="specialist")
    made = []
    for n in range(7):
        made.append(_in_progress(world, agency="H92.31" if n % 2 else "H92.32"))
        _later(time_machine)
    made.append(_draft(world, applicant=both))
    assert len(selectors.visible_branches(both)) >= 3

    client, seen = api(both), []
    page = client.get(LIST, {"page_size": 3}).json()
    while True:
        seen += [item["id"] for item in page["results"]]
        if not page["next"]:
            break
        page = client.get(page["next"]).json()

    assert seen == ids(*reversed(made))
    back = client.get(page["previous"]).json()
    assert [item["id"] for item in back["results"]] == ids(*reversed(made))[3:6]


def test_the_fast_list_items_are_what_the_fields_say(world, time_machine, rf):
    """A page's items are written out by hand for speed: each equals what DRF's fields make
    of the same dossier (every field, with flags, an assignee, a processing unit and none)."""
    from rest_framework import serializers as drf

    from dossiers.api.serializers import DossierListItemSerializer

    made = [_draft(world), _submitted(world), _received(world), _in_progress(world)]
    Dossier.objects.filter(pk=made[3].pk).update(due_flag="late", stuck=True)
    ids_ = [d.pk for d in made]
    request = rf.get(LIST)

    fast = DossierListItemSerializer(
        selectors.list_rows(ids_), many=True, context={"request": request}
    ).data
    slow = drf.ListSerializer(
        child=DossierListItemSerializer(),
        instance=sorted(
            Dossier.objects.select_related(*selectors.LIST_RELATED).filter(pk__in=ids_),
            key=lambda d: ids_.index(d.pk),
        ),
        context={"request": request},
    ).data

    for mine, theirs in zip(fast, slow, strict=True):
        theirs = _plain(theirs)
        assert {k: (mine[k], theirs[k]) for k in theirs if mine[k] != theirs[k]} == {}
        assert list(mine) == list(theirs)
    assert fast[3]["flags"] == ["late", "stuck"] and fast[3]["assignee"] is not None


def _plain(value):
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
