"""Applying online from a procedure page, as a citizen does it without JavaScript: start a
draft (prefilled from the profile, once per client token), resume it, save it (a stale page
is refused without losing anything), attach and remove files, reuse a paper from the store,
review with the completeness pre-check, submit (once, whatever the clicks), and read the
confirmation and the e-mail with the code and the official reception time."""

import datetime
import re
import uuid

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from citizens import services as citizens_services
from citizens.documents import document_add
from dossiers import services
from dossiers.models import Dossier, DossierEvent, DossierFile
from dossiers.states import Action, State
from notifications.dispatch import dispatch
from notifications.models import Notification
from portal.celery import app
from procedures.calendar import LOCAL_TZ
from procedures.models import OnlineLevel
from tests.dossiers.conftest import PDF, pdf
from tests.dossiers.helpers import empty_draft, reload
from tests.factories import ChannelFactory, FeeLineFactory, make_procedure

pytestmark = pytest.mark.usefixtures("frozen_monday")

CODE = "1.001612"
# Saturday 7 March 2026, 10:00 in Việt Nam: outside office hours.
SATURDAY = datetime.datetime(2026, 3, 7, 10, 0, tzinfo=LOCAL_TZ)


@pytest.fixture
def eager(settings, monkeypatch):
    """Celery tasks run in the process as soon as they are enqueued."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    monkeypatch.setitem(app.conf, "task_always_eager", True)


@pytest.fixture
def lan(db, django_capture_on_commit_callbacks):
    """A citizen with a full profile (identity number, address)."""
    with django_capture_on_commit_callbacks(execute=False):
        return citizens_services.citizen_sign_up(
            kind="individual",
            full_name="Nguyễn Thị Lan",
            email="lan@example.vn",
            phone="0912345678",
            password="Mot-cua-2025!",
            id_number="092090001234",
            date_of_birth=datetime.date(1990, 5, 12),
            province_code=92,
            ward_code=31135,
            street="12 Hòa Bình",
        )


def signed_in(client, user):
    client.force_login(user)
    return client


def start(client, *, token=None, agency="H92.31"):
    return client.post(
        reverse("dossiers:apply", args=[CODE]),
        {"client_token": str(token or uuid.uuid4()), "agency": agency},
    )


def draft_data(dossier, **changes):
    dossier = reload(dossier)
    data = {
        "applicant_name": dossier.applicant_name,
        "applicant_id_number": dossier.applicant_id_number,
        "applicant_phone": dossier.applicant_phone,
        "applicant_email": dossier.applicant_email,
        "applicant_address": dossier.applicant_address,
        "delivery_channel": dossier.delivery_channel,
        "delivery_address": dossier.delivery_address,
        "updated_at": dossier.updated_at.isoformat(),
    }
    data.update(changes)
    return data


def upload(client, dossier, component, *files, xhr=False):
    headers = {"X-Requested-With": "XMLHttpRequest"} if xhr else {}
    return client.post(
        reverse("dossiers:draft_upload", args=[dossier.pk]),
        {"component": component.pk, "files": list(files)},
        headers=headers,
    )


def text(response) -> str:
    """The page's text with tags removed and spaces collapsed, for assertions on wording."""
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# ---- Starting and resuming -------------------------------------------------------------------


def test_the_apply_page_asks_to_sign_in_first(client, world):
    response = client.get(reverse("dossiers:apply", args=[CODE]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("citizens:login"))
    assert "next=/ho-so/nop/1.001612/" in response["Location"]


def test_a_new_draft_is_prefilled_from_the_profile(client, world, lan):
    signed_in(client, lan)

    page = client.get(reverse("dossiers:apply", args=[CODE]))
    assert page.status_code == 200
    assert "Đăng ký thành lập hộ kinh doanh" in text(page)
    # Two agencies implement the procedure: the applicant chooses one.
    assert 'name="agency" value="H92.31"' in page.content.decode()
    assert 'name="agency" value="H92.32"' in page.content.decode()

    response = start(client, agency="H92.32")

    dossier = Dossier.objects.get(applicant=lan)
    assert response["Location"] == reverse("dossiers:draft", args=[dossier.pk])
    assert dossier.state == State.DRAFT
    assert dossier.channel == "online"
    assert dossier.competent_agency == world.away.committee
    assert (dossier.applicant_name, dossier.applicant_id_number, dossier.applicant_phone) == (
        "Nguyễn Thị Lan",
        "092090001234",
        "0912345678",
    )
    assert dossier.applicant_email == "lan@example.vn"
    assert dossier.applicant_address.startswith("12 Hòa Bình, ")
    draft_page = client.get(response["Location"])
    assert 'value="092090001234"' in draft_page.content.decode()
    assert "12 Hòa Bình" in draft_page.content.decode()


def test_without_a_chosen_agency_no_draft_is_made(client, world, lan):
    signed_in(client, lan)

    response = start(client, agency="")

    assert response.status_code == 400
    assert "Cần chọn cơ quan giải quyết hồ sơ." in text(response)
    assert not Dossier.objects.exists()


def test_the_same_client_token_makes_one_draft(client, world, lan):
    signed_in(client, lan)
    token = uuid.uuid4()

    first = start(client, token=token)
    second = start(client, token=token)

    assert Dossier.objects.filter(applicant=lan).count() == 1
    assert first["Location"] == second["Location"]


def test_each_rendered_form_carries_a_new_client_token(client, world, lan):
    signed_in(client, lan)

    tokens = {
        re.search(r'name="client_token" value="([^"]+)"', page.content.decode()).group(1)
        for page in (client.get(reverse("dossiers:apply", args=[CODE])) for _ in range(2))
    }

    assert len(tokens) == 2


def test_an_unsent_draft_is_offered_to_resume(client, world):
    mine = empty_draft(world)
    theirs = empty_draft(world, applicant=world.other_citizen)
    signed_in(client, world.citizen)

    page = client.get(reverse("dossiers:apply", args=[CODE]))

    html = page.content.decode()
    assert reverse("dossiers:draft", args=[mine.pk]) in html
    assert reverse("dossiers:draft", args=[theirs.pk]) not in html
    assert "Hồ sơ bạn đang khai dở" in text(page)
    assert "Tạo hồ sơ mới" in text(page)


def test_a_sent_dossier_is_not_offered_as_a_draft(client, world):
    sent = empty_draft(world)
    services.dossier_attach_file(
        dossier_id=sent.pk, actor=world.citizen, upload=pdf(), component_id=world.required.pk
    )
    services.dossier_submit(dossier_id=sent.pk, actor=world.citizen)
    signed_in(client, world.citizen)

    page = client.get(reverse("dossiers:apply", args=[CODE]))

    assert reverse("dossiers:draft", args=[sent.pk]) not in page.content.decode()
    assert "Hồ sơ bạn đang khai dở" not in text(page)


def test_a_procedure_without_online_service_shows_no_button_and_takes_no_draft(client, world):
    make_procedure("2.000815", "Chứng thực bản sao", online_level=OnlineLevel.INFORMATION)
    signed_in(client, world.citizen)

    detail = client.get(reverse("procedures:detail", args=["2.000815"]))
    page = client.get(reverse("dossiers:apply", args=["2.000815"]))
    response = client.post(
        reverse("dossiers:apply", args=["2.000815"]), {"client_token": str(uuid.uuid4())}
    )

    assert reverse("dossiers:apply", args=["2.000815"]) not in detail.content.decode()
    assert "chưa cung cấp dịch vụ công trực tuyến" in text(page)
    assert response.status_code == 200
    assert not Dossier.objects.exists()


def test_the_procedure_page_leads_to_the_apply_page(client, world):
    detail = client.get(reverse("procedures:detail", args=[CODE]))

    assert f'href="{reverse("dossiers:apply", args=[CODE])}"' in detail.content.decode()
    assert "Nộp hồ sơ trực tuyến" in text(detail)


def test_an_unknown_procedure_is_not_found(client, world):
    signed_in(client, world.citizen)

    assert client.get(reverse("dossiers:apply", args=["9.999999"])).status_code == 404


# ---- The draft -----------------------------------------------------------------------------


def test_the_draft_page_shows_components_delivery_and_fees(client, world):
    online = world.version.channels.get(kind="online")
    FeeLineFactory(channel=online, description="Lệ phí đăng ký hộ kinh doanh", amount=100000)
    dossier = empty_draft(world)
    signed_in(client, world.citizen)

    page = client.get(reverse("dossiers:draft", args=[dossier.pk]))

    words = text(page)
    assert "Giấy đề nghị đăng ký" in words and "Văn bản ủy quyền" in words
    assert "Bắt buộc" in words and "Không bắt buộc" in words
    assert "Trực tiếp tại Bộ phận Một cửa" in words
    assert "Qua dịch vụ bưu chính công ích" in words
    assert "Trực tuyến" in words  # a full online service returns the result online too
    assert "Lệ phí đăng ký hộ kinh doanh" in words and "100.000 đ" in words
    assert "nộp tại Bộ phận Một cửa" in words
    assert page.content.decode().count('enctype="multipart/form-data"') == 2


def test_saving_the_draft_keeps_the_applicant_data_and_delivery(client, world):
    dossier = empty_draft(world)
    signed_in(client, world.citizen)

    response = client.post(
        reverse("dossiers:draft", args=[dossier.pk]),
        draft_data(
            dossier,
            applicant_phone="0987654321",
            delivery_channel="post",
            delivery_address="5 Mậu Thân, phường Ninh Kiều",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers:draft", args=[dossier.pk])
    saved = reload(dossier)
    assert saved.applicant_phone == "0987654321"
    assert (saved.delivery_channel, saved.delivery_address) == (
        "post",
        "5 Mậu Thân, phường Ninh Kiều",
    )
    assert "Đã lưu bản nháp." in text(client.get(response["Location"]))


def test_save_and_review_goes_to_the_review_page(client, world):
    dossier = empty_draft(world)
    signed_in(client, world.citizen)

    response = client.post(
        reverse("dossiers:draft", args=[dossier.pk]), {**draft_data(dossier), "then": "review"}
    )

    assert response["Location"] == reverse("dossiers:review", args=[dossier.pk])


def test_the_services_field_errors_show_on_the_form_and_keep_what_was_typed(client, world):
    dossier = empty_draft(world)
    signed_in(client, world.citizen)

    response = client.post(
        reverse("dossiers:draft", args=[dossier.pk]),
        draft_data(dossier, applicant_phone="0987654321", delivery_channel="post"),
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Cần nhập địa chỉ nhận kết quả qua bưu chính." in text(response)
    assert 'id="id_delivery_address_error"' in html
    assert 'aria-describedby="id_delivery_address_helptext id_delivery_address_error"' in html
    assert 'value="0987654321"' in html  # what was typed stays on the page
    assert reload(dossier).applicant_phone == world.citizen.phone  # nothing half-saved


def test_a_stale_page_is_refused_with_the_latest_data_and_what_was_typed(
    client, world, time_machine
):
    dossier = empty_draft(world)
    stale = draft_data(dossier, applicant_address="Nhà số 1, phường Ninh Kiều")
    # A minute later, on another device:
    time_machine.shift(datetime.timedelta(minutes=1))
    services.dossier_update_draft(
        dossier_id=dossier.pk, actor=world.citizen, applicant_address="Nhà số 2, phường Cái Khế"
    )
    signed_in(client, world.citizen)

    response = client.post(reverse("dossiers:draft", args=[dossier.pk]), stale)

    assert response.status_code == 409
    words = text(response)
    assert "Bản nháp đã được thay đổi ở nơi khác" in words
    html = response.content.decode()
    # The form shows the latest saved data, the typed value is listed beside it, and the
    # hidden stamp is the new one, so saving again works.
    assert "Nhà số 2, phường Cái Khế</textarea>" in html
    assert "Nhà số 1, phường Ninh Kiều" in words
    assert reload(dossier).applicant_address == "Nhà số 2, phường Cái Khế"
    assert reload(dossier).updated_at.isoformat() in html


# ---- Files ---------------------------------------------------------------------------------


def test_a_file_is_uploaded_listed_downloaded_and_removed(client, world):
    dossier = empty_draft(world)
    signed_in(client, world.citizen)

    response = upload(client, dossier, world.required, pdf("don-de-nghi.pdf"))

    assert response.status_code == 302
    assert response["Location"].endswith(f"#tp-{world.required.pk}")
    stored = DossierFile.objects.get(dossier=dossier)
    assert (stored.component, stored.original_name) == (world.required, "don-de-nghi.pdf")
    page = client.get(reverse("dossiers:draft", args=[dossier.pk]))
    assert "Đã đính kèm: don-de-nghi.pdf." in text(page)
    assert reverse("dossiers:draft_file", args=[dossier.pk, stored.pk]) in page.content.decode()
    download = client.get(reverse("dossiers:draft_file", args=[dossier.pk, stored.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert "don-de-nghi.pdf" in download["Content-Disposition"]

    removed = client.post(reverse("dossiers:draft_remove", args=[dossier.pk, stored.pk]))

    assert removed.status_code == 302
    assert not DossierFile.objects.filter(dossier=dossier).exists()
    assert "Đã gỡ tệp “don-de-nghi.pdf”." in text(client.get(removed["Location"]))


def test_several_files_go_to_one_component_at_once(client, world):
    dossier = empty_draft(world)
    signed_in(client, world.citizen)

    upload(client, dossier, world.optional, pdf("trang-1.pdf"), pdf("trang-2.pdf"))

    names = set(
        dossier.files.filter(component=world.optional).values_list("original_name", flat=True)
    )
    assert names == {"trang-1.pdf", "trang-2.pdf"}


def test_an_upload_by_script_answers_json_with_the_new_list(client, world):
    dossier = empty_draft(world)
    signed_in(client, world.citizen)

    response = upload(client, dossier, world.required, pdf("to-khai.pdf"), xhr=True)

    assert response.status_code == 200
    answer = response.json()
    assert answer["ok"] is True
    assert answer["message"] == "Đã đính kèm: to-khai.pdf."
    assert "to-khai.pdf" in answer["html"]
    assert "Gỡ" in answer["html"]


def test_a_paper_from_the_store_is_attached_and_marked_reused(client, world):
    world.required.from_document_store = True
    world.required.save()  # before any draft locks the version
    document = document_add(owner=world.citizen, upload=pdf("cccd.pdf"), title="Căn cước công dân")
    dossier = empty_draft(world)
    signed_in(client, world.citizen)
    page = client.get(reverse("dossiers:draft", args=[dossier.pk]))
    assert "Căn cước công dân" in text(page)
    assert f'value="{document.pk}"' in page.content.decode()

    response = client.post(
        reverse("dossiers:draft_reuse", args=[dossier.pk]),
        {"component": world.required.pk, "document": document.pk},
    )

    assert response.status_code == 302
    stored = DossierFile.objects.get(dossier=dossier)
    assert stored.reused_from_store is True
    assert stored.component == world.required
    assert "lấy từ kho dữ liệu cá nhân" in text(client.get(response["Location"]))


def test_the_store_is_not_offered_for_a_component_that_does_not_take_it(client, world):
    document_add(owner=world.citizen, upload=pdf("cccd.pdf"), title="Căn cước công dân")
    dossier = empty_draft(world)
    signed_in(client, world.citizen)

    page = client.get(reverse("dossiers:draft", args=[dossier.pk]))

    assert "Căn cước công dân" not in text(page)


# ---- Review and submit ---------------------------------------------------------------------


def test_the_review_lists_missing_required_components_with_links_back(client, world):
    dossier = empty_draft(world)
    signed_in(client, world.citizen)

    page = client.get(reverse("dossiers:review", args=[dossier.pk]))

    words = text(page)
    assert "Hồ sơ còn thiếu thành phần bắt buộc:" in words
    link = reverse("dossiers:draft", args=[dossier.pk]) + f"#tp-{world.required.pk}"
    assert f'href="{link}">Giấy đề nghị đăng ký</a>' in page.content.decode()
    assert f"#tp-{world.optional.pk}" not in page.content.decode()  # optional: not missing
    assert ">Nộp hồ sơ</button>" not in page.content.decode()

    refused = client.post(reverse("dossiers:review", args=[dossier.pk]))

    assert refused.status_code == 400
    assert "Thiếu: Giấy đề nghị đăng ký" in text(refused)
    assert reload(dossier).state == State.DRAFT


def test_the_review_shows_everything_as_entered(client, world):
    dossier = empty_draft(world, applicant_phone="0912345678")
    services.dossier_attach_file(
        dossier_id=dossier.pk,
        actor=world.citizen,
        upload=pdf("don.pdf"),
        component_id=world.required.pk,
    )
    signed_in(client, world.citizen)

    page = client.get(reverse("dossiers:review", args=[dossier.pk]))

    words = text(page)
    assert "Đã có đủ các thành phần hồ sơ bắt buộc." in words
    assert "0912345678" in words and "Nguyễn Văn An" in words and "don.pdf" in words
    assert "Trung tâm Phục vụ hành chính công phường Ninh Kiều" in words
    assert ">Nộp hồ sơ</button>" in page.content.decode()


def test_submitting_twice_makes_one_dossier_with_one_code(client, world):
    dossier = empty_draft(world)
    signed_in(client, world.citizen)
    upload(client, dossier, world.required, pdf())

    first = client.post(reverse("dossiers:review", args=[dossier.pk]))
    second = client.post(reverse("dossiers:review", args=[dossier.pk]))

    confirmation = reverse("dossiers:submitted", args=[dossier.pk])
    assert first["Location"] == second["Location"] == confirmation
    sent = reload(dossier)
    assert sent.state == State.SUBMITTED
    assert DossierEvent.objects.filter(dossier=sent, action=Action.SUBMIT).count() == 1
    assert Dossier.objects.filter(applicant=world.citizen).count() == 1
    assert sent.code in text(client.get(confirmation))
    # Back to the draft's pages: they lead to the confirmation.
    assert client.get(reverse("dossiers:draft", args=[dossier.pk]))["Location"] == confirmation
    assert client.get(reverse("dossiers:review", args=[dossier.pk]))["Location"] == confirmation


def test_a_dossier_sent_on_saturday_is_received_on_monday(client, world, time_machine):
    dossier = empty_draft(world)
    services.dossier_attach_file(
        dossier_id=dossier.pk, actor=world.citizen, upload=pdf(), component_id=world.required.pk
    )
    signed_in(client, world.citizen)
    time_machine.move_to(SATURDAY, tick=False)

    response = client.post(reverse("dossiers:review", args=[dossier.pk]), follow=True)

    sent = reload(dossier)
    words = text(response)
    assert sent.code.startswith("H92.31.01-260309-")  # numbered on the reception day
    assert sent.code in words
    assert "Thời điểm gửi hồ sơ 10:00, thứ Bảy, 07/03/2026" in words
    assert "Thời điểm tiếp nhận chính thức 07:30, thứ Hai, 09/03/2026" in words
    assert "Bạn nộp hồ sơ ngoài giờ làm việc" in words
    assert "Tra cứu hồ sơ" in words


def test_a_dossier_sent_in_office_hours_is_received_at_once(client, world):
    dossier = empty_draft(world)
    services.dossier_attach_file(
        dossier_id=dossier.pk, actor=world.citizen, upload=pdf(), component_id=world.required.pk
    )
    signed_in(client, world.citizen)

    response = client.post(reverse("dossiers:review", args=[dossier.pk]), follow=True)

    words = text(response)
    assert "Thời điểm tiếp nhận chính thức 09:00, thứ Hai, 09/03/2026" in words
    assert "ngoài giờ làm việc" not in words


def test_the_applicant_gets_an_email_with_the_code_and_reception_time(
    client, world, eager, time_machine, django_capture_on_commit_callbacks
):
    dossier = empty_draft(world)
    services.dossier_attach_file(
        dossier_id=dossier.pk, actor=world.citizen, upload=pdf(), component_id=world.required.pk
    )
    signed_in(client, world.citizen)
    time_machine.move_to(SATURDAY, tick=False)
    mail.outbox = []

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("dossiers:review", args=[dossier.pk]))

    sent = reload(dossier)
    to_applicant = [m for m in mail.outbox if m.to == [world.citizen.email]]
    assert len(to_applicant) == 1
    message = to_applicant[0]
    assert message.to == [world.citizen.email]
    assert sent.code in message.subject
    assert f"Mã hồ sơ: {sent.code}" in message.body
    assert "Thời điểm tiếp nhận chính thức: 07:30, thứ Hai, 09/03/2026" in message.body
    assert "ngoài giờ làm việc" in message.body
    assert f"http://127.0.0.1:8000/ho-so/cua-toi/{sent.pk}/" in message.body
    # Running the dispatcher again (a retry, a duplicate) sends nothing more.
    sent_before = len(mail.outbox)
    assert dispatch()["sent"] == 0
    assert len(mail.outbox) == sent_before
    # The desk heard of the new online submission too (a staff message, not the receipt).
    assert [m.to for m in mail.outbox if m is not message] == [[world.home.desk.email]]


def test_no_email_goes_for_a_draft_or_a_dossier_handed_in_at_the_desk(world):
    draft = empty_draft(world)
    walk_in = services.dossier_create(
        actor=world.home.desk,
        procedure_code=CODE,
        channel="in_person",
        agency_code="H92.31",
        applicant_name="Lê Thị Hoa",
        applicant_email="hoa@example.vn",
    )
    services.dossier_attach_file(
        dossier_id=walk_in.pk, actor=world.home.desk, upload=pdf(), component_id=world.required.pk
    )
    services.dossier_submit(dossier_id=walk_in.pk, actor=world.home.desk)
    mail.outbox = []

    dispatch()
    assert not Notification.objects.filter(template__endswith="/submitted").exists()
    assert draft.state == "draft"
    assert mail.outbox == []


def test_the_confirmation_of_a_draft_leads_back_to_the_draft(client, world):
    dossier = empty_draft(world)
    signed_in(client, world.citizen)

    response = client.get(reverse("dossiers:submitted", args=[dossier.pk]))

    assert response["Location"] == reverse("dossiers:draft", args=[dossier.pk])


def test_the_fees_of_every_channel_are_shown_with_the_desk_payment_note(client, world):
    postal = ChannelFactory(version=world.version, kind="postal")
    FeeLineFactory(channel=postal, description="Cước bưu chính", amount=25000)
    dossier = empty_draft(world)
    services.dossier_attach_file(
        dossier_id=dossier.pk, actor=world.citizen, upload=pdf(), component_id=world.required.pk
    )
    signed_in(client, world.citizen)

    words = text(client.get(reverse("dossiers:review", args=[dossier.pk])))

    assert "Cước bưu chính" in words and "25.000 đ" in words
    assert "Cổng chưa hỗ trợ thanh toán trực tuyến" in words


def test_the_pages_use_the_uploaded_files_content_type_not_their_name(client, world):
    dossier = empty_draft(world)
    signed_in(client, world.citizen)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40

    upload(client, dossier, world.required, SimpleUploadedFile("anh", png))

    stored = DossierFile.objects.get(dossier=dossier)
    assert stored.content_type == "image/png"
    assert "PNG" in text(client.get(reverse("dossiers:draft", args=[dossier.pk])))


# ---- Saving as the applicant types ---------------------------------------------------------------


def _autosave(client, dossier, **changes):
    return client.post(
        reverse("dossiers:draft", args=[dossier.pk]),
        draft_data(dossier, **changes),
        headers={"X-Autosave": "1", "Accept": "application/json"},
    )


def test_the_draft_saves_what_is_typed_and_answers_the_new_stamp(client, world):
    dossier = empty_draft(world)
    signed_in(client, world.citizen)

    first = _autosave(client, dossier, applicant_address="12 Hòa Bình")
    answer = first.json()
    assert first.status_code == 200 and answer["ok"] is True
    assert answer["message"].startswith("Đã tự động lưu lúc")
    saved = reload(dossier)
    assert saved.applicant_address == "12 Hòa Bình"
    assert answer["updated_at"] == saved.updated_at.isoformat()
    # The next save, with the stamp it was given, goes through too.
    second = client.post(
        reverse("dossiers:draft", args=[dossier.pk]),
        {
            **draft_data(dossier, applicant_address="14 Hòa Bình"),
            "updated_at": answer["updated_at"],
        },
        headers={"X-Autosave": "1"},
    )
    assert second.status_code == 200 and reload(dossier).applicant_address == "14 Hòa Bình"


def test_an_autosave_that_cannot_save_says_why_and_changes_nothing(client, world):
    dossier = empty_draft(world)
    signed_in(client, world.citizen)
    _autosave(client, dossier, applicant_address="Mới")
    # A page read before another device saved (time stands still here: an older stamp).
    stale = {
        **draft_data(dossier, applicant_address="Cũ"),
        "updated_at": "2026-03-01T00:00:00+07:00",
    }

    wrong = _autosave(client, dossier, applicant_phone="abc")
    conflict = client.post(
        reverse("dossiers:draft", args=[dossier.pk]), stale, headers={"X-Autosave": "1"}
    )

    assert wrong.status_code == 400 and wrong.json()["ok"] is False
    assert any("Số điện thoại chưa đúng" in line for line in wrong.json()["errors"])
    assert conflict.status_code == 409
    assert "đã được thay đổi ở nơi khác" in conflict.json()["message"]
    assert reload(dossier).applicant_address == "Mới"
    assert reload(dossier).applicant_phone == world.citizen.phone
