"""Consultation pages and API from both sides: the asking side (the dossier's specialist or
head) asks and reads the answer; the consulted agency's staff see the question and the shared
files only, and answer; an agency that is not consulted sees nothing (404); users without a
processing role get 403 on the pages.

The API's addresses are included here ahead of the project's (the coordinator adds them to
portal/urls.py), so that `dossiers/<id>/consultations/` is not taken by the dossier API's
catch-all."""

import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from rest_framework.test import APIClient

from dossiers.consult import services
from dossiers.consult.models import Consultation, ConsultationState
from dossiers.states import State
from portal import urls as portal_urls
from procedures.models import AgencyKind, Level
from tests.dossiers.conftest import PDF
from tests.dossiers.helpers import at, dossier_in
from tests.factories import AgencyFactory, MembershipFactory

urlpatterns = [
    path("api/v1/", include("dossiers.consult.api_urls")),
    *portal_urls.urlpatterns,
]
handler404 = portal_urls.handler404
handler403 = portal_urls.handler403

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

QUEUE = "/ban-lam-viec/lien-thong/"
NOW = at("2026-03-09 10:00")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def tax(world):
    """An agency that is never consulted here, with a specialist."""
    agency = AgencyFactory(
        code="H92.99",
        name="Thuế cơ sở 1 thành phố Cần Thơ",
        kind=AgencyKind.OTHER,
        level=Level.PROVINCE,
        has_desk=False,
    )
    return MembershipFactory(agency=agency, role="specialist", user__username="tax-specialist").user


@pytest.fixture
def dossier(world, frozen):
    return dossier_in(world, State.IN_PROGRESS)


@pytest.fixture
def consultation(world, dossier):
    shared = dossier.files.get()
    return services.consultation_ask(
        dossier_id=dossier.pk,
        actor=world.home.specialist,
        agency_code="H92.32",
        question="Đề nghị xác nhận địa điểm kinh doanh.",
        days="1",
        file_ids=[shared.pk],
    )


def ask_url(dossier):
    return reverse("workspaces:consult_ask", args=[dossier.pk])


def detail_url(consultation):
    return reverse("workspaces:consult_detail", args=[consultation.pk])


def file_url(consultation, stored):
    return reverse("workspaces:consult_file", args=[consultation.pk, stored.pk])


# ---- The asking side's page ------------------------------------------------------------------


def test_the_specialist_asks_through_the_page(client, world, dossier, frozen):
    shared = dossier.files.get()
    client.force_login(world.home.specialist)
    page = client.get(ask_url(dossier))
    assert page.status_code == 200
    form = page.context["form"]
    choices = dict(form.fields["agency"].choices)
    assert "H92.32" in choices and "H92.31" not in choices and "H92.32.01" not in choices
    assert str(shared.pk) in dict(form.fields["files"].choices)

    response = client.post(
        ask_url(dossier),
        {
            "agency": "H92.32",
            "question": "Đề nghị xác nhận địa điểm.",
            "days": "1,5",
            "files": [str(shared.pk)],
        },
        follow=True,
    )

    assert response.status_code == 200
    consultation = Consultation.objects.get()
    assert str(consultation.budget_days) == "1.5"
    assert list(consultation.files.all()) == [shared]
    html = response.content.decode()
    assert "Đã gửi xin ý kiến Ủy ban nhân dân phường Cái Khế; hạn trả lời 11:30 11/03/2026" in html
    assert "Chờ trả lời" in html


def test_a_refused_ask_keeps_the_form_with_field_errors(client, world, dossier, frozen):
    client.force_login(world.home.specialist)
    response = client.post(
        ask_url(dossier), {"agency": "H92.32", "question": "Câu hỏi.", "days": "9"}
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "hạn giải quyết hồ sơ" in form.errors["days"][0]
    assert form["question"].value() == "Câu hỏi."
    assert 'aria-describedby="id_days_helptext id_days_error"' in response.content.decode()
    assert not Consultation.objects.exists()


def test_the_dossiers_leader_reads_but_cannot_ask(client, world, dossier, frozen):
    client.force_login(world.home.leader)
    page = client.get(ask_url(dossier))
    assert page.status_code == 200
    assert page.context["form"] is None
    response = client.post(ask_url(dossier), {"agency": "H92.32", "question": "x", "days": "1"})
    assert response.status_code == 403
    assert not Consultation.objects.exists()


def test_asking_outside_processing_is_a_conflict(client, world, frozen):
    received = dossier_in(world, State.RECEIVED)
    client.force_login(world.home.head)
    assert client.get(ask_url(received)).context["form"] is None
    response = client.post(ask_url(received), {"agency": "H92.32", "question": "x", "days": "1"})
    assert response.status_code == 409
    assert "đang xử lý" in response.content.decode()


@pytest.mark.parametrize("who", ["citizen", "desk"])
def test_the_applicant_and_the_desk_get_403_on_the_asking_page(client, world, dossier, who):
    client.force_login(world.citizen if who == "citizen" else world.home.desk)
    assert client.get(ask_url(dossier)).status_code == 403
    assert client.post(ask_url(dossier), {"agency": "H92.32"}).status_code == 403


@pytest.mark.parametrize("who", ["away-specialist", "tax"])
def test_other_agencies_get_404_on_the_asking_page(client, world, tax, dossier, who):
    client.force_login(world.away.specialist if who == "away-specialist" else tax)
    assert client.get(ask_url(dossier)).status_code == 404
    response = client.post(ask_url(dossier), {"agency": "H92.99", "question": "x", "days": "1"})
    assert response.status_code == 404
    assert not Consultation.objects.exists()


# ---- The consulted side's queue and page ------------------------------------------------------


def test_the_consulted_agency_sees_it_in_its_queue_open_first_with_flags(
    client, world, consultation
):
    client.force_login(world.away.specialist)
    with time_machine.travel(at("2026-03-10 18:00"), tick=False):
        response = client.get(QUEUE)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row["c"].pk for row in rows] == [consultation.pk]
    assert rows[0]["flags"] == [("late", "Quá hạn trả lời")]
    assert "Quá hạn trả lời" in response.content.decode()

    # The asking side finds it under "asked".
    client.force_login(world.home.specialist)
    assert [r["c"].pk for r in client.get(QUEUE, {"nhom": "di"}).context["rows"]] == [
        consultation.pk
    ]
    assert client.get(QUEUE).context["rows"] == []


def test_the_queue_orders_open_ones_by_due_time_then_the_others(client, world, tax, frozen):
    first = dossier_in(world, State.IN_PROGRESS)
    second = dossier_in(world, State.IN_PROGRESS)
    third = dossier_in(world, State.IN_PROGRESS)

    def ask(dossier, days):
        return services.consultation_ask(
            dossier_id=dossier.pk,
            actor=world.home.specialist,
            agency_code="H92.32",
            question="?",
            days=days,
        )

    later, sooner, done = ask(first, "2"), ask(second, "0.5"), ask(third, "1")
    services.consultation_answer(consultation_id=done.pk, actor=world.away.head, answer="Có.")
    client.force_login(world.away.leader)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE)
    assert [row["c"].pk for row in response.context["rows"]] == [sooner.pk, later.pk, done.pk]
    assert len(queries) < 12


def test_the_consulted_staff_read_the_question_and_shared_files_but_not_the_dossier(
    client, world, dossier, consultation
):
    shared = consultation.files.get()
    client.force_login(world.away.specialist)
    response = client.get(detail_url(consultation))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đề nghị xác nhận địa điểm kinh doanh." in html
    assert file_url(consultation, shared) in html
    assert response.context["form"] is not None
    assert client.get(file_url(consultation, shared)).status_code == 200
    # The rest of the dossier stays closed to them.
    assert client.get(ask_url(dossier)).status_code == 404
    assert client.get(reverse("workspaces:desk_dossier", args=[dossier.pk])).status_code == 403
    api = APIClient()
    api.force_authenticate(world.away.specialist)
    assert api.get(f"/api/v1/dossiers/{dossier.pk}/").status_code == 404
    assert api.get(f"/api/v1/dossiers/{dossier.pk}/files/{shared.pk}/").status_code == 404


def test_a_file_not_shared_is_not_served_to_the_consulted_agency(client, world, dossier):
    consultation = services.consultation_ask(
        dossier_id=dossier.pk,
        actor=world.home.specialist,
        agency_code="H92.32",
        question="?",
        days="1",
    )
    unshared = dossier.files.get()
    client.force_login(world.away.specialist)
    assert client.get(file_url(consultation, unshared)).status_code == 404


def test_the_consulted_agency_answers_and_the_asking_side_reads_it(client, world, consultation):
    client.force_login(world.away.head)
    upload = SimpleUploadedFile("tra-loi.pdf", PDF, content_type="application/pdf")
    response = client.post(
        detail_url(consultation),
        {"answer": "Địa điểm thuộc phường Cái Khế.", "file": upload},
        follow=True,
    )
    assert response.status_code == 200
    assert "Đã gửi ý kiến trả lời" in response.content.decode()
    done = Consultation.objects.get(pk=consultation.pk)
    assert done.state == ConsultationState.ANSWERED
    assert done.answer_file.original_name == "tra-loi.pdf"
    assert response.context["form"] is None  # once

    again = client.post(detail_url(consultation), {"answer": "Lần hai."})
    assert again.status_code == 409

    client.force_login(world.home.specialist)
    page = client.get(ask_url(consultation.dossier))
    html = page.content.decode()
    assert "Địa điểm thuộc phường Cái Khế." in html
    assert file_url(consultation, done.answer_file) in html
    assert client.get(file_url(consultation, done.answer_file)).status_code == 200


def test_an_empty_answer_is_refused_and_kept_open(client, world, consultation):
    client.force_login(world.away.specialist)
    response = client.post(detail_url(consultation), {"answer": " "})
    assert response.status_code == 400
    assert "id_answer_error" in response.content.decode()
    assert Consultation.objects.get(pk=consultation.pk).state == ConsultationState.OPEN


def test_the_asking_side_cannot_answer_its_own_question(client, world, consultation):
    client.force_login(world.home.specialist)
    page = client.get(detail_url(consultation))
    assert page.status_code == 200
    assert page.context["form"] is None
    response = client.post(detail_url(consultation), {"answer": "Tự trả lời."})
    assert response.status_code == 403
    assert Consultation.objects.get(pk=consultation.pk).state == ConsultationState.OPEN


def test_an_agency_not_consulted_sees_nothing(client, world, tax, consultation):
    shared = consultation.files.get()
    client.force_login(tax)
    assert client.get(QUEUE).context["rows"] == []
    assert client.get(QUEUE, {"nhom": "di"}).context["rows"] == []
    assert client.get(detail_url(consultation)).status_code == 404
    assert client.get(file_url(consultation, shared)).status_code == 404
    assert client.post(detail_url(consultation), {"answer": "x"}).status_code == 404
    cancel = reverse("workspaces:consult_cancel", args=[consultation.pk])
    assert client.post(cancel, {f"huy-{consultation.pk}-reason": "x"}).status_code == 404
    assert Consultation.objects.get(pk=consultation.pk).state == ConsultationState.OPEN


@pytest.mark.parametrize("who", ["citizen", "desk", "away-desk"])
def test_users_without_a_processing_role_get_403(client, world, consultation, who):
    user = {"citizen": world.citizen, "desk": world.home.desk, "away-desk": world.away.desk}[who]
    client.force_login(user)
    assert client.get(QUEUE).status_code == 403
    assert client.get(detail_url(consultation)).status_code == 403


def test_anonymous_users_are_sent_to_the_login_page(client, world, consultation):
    for url in (QUEUE, detail_url(consultation), ask_url(consultation.dossier)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("citizens:login"))


def test_the_asking_side_cancels_through_the_page(client, world, consultation):
    cancel = reverse("workspaces:consult_cancel", args=[consultation.pk])
    field = f"huy-{consultation.pk}-reason"
    client.force_login(world.away.specialist)
    assert client.post(cancel, {field: "Không."}).status_code == 403  # not the asking side
    client.force_login(world.home.head)
    assert client.post(cancel, {field: ""}).status_code == 400
    response = client.post(cancel, {field: "Đã tự xác minh được."})
    assert response.status_code == 302
    assert Consultation.objects.get(pk=consultation.pk).state == ConsultationState.CANCELLED
    assert client.post(cancel, {field: "Lần hai."}).status_code == 409


# ---- The API ---------------------------------------------------------------------------------


def api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_api_asks_lists_and_answers(world, dossier, frozen):
    shared = dossier.files.get()
    asker = api_for(world.home.specialist)
    created = asker.post(
        f"/api/v1/dossiers/{dossier.pk}/consultations/",
        {"agency": "H92.32", "question": "Xác nhận?", "days": "1", "files": [str(shared.pk)]},
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["to_agency"]["code"] == "H92.32"
    assert body["state"] == "open"
    assert body["due_at"].startswith("2026-03-10T17:00:00")
    assert [f["id"] for f in body["files"]] == [str(shared.pk)]
    assert set(body["dossier"]) == {"id", "code", "procedure", "procedure_name", "applicant_name"}

    consulted = api_for(world.away.specialist)
    listed = consulted.get("/api/v1/consultations/", {"direction": "to"})
    assert listed.status_code == 200
    assert [c["id"] for c in listed.json()["results"]] == [body["id"]]
    assert consulted.get("/api/v1/consultations/", {"direction": "from"}).json()["results"] == []

    answered = consulted.post(
        f"/api/v1/consultations/{body['id']}/answer/",
        {"answer": "Đúng địa bàn.", "file": SimpleUploadedFile("a.pdf", PDF)},
        format="multipart",
    )
    assert answered.status_code == 200, answered.content
    assert answered.json()["state"] == "answered"
    assert answered.json()["timeliness"] == "early"  # the day before its due date
    again = consulted.post(
        f"/api/v1/consultations/{body['id']}/answer/", {"answer": "Lần hai."}, format="json"
    )
    assert again.status_code == 409
    assert set(again.json()) == {"code", "message", "fields"}

    mine = asker.get("/api/v1/consultations/", {"direction": "from"}).json()["results"]
    assert mine[0]["answer"] == "Đúng địa bàn."
    assert len(mine[0]["files"]) == 2
    of_dossier = asker.get(f"/api/v1/dossiers/{dossier.pk}/consultations/")
    assert [c["id"] for c in of_dossier.json()] == [body["id"]]


def test_the_api_refuses_in_the_one_error_shape(world, tax, dossier, consultation):
    url = f"/api/v1/dossiers/{dossier.pk}/consultations/"
    ask = {"agency": "H92.99", "question": "?", "days": "1"}
    assert APIClient().get("/api/v1/consultations/").status_code == 401
    assert api_for(world.home.leader).post(url, ask, format="json").status_code == 403
    assert api_for(tax).post(url, ask, format="json").status_code == 404
    assert api_for(tax).get(url).status_code == 404
    bad = api_for(world.home.specialist).post(url, {**ask, "agency": "H92.31"}, format="json")
    assert bad.status_code == 400
    assert set(bad.json()["fields"]) == {"agency"}
    assert api_for(world.home.specialist).post(url, {}, format="json").status_code == 400

    # The applicant and the desk see the dossier, not the agencies' consultations on it.
    for user in (world.citizen, world.home.desk):
        assert api_for(user).get(url).status_code == 403
        assert api_for(user).get(f"/api/v1/consultations/{consultation.pk}/").status_code == 404

    one = f"/api/v1/consultations/{consultation.pk}/"
    assert api_for(tax).get(one).status_code == 404
    assert api_for(tax).get("/api/v1/consultations/").json()["results"] == []
    assert api_for(world.away.specialist).get(one).status_code == 200
    assert api_for(world.home.leader).get(one).status_code == 200
    assert api_for(tax).post(one + "answer/", {"answer": "x"}, format="json").status_code == 404
    refused = api_for(world.home.specialist).post(one + "answer/", {"answer": "x"}, format="json")
    assert refused.status_code == 403
    assert api_for(world.away.specialist).get("/api/v1/consultations/nope/").status_code == 404
    cancel = api_for(world.away.specialist).post(one + "cancel/", {"reason": "x"}, format="json")
    assert cancel.status_code == 403  # they see it, but only the asking side cancels
    done = api_for(world.home.specialist).post(one + "cancel/", {"reason": "x"}, format="json")
    assert done.status_code == 200
    assert done.json()["state"] == "cancelled"


def test_the_api_schema_documents_the_consultations_without_warnings(tmp_path, settings):
    from drf_spectacular.drainage import reset_generator_stats

    reset_generator_stats()
    out = tmp_path / "schema.json"
    call_command(
        "spectacular",
        "--urlconf",
        __name__,
        "--format",
        "openapi-json",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(out),
    )
    schema = json.loads(out.read_text())
    paths = schema["paths"]
    assert "StateEnum" in schema["components"]["schemas"]  # the dossiers' enum keeps its name
    assert set(paths["/api/v1/consultations/"]) == {"get"}
    assert set(paths["/api/v1/dossiers/{id}/consultations/"]) == {"get", "post"}
    assert set(paths["/api/v1/consultations/{id}/answer/"]) == {"post"}
