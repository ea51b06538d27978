"""The site header as a person uses it: on a phone its links are behind the menu button."""


def open_menu(page):
    """Open the header's menu when it is closed behind its button (a phone, a tablet); on a
    desktop, where the links are always shown, do nothing."""
    page.wait_for_load_state()
    button = page.locator(".site-menu > summary")
    if button.is_visible() and page.locator(".site-menu[open]").count() == 0:
        button.click()
