"""The online declaration of a draft (services.declaration_save), checked and printed when the
dossier is sent: the PDF read back carries the answers; a dossier keeps its form when the
catalog's form changes; only the applicant (and the desk) may fill it, only while a draft."""

import copy
import datetime
import io

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from dossiers import services
from dossiers.errors import BadInput, Conflict, NotFound
from dossiers.models import DeclarationAnswers
from dossiers.states import State
from procedures.demo.seed import seed_demo
from procedures.models import Component, VersionLocked
from procedures.services import version_new_draft
from tests.dossiers import declaring

EXAMPLE, NOW = declaring.EXAMPLE, declaring.NOW
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def citizen(db):
    seed_demo(password="x")
    return get_user_model().objects.get(username="citizen")


def birth_draft(citizen):
    return declaring.birth_draft(citizen, applicant_id_number="092090001234")[0]


def form_component(dossier):
    return dossier.version.components.get(form__isnull=False)


def attach_other_papers(dossier, citizen):
    for component in dossier.version.components.filter(required=True, present_only=False):
        if component.form:
            continue
        services.dossier_attach_file(
            dossier_id=dossier.pk,
            actor=citizen,
            upload=SimpleUploadedFile("giay.pdf", PDF, "application/pdf"),
            component_id=component.pk,
        )


def sent_with_example(citizen):
    """A birth draft with its other papers and the example answers, sent."""
    dossier = birth_draft(citizen)
    attach_other_papers(dossier, citizen)
    component = form_component(dossier)
    services.declaration_save(
        dossier_id=dossier.pk, actor=citizen, component_id=component.pk, answers=EXAMPLE
    )
    return services.dossier_submit(dossier_id=dossier.pk, actor=citizen), component


def page_answers(page):
    keys = {
        "nguoi_yeu_cau": ["nyc_ho_ten", "nyc_ngay_sinh", "nyc_so_dinh_danh", "nyc_quan_he"],
        "nguoi_duoc_khai_sinh": [k for k in EXAMPLE if k.startswith("tre_")],
        "cha_me": [
            "cha_me",
            "cha_me_da_ket_hon",
            "gcnkh_so",
            "gcnkh_quyen_so",
            "gcnkh_ngay",
            "gcnkh_noi",
        ],  # fmt: skip
        "ban_sao": ["cap_ban_sao", "so_ban_sao", "cam_doan"],
    }[page]
    return {key: copy.deepcopy(EXAMPLE[key]) for key in keys}


def test_answers_are_kept_page_by_page_with_the_errors_of_the_whole_form(citizen):
    dossier = birth_draft(citizen)
    component = form_component(dossier)

    row, errors = services.declaration_save(
        dossier_id=dossier.pk,
        actor=citizen,
        component_id=component.pk,
        page="nguoi_yeu_cau",
        answers={**page_answers("nguoi_yeu_cau"), "nyc_so_dinh_danh": "123"},
    )
    assert row.answers["nyc_ho_ten"] == "Nguyễn Văn An"
    assert row.answers["nyc_so_dinh_danh"] == "123"  # kept as typed, to be corrected
    assert not row.complete
    assert "/nyc_so_dinh_danh" in [e["pointer"] for e in errors]
    assert "/tre_ho_ten" in [e["pointer"] for e in errors]  # other pages: still to fill

    row, _errors = services.declaration_save(
        dossier_id=dossier.pk,
        actor=citizen,
        component_id=component.pk,
        page="nguoi_duoc_khai_sinh",
        answers={**page_answers("nguoi_duoc_khai_sinh"), "nyc_ho_ten": "not this page"},
    )
    assert row.answers["nyc_ho_ten"] == "Nguyễn Văn An"  # another page's answers stay
    assert row.answers["tre_ho_ten"] == "Nguyễn Minh Khôi"


def test_a_hidden_section_keeps_what_was_typed_until_sent(citizen):
    dossier = birth_draft(citizen)
    component = form_component(dossier)
    save = dict(dossier_id=dossier.pk, actor=citizen, component_id=component.pk, page="cha_me")

    services.declaration_save(**save, answers=page_answers("cha_me"))
    row, _e = services.declaration_save(
        **save, answers={**page_answers("cha_me"), "cha_me_da_ket_hon": False}
    )

    assert row.answers["gcnkh_so"] == "125/2019"  # ticking the box again brings it back


def test_only_the_applicant_fills_in_their_draft(citizen):
    dossier = birth_draft(citizen)
    other = get_user_model().objects.get(username="citizen2")
    officer = get_user_model().objects.get(username="specialist")
    for actor in (other, officer):
        with pytest.raises(NotFound):
            services.declaration_save(
                dossier_id=dossier.pk,
                actor=actor,
                component_id=form_component(dossier).pk,
                answers={},
            )


def test_a_component_without_a_form_or_a_foreign_one_is_refused(citizen):
    dossier = birth_draft(citizen)
    plain = dossier.version.components.filter(form__isnull=True).first()
    foreign = Component.objects.filter(form__isnull=False).exclude(version=dossier.version).first()
    for component_id in (plain.pk, foreign.pk, "x"):
        with pytest.raises(BadInput) as error:
            services.declaration_save(
                dossier_id=dossier.pk, actor=citizen, component_id=component_id, answers={}
            )
        assert "component" in error.value.fields


def test_submission_needs_the_declaration_and_says_what_is_wrong(citizen):
    dossier = birth_draft(citizen)
    attach_other_papers(dossier, citizen)

    with pytest.raises(BadInput) as error:
        services.dossier_submit(dossier_id=dossier.pk, actor=citizen)
    assert error.value.fields["declarations"] == ["Tờ khai đăng ký khai sinh: chưa kê khai."]

    answers = copy.deepcopy(EXAMPLE)
    del answers["tre_que_quan"]
    services.declaration_save(
        dossier_id=dossier.pk, actor=citizen, component_id=form_component(dossier).pk,
        answers=answers,
    )  # fmt: skip
    with pytest.raises(BadInput) as error:
        services.dossier_submit(dossier_id=dossier.pk, actor=citizen)
    assert error.value.fields["declarations"] == ["Tờ khai đăng ký khai sinh: Cần điền “Quê quán”."]
    dossier.refresh_from_db()
    assert dossier.state == State.DRAFT and not dossier.code


def test_the_sent_declaration_is_printed_with_the_answers_and_the_code(citizen):
    dossier = birth_draft(citizen)
    attach_other_papers(dossier, citizen)
    component = form_component(dossier)
    services.declaration_save(
        dossier_id=dossier.pk, actor=citizen, component_id=component.pk, answers=EXAMPLE
    )

    sent = services.dossier_submit(dossier_id=dossier.pk, actor=citizen)

    row = DeclarationAnswers.objects.get(dossier=sent)
    assert row.complete and row.pdf.component_id == component.pk
    with row.pdf.file.open("rb") as handle:
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)
    text = " ".join(text.split())
    for expected in (
        "TỜ KHAI ĐĂNG KÝ KHAI SINH",
        "Kính gửi",
        "Nguyễn Minh Khôi",
        "20/11/2026",
        "hai nghìn không trăm hai mươi sáu",
        "Trần Thị Bình",
        "Phường Cái Khế",
        "125/2019",
        sent.code,
    ):
        assert expected in text, expected
    assert "Nữ" not in text.split("Giới tính")[1][:10]  # the child's: Nam


def test_a_dossier_keeps_its_form_when_the_catalog_changes_it(citizen):
    dossier, component = sent_with_example(citizen)
    changed = copy.deepcopy(component.form)
    changed["title"] = "Tờ khai đăng ký khai sinh (mẫu mới)"

    component.refresh_from_db()
    component.form = changed
    with pytest.raises(VersionLocked):
        component.save()  # the version is locked: a published form never changes

    draft = version_new_draft(
        procedure_id=dossier.procedure_id, effective_from=datetime.date(2027, 1, 1)
    )
    new_component = draft.components.get(form__isnull=False)
    new_component.form = changed
    new_component.save()

    row = DeclarationAnswers.objects.select_related("component").get(dossier=dossier)
    assert row.component.form["title"] == "Tờ khai đăng ký khai sinh"
    assert row.component.version_id == dossier.version_id


def test_nothing_changes_once_sent(citizen):
    dossier, component = sent_with_example(citizen)

    with pytest.raises(Conflict):
        services.declaration_save(
            dossier_id=dossier.pk, actor=citizen, component_id=component.pk, answers={}
        )


def test_officers_find_the_dossier_by_its_declared_answers(citizen):
    from workspaces.desk.queries import desk_queue

    dossier, _component = sent_with_example(citizen)
    officer = get_user_model().objects.get(username="officer")

    def found(query):
        return list(desk_queue(officer, q=query).values_list("pk", flat=True))

    assert found("minh khoi") == [dossier.pk]  # the child's name, accents forgiven
    assert found("092192005678") == [dossier.pk]  # the mother's identity number
    assert found("20/11/2026") == [dossier.pk]  # the birth date as written
    assert found("Tran Thi Binh") == [dossier.pk]
    assert found("Nguyễn Thị Không Có") == []
