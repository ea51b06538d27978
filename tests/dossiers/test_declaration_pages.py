"""The declaration's pages (dossiers.pages.declare): one page at a time, saved whatever the
button, errors beside their fields with a summary, groups that grow and shrink, prefill from
the profile marked as such, and only for the applicant's own draft."""

import copy

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from citizens.demo import seed_demo
from citizens.models import Profile
from dossiers import services
from dossiers.models import DeclarationAnswers
from dossiers.pages.declare import answers_from_post
from tests.dossiers.declaring import DEFINITION, EXAMPLE, NOW, birth_draft


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def setup(db):
    seed_demo(password="x")
    dossier, component = birth_draft()
    citizen = dossier.applicant
    client = Client()
    client.force_login(citizen)
    return citizen, dossier, component, client


def url(dossier, component, page=None):
    if page is None:
        return reverse("dossiers:declaration_start", args=[dossier.pk, component.pk])
    return reverse("dossiers:declaration", args=[dossier.pk, component.pk, page])


def test_the_first_visit_prefills_from_the_profile_and_marks_it(setup):
    citizen, dossier, component, client = setup
    profile = Profile.objects.get(user=citizen)

    response = client.get(url(dossier, component))

    assert response.status_code == 302
    assert response["Location"] == url(dossier, component, "nguoi_yeu_cau")
    row = DeclarationAnswers.objects.get(dossier=dossier)
    assert row.answers["nyc_ho_ten"] == citizen.get_full_name()
    assert row.answers["nyc_so_dinh_danh"] == profile.id_number
    assert row.prefilled["nyc_ho_ten"] == "profile"
    page = client.get(response["Location"]).content.decode()
    assert "Điền sẵn từ hồ sơ cá nhân" in page
    assert f'value="{citizen.get_full_name()}"' in page


def test_a_page_with_errors_comes_back_with_them_and_keeps_what_was_typed(setup):
    _citizen, dossier, component, client = setup
    client.get(url(dossier, component))

    response = client.post(
        url(dossier, component, "nguoi_duoc_khai_sinh"),
        {
            "action": "next",
            "tre_ho_ten": "Nguyễn Minh Khôi",
            "tre_ngay_sinh": "2027-05-01",
            "tre_gioi_tinh": "nam",
            "tre_noi_sinh__province_code": "92",
            "tre_noi_sinh__ward_code": "31120",
        },
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Vui lòng kiểm tra lại thông tin" in html
    assert "“Ngày, tháng, năm sinh” không được sau ngày hôm nay." in html
    assert "Cần điền “Dân tộc”." in html
    assert 'href="#f-tre_dan_toc"' in html and 'id="f-tre_dan_toc"' in html
    row = DeclarationAnswers.objects.get(dossier=dossier)
    assert row.answers["tre_ho_ten"] == "Nguyễn Minh Khôi"  # saved all the same
    assert row.answers["tre_noi_sinh"] == {"province": 92, "ward": 31120}


def test_a_clean_page_goes_on_and_the_last_back_to_the_draft(setup):
    _citizen, dossier, component, client = setup
    post = {"action": "next", "tre_noi_sinh__province_code": "92",
            "tre_noi_sinh__ward_code": "31120", "tre_noi_sinh__street": "106 CMT8"}  # fmt: skip
    post.update({k: v for k, v in EXAMPLE.items() if k.startswith("tre_") and k != "tre_noi_sinh"})

    response = client.post(url(dossier, component, "nguoi_duoc_khai_sinh"), post)

    assert response.status_code == 302
    assert response["Location"] == url(dossier, component, "cha_me")
    response = client.post(url(dossier, component, "ban_sao"), {"action": "next", "cam_doan": "1"})
    assert response["Location"].endswith(reverse("dossiers:draft", args=[dossier.pk]) + "#to-khai")


def test_a_group_grows_and_shrinks_and_its_rows_are_answers(setup):
    _citizen, dossier, component, client = setup
    page = url(dossier, component, "cha_me")
    first = {"cha_me__count": "1", "cha_me__0__quan_he": "me", "cha_me__0__ho_ten": "Trần Thị Bình"}

    response = client.post(page, {**first, "action": "add:cha_me"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="cha_me__1__ho_ten"' in html and 'value="2"' in html

    both = {**first, "cha_me__count": "2", "cha_me__1__quan_he": "cha",
            "cha_me__1__ho_ten": "Nguyễn Văn An"}  # fmt: skip
    client.post(page, {**both, "action": "refresh"})
    assert [r["ho_ten"] for r in DeclarationAnswers.objects.get().answers["cha_me"]] == [
        "Trần Thị Bình",
        "Nguyễn Văn An",
    ]
    client.post(page, {**both, "action": "remove:cha_me:0"})
    assert [r["ho_ten"] for r in DeclarationAnswers.objects.get().answers["cha_me"]] == [
        "Nguyễn Văn An"
    ]


def test_a_conditional_section_appears_once_its_box_is_ticked(setup):
    _citizen, dossier, component, client = setup
    page = url(dossier, component, "cha_me")

    before = client.get(page).content.decode()
    client.post(page, {"action": "refresh", "cha_me_da_ket_hon": "1"})
    after = client.get(page).content.decode()

    assert 'name="gcnkh_so"' not in before
    assert 'name="gcnkh_so"' in after


def test_the_draft_and_the_review_show_the_declaration(setup):
    _citizen, dossier, component, client = setup
    draft = client.get(reverse("dossiers:draft", args=[dossier.pk])).content.decode()
    assert "Tờ khai điện tử" in draft and "Chưa kê khai" in draft

    services.declaration_save(
        dossier_id=dossier.pk, actor=_citizen, component_id=component.pk,
        answers=copy.deepcopy(EXAMPLE),
    )  # fmt: skip
    review = client.get(reverse("dossiers:review", args=[dossier.pk])).content.decode()
    assert "Nguyễn Minh Khôi" in review and "20/11/2026" in review
    assert "Phường Cái Khế" in review
    assert "chưa kê khai đủ" not in review


def test_someone_else_cannot_open_or_fill_the_draft_declaration(setup):
    _citizen, dossier, component, _client = setup
    other = Client()
    other.force_login(get_user_model().objects.get(username="citizen2"))
    officer = Client()
    officer.force_login(get_user_model().objects.get(username="officer"))

    for client in (other, officer, Client()):
        get = client.get(url(dossier, component, "nguoi_yeu_cau"))
        post = client.post(url(dossier, component, "nguoi_yeu_cau"), {"nyc_ho_ten": "X"})
        assert get.status_code in (302, 404) and post.status_code in (302, 404)
    assert not DeclarationAnswers.objects.filter(answers__nyc_ho_ten="X").exists()


def test_an_unknown_page_or_component_is_404(setup):
    _citizen, dossier, component, client = setup
    assert client.get(url(dossier, component, "khong-co")).status_code == 404
    plain = dossier.version.components.filter(form__isnull=True).first()
    assert client.get(url(dossier, plain)).status_code == 404


def test_posted_fields_become_typed_answers():
    from django.http import QueryDict

    post = QueryDict(mutable=True)
    post.update({"so_ban_sao": "2", "cam_doan": "1"})
    answers = answers_from_post(DEFINITION, "ban_sao", post)
    assert answers == {"cap_ban_sao": False, "so_ban_sao": 2, "cam_doan": True}
    post["so_ban_sao"] = "hai"
    assert answers_from_post(DEFINITION, "ban_sao", post)["so_ban_sao"] == "hai"
