"""The satisfaction ratings for staff: read-only in the admin, scoped like the dossiers (the
staff of the agencies concerned, and superusers), and summed up per agency by
`GET /api/v1/ratings/summary/`. The personal document stores in the admin: superusers only."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from citizens.documents import document_store_result
from dossiers.models import DossierRating
from dossiers.services import dossier_rate
from dossiers.states import State
from tests.dossiers.helpers import MONDAY, dossier_in
from tests.factories import UserFactory
from tests.helpers import api

pytestmark = pytest.mark.usefixtures("frozen_monday")

ALL_SATISFIED = dict.fromkeys(
    ("processing_time", "contacts", "information", "attitude", "guidance"), "satisfied"
)
RATINGS = "/admin/dossiers/dossierrating/"
DOCUMENTS = "/admin/citizens/storeddocument/"
SUMMARY = "/api/v1/ratings/summary/"


@pytest.fixture
def rated(world):
    """One rating of a home dossier (satisfied) and one of an away dossier (not satisfied),
    with the home commune's staff let into the admin."""
    for cast in (world.home, world.away):
        for user in (cast.desk, cast.specialist, cast.head, cast.leader):
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    home = dossier_in(world, State.RETURNED)
    away = dossier_in(world, State.RETURNED, side="away")
    world.home_rating = dossier_rate(
        dossier_id=home.pk,
        actor=world.citizen,
        overall="satisfied",
        criteria=ALL_SATISFIED,
        comment="Cán bộ nhiệt tình.",
    )
    world.away_rating = dossier_rate(
        dossier_id=away.pk,
        actor=world.citizen,
        overall="not_satisfied",
        criteria={**ALL_SATISFIED, "attitude": "not_satisfied"},
    )
    return world


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def browser(user):
    client = Client()
    client.force_login(user)
    return client


def view_url(rating):
    return reverse("admin:dossiers_dossierrating_change", args=[rating.pk])


# ---- Ratings in the admin ------------------------------------------------------------------


def test_staff_list_only_the_ratings_of_their_agencies(rated):
    page = browser(rated.home.leader).get(RATINGS)

    assert page.status_code == 200
    text = page.content.decode()
    assert rated.home_rating.dossier.code in text
    assert rated.away_rating.dossier.code not in text
    assert "Hài lòng" in text
    assert rated.home.specialist.get_full_name() in text  # the officers who handled it


def test_the_desk_of_the_receiving_unit_sees_its_ratings_too(rated):
    text = browser(rated.home.desk).get(RATINGS).content.decode()

    assert rated.home_rating.dossier.code in text
    assert rated.away_rating.dossier.code not in text


def test_staff_open_a_rating_of_theirs_but_another_agencys_is_absent(rated):
    client = browser(rated.home.leader)

    mine = client.get(view_url(rated.home_rating))
    theirs = client.get(view_url(rated.away_rating))

    assert mine.status_code == 200
    text = mine.content.decode()
    assert "Cán bộ nhiệt tình." in text
    assert reverse("admin:dossiers_dossier_change", args=[rated.home_rating.dossier_id]) in text
    assert 'name="_save"' not in text  # a view page: nothing to save
    assert theirs.status_code == 404


def test_a_superuser_sees_every_rating(rated, superuser):
    text = browser(superuser).get(RATINGS).content.decode()

    assert rated.home_rating.dossier.code in text
    assert rated.away_rating.dossier.code in text
    assert browser(superuser).get(view_url(rated.away_rating)).status_code == 200


def test_nobody_adds_changes_or_deletes_a_rating(rated, superuser):
    rating = rated.home_rating
    for user in (superuser, rated.home.leader):
        client = browser(user)
        assert client.get(f"{RATINGS}add/").status_code == 403
        assert client.post(view_url(rating), {"comment": "sửa"}).status_code == 403
        assert client.get(f"{RATINGS}{rating.pk}/delete/").status_code == 403
        assert client.post(f"{RATINGS}{rating.pk}/delete/", {"post": "yes"}).status_code == 403
    rating.refresh_from_db()
    assert rating.comment == "Cán bộ nhiệt tình."
    assert DossierRating.objects.count() == 2


def test_citizens_and_staff_without_a_dossier_role_cannot_see_ratings(rated, agency_admin):
    citizen = browser(rated.citizen)
    assert citizen.get(RATINGS).status_code == 302  # not staff: to the admin's login
    assert citizen.get(view_url(rated.home_rating)).status_code == 302

    catalog_admin = browser(agency_admin)  # staff, but no dossier role anywhere
    assert catalog_admin.get(RATINGS).status_code == 403
    assert catalog_admin.get(view_url(rated.home_rating)).status_code in (403, 404)
    assert "dossierrating" not in catalog_admin.get("/admin/").content.decode()


def test_the_filters_offer_only_what_is_in_reach_and_filter(rated):
    client = browser(rated.home.leader)

    text = client.get(RATINGS).content.decode()
    assert rated.home.committee.name in text or (rated.home.committee.short_name or "") in text
    assert rated.away.committee.name not in text
    assert rated.away.specialist.get_full_name() not in text

    by_officer = client.get(RATINGS, {"officers__id__exact": rated.home.specialist.pk})
    assert rated.home_rating.dossier.code in by_officer.content.decode()
    not_satisfied = client.get(RATINGS, {"overall__exact": "not_satisfied"}).content.decode()
    assert rated.home_rating.dossier.code not in not_satisfied


def test_the_rating_list_runs_a_fixed_number_of_queries(rated, superuser):
    client = browser(superuser)
    client.get(RATINGS)
    with CaptureQueriesContext(connection) as two:
        client.get(RATINGS)
    third = dossier_in(rated, State.RETURNED)
    dossier_rate(
        dossier_id=third.pk, actor=rated.citizen, overall="satisfied", criteria=ALL_SATISFIED
    )
    with CaptureQueriesContext(connection) as three:
        response = client.get(RATINGS)

    assert third.code in response.content.decode()
    assert len(three) == len(two)


# ---- Document stores in the admin ----------------------------------------------------------


def test_stored_documents_are_for_superusers_only_and_read_only(rated, superuser):
    document = document_store_result(
        owner_id=rated.citizen.pk,
        result_code="H92.31.01-260309-0001-KQ1",
        title="Giấy chứng nhận",
        issuer="UBND",
        issued_at=None,
        content=b"%PDF-1.4\n%%EOF\n",
        name="gcn.pdf",
    )
    root = browser(superuser)
    listing = root.get(DOCUMENTS)
    assert listing.status_code == 200
    assert "H92.31.01-260309-0001-KQ1" in listing.content.decode()
    detail = root.get(f"{DOCUMENTS}{document.pk}/change/")
    assert detail.status_code == 200 and "gcn.pdf" in detail.content.decode()
    assert root.get(f"{DOCUMENTS}add/").status_code == 403
    assert root.post(f"{DOCUMENTS}{document.pk}/delete/", {"post": "yes"}).status_code == 403

    leader = browser(rated.home.leader)  # staff, but personal data is not theirs to browse
    assert leader.get(DOCUMENTS).status_code == 403
    assert leader.get(f"{DOCUMENTS}{document.pk}/change/").status_code in (403, 404)
    assert "storeddocument" not in leader.get("/admin/").content.decode()


# ---- The summary API -----------------------------------------------------------------------


def test_staff_of_the_agency_get_its_summary(rated):
    response = api(rated.home.specialist).get(SUMMARY, {"agency": "H92.31"})

    assert response.status_code == 200
    data = response.json()
    assert data["agency"] == {"code": "H92.31", "name": rated.home.committee.name}
    assert data["total"] == 1 and data["satisfied"] == 1 and data["not_satisfied"] == 0
    assert data["satisfaction_rate"] == 100.0
    assert data["criteria"]["attitude"] == {
        "satisfied": 1,
        "not_satisfied": 0,
        "satisfaction_rate": 100.0,
    }
    assert data["from"] is None and data["to"] is None


def test_the_desk_of_the_centre_gets_the_centres_summary(rated):
    data = api(rated.home.desk).get(SUMMARY, {"agency": "h92.31.01"}).json()

    assert data["agency"]["code"] == "H92.31.01"
    assert data["total"] == 1


def test_the_period_limits_the_summary(rated):
    monday = MONDAY.date()
    client = api(rated.away.leader)

    same_day = client.get(SUMMARY, {"agency": "H92.32", "from": monday, "to": monday}).json()
    later = client.get(
        SUMMARY, {"agency": "H92.32", "from": monday + datetime.timedelta(days=1)}
    ).json()

    assert same_day["total"] == 1 and same_day["satisfaction_rate"] == 0.0
    assert same_day["criteria"]["attitude"]["not_satisfied"] == 1
    assert same_day["from"] == same_day["to"] == monday.isoformat()
    assert later["total"] == 0 and later["satisfaction_rate"] is None


def test_a_superuser_gets_any_agencys_summary(rated, superuser):
    assert api(superuser).get(SUMMARY, {"agency": "H92.32"}).json()["total"] == 1


def test_others_are_refused_the_summary(rated):
    away = api(rated.away.leader).get(SUMMARY, {"agency": "H92.31"})
    citizen = api(rated.citizen).get(SUMMARY, {"agency": "H92.31"})
    anonymous = api().get(SUMMARY, {"agency": "H92.31"})

    assert away.status_code == 403
    assert away.json()["code"] == "permission_denied"
    assert away.json()["message"] == "Chỉ cán bộ của cơ quan này được xem tổng hợp đánh giá."
    assert "total" not in away.json()
    assert citizen.status_code == 403
    assert anonymous.status_code == 401


def test_bad_summary_parameters_are_answered_in_the_error_shape(rated):
    client = api(rated.home.leader)

    unknown = client.get(SUMMARY, {"agency": "X99"})
    missing = client.get(SUMMARY)
    backwards = client.get(SUMMARY, {"agency": "H92.31", "from": "2026-03-10", "to": "2026-03-01"})
    not_a_date = client.get(SUMMARY, {"agency": "H92.31", "from": "hôm qua"})

    assert unknown.status_code == 404
    assert unknown.json()["message"] == "Không có cơ quan có mã này."
    assert missing.status_code == 400 and "agency" in missing.json()["fields"]
    assert backwards.status_code == 400
    assert backwards.json()["fields"]["to"] == ["Ngày kết thúc không được trước ngày bắt đầu."]
    assert not_a_date.status_code == 400 and "from" in not_a_date.json()["fields"]


def test_the_summary_is_in_the_openapi_schema(db):
    schema = api().get("/api/schema/", {"format": "json"}).json()

    operation = schema["paths"]["/api/v1/ratings/summary/"]["get"]
    assert operation["operationId"] == "ratings_summary"
    assert {p["name"] for p in operation["parameters"]} >= {"agency", "from", "to"}
    assert set(operation["responses"]) >= {"200", "400", "401", "403", "404"}
