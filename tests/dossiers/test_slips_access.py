"""Who may download the slips: the applicant and the dossier's staff; nobody else sees them
(404, or the login page for anonymous visitors). The register is for the staff of its
receiving unit (and superusers). The API lists a dossier's slips for those who may see it."""

import io

import openpyxl
import pypdf
import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from rest_framework.test import APIRequestFactory, force_authenticate

from dossiers.slips.api import DossierSlipsView
from dossiers.slips.models import DossierSlip
from dossiers.states import Action, State
from tests.dossiers.helpers import dossier_in, fire
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.usefixtures("frozen_monday")


@pytest.fixture
def received(world):
    return dossier_in(world, State.RECEIVED)


def slip_url(dossier, form="receipt"):
    return reverse("dossiers:slip", args=[dossier.pk, form])


def text_of(response) -> str:
    return " ".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )


def as_user(client, user):
    client.force_login(user)
    return client


# ---- The slips of a dossier ----------------------------------------------------------------


@pytest.mark.parametrize(
    "who",
    ["citizen", "desk", "desk_head", "specialist", "head", "leader"],
)
def test_the_applicant_and_the_dossiers_staff_download_the_receipt(world, received, client, who):
    user = world.citizen if who == "citizen" else getattr(world.home, who)

    response = as_user(client, user).get(slip_url(received))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"].startswith("private")
    assert received.code in text_of(response)


@pytest.mark.parametrize("who", ["desk", "desk_head", "specialist", "head", "leader"])
def test_officers_of_another_commune_see_no_slip_of_the_dossier(world, received, client, who):
    client = as_user(client, getattr(world.away, who))

    for form in ("receipt", "control"):
        assert client.get(slip_url(received, form)).status_code == 404


def test_another_applicant_sees_no_slip(world, received, client):
    response = as_user(client, world.other_citizen).get(slip_url(received))

    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(world, received, client):
    response = client.get(slip_url(received))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("citizens:login"))


def test_a_slip_the_dossier_has_not_reached_or_an_unknown_form_is_not_found(
    world, received, client
):
    client = as_user(client, world.citizen)

    assert client.get(slip_url(received, "refusal")).status_code == 404
    assert client.get(slip_url(received, "register")).status_code == 404
    assert client.get(slip_url(received, "nonsense")).status_code == 404


def test_the_download_prints_a_slip_the_task_has_not_rendered_yet_and_keeps_it(
    world, received, client
):
    assert not DossierSlip.objects.exists()  # on_commit never ran inside the test

    first = as_user(client, world.citizen).get(slip_url(received))
    second = client.get(slip_url(received))

    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert DossierSlip.objects.filter(dossier=received, form="receipt").count() == 1


def test_the_control_slip_is_printed_on_download_from_the_events(world, received, client):
    fire(Action.TRANSFER, received, world.home.desk)

    response = as_user(client, world.home.specialist).get(slip_url(received, "control"))

    text = " ".join(text_of(response).split())
    assert response.status_code == 200
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert "Chuyển xử lý" in text
    assert not DossierSlip.objects.filter(form="control").exists()


def test_the_newest_completion_request_is_the_one_downloaded(world, client):
    dossier = dossier_in(world, State.SUPPLEMENT_REQUESTED)  # a completion form during processing

    response = as_user(client, world.citizen).get(slip_url(dossier, "completion"))

    text = " ".join(text_of(response).split())
    assert "Hợp đồng thuê địa điểm kinh doanh" in text
    assert "Cần bản sao hợp đồng thuê nhà." in text


# ---- The list on the applicant's page and in the API ----------------------------------------


def test_the_slips_list_names_the_forms_the_dossier_has_reached(world, received):
    html = render_to_string("dossiers/_slips.html", {"dossier": received})

    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in html
    assert "Phiếu kiểm soát quá trình giải quyết hồ sơ" in html
    assert slip_url(received) in html
    assert "Phiếu từ chối" not in html


def test_a_dossier_not_yet_received_lists_no_slip(world):
    dossier = dossier_in(world, State.SUBMITTED)

    html = render_to_string("dossiers/_slips.html", {"dossier": dossier})

    assert "href" not in html
    assert "Chưa có giấy tờ nào" in html


def test_the_api_lists_the_slips_with_their_addresses(world, received, client):
    fire(Action.TRANSFER, received, world.home.desk)
    request = APIRequestFactory().get(f"/api/v1/dossiers/{received.pk}/slips/")
    force_authenticate(request, user=world.citizen)
    response = DossierSlipsView.as_view()(request, id=str(received.pk))

    assert response.status_code == 200
    forms = {item["form"]: item for item in response.data}
    assert set(forms) == {"receipt", "control"}
    assert forms["receipt"]["number"] == "01"
    assert forms["receipt"]["regime"] == "tt03_2025"
    assert forms["receipt"]["url"].endswith(slip_url(received))
    assert forms["receipt"]["name"] == "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"


def test_the_api_hides_the_slips_from_another_agency(world, received):
    request = APIRequestFactory().get(f"/api/v1/dossiers/{received.pk}/slips/")
    force_authenticate(request, user=world.away.desk)
    response = DossierSlipsView.as_view()(request, id=str(received.pk))

    assert response.status_code == 404
    assert response.data["code"] == "not_found"


# ---- The register -----------------------------------------------------------------------------


def register_url(unit_code, start="2026-03-09", end="2026-03-09", kind="pdf"):
    query = f"?unit={unit_code}&from={start}&to={end}&format={kind}"
    return reverse("dossiers:register") + query


@pytest.mark.parametrize("who", ["desk", "desk_head"])
def test_the_desk_of_the_receiving_unit_reads_its_register(world, received, client, who):
    client = as_user(client, getattr(world.home, who))

    pdf = client.get(register_url(world.home.centre.code))
    xlsx = client.get(register_url(world.home.centre.code, kind="xlsx"))

    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert received.code in text_of(pdf)
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"].startswith("attachment")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    codes = [row[1] for row in sheet.iter_rows(values_only=True)]
    assert received.code in codes


def test_a_superuser_reads_any_register(world, received, client):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)

    response = as_user(client, admin).get(register_url(world.home.centre.code))

    assert response.status_code == 200


@pytest.mark.parametrize("who", ["specialist", "leader"])
def test_the_competent_agencys_staff_do_not_read_the_desk_register(world, received, client, who):
    response = as_user(client, getattr(world.home, who)).get(register_url(world.home.centre.code))

    assert response.status_code == 403


def test_another_units_desk_and_applicants_may_not_read_the_register(world, received, client):
    assert as_user(client, world.away.desk).get(register_url("H92.31.01")).status_code == 403
    assert as_user(client, world.citizen).get(register_url("H92.31.01")).status_code == 403


def test_the_register_of_an_unknown_unit_is_not_found_and_anonymous_visitors_log_in(world, client):
    assert client.get(register_url("H92.31.01")).status_code == 302
    assert as_user(client, world.home.desk).get(register_url("X99")).status_code == 404


@pytest.mark.parametrize(
    ("start", "end", "kind", "message"),
    [
        ("2026-3-9", "2026-03-09", "pdf", "NNNN-TT-NN"),
        ("", "2026-03-09", "pdf", "NNNN-TT-NN"),
        ("2026-03-10", "2026-03-09", "pdf", "trước hoặc trùng"),
        ("2024-01-01", "2026-03-09", "pdf", "366 ngày"),
        ("2026-03-09", "2026-03-09", "doc", "pdf hoặc xlsx"),
    ],
)
def test_bad_dates_or_format_answer_400_with_a_clear_message(
    world, client, start, end, kind, message
):
    response = as_user(client, world.home.desk).get(
        register_url(world.home.centre.code, start, end, kind)
    )

    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_register_member_of_another_role_elsewhere_is_refused(world, client):
    clerk = MembershipFactory(agency=world.away.centre, role="desk_officer").user
    MembershipFactory(user=clerk, agency=world.home.committee, role="specialist")

    response = as_user(client, clerk).get(register_url(world.home.centre.code))

    assert response.status_code == 403
