"""Browser tests in the system Chromium through Playwright's sync API.

Never `playwright install`: the browser is Debian's /usr/bin/chromium. Without it every test
here is skipped with the reason. The portal runs in pytest-django's `live_server` (a real
server thread on a transactional test database) which also serves the static files.
"""

import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture(scope="package")
def _allow_orm_beside_playwright():
    """Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
    the ORM calls made while the browser lives. Set only for the browser's lifetime."""
    saved = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if saved is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = saved


@pytest.fixture(scope="package")
def browser(_allow_orm_beside_playwright):
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"browser tests need the system Chromium at {CHROMIUM} (apt install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def viewport():
    """The page's viewport; a test overrides it with `@pytest.mark.parametrize("viewport", ...)`."""
    return DESKTOP


@pytest.fixture
def javascript_enabled():
    return True


@pytest.fixture
def console_errors():
    """Console errors, uncaught exceptions and failed responses seen by `page`."""
    return []


@pytest.fixture
def page(browser, live_server, viewport, javascript_enabled, console_errors):
    context = browser.new_context(
        locale="vi-VN",
        viewport=viewport,
        base_url=live_server.url,
        java_script_enabled=javascript_enabled,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)

    def on_console(message):
        if message.type == "error":
            console_errors.append(f"console: {message.text}")

    def on_response(response):
        if response.status >= 400:
            console_errors.append(f"HTTP {response.status}: {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: console_errors.append(f"page error: {error}"))
    page.on("response", on_response)
    yield page
    context.close()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def catalog(transactional_db):
    """A small catalog: khai sinh with everything its page shows, and its neighbours."""
    from procedures.models import ChannelKind, DurationUnit, OnlineLevel
    from tests.factories import (
        AgencyFactory,
        ChannelFactory,
        ComponentFactory,
        FeeLineFactory,
        FieldFactory,
        ProcessStepFactory,
        make_procedure,
    )

    ho_tich = FieldFactory(code="ho-tich", name="Hộ tịch", sort_order=1)
    chung_thuc = FieldFactory(code="chung-thuc", name="Chứng thực", sort_order=2)
    desk = AgencyFactory(
        code="H92.10",
        name="Ủy ban nhân dân phường Ninh Kiều",
        street_address="2 Hòa Bình",
        ward_code=31135,
        desk_hours="Sáng 7:00–11:30, chiều 13:00–17:00, thứ Hai đến thứ Sáu",
    )
    khai_sinh = make_procedure(
        "1.001193",
        "Đăng ký khai sinh",
        field=ho_tich,
        applicants="Cha, mẹ hoặc người thân thích của trẻ.",
        steps=(
            "Bước 1: Người yêu cầu nộp tờ khai và giấy chứng sinh.\n"
            "Bước 2: Công chức tư pháp - hộ tịch kiểm tra hồ sơ.\n"
            "Bước 3: Trả giấy khai sinh."
        ),
        result="Giấy khai sinh (bản chính).",
        legal_basis=[
            {"number": "60/2014/QH13", "title": "Luật Hộ tịch", "issued_on": "2014-11-20"},
            {"number": "123/2015/NĐ-CP", "title": "Nghị định quy định chi tiết Luật Hộ tịch"},
        ],
        source_note="Tóm tắt từ Cơ sở dữ liệu quốc gia về thủ tục hành chính.",
        name_en="Birth registration",
    )
    version = khai_sinh.current_version
    version.implementing_agencies.add(desk)
    ComponentFactory(
        version=version,
        order=1,
        name="Tờ khai đăng ký khai sinh theo mẫu",
        template=SimpleUploadedFile("to-khai-khai-sinh.docx", b"template"),
        template_name="Tờ khai đăng ký khai sinh",
    )
    ComponentFactory(
        version=version, order=2, name="Giấy chứng sinh", originals=1, certified_copies=1
    )
    in_person = ChannelFactory(
        version=version,
        kind=ChannelKind.IN_PERSON,
        duration_value=Decimal("1"),
        duration_unit=DurationUnit.WORKING_DAY,
        duration_text="Ngay trong ngày; nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo.",
    )
    FeeLineFactory(
        channel=in_person,
        description="Lệ phí đăng ký khai sinh (quá hạn)",
        amount=Decimal("8000"),
        unit="trường hợp",
        exemptions="Miễn lệ phí khi đăng ký đúng hạn.",
    )
    online = ChannelFactory(
        version=version,
        kind=ChannelKind.ONLINE,
        duration_value=Decimal("0.5"),
        duration_unit=DurationUnit.WORKING_DAY,
    )
    FeeLineFactory(channel=online, description="Lệ phí đăng ký khai sinh", amount=Decimal("2000"))
    ProcessStepFactory(version=version, order=1, name="Tiếp nhận, kiểm tra hồ sơ")
    ProcessStepFactory(version=version, order=2, name="Ký, trả giấy khai sinh")

    make_procedure("1.000656", "Đăng ký khai tử", field=ho_tich)
    make_procedure("1.000894", "Đăng ký kết hôn", field=ho_tich, online_level=OnlineLevel.PARTIAL)
    make_procedure(
        "2.000815",
        "Chứng thực bản sao từ bản chính",
        field=chung_thuc,
        online_level=OnlineLevel.INFORMATION,
    )
    make_procedure("1.004884", "Đăng ký lại khai sinh", field=ho_tich)
    return khai_sinh
