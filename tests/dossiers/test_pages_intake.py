"""Walk-in intake at the desk (/ban-lam-viec/mot-cua/tiep-nhan-truc-tiep/): the applicant found
or typed, the procedure searched without JavaScript, one dossier per client token, the copies
handed in recorded at reception, missing papers refused with nothing lost, and who may use it."""

import re
import uuid

import pytest
from django.urls import reverse

from citizens.models import Profile
from dossiers import services
from dossiers.errors import BadInput
from dossiers.models import Dossier, DossierEvent
from dossiers.states import Action, State
from tests.dossiers.conftest import neighbour_procedure, pdf
from tests.dossiers.helpers import reload

pytestmark = pytest.mark.django_db

START = reverse("workspaces:intake")
ID_NUMBER = "092080001234"


def draft_url(dossier):
    return reverse("workspaces:intake_draft", args=[dossier.pk])


@pytest.fixture
def account(world):
    """The world's citizen with a profile: identity number, phone, address."""
    user = world.citizen
    user.phone = "0912345678"
    user.save(update_fields=["phone"])
    Profile.objects.create(
        user=user, kind="individual", id_number=ID_NUMBER, street="12 Hòa Bình", province_code=92
    )
    return user


def start_data(world, **overrides):
    data = {
        "client_token": str(uuid.uuid4()),
        "applicant_name": "Lê Thị Cúc",
        "applicant_id_number": "092190007777",
        "thu_tuc_q": "hộ kinh doanh",
        "searched": "hộ kinh doanh",
        "procedure": world.procedure.code,
        "agency": "H92.31",
        "do": "create",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def walk_in(world, officer=None) -> Dossier:
    officer = officer or world.home.desk
    return services.dossier_create(
        actor=officer,
        procedure_code=world.procedure.code,
        channel="in_person",
        agency_code="H92.31",
        applicant_name="Lê Thị Cúc",
    )


# ---- Step 1 -----------------------------------------------------------------------------------


def test_the_start_page_focuses_the_lookup_and_lists_unfinished_walk_ins(client, world):
    earlier = walk_in(world)
    client.force_login(world.home.desk)
    response = client.get(START)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="tim"' in html and "autofocus" in html
    assert response.context["form"].fields["tim"].widget.attrs.get("autofocus")
    assert draft_url(earlier) in html


def test_an_account_is_found_by_identity_number_and_its_data_prefilled(client, world, account):
    client.force_login(world.home.desk)
    # Enter in the lookup field: no button named, the page looks the number up.
    response = client.post(START, {"tim": ID_NUMBER, "client_token": str(uuid.uuid4())})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["applicant_name"] == "Nguyễn Văn An"
    assert form.initial["applicant_id_number"] == ID_NUMBER
    assert form.initial["applicant_phone"] == "0912345678"
    assert form.initial["applicant_email"] == "citizen-a@example.vn"
    assert form.initial["applicant_address"].startswith("12 Hòa Bình")
    assert form.initial["looked_up"] == ID_NUMBER
    html = response.content.decode()
    assert "Đã tìm thấy tài khoản của Nguyễn Văn An" in html
    assert 'value="0912345678"' in html
    # The procedure search is next.
    assert form.fields["thu_tuc_q"].widget.attrs.get("autofocus")

    # The phone finds the same account.
    response = client.post(START, {"tim": "0912 345 678", "do": "lookup"})
    assert response.context["form"].initial["applicant_id_number"] == ID_NUMBER


def test_staff_accounts_are_never_found_as_applicants(client, world):
    world.home.specialist.phone = "0900000001"
    world.home.specialist.save(update_fields=["phone"])
    client.force_login(world.home.desk)
    response = client.post(START, {"tim": "0900000001", "do": "lookup"})
    form = response.context["form"]
    assert form.initial["applicant_name"] == ""
    assert form.initial["applicant_phone"] == "0900000001"  # typed for the walk-in


def test_a_walk_in_without_an_account_is_typed_in_and_gets_a_draft(client, world):
    client.force_login(world.home.desk)
    token = str(uuid.uuid4())
    response = client.post(START, {"tim": "092190007777", "client_token": token})
    assert "Không có tài khoản với số 092190007777" in response.content.decode()
    form = response.context["form"]
    assert form.initial["applicant_id_number"] == "092190007777"
    assert form.fields["applicant_name"].widget.attrs.get("autofocus")

    # Enter after typing the procedure's words: the matches come back as radio buttons.
    response = client.post(
        START,
        {
            "tim": "092190007777",
            "looked_up": "092190007777",
            "applicant_name": "Lê Thị Cúc",
            "applicant_id_number": "092190007777",
            "thu_tuc_q": "ho kinh doanh",
            "client_token": token,
        },
    )
    form = response.context["form"]
    assert form.fields["procedure"].choices == [
        ("1.001612", "1.001612 – Đăng ký thành lập hộ kinh doanh")
    ]
    assert form.initial["procedure"] == "1.001612"  # the only match, chosen
    assert form.initial["agency"] == "H92.31"  # received at this officer's desk
    assert response.context["focus_procedure"] == "1.001612"
    html = response.content.decode()
    assert 'type="radio" name="procedure" value="1.001612"' in html
    assert "tiếp nhận tại: Trung tâm Phục vụ hành chính công phường Cái Khế" in html

    # Enter again: the dossier is made.
    response = client.post(START, {**form.initial, "client_token": token})
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == draft_url(dossier)
    assert dossier.state == State.DRAFT
    assert dossier.channel == "in_person"
    assert dossier.applicant_id is None
    assert dossier.created_by == world.home.desk
    assert dossier.applicant_name == "Lê Thị Cúc"
    assert dossier.applicant_id_number == "092190007777"
    assert dossier.receiving_unit == world.home.centre
    assert dossier.competent_agency == world.home.committee


def test_a_procedure_is_found_by_its_code_and_a_miss_says_so(client, world):
    client.force_login(world.home.desk)
    response = client.post(START, {"thu_tuc_q": "1.0016", "do": "search"})
    assert [c for c, _label in response.context["form"].fields["procedure"].choices] == ["1.001612"]
    response = client.post(START, {"thu_tuc_q": "zzzz qqqq", "do": "search"})
    assert response.status_code == 200
    assert response.context["no_match"] is True
    assert "Không tìm thấy thủ tục nộp trực tiếp nào khớp" in response.content.decode()


@pytest.fixture
def neighbours(world):
    """Two more procedures of household businesses, at the home commune only."""
    committee = [world.home.committee]
    return [
        neighbour_procedure(
            "2.000720", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", committee
        ),
        neighbour_procedure("1.001266", "Chấm dứt hoạt động hộ kinh doanh", committee),
    ]


def test_several_matches_come_back_with_the_best_one_checked_and_focused(client, world, neighbours):
    client.force_login(world.home.desk)
    response = client.post(START, {"thu_tuc_q": "hộ kinh doanh", "do": "search"})

    form = response.context["form"]
    codes = [code for code, _label in form.fields["procedure"].choices]
    assert sorted(codes) == ["1.001266", "1.001612", "2.000720"]
    best = codes[0]
    # One radio group: focus and selection are the same result, so an arrow key moves both
    # and Enter creates the dossier with what the officer sees chosen.
    assert form.initial["procedure"] == best
    assert response.context["focus_procedure"] == best
    html = response.content.decode()
    radios = re.findall(r'<input type="radio" name="procedure"[^>]*>', html)
    assert len(radios) == 3
    assert [("checked" in r, "autofocus" in r) for r in radios] == [(True, True)] + [
        (False, False)
    ] * 2
    assert f'value="{best}"' in radios[0]
    # The hint says what the keys do, and the group points at it.
    assert 'aria-describedby="intake-procedures-hint"' in html
    assert "Mũi tên lên, xuống: chọn thủ tục khác trong kết quả; Enter: tạo hồ sơ" in html
    assert "Mũi tên lên, xuống để chọn thủ tục." not in html
    # The agencies listed are the checked procedure's, and the page says so.
    assert form.initial["agency"] == "H92.31"
    assert response.context["agencies_for"] == best
    assert f'<input type="hidden" name="agencies_for" value="{best}">' in html
    # Without JavaScript the same page is a plain radio list with a submit button.
    assert '<button type="submit" name="do" value="create"' in html


def test_a_single_match_is_checked_and_its_hint_names_only_enter(client, world, neighbours):
    client.force_login(world.home.desk)
    response = client.post(START, {"thu_tuc_q": "1.001612", "do": "search"})
    html = response.content.decode()
    assert response.context["form"].initial["procedure"] == "1.001612"
    assert "Enter: tạo hồ sơ với thủ tục này." in html
    assert "Mũi tên lên, xuống" not in html


def test_enter_on_another_result_creates_the_dossier_with_that_procedure(client, world, neighbours):
    client.force_login(world.home.desk)
    searched = client.post(START, {"thu_tuc_q": "hộ kinh doanh", "do": "search"})
    form = searched.context["form"]
    codes = [code for code, _label in form.fields["procedure"].choices]
    second = codes[1]

    # The officer pressed ArrowDown once, then Enter: the form's default button ("next").
    response = client.post(
        START,
        {
            **{k: v for k, v in form.initial.items() if v is not None},
            "applicant_name": "Lê Thị Cúc",
            "procedure": second,
            "agencies_for": searched.context["agencies_for"],
        },
    )

    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.procedure.code == second
    assert dossier.competent_agency == world.home.committee


def test_searching_again_keeps_the_result_chosen_and_lists_its_agencies(client, world, neighbours):
    client.force_login(world.home.desk)
    response = client.post(
        START,
        {
            "thu_tuc_q": "hộ kinh doanh",
            "searched": "hộ kinh doanh",
            "procedure": "1.001612",
            "agencies_for": "2.000720",
            "do": "search",
        },
    )
    assert response.context["form"].initial["procedure"] == "1.001612"
    assert response.context["focus_procedure"] == "1.001612"
    assert response.context["agencies_for"] == "1.001612"
    assert [c for c, _label in response.context["form"].fields["agency"].choices] == [
        "H92.31",
        "H92.32",
    ]


def test_an_agency_chosen_for_another_result_is_set_aside(client, world, neighbours):
    """The agencies on the page belong to the procedure checked when it was made; after the
    officer picks another result, the new procedure's default applies."""
    client.force_login(world.home.desk)
    response = client.post(
        START,
        start_data(
            world,
            do=None,  # Enter
            procedure="2.000720",  # only at the home commune
            agency="H92.32",  # the away commune, offered for 1.001612
            agencies_for="1.001612",
        ),
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert (dossier.procedure.code, dossier.competent_agency) == ("2.000720", world.home.committee)

    # Sent for the procedure it was listed for, the agency is the officer's choice.
    response = client.post(
        START, start_data(world, procedure="2.000720", agency="H92.32", agencies_for="2.000720")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["agency"]


def test_a_missing_name_or_procedure_is_a_400_with_the_typed_data_kept(client, world):
    client.force_login(world.home.desk)
    response = client.post(
        START,
        start_data(world, applicant_name="", procedure="", applicant_phone="0987654321"),
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "Cần nhập họ tên người nộp." in form.errors["applicant_name"]
    assert form.errors["procedure"]
    assert 'value="0987654321"' in response.content.decode()
    assert Dossier.objects.count() == 0


def test_a_double_enter_makes_one_dossier(client, world):
    client.force_login(world.home.desk)
    data = start_data(world)
    first = client.post(START, data)
    second = client.post(START, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Dossier.objects.count() == 1


def test_another_communes_desk_officer_cannot_intake_for_this_communes_agency(client, world):
    client.force_login(world.away.desk)
    # Their own commune's agency is the default.
    response = client.post(START, {"thu_tuc_q": "1.001612", "do": "search"})
    assert response.context["form"].initial["agency"] == "H92.32"
    # Asking for the home commune's agency: the service refuses, the page says where to go.
    response = client.post(START, start_data(world, agency="H92.31"))
    assert response.status_code == 400
    errors = response.context["form"].errors["agency"]
    assert "Trung tâm Phục vụ hành chính công phường Ninh Kiều" in errors[0]
    assert Dossier.objects.count() == 0
    # And the home commune's walk-in draft is not theirs.
    dossier = walk_in(world)
    assert client.get(draft_url(dossier)).status_code == 404
    assert client.post(draft_url(dossier), {"nhan": [str(world.required.pk)]}).status_code == 404
    assert reload(dossier).state == State.DRAFT


@pytest.mark.parametrize("who", ["citizen", "specialist", "head", "leader"])
def test_only_desk_staff_are_served(client, world, who):
    dossier = walk_in(world)
    user = world.citizen if who == "citizen" else getattr(world.home, who)
    client.force_login(user)
    assert client.get(START).status_code == 403
    assert client.post(START, start_data(world)).status_code == 403
    assert client.get(draft_url(dossier)).status_code == 403
    assert client.post(draft_url(dossier), {"nhan": [str(world.required.pk)]}).status_code == 403
    assert Dossier.objects.count() == 1
    assert reload(dossier).state == State.DRAFT


def test_anonymous_users_are_sent_to_the_login_page(client, world):
    response = client.get(START)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("citizens:login"))


# ---- Step 2 -----------------------------------------------------------------------------------


def test_the_draft_page_lists_the_components_with_copy_kinds_and_the_return_channel(client, world):
    dossier = walk_in(world)
    client.force_login(world.home.desk)
    response = client.get(draft_url(dossier))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="nhan-{world.required.pk}"' in html
    for value in ("original", "certified", "photocopy"):
        assert f'id="ban-{world.required.pk}-{value}"' in html
    assert f'name="tep-{world.optional.pk}"' in html
    form = response.context["form"]
    assert form["delivery_channel"].value() == "desk"
    # No account, no document store: the electronic result is not offered.
    assert [v for v, _label in form.fields["delivery_channel"].choices] == ["desk", "post"]


def test_receiving_records_the_copies_and_the_scan_and_shows_the_receipt(client, world):
    dossier = walk_in(world)
    client.force_login(world.home.desk)
    response = client.post(
        draft_url(dossier),
        {
            "nhan": [str(world.required.pk), str(world.optional.pk)],
            f"ban-{world.required.pk}": "certified",
            f"ban-{world.optional.pk}": "photocopy",
            f"tep-{world.required.pk}": pdf("giay-de-nghi.pdf"),
            "delivery_channel": "desk",
            "do": "receive",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("workspaces:desk_dossier", args=[dossier.pk])
    dossier = reload(dossier)
    assert dossier.state == State.RECEIVED
    assert dossier.code and dossier.due_at
    event = DossierEvent.objects.get(dossier=dossier, action=Action.RECEIVE)
    assert event.data["checklist"] == sorted([str(world.required.pk), str(world.optional.pk)])
    assert event.data["copies"] == {
        str(world.required.pk): "certified",
        str(world.optional.pk): "photocopy",
    }
    assert [f.original_name for f in dossier.files.all()] == ["giay-de-nghi.pdf"]
    assert dossier.files.get().component_id == world.required.pk

    page = client.get(response["Location"])
    html = page.content.decode()
    assert f"Đã tiếp nhận hồ sơ {dossier.code}" in html
    assert reverse("dossiers:slip", args=[dossier.pk, "receipt"]) in html
    # A second click afterwards changes nothing and lands on the same page.
    again = client.post(draft_url(dossier), {"nhan": [str(world.required.pk)]})
    assert again.status_code == 302
    assert DossierEvent.objects.filter(dossier=dossier, action=Action.RECEIVE).count() == 1


def test_after_reception_the_receipt_link_follows_the_message_and_has_the_focus(client, world):
    dossier = walk_in(world)
    client.force_login(world.home.desk)
    response = client.post(
        draft_url(dossier),
        {"nhan": [str(world.required.pk)], "delivery_channel": "desk", "do": "receive"},
        follow=True,
    )

    html = response.content.decode()
    receipt = reverse("dossiers:slip", args=[reload(dossier).pk, "receipt"])
    message = html.index("Đã tiếp nhận hồ sơ")
    link = re.search(r"<a [^>]*data-testid=\"receipt-now\"[^>]*>([^<]*)</a>", html)
    assert link and f'href="{receipt}"' in link.group(0)
    assert link.group(1) == "Mở giấy tiếp nhận để in (Mẫu 01, PDF)"
    assert html.index("autofocus") > message  # the first thing focused on the page
    assert html.index("autofocus") == html.index("autofocus", link.start())
    described_by = re.search(r'aria-describedby="([^"]+)"', link.group(0)).group(1)
    assert re.search(rf'<p id="{described_by}">Đã tiếp nhận hồ sơ', html)
    # Once read, the message and its link are gone; the receipt stays in the slips list.
    again = client.get(response.request["PATH_INFO"]).content.decode()
    assert 'data-testid="receipt-now"' not in again and receipt in again


def test_the_return_by_post_is_saved_with_the_address(client, world):
    dossier = walk_in(world)
    client.force_login(world.home.desk)
    refused = client.post(
        draft_url(dossier), {"nhan": [str(world.required.pk)], "delivery_channel": "post"}
    )
    assert refused.status_code == 400
    assert reload(dossier).state == State.DRAFT
    assert "Cần nhập địa chỉ nhận kết quả qua bưu chính." in refused.content.decode()
    client.post(
        draft_url(dossier),
        {
            "nhan": [str(world.required.pk)],
            "delivery_channel": "post",
            "delivery_address": "12 Hòa Bình, Ninh Kiều",
        },
    )
    dossier = reload(dossier)
    assert dossier.state == State.RECEIVED
    assert (dossier.delivery_channel, dossier.delivery_address) == (
        "post",
        "12 Hòa Bình, Ninh Kiều",
    )


def test_missing_required_papers_are_listed_and_nothing_is_lost(client, world):
    dossier = walk_in(world)
    client.force_login(world.home.desk)
    response = client.post(
        draft_url(dossier),
        {
            "nhan": [str(world.optional.pk)],
            f"ban-{world.optional.pk}": "certified",
            f"tep-{world.optional.pk}": pdf("uy-quyen.pdf"),
            "delivery_channel": "desk",
            "do": "receive",
        },
    )
    assert response.status_code == 400
    dossier = reload(dossier)
    assert dossier.state == State.DRAFT and not dossier.code
    assert not DossierEvent.objects.filter(dossier=dossier).exists()
    # The scan is kept; the ticks and copies come back as sent; the missing list is clear.
    assert [f.original_name for f in dossier.files.all()] == ["uy-quyen.pdf"]
    assert [c.pk for c in response.context["missing"]] == [world.required.pk]
    html = response.content.decode()
    assert "Còn thiếu thành phần bắt buộc" in html
    assert "Giấy đề nghị đăng ký" in html
    assert f'id="nhan-{world.optional.pk}" data-component="{world.optional.pk}"' in html
    kept = f'id="ban-{world.optional.pk}-certified" data-component="{world.optional.pk}" checked'
    assert kept in html
    assert "uy-quyen.pdf" in html
    assert "Lập phiếu yêu cầu hoàn thiện (Mẫu 02)" in html

    # The completion path: the request (Mẫu 02) lists the missing paper.
    response = client.post(
        draft_url(dossier),
        {"nhan": [str(world.optional.pk)], "delivery_channel": "desk", "do": "completion"},
    )
    assert response.status_code == 302
    dossier = reload(dossier)
    assert dossier.state == State.COMPLETION_REQUESTED
    asked = DossierEvent.objects.get(dossier=dossier, action=Action.REQUEST_COMPLETION)
    assert asked.data["missing"] == ["Giấy đề nghị đăng ký"]
    page = client.get(response["Location"]).content.decode()
    assert reverse("dossiers:slip", args=[dossier.pk, "completion"]) in page


def test_a_bad_scan_is_refused_alone_and_the_good_one_kept(client, world):
    dossier = walk_in(world)
    client.force_login(world.home.desk)
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = client.post(
        draft_url(dossier),
        {
            "nhan": [str(world.required.pk)],
            f"tep-{world.required.pk}": pdf("giay-de-nghi.pdf"),
            f"tep-{world.optional.pk}": bad,
            "delivery_channel": "desk",
        },
    )
    assert response.status_code == 400
    dossier = reload(dossier)
    assert dossier.state == State.DRAFT
    assert [f.original_name for f in dossier.files.all()] == ["giay-de-nghi.pdf"]
    assert f'id="tep-{world.optional.pk}_error"' in response.content.decode()


# ---- The service: copies at reception -----------------------------------------------------------


def test_dossier_receive_accepts_copy_kinds_and_refuses_unknown_ones(world):
    dossier = walk_in(world)
    services.dossier_submit(dossier_id=dossier.pk, actor=world.home.desk)
    with pytest.raises(BadInput) as refused:
        services.dossier_receive(
            dossier_id=dossier.pk,
            actor=world.home.desk,
            checklist={str(world.required.pk): "scan"},
        )
    assert "loại bản giấy tờ không hợp lệ" in str(refused.value.fields["checklist"])
    services.dossier_receive(
        dossier_id=dossier.pk,
        actor=world.home.desk,
        checklist={str(world.required.pk): "original", str(world.optional.pk): True},
    )
    event = DossierEvent.objects.get(dossier_id=dossier.pk, action=Action.RECEIVE)
    assert event.data == {
        "checklist": sorted([str(world.required.pk), str(world.optional.pk)]),
        "copies": {str(world.required.pk): "original"},
    }
