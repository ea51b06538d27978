"""The public catalog pages pass axe-core's WCAG 2.1 A and AA rules, on a desktop and a phone."""

import pytest

from tests.e2e.accessibility import violations

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PAGES = {
    "home": "/",
    "search results": "/thu-tuc/?q=khai+sinh",
    "filtered list": "/thu-tuc/?field=ho-tich",
    "procedure": "/thu-tuc/1.001193/",
    "not found": "/thu-tuc/9.999999/",
}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_public_page_has_no_wcag_21_aa_violations(page, catalog, path, viewport):
    page.goto(path)

    assert violations(page) == []


def test_english_pages_have_no_wcag_21_aa_violations(page, catalog):
    page.goto("/thu-tuc/1.001193/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()

    assert page.locator("html").get_attribute("lang") == "en"
    assert violations(page) == []
