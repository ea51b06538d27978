"""The applicant rates the service once the result is returned (regulations.md §6.1); ratings
are kept per dossier, officer and agency, and summed up for the statistics."""

import datetime

import pytest

from dossiers.errors import BadInput, Conflict, NotAllowed, NotFound
from dossiers.models import DossierRating
from dossiers.ratings import ratings_summary
from dossiers.services import dossier_rate
from dossiers.states import State
from tests.dossiers.helpers import MONDAY, dossier_in
from tests.helpers import api

pytestmark = pytest.mark.usefixtures("frozen_monday")

ALL_SATISFIED = {
    "processing_time": "satisfied",
    "contacts": "satisfied",
    "information": "satisfied",
    "attitude": "satisfied",
    "guidance": "satisfied",
}


@pytest.fixture
def returned(world):
    return dossier_in(world, State.RETURNED)


def rate(dossier, actor, overall="satisfied", criteria=None, comment=""):
    return dossier_rate(
        dossier_id=dossier.pk,
        actor=actor,
        overall=overall,
        criteria=ALL_SATISFIED if criteria is None else criteria,
        comment=comment,
    )


def rating_url(dossier):
    return f"/api/v1/dossiers/{dossier.pk}/rating/"


# ---- The service ---------------------------------------------------------------------------


def test_the_applicant_rates_a_returned_dossier_with_every_criterion(world, returned):
    rating = rate(
        returned,
        world.citizen,
        overall="not_satisfied",
        criteria={**ALL_SATISFIED, "attitude": "not_satisfied"},
        comment="  Cán bộ hướng dẫn chưa rõ.  ",
    )

    rating = DossierRating.objects.get(pk=rating.pk)
    assert rating.dossier_id == returned.pk
    assert rating.rated_by == world.citizen
    assert rating.overall == "not_satisfied"
    assert rating.attitude == "not_satisfied" and rating.guidance == "satisfied"
    assert rating.comment == "Cán bộ hướng dẫn chưa rõ."
    assert rating.created_at == MONDAY


def test_the_rating_keeps_the_agencies_and_the_officers_who_handled_the_dossier(world, returned):
    rating = rate(returned, world.citizen)

    assert rating.receiving_unit == world.home.centre
    assert rating.competent_agency == world.home.committee
    assert set(rating.officers.all()) == {
        world.home.desk,
        world.home.specialist,
        world.home.leader,
    }
    assert world.citizen not in rating.officers.all()


def test_a_dossier_is_rated_only_once(world, returned):
    rate(returned, world.citizen)

    with pytest.raises(Conflict):
        rate(returned, world.citizen, overall="not_satisfied")
    assert DossierRating.objects.count() == 1


@pytest.mark.parametrize("state", [State.IN_PROGRESS, State.RESOLVED])
def test_a_dossier_is_rated_only_after_its_result_is_returned(world, state):
    dossier = dossier_in(world, state)

    with pytest.raises(Conflict):
        rate(dossier, world.citizen)


def test_another_citizen_cannot_find_the_dossier_to_rate(world, returned):
    with pytest.raises(NotFound):
        rate(returned, world.other_citizen)


def test_staff_who_see_the_dossier_may_not_rate_it(world, returned):
    with pytest.raises(NotAllowed):
        rate(returned, world.home.desk)


def test_a_walk_in_dossier_without_an_account_cannot_be_rated_by_staff(world):
    dossier = dossier_in(world, State.RETURNED, channel="in_person")

    with pytest.raises(NotAllowed):
        rate(dossier, world.home.desk)


def test_an_id_that_is_no_dossier_is_not_found(world):
    with pytest.raises(NotFound):
        dossier_rate(dossier_id="not-a-uuid", actor=world.citizen, overall="satisfied", criteria={})


@pytest.mark.parametrize(
    ("overall", "criteria", "comment", "field"),
    [
        ("rất hài lòng", ALL_SATISFIED, "", "overall"),
        ("satisfied", {**ALL_SATISFIED, "attitude": "so-so"}, "", "criteria"),
        ("satisfied", {k: v for k, v in ALL_SATISFIED.items() if k != "guidance"}, "", "criteria"),
        ("satisfied", {**ALL_SATISFIED, "price": "satisfied"}, "", "criteria"),
        ("satisfied", "satisfied", "", "criteria"),
        ("satisfied", ALL_SATISFIED, "x" * 2001, "comment"),
    ],
)
def test_bad_ratings_are_refused_with_the_field_named(
    world, returned, overall, criteria, comment, field
):
    with pytest.raises(BadInput) as error:
        rate(returned, world.citizen, overall=overall, criteria=criteria, comment=comment)

    assert field in error.value.fields
    assert not DossierRating.objects.exists()


# ---- The summary ---------------------------------------------------------------------------


def test_the_summary_counts_ratings_per_agency(world, returned):
    away = dossier_in(world, State.RETURNED, side="away")
    rate(returned, world.citizen)
    rate(
        away,
        world.citizen,
        overall="not_satisfied",
        criteria={**ALL_SATISFIED, "contacts": "not_satisfied"},
    )

    home = ratings_summary(agency_id=world.home.committee.pk)
    by_centre = ratings_summary(agency_id=world.home.centre.pk)
    everywhere = ratings_summary()

    assert home["total"] == 1 and home["satisfied"] == 1 and home["satisfaction_rate"] == 100.0
    assert by_centre == home
    assert everywhere["total"] == 2
    assert everywhere["satisfied"] == 1 and everywhere["not_satisfied"] == 1
    assert everywhere["satisfaction_rate"] == 50.0
    assert everywhere["criteria"]["contacts"] == {
        "satisfied": 1,
        "not_satisfied": 1,
        "satisfaction_rate": 50.0,
    }
    assert everywhere["criteria"]["attitude"]["satisfaction_rate"] == 100.0


def test_the_summary_counts_ratings_per_officer(world, returned):
    away = dossier_in(world, State.RETURNED, side="away")
    rate(returned, world.citizen)
    rate(away, world.citizen, overall="not_satisfied")

    assert ratings_summary(officer_id=world.home.specialist.pk)["total"] == 1
    assert ratings_summary(officer_id=world.away.specialist.pk)["not_satisfied"] == 1
    assert ratings_summary(officer_id=world.home.head.pk)["total"] == 0


def test_the_summary_of_nothing_has_no_rate(world):
    summary = ratings_summary(agency_id=world.home.committee.pk)

    assert summary["total"] == 0 and summary["satisfaction_rate"] is None
    assert summary["criteria"]["guidance"]["satisfaction_rate"] is None


def test_the_summary_takes_a_period_of_local_days(world, returned, time_machine):
    away = dossier_in(world, State.RETURNED, side="away")
    rate(returned, world.citizen)  # Monday 9 March 2026
    time_machine.move_to(MONDAY + datetime.timedelta(days=2), tick=False)
    rate(away, world.citizen)  # Wednesday 11 March

    monday = MONDAY.date()
    assert ratings_summary(since=monday, until=monday)["total"] == 1
    assert ratings_summary(since=monday + datetime.timedelta(days=1))["total"] == 1
    assert ratings_summary(until=monday + datetime.timedelta(days=2))["total"] == 2
    assert ratings_summary(since=MONDAY + datetime.timedelta(hours=1))["total"] == 1


# ---- The API -------------------------------------------------------------------------------


def test_the_applicant_rates_through_the_api_and_reads_the_rating_back(world, returned):
    body = {"overall": "satisfied", "criteria": ALL_SATISFIED, "comment": "Nhanh, gọn."}

    created = api(world.citizen).post(rating_url(returned), body, format="json")
    read = api(world.citizen).get(rating_url(returned))

    assert created.status_code == 201, created.json()
    assert read.status_code == 200
    data = read.json()
    assert data["code"] == returned.code
    assert data["overall"] == "satisfied"
    assert data["criteria"] == ALL_SATISFIED
    assert data["comment"] == "Nhanh, gọn."
    assert data["competent_agency"]["code"] == world.home.committee.code
    assert {o["id"] for o in data["officers"]} == {
        world.home.desk.pk,
        world.home.specialist.pk,
        world.home.leader.pk,
    }


def test_staff_of_the_dossier_may_read_its_rating_but_not_others(world, returned):
    rate(returned, world.citizen)

    assert api(world.home.leader).get(rating_url(returned)).status_code == 200
    assert api(world.away.leader).get(rating_url(returned)).status_code == 404
    assert api(world.other_citizen).get(rating_url(returned)).status_code == 404
    assert api().get(rating_url(returned)).status_code == 401


def test_a_dossier_not_yet_rated_answers_404_in_the_error_shape(world, returned):
    response = api(world.citizen).get(rating_url(returned))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_api_answers_each_refusal_in_the_one_error_shape(world, returned):
    body = {"overall": "satisfied", "criteria": ALL_SATISFIED}
    in_progress = dossier_in(world, State.IN_PROGRESS)

    other = api(world.other_citizen).post(rating_url(returned), body, format="json")
    staff = api(world.home.desk).post(rating_url(returned), body, format="json")
    early = api(world.citizen).post(rating_url(in_progress), body, format="json")
    api(world.citizen).post(rating_url(returned), body, format="json")
    twice = api(world.citizen).post(rating_url(returned), body, format="json")
    unknown = api(world.citizen).post("/api/v1/dossiers/nope/rating/", body, format="json")

    assert (other.status_code, other.json()["code"]) == (404, "not_found")
    assert (staff.status_code, staff.json()["code"]) == (403, "permission_denied")
    assert (early.status_code, early.json()["code"]) == (409, "conflict")
    assert (twice.status_code, twice.json()["code"]) == (409, "conflict")
    assert unknown.status_code == 404


def test_bad_input_names_the_criterion_in_a_flat_list(world, returned):
    body = {"overall": "meh", "criteria": {**ALL_SATISFIED, "attitude": "so-so"}}

    response = api(world.citizen).post(rating_url(returned), body, format="json")

    assert response.status_code == 400
    fields = response.json()["fields"]
    assert set(fields) == {"overall", "criteria"}
    assert isinstance(fields["criteria"], list)
    assert fields["criteria"][0].startswith("Thái độ")
