"""The draft result printed from the template (`services.dossier_draft_result`): a real A4 PDF
that, read back, says what the dossier says (national header, competent agency, code,
applicant, procedure, the substance typed by the specialist, place and date, the leader's
signature caption) and is not blank; kept as an internal paper of the dossier for the
specialists and heads of the unit while it is in progress, nobody else and at no other time;
and on the appraisal page: printed, listed with the papers, submitted for approval with it."""

import io
import re

import pypdf
import pytest
from django.urls import reverse

from dossiers import services
from dossiers.errors import BadInput, Conflict, NotAllowed, NotFound
from dossiers.models import DossierFile, FileKind
from dossiers.states import Action, State
from tests.dossiers.helpers import dossier_in, events, reload
from tests.dossiers.test_slips import NATIONAL, dark_share, page_size_mm, pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_monday")]

GRANTED = "Cấp Giấy chứng nhận đăng ký hộ kinh doanh cho hộ kinh doanh Tiệm may Ánh Dương."
REASONS = "Ngành nghề đăng ký thuộc danh mục cấm kinh doanh theo Luật Đầu tư."
EMPTY_BODY = (
    "Cần nhập nội dung của dự thảo: nội dung được giải quyết, hoặc lý do từ chối giải quyết."
)


def content_of(stored: DossierFile) -> bytes:
    with stored.file.open("rb") as handle:
        return handle.read()


def papers(dossier):
    return list(DossierFile.objects.filter(dossier_id=dossier.pk, kind=FileKind.ATTACHMENT))


def draft(dossier, actor, outcome="approved", body=GRANTED):
    return services.dossier_draft_result(
        dossier_id=dossier.pk, actor=actor, outcome=outcome, body=body
    )


# ---- The PDF --------------------------------------------------------------------------------


def test_the_draft_decision_prints_the_dossier_and_the_substance(world):
    dossier = dossier_in(world, State.IN_PROGRESS)
    body = f"{GRANTED}\nĐịa điểm kinh doanh: số 12 đường Hòa Bình, phường Ninh Kiều."

    stored = draft(dossier, world.home.specialist, body=body)

    assert stored.kind == FileKind.ATTACHMENT
    assert stored.uploaded_by == world.home.specialist
    assert stored.original_name == f"du-thao-ket-qua-{dossier.code}.pdf"
    assert stored.content_type == "application/pdf"
    content = content_of(stored)
    assert content.startswith(b"%PDF-")
    assert page_size_mm(content) == (210, 297)  # A4 portrait
    assert dark_share(content) > 0.005, "the first page is blank"
    text = pdf_text(content)
    expected = [
        *NATIONAL,
        "DỰ THẢO",
        "VĂN BẢN GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH",
        world.home.committee.name.upper(),  # the competent agency issues it
        f"Mã hồ sơ: {dossier.code}",
        "Kính gửi: Ông/Bà Nguyễn Văn An",
        world.procedure.current_version.name,
        GRANTED,
        "Địa điểm kinh doanh: số 12 đường Hòa Bình, phường Ninh Kiều.",
        "Cần Thơ, ngày 09 tháng 03 năm 2026",
        "THỦ TRƯỞNG CƠ QUAN",
        "(Ký, ghi rõ họ tên và đóng dấu)",
        f"Lưu: VT, hồ sơ {dossier.code}",
    ]
    missing = [item for item in expected if item not in text]
    assert not missing, f"not in the PDF: {missing}\n---\n{text}"
    assert "từ chối giải quyết" not in text
    assert len(pypdf.PdfReader(io.BytesIO(content)).pages) == 1


def test_the_draft_denial_prints_the_reasons(world):
    dossier = dossier_in(world, State.IN_PROGRESS)

    stored = draft(dossier, world.home.head, outcome="denied", body=REASONS)

    assert stored.original_name == f"du-thao-tu-choi-{dossier.code}.pdf"
    assert stored.uploaded_by == world.home.head
    text = pdf_text(content_of(stored))
    for item in (
        "VĂN BẢN TỪ CHỐI GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH",
        "từ chối giải quyết hồ sơ với lý do sau:",
        REASONS,
        "khiếu nại, khởi kiện",
        dossier.code,
        "Nguyễn Văn An",
        "THỦ TRƯỞNG CƠ QUAN",
    ):
        assert item in text, f"{item!r} not in {text}"


# ---- Who, when and what ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "side", "error"),
    [
        ("desk", "home", NotAllowed),
        ("citizen", "home", NotAllowed),
        ("leader", "home", NotAllowed),
        ("specialist", "away", NotFound),
        ("head", "away", NotFound),
    ],
)
def test_only_the_units_specialists_and_heads_draft_the_result(world, who, side, error):
    dossier = dossier_in(world, State.IN_PROGRESS)
    actor = world.citizen if who == "citizen" else getattr(getattr(world, side), who)

    with pytest.raises(error):
        draft(dossier, actor)

    assert papers(dossier) == []


@pytest.mark.parametrize("state", [State.RECEIVED, State.PENDING_APPROVAL])
@pytest.mark.parametrize("who", ["specialist", "head"])
def test_the_result_is_drafted_only_while_in_progress(world, state, who):
    """Pending approval, a head may still upload the final result (`UPLOAD_STATES`), but the
    draft from the template belongs to the appraisal."""
    dossier = dossier_in(world, state)

    with pytest.raises(Conflict) as refused:
        draft(dossier, getattr(world.home, who))

    assert "đang xử lý" in str(refused.value.message)
    assert papers(dossier) == []


@pytest.mark.parametrize(
    ("outcome", "body", "field", "message"),
    [
        ("approved", "", "body", EMPTY_BODY),
        ("denied", "   \n  ", "body", EMPTY_BODY),
        ("approved", "x" * 5001, "body", "tối đa 5.000 ký tự (hiện có 5001)"),
        ("granted", GRANTED, "outcome", "Cần chọn loại dự thảo"),
    ],
)
def test_a_draft_without_substance_is_refused_and_nothing_is_kept(
    world, outcome, body, field, message
):
    dossier = dossier_in(world, State.IN_PROGRESS)

    with pytest.raises(BadInput) as refused:
        draft(dossier, world.home.specialist, outcome=outcome, body=body)

    assert message in " ".join(str(text) for text in refused.value.fields[field])
    assert papers(dossier) == []


def test_the_longest_body_allowed_is_printed(world):
    dossier = dossier_in(world, State.IN_PROGRESS)
    body = "\n".join(["Nội dung giải quyết của hồ sơ."] * 160)[:5000]

    stored = draft(dossier, world.home.specialist, body=body)

    assert len(pypdf.PdfReader(io.BytesIO(content_of(stored))).pages) >= 2
    assert "Nội dung giải quyết của hồ sơ." in pdf_text(content_of(stored))


# ---- The appraisal page ------------------------------------------------------------------------


def page_of(dossier):
    return reverse("workspaces:work_dossier", args=[dossier.pk])


def act(dossier, slug):
    return reverse("workspaces:work_act", args=[dossier.pk, slug])


def test_the_specialist_prints_the_draft_then_submits_it_for_approval(client, world):
    dossier = dossier_in(world, State.IN_PROGRESS)
    client.force_login(world.home.specialist)
    page = client.get(page_of(dossier))
    html = page.content.decode()
    assert "Tạo dự thảo kết quả từ mẫu" in html
    assert page.context["forms"].get("draft") is not None
    assert act(dossier, "du-thao-ket-qua") in html

    response = client.post(
        act(dossier, "du-thao-ket-qua"), {"draft-outcome": "approved", "draft-body": GRANTED}
    )

    assert response.status_code == 302
    stored = dossier.files.get(kind=FileKind.ATTACHMENT)
    assert GRANTED in pdf_text(content_of(stored))
    page = client.get(page_of(dossier))
    html = page.content.decode()
    assert f"Đã tạo dự thảo kết quả “{stored.original_name}” cho hồ sơ {dossier.code}" in html
    assert [p["file"].pk for p in page.context["papers"]] == [stored.pk]
    assert reverse("workspaces:work_file", args=[dossier.pk, stored.pk]) in html
    submit = page.context["forms"]["submit"]
    assert submit.initial["files"] == [str(stored.pk)]  # a fresh paper comes ticked
    assert (str(stored.pk), stored.original_name) in submit.fields["files"].choices

    sent = client.post(
        act(dossier, "trinh-phe-duyet"),
        {"submit-files": [str(stored.pk)], "submit-note": "Đủ điều kiện cấp."},
    )

    assert sent.status_code == 302
    assert reload(dossier).state == State.PENDING_APPROVAL
    event = events(dossier)[-1]
    assert event.action == Action.SUBMIT_FOR_APPROVAL
    assert list(event.files.all()) == [stored]
    # Pending approval: no more drafts from the template, and a stale form answers 409.
    assert client.get(page_of(dossier)).context["forms"].get("draft") is None
    late = client.post(
        act(dossier, "du-thao-ket-qua"), {"draft-outcome": "approved", "draft-body": GRANTED}
    )
    assert late.status_code == 409
    assert dossier.files.filter(kind=FileKind.ATTACHMENT).count() == 1


def test_an_empty_body_answers_400_with_the_message_and_keeps_the_choice(client, world):
    dossier = dossier_in(world, State.IN_PROGRESS)
    client.force_login(world.home.head)

    response = client.post(
        act(dossier, "du-thao-ket-qua"), {"draft-outcome": "denied", "draft-body": "  "}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert EMPTY_BODY in html
    assert 'id="draft-errors"' in html
    form = response.context["forms"].get("draft")
    assert form.errors["body"] == [EMPTY_BODY]
    assert re.search(r'<input[^>]*value="denied"[^>]*checked', html)  # the choice kept
    assert not dossier.files.filter(kind=FileKind.ATTACHMENT).exists()


@pytest.mark.parametrize(
    ("who", "side", "status"),
    [("leader", "home", 403), ("specialist", "away", 404), ("desk", "home", 403)],
)
def test_the_page_refuses_others(client, world, who, side, status):
    dossier = dossier_in(world, State.IN_PROGRESS)
    client.force_login(getattr(getattr(world, side), who))
    if status == 403 and who == "leader":
        assert client.get(page_of(dossier)).context["forms"].get("draft") is None

    response = client.post(
        act(dossier, "du-thao-ket-qua"), {"draft-outcome": "approved", "draft-body": GRANTED}
    )

    assert response.status_code == status
    assert not dossier.files.filter(kind=FileKind.ATTACHMENT).exists()


def test_a_citizen_cannot_reach_the_form(client, world):
    dossier = dossier_in(world, State.IN_PROGRESS)
    client.force_login(world.citizen)

    response = client.post(
        act(dossier, "du-thao-ket-qua"), {"draft-outcome": "approved", "draft-body": GRANTED}
    )

    assert response.status_code == 403
    assert not dossier.files.filter(kind=FileKind.ATTACHMENT).exists()
