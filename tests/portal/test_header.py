"""The site header: the citizens' links behind one menu button (a <details>, so it opens without
a script), no API link (the footer keeps it), the unread count on the button."""

import re

import pytest
from django.urls import reverse

from notifications.services import Recipient, notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def header(response) -> str:
    html = response.content.decode()
    return html[html.index('<header class="site-header">') : html.index("</header>")]


def footer(response) -> str:
    html = response.content.decode()
    return html[html.index('<footer class="site-footer">') : html.index("</footer>")]


def test_the_header_has_no_api_link_and_the_footer_keeps_it(client):
    response = client.get("/")

    api_docs = reverse("api-docs")
    assert api_docs not in header(response)
    assert ">API<" not in header(response)
    assert f'<a href="{api_docs}">API dữ liệu mở</a>' in footer(response)


def test_the_links_are_inside_a_closed_menu_that_opens_without_a_script(client):
    html = header(client.get(reverse("procedures:list")))

    details = html[html.index('<details class="site-menu">') : html.index("</details>")]
    summary = re.search(r"<summary>(.*?)</summary>", details, flags=re.S).group(1)
    assert re.sub(r"<[^>]+>", "", summary).strip() == "Menu"
    assert 'aria-hidden="true"' in summary  # the icon is not read out
    nav = details[details.index('<nav class="site-nav"') :]
    for url, label in (
        (reverse("home"), "Trang chủ"),
        (reverse("procedures:list"), "Thủ tục hành chính"),
        (reverse("dossiers:track"), "Tra cứu hồ sơ"),
    ):
        assert f'<a href="{url}"' in nav and f">{label}</a>" in nav
    assert f'<a href="{reverse("procedures:list")}" aria-current="page">' in nav
    for inside in ('class="lang-switch"', 'class="account-nav"', "Đăng nhập", "Đăng ký"):
        assert inside in details
    assert "<script" not in html


def test_the_menu_button_tells_a_citizen_of_unread_messages(client):
    lan = UserFactory(username="lan")
    client.force_login(lan)
    summary = re.compile(r"<summary>(.*?)</summary>", flags=re.S)
    assert "bell__count" not in summary.search(header(client.get("/"))).group(1)

    notify(
        key="k1",
        recipients=[Recipient(user_id=lan.pk)],
        template="dossiers/messages/received",
        context={"code": "H92.31-260309-0001", "procedure": "Đăng ký khai sinh"},
    )
    html = header(client.get("/"))

    text = re.sub(r"<[^>]+>", "", summary.search(html).group(1))
    assert re.sub(r"\s+", " ", text).strip() == "Menu 1 thông báo chưa đọc"
    assert "Hồ sơ của tôi" in html and "Đăng xuất" in html
