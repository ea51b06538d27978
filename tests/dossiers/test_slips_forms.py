"""The slips against the circulars' forms (issue 12): Mẫu 01 on one A4 page with eight
components, its register book and number filled from the register, its copies labelled;
Mẫu 02 with the receiving unit, the form's opening words, the quantities of each paper asked
for and the officer to contact, and no word on the clock before reception; Mẫu 04 numbered,
with its "Nơi nhận", the signer's real title and the applicant's e-mail. Each is read back
and its pages rendered to images to catch empty or overflowing output."""

import io

import pypdf
import pytest

from dossiers import services
from dossiers.slips import render as slip_render
from dossiers.slips.legal_forms import Form
from dossiers.slips.register import register_entry
from dossiers.states import Action, State
from procedures.models import Membership, Role
from tests.dossiers.helpers import at, dossier_in, fire, submitted
from tests.dossiers.test_slips import assert_printed, dark_share, keep, pdf_text, rendered
from tests.factories import ComponentFactory

pytestmark = pytest.mark.usefixtures("frozen_monday")


def pages(content: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(content)).pages)


def eight_papers(world):
    """The world's procedure with eight components, long names as catalogs have them."""
    for order in range(3, 9):
        ComponentFactory(
            version=world.version,
            order=order,
            name=f"Giấy tờ số {order}: bản sao có chứng thực giấy tờ chứng minh quyền sử dụng "
            "địa điểm đặt trụ sở hộ kinh doanh",
            required=False,
            certified_copies=1,
        )


def received_with_all(world, **applicant):
    dossier = submitted(world, **applicant)
    checklist = {str(c.pk): True for c in world.version.components.all()}
    return services.dossier_receive(
        dossier_id=dossier.pk, actor=world.home.desk, checklist=checklist
    )


def test_the_receipt_with_eight_components_fits_one_page(world):
    eight_papers(world)
    dossier = received_with_all(world)

    _slip, content, text = rendered(dossier, Form.RECEIPT)

    assert pages(keep(content, "mau01-eight.pdf")) == 1
    assert text.count("Giấy tờ số ") == 6
    assert "NGƯỜI NỘP HỒ SƠ" in text and "NGƯỜI TIẾP NHẬN HỒ SƠ" in text
    assert dark_share(content) > 0.01


def test_the_receipt_names_its_register_book_and_number_and_its_copies(world, time_machine):
    first = received_with_all(world)
    second = received_with_all(world, applicant_name="Trần Thị Bình")

    assert register_entry(first) == ("01/2026", 1)
    assert register_entry(second) == ("01/2026", 2)
    _slip, content, text = rendered(second, Form.RECEIPT)
    assert_printed(content, text, "Quyển số: 01/2026", "Số thứ tự: 2")
    assert "……" not in text
    assert "Liên 1: lưu tại" in text and "Liên 2: giao người nộp hồ sơ" in text


def test_the_register_numbers_rows_as_the_receipts_do(world):
    from dossiers.slips.register import register_rows

    first = received_with_all(world)
    second = received_with_all(world)
    day = at("2026-03-09 09:00").date()

    rows = register_rows(world.home.centre, day, day)

    assert [(r["code"], r["index"]) for r in rows] == [(first.code, 1), (second.code, 2)]


def test_the_completion_request_follows_the_form(world):
    dossier = submitted(world)
    fire(
        Action.REQUEST_COMPLETION,
        dossier,
        world.home.desk,
        reason="Thiếu chữ ký.",
        missing=[world.required.name, "Bản sao hợp đồng thuê nhà"],
    )

    _slip, content, text = rendered(dossier, Form.COMPLETION)

    assert_printed(
        content,
        text,
        f"Bộ phận Một cửa: {world.home.centre.name}",
        "Tiếp nhận hồ sơ/yêu cầu của Ông/Bà: Nguyễn Văn An",
        "Bản chính Bản chứng thực Bản photo",
        f"1 {world.required.name} 1",  # its original, from the procedure
        "2 Bản sao hợp đồng thuê nhà",
        f"liên hệ với {world.home.desk.get_full_name()}, {world.home.centre.name}",
    )
    # No time limit runs before reception: nothing is said of the clock.
    assert "thời hạn giải quyết" not in text


def test_a_supplement_asked_during_processing_says_the_clock_stops(world):
    dossier = dossier_in(world, State.SUPPLEMENT_REQUESTED)

    _slip, content, text = rendered(dossier, Form.COMPLETION)

    assert_printed(content, text, "không tính vào thời hạn giải quyết hồ sơ")


def test_the_apology_is_numbered_addressed_and_signed_by_a_real_title(world):
    Membership.objects.filter(
        user=world.home.leader, agency=world.home.committee, role=Role.LEADER
    ).update(title="Phó Chủ tịch")
    first = dossier_in(world, State.IN_PROGRESS)
    second = dossier_in(world, State.IN_PROGRESS)
    for dossier in (first, second):
        fire(Action.RESCHEDULE, dossier, world.home.leader)

    _slip, content, text = rendered(second, Form.APOLOGY)

    assert_printed(
        content,
        text,
        "Số: 2/VBXL",
        "Thư điện tử: citizen-a@example.vn",
        "Nơi nhận:",
        "Như trên;",
        "PHÓ CHỦ TỊCH",
        world.home.leader.get_full_name(),
    )
    assert "THỦ TRƯỞNG CƠ QUAN" not in text and "……" not in text
    assert "Số: 1/VBXL" in rendered(first, Form.APOLOGY)[2]


def test_the_control_slip_has_handed_and_received_times_and_boxes_per_hand_over(world):
    dossier = dossier_in(world, State.PENDING_APPROVAL)

    content = slip_render.render_pdf(Form.CONTROL, dossier, None)
    text = pdf_text(keep(content, "control.pdf"))

    assert_printed(content, text, "1. Giao:", "2. Nhận:", "Người giao", "Người nhận")
    # The hand-over to the unit was taken when its specialist sent the dossier for approval.
    assert text.count("2. Nhận: ……") == 1  # only the last, the leader has not acted yet


def test_fifteen_rows_of_the_register_fit_a_landscape_page(world):
    from dossiers.slips.register import register_pdf

    for n in range(15):
        received_with_all(world, applicant_name=f"Người nộp số {n + 1}")
    day = at("2026-03-09 09:00").date()

    content = keep(register_pdf(world.home.centre, day, day), "register-15.pdf")

    assert pages(content) == 1
    text = pdf_text(content)
    assert "Người nộp số 15" in text and "SỔ THEO DÕI HỒ SƠ" in text
    assert dark_share(content) > 0.01


def test_the_register_prints_the_receipts_appointment_and_the_new_date_after_an_apology(world):
    from dossiers.slips.register import register_rows

    dossier = dossier_in(world, State.IN_PROGRESS)
    first_due = dossier.due_at
    fire(Action.RESCHEDULE, dossier, world.home.leader)
    day = at("2026-03-09 09:00").date()

    [row] = register_rows(world.home.centre, day, day)

    assert row["due"] == first_due and row["new_due"] > first_due


def test_the_register_counts_the_papers_each_receipt_lists(world, django_assert_num_queries):
    from dossiers.slips.register import papers_received, register_pdf, register_rows

    ComponentFactory(version=world.version, order=3, name="CCCD (xuất trình)", present_only=True)
    everything = received_with_all(world)
    dossier = submitted(world)
    required_only = services.dossier_receive(
        dossier_id=dossier.pk, actor=world.home.desk, checklist={str(world.required.pk): True}
    )
    day = at("2026-03-09 09:00").date()

    rows = {row["code"]: row for row in register_rows(world.home.centre, day, day)}

    # Shown and handed back, the identity card is not among the papers received.
    assert (rows[everything.code]["sets"], rows[everything.code]["papers"]) == (1, 2)
    assert rows[required_only.code]["papers"] == 1
    with django_assert_num_queries(3):
        papers_received([everything, required_only])
    text = pdf_text(register_pdf(world.home.centre, day, day))
    assert "(2 giấy tờ)" in text and "(1 giấy tờ)" in text


def test_beyond_eight_papers_the_signatures_never_go_alone_to_page_two(world):
    eight_papers(world)
    for order in range(9, 15):
        ComponentFactory(
            version=world.version,
            order=order,
            name=f"Giấy tờ số {order}: văn bản ủy quyền có chứng thực theo quy định",
            required=False,
            photocopies=1,
        )
    dossier = received_with_all(world)

    _slip, content, _text = rendered(dossier, Form.RECEIPT)

    reader = pypdf.PdfReader(io.BytesIO(keep(content, "mau01-fourteen.pdf")))
    assert len(reader.pages) == 2
    last = " ".join((reader.pages[1].extract_text() or "").split())
    # The end of the receipt moves as one block: the appointment travels with the signatures.
    assert "NGƯỜI NỘP HỒ SƠ" in last and "Thời gian trả kết quả" in last
    assert dark_share(content, page=1) > 0.005
