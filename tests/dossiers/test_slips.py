"""The official slips are real PDFs: each one, read back, says what the dossier says (code,
applicant, procedure, times in local time, appointment, components, reasons, signatures'
captions, the national header), its first page is not blank, the form set follows the date
of reception (Circular 01/2018 before the configured day, 03/2025 from it), rendering twice keeps
one slip, and the register of a receiving unit comes as PDF and as a spreadsheet."""

import datetime
import io
import os

import openpyxl
import pypdf
import pypdfium2
import pytest

from dossiers import services, slips
from dossiers.effects import EFFECTS, SLIP
from dossiers.effects.models import EffectRun
from dossiers.models import DossierEvent
from dossiers.services import slip_render as render_and_keep
from dossiers.slips import render as slip_render
from dossiers.slips.legal_forms import Form, Regime, regime_for
from dossiers.slips.models import DossierSlip
from dossiers.states import Action, State
from portal.celery import app
from tests.dossiers.helpers import at, dossier_in, fire, local, reload, submitted

pytestmark = pytest.mark.usefixtures("frozen_monday")

NATIONAL = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@pytest.fixture
def eager(settings, monkeypatch):
    """Tasks run in the process as soon as they are enqueued."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    monkeypatch.setitem(app.conf, "task_always_eager", True)


# ---- Reading a PDF back --------------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    """The text of every page, with runs of white space made single spaces."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def dark_share(content: bytes, page: int = 0) -> float:
    """The share of dark pixels of a page rendered at 50 dpi."""
    document = pypdfium2.PdfDocument(content)
    image = document[page].render(scale=50 / 72).to_pil().convert("L")
    pixels = image.tobytes()
    document.close()
    return sum(1 for value in pixels if value < 128) / len(pixels)


def page_size_mm(content: bytes) -> tuple[int, int]:
    box = pypdf.PdfReader(io.BytesIO(content)).pages[0].mediabox
    return round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)


def keep(content: bytes, name: str) -> bytes:
    """Set SLIPS_KEEP=<folder> to look at the PDFs the tests print."""
    folder = os.environ.get("SLIPS_KEEP")
    if folder:
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(content)
    return content


def rendered(dossier, form: Form) -> tuple[DossierSlip, bytes, str]:
    """Run the task for the newest event of the form; the stored slip, its PDF and text."""
    event = slip_render.event_for(dossier, form)
    assert event is not None, f"no event for {form}"
    render_and_keep(dossier_id=str(dossier.pk), form=form.value, event_id=event.pk)
    slip = DossierSlip.objects.get(dossier=dossier, form=form, event=event)
    with slip.file.open("rb") as handle:
        content = keep(handle.read(), f"{dossier.code}-{form.value}.pdf")
    return slip, content, pdf_text(content)


def words(moment) -> str:
    """ "09 giờ 00 phút, ngày 09 tháng 03 năm 2026" in local time."""
    moment = local(moment)
    return f"{moment:%H} giờ {moment:%M} phút, ngày {moment:%d} tháng {moment:%m} năm {moment:%Y}"


def assert_printed(content: bytes, text: str, *expected: str):
    missing = [item for item in expected if item not in text]
    assert not missing, f"not in the PDF: {missing}\n---\n{text}"
    assert content.startswith(b"%PDF-")
    assert page_size_mm(content) in {(210, 297), (297, 210)}  # A4
    assert dark_share(content) > 0.005, "the first page is blank"


# ---- Each form -----------------------------------------------------------------------------


def test_the_receipt_prints_the_dossier_its_components_times_and_how_to_track_it(world):
    dossier = dossier_in(world, State.RECEIVED)

    slip, content, text = rendered(dossier, Form.RECEIPT)

    assert slip.regime == Regime.TT03_2025
    assert_printed(
        content,
        text,
        *NATIONAL,
        "Mẫu số 01",
        "Thông tư số 03/2025/TT-VPCP",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        world.home.centre.name.upper(),
        world.home.committee.name.upper(),
        f"Mã hồ sơ: {dossier.code}",
        "Nguyễn Văn An",
        world.procedure.current_version.name,
        world.required.name,
        "3 ngày làm việc",
        f"Thời gian nhận hồ sơ: {words(dossier.received_at)}",
        "Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 12 tháng 03 năm 2026",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        world.home.desk.get_full_name(),
        "4 số cuối số điện thoại hoặc số định danh",
        "/tra-cuu/",
    )
    assert words(dossier.received_at) == "09 giờ 00 phút, ngày 09 tháng 03 năm 2026"
    assert local(dossier.due_at) == at("2026-03-12 17:00")
    assert world.optional.name not in text  # not handed in
    assert "Quyển số: 01/2026, Số thứ tự: 1" in text  # filled from the register


def test_the_receipt_carries_a_qr_code_of_the_public_tracking_link(world):
    dossier = dossier_in(world, State.RECEIVED)
    event = slip_render.event_for(dossier, Form.RECEIPT)

    context = slip_render.context_for(Form.RECEIPT, dossier, event)

    assert context["tracking_url"].endswith(f"/tra-cuu/?code={dossier.code}")
    assert context["qr"] == slip_render.qr_svg_uri(context["tracking_url"])
    assert context["qr"].startswith("data:image/svg+xml")
    assert context["qr"] in slip_render.render_html(Form.RECEIPT, dossier, event)


def test_the_completion_request_lists_every_missing_item_with_the_reason(world):
    dossier = dossier_in(world, State.SUBMITTED)
    fire(
        Action.REQUEST_COMPLETION,
        dossier,
        world.home.desk,
        reason="Giấy đề nghị chưa có chữ ký của chủ hộ.",
        missing=["Giấy đề nghị đăng ký (có chữ ký)", "Bản sao hợp đồng thuê nhà"],
    )

    _slip, content, text = rendered(reload(dossier), Form.COMPLETION)

    assert_printed(
        content,
        text,
        *NATIONAL,
        "Mẫu số 02",
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        f"Mã hồ sơ: {dossier.code}",
        "Nguyễn Văn An",
        world.procedure.current_version.name,
        "Giấy đề nghị đăng ký (có chữ ký)",
        "Bản sao hợp đồng thuê nhà",
        "Lý do: Giấy đề nghị chưa có chữ ký của chủ hộ.",
        f"Thời gian nộp hồ sơ: {words(dossier.official_reception_at)}",
        "NGƯỜI HƯỚNG DẪN",
        world.home.desk.get_full_name(),
    )


def test_the_refusal_gives_the_reasons_and_the_agency_that_is_competent(world):
    dossier = dossier_in(world, State.SUBMITTED)
    fire(
        Action.REFUSE,
        dossier,
        world.home.desk,
        reason="Địa điểm kinh doanh thuộc phường Cái Khế.",
        redirect_to=world.away.committee.code,
    )

    _slip, content, text = rendered(reload(dossier), Form.REFUSAL)

    assert_printed(
        content,
        text,
        *NATIONAL,
        "Mẫu số 03",
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        f"Mã hồ sơ: {dossier.code}",
        "Nguyễn Văn An",
        world.procedure.current_version.name,
        "Địa điểm kinh doanh thuộc phường Cái Khế.",
        f"{world.away.committee.name} (mã {world.away.committee.code})",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
    )


def test_the_apology_gives_the_reason_the_first_due_date_and_the_new_one(world):
    dossier = dossier_in(world, State.IN_PROGRESS)
    fire(
        Action.RESCHEDULE,
        dossier,
        world.home.head,
        new_date=datetime.date(2026, 3, 19),
        reason="Cần xác minh thêm tại địa phương.",
    )

    _slip, content, text = rendered(reload(dossier), Form.APOLOGY)

    assert_printed(
        content,
        text,
        *NATIONAL,
        "Mẫu số 04",
        "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        world.home.committee.name.upper(),
        "Kính gửi: Ông/Bà Nguyễn Văn An",
        f"mã hồ sơ {dossier.code}",
        world.procedure.current_version.name,
        "Ngày 09 tháng 03 năm 2026",
        "thời hạn trả kết quả ngày 12/03/2026",
        "Cần xác minh thêm tại địa phương.",
        "vào ngày 19/03/2026",
        "LÃNH ĐẠO",  # the signer's role where no title is recorded
        world.home.head.get_full_name(),
    )


def test_the_stop_notice_follows_the_withdrawal(world):
    dossier = dossier_in(world, State.STOPPED)

    _slip, content, text = rendered(dossier, Form.STOP)

    assert_printed(
        content,
        text,
        *NATIONAL,
        "Mẫu số 05",
        "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        f"Mã hồ sơ: {dossier.code}",
        "Nguyễn Văn An",
        world.procedure.current_version.name,
        "Căn cứ đề nghị rút hồ sơ của Ông/Bà ngày 09 tháng 03 năm 2026",
        "Không còn nhu cầu.",
        "Lý do: Người nộp xin rút hồ sơ.",
        world.home.desk.get_full_name(),
    )


def test_the_control_slip_has_a_row_per_hand_over_marked_early_on_time_or_late(
    world, time_machine, client
):
    dossier = dossier_in(world, State.IN_PROGRESS)  # received and transferred on Monday
    time_machine.move_to(at("2026-03-18 10:00"), tick=False)  # the 2-day appraisal is late
    fire(Action.SUBMIT_FOR_APPROVAL, dossier, world.home.specialist)
    fire(Action.APPROVE, dossier, world.home.leader)  # the leader's half day: early
    dossier = reload(dossier)

    content = keep(
        slip_render.render_pdf(Form.CONTROL, dossier, None), f"{dossier.code}-control.pdf"
    )
    text = pdf_text(content)

    handovers = DossierEvent.objects.filter(
        dossier=dossier,
        action__in=[Action.RECEIVE, Action.TRANSFER, Action.SUBMIT_FOR_APPROVAL, Action.APPROVE],
    )
    assert handovers.count() == 4
    assert_printed(
        content,
        text,
        *NATIONAL,
        "Mẫu số 06",
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        f"Mã hồ sơ: {dossier.code}",
        "Nguyễn Văn An",
        world.procedure.current_version.name,
        "TÊN CƠ QUAN",
        "THỜI GIAN GIAO, NHẬN HỒ SƠ",
        "KẾT QUẢ GIẢI QUYẾT HỒ SƠ",
        "Nguyễn Văn An (người nộp hồ sơ)",
        "Giao: 09 giờ 00 phút, ngày 09 tháng 03 năm 2026",
        "Giao: 10 giờ 00 phút, ngày 18 tháng 03 năm 2026",
        world.home.specialist.get_full_name(),
        world.home.leader.get_full_name(),
        "Quá hạn",
        "Trước hạn",
    )
    assert text.count("Giao: ") == 4
    timeliness = dict(handovers.values_list("action", "timeliness"))
    assert timeliness[Action.SUBMIT_FOR_APPROVAL] == "late"
    assert timeliness[Action.TRANSFER] == "early"


# ---- The two regimes ------------------------------------------------------------------------


def test_a_dossier_received_before_july_2025_gets_the_forms_of_circular_01_2018(
    world, time_machine
):
    time_machine.move_to(at("2025-06-10 09:00"), tick=False)  # a Tuesday
    dossier = dossier_in(world, State.RECEIVED)

    slip, content, text = rendered(dossier, Form.RECEIPT)

    assert regime_for(dossier) == Regime.TT01_2018
    assert slip.regime == Regime.TT01_2018
    assert_printed(
        content,
        text,
        *NATIONAL,
        "Mẫu số 01",
        "Thông tư số 01/2018/TT-VPCP",
        "Bộ phận tiếp nhận và trả kết quả",
        "Quyển số",
        "được lập thành 02 liên",
        f"Mã hồ sơ: {dossier.code}",
        "Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 10 tháng 06 năm 2025",
        "Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 13 tháng 06 năm 2025",
    )
    assert "03/2025" not in text


def test_under_circular_01_2018_the_control_slip_is_form_05_and_stopping_has_no_number(
    world, time_machine
):
    time_machine.move_to(at("2025-06-10 09:00"), tick=False)
    dossier = dossier_in(world, State.STOPPED)

    control = pdf_text(slip_render.render_pdf(Form.CONTROL, dossier, None))
    _slip, content, stop = rendered(dossier, Form.STOP)

    assert "Mẫu số 05" in control and "01/2018/TT-VPCP" in control
    assert_printed(content, stop, "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ")
    # Circular 01/2018 has no form for it: the notice does not claim to follow it.
    assert "Mẫu số" not in stop and "01/2018" not in stop


def test_the_regime_changes_on_the_configured_day(world, time_machine, settings):
    # Decree 118 took effect on 1 July 2025, but its circular was signed on 15 September:
    # the default switch is the earliest day that circular could take effect.
    assert settings.PORTAL_SLIPS_TT03_2025_FROM == datetime.date(2025, 10, 30)
    time_machine.move_to(at("2025-10-29 16:00"), tick=False)
    before = dossier_in(world, State.RECEIVED)
    time_machine.move_to(at("2025-10-30 08:00"), tick=False)
    after = dossier_in(world, State.RECEIVED)
    assert regime_for(before) == Regime.TT01_2018
    assert regime_for(after) == Regime.TT03_2025

    settings.PORTAL_SLIPS_TT03_2025_FROM = datetime.date(2025, 11, 1)  # as the circular says
    assert regime_for(after) == Regime.TT01_2018


# ---- Rendering after the commit, idempotently -----------------------------------------------


def test_rendering_twice_keeps_one_slip_and_one_file(world):
    dossier = dossier_in(world, State.RECEIVED)
    event = slip_render.event_for(dossier, Form.RECEIPT)

    render_and_keep(dossier_id=str(dossier.pk), form=Form.RECEIPT.value, event_id=event.pk)
    first = DossierSlip.objects.get()
    first_name = first.file.name
    render_and_keep(dossier_id=str(dossier.pk), form=Form.RECEIPT.value, event_id=event.pk)

    again = DossierSlip.objects.get()
    assert again.pk == first.pk
    assert again.file.name == first_name
    folder = os.path.dirname(again.file.path)
    assert os.listdir(folder) == [os.path.basename(first_name)]


def test_rendering_makes_nothing_for_an_unknown_dossier_or_event(world):
    dossier = dossier_in(world, State.SUBMITTED)
    nobody = "00000000-0000-0000-0000-000000000000"

    assert render_and_keep(dossier_id=nobody, form="receipt", event_id=1) is None
    assert render_and_keep(dossier_id=str(dossier.pk), form="receipt") is None  # not received
    assert render_and_keep(dossier_id=str(dossier.pk), form="control") is None  # on download
    assert render_and_keep(dossier_id=str(dossier.pk), form="nonsense") is None
    assert not DossierSlip.objects.exists()


def test_each_documented_action_schedules_its_slip_after_the_commit(
    world, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        dossier = dossier_in(world, State.RECEIVED)

    assert len(callbacks) >= 1
    slip = DossierSlip.objects.get(dossier=dossier)
    assert slip.form == Form.RECEIPT
    assert slip.event.action == Action.RECEIVE
    with slip.file.open("rb") as handle:
        assert dossier.code in pdf_text(handle.read())


def test_actions_without_a_form_schedule_nothing(world, django_capture_on_commit_callbacks):
    dossier = dossier_in(world, State.RECEIVED)
    with django_capture_on_commit_callbacks() as callbacks:
        fire(Action.TRANSFER, dossier, world.home.desk)

    event = dossier.events.get(action=Action.TRANSFER)
    assert not EffectRun.objects.filter(event=event).exists()
    assert all(getattr(c, "enqueue_key", ("",))[0] != "dossiers.run_effects" for c in callbacks)
    assert slips.FORM_OF_ACTION.get(Action.TRANSFER) is None


def test_the_effects_table_renders_a_slip_for_each_action_a_form_documents():
    slip_actions = {
        action for action, effects in EFFECTS.items() if any(e is SLIP for e in effects)
    }
    assert slip_actions == set(slips.FORM_OF_ACTION)


# ---- The register (Mẫu 06 / Mẫu 07) -----------------------------------------------------------


def test_the_register_lists_the_unit_dossiers_received_in_the_period_as_pdf_and_xlsx(
    world, time_machine
):
    first = dossier_in(world, State.RECEIVED)
    second = dossier_in(world, State.IN_PROGRESS)
    dossier_in(world, State.SUBMITTED)  # not received: not in the register
    dossier_in(world, State.RECEIVED, side="away")  # another unit
    time_machine.move_to(at("2026-03-11 10:00"), tick=False)
    later = dossier_in(world, State.RECEIVED)  # after the period
    unit = world.home.centre
    day = datetime.date(2026, 3, 9)

    content = keep(slip_render.register_pdf(unit, day, day), "register.pdf")
    text = pdf_text(content)
    book = openpyxl.load_workbook(io.BytesIO(slip_render.register_xlsx(unit, day, day)))

    assert_printed(
        content,
        text,
        *NATIONAL,
        "Mẫu số 07",
        "SỔ THEO DÕI HỒ SƠ",
        "Từ ngày 09/03/2026 đến ngày 09/03/2026",
        first.code,
        second.code,
        "Nguyễn Văn An",
    )
    assert later.code not in text
    assert page_size_mm(content) == (297, 210)  # A4 landscape
    sheet = book.active
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[1]]
    header, *data = rows[-3:]
    assert header[1] == "Mã hồ sơ"
    assert [row[1] for row in data] == [first.code, second.code]
    assert data[0][0] == 1 and data[0][2] == world.procedure.current_version.name
    assert data[0][4] == "Nguyễn Văn An"
    assert data[0][6] == world.home.committee.name
    assert data[0][7] == datetime.datetime(2026, 3, 9, 9, 0)  # local time
    assert data[0][8] == datetime.datetime(2026, 3, 12, 17, 0)
    assert data[1][9] == datetime.datetime(2026, 3, 9, 9, 0)  # transferred
    assert data[0][9] is None


def test_the_receipt_marks_the_kind_of_copy_the_desk_recorded(world):
    dossier = submitted(world)
    key = str(world.required.pk)
    services.dossier_receive(
        dossier_id=dossier.pk, actor=world.home.desk, checklist={key: "certified"}
    )
    event = DossierEvent.objects.get(dossier=dossier, action="receive")

    rows = slip_render.context_for(Form.RECEIPT, dossier, event)["components"]

    assert rows == [
        {
            "name": world.required.name,
            "originals": 0,
            "certified_copies": max(world.required.certified_copies, 1),
            "photocopies": 0,
        }
    ]
