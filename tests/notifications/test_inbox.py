"""The inbox: the bell's count, the list, a message (opening it marks it read), mark all
read, the channel preferences; the same through the API. Only the owner sees a message."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification, Preference
from tests.factories import UserFactory
from tests.notifications.conftest import tell


@pytest.fixture
def other(db):
    return UserFactory(username="khoa", email="khoa@example.vn")


def test_the_bell_shows_the_unread_count(client, lan):
    tell(lan, key="a")
    tell(lan, key="b")
    client.force_login(lan)

    page = client.get("/").content.decode()

    assert 'data-unread="2"' in page
    assert '2<span class="visually-hidden"> chưa đọc</span>' in page


def test_the_inbox_lists_the_messages_newest_first_and_opening_one_marks_it_read(client, lan):
    tell(lan, key="a")
    client.force_login(lan)

    listing = client.get(reverse("notifications:inbox"))
    assert listing.status_code == 200
    assert "Hồ sơ H92.31-260309-0001 đã được tiếp nhận" in listing.content.decode()
    notification = Notification.objects.get()

    opened = client.get(reverse("notifications:detail", args=[notification.pk]))

    assert opened.status_code == 200
    body = opened.content.decode()
    assert "Ngày hẹn trả kết quả: 17:00, thứ Năm, 12/03/2026" in body
    assert 'href="/ho-so/cua-toi/1/"' in body
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_message_is_not_found(client, lan, other):
    tell(lan)
    client.force_login(other)

    response = client.get(reverse("notifications:detail", args=[Notification.objects.get().pk]))

    assert response.status_code == 404
    assert Notification.objects.get().read_at is None
    assert "H92.31-260309-0001" not in client.get(reverse("notifications:inbox")).content.decode()


def test_the_inbox_asks_to_log_in(client, db):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302
    assert "/tai-khoan/dang-nhap/" in response["Location"]


def test_mark_all_read_reads_only_the_users_own(client, lan, other):
    tell(lan, key="a")
    tell(other, key="a")
    client.force_login(lan)

    response = client.post(reverse("notifications:read_all"))

    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=lan, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 1


def test_a_channel_without_an_address_cannot_be_chosen(client, lan):
    client.force_login(lan)

    refused = client.post(reverse("notifications:preferences"), {"email": "on", "sms": "on"})

    assert refused.status_code == 400
    assert "Cần thêm số điện thoại vào tài khoản trước." in refused.content.decode()
    assert not Preference.objects.exists()
    saved = client.post(reverse("notifications:preferences"), {"email": "on"})
    assert saved.status_code == 302
    assert (Preference.objects.get().email, Preference.objects.get().sms) == (True, False)


# ---- The API -----------------------------------------------------------------------------

API = "/api/v1/me/notifications/"


def test_the_api_lists_the_users_messages_and_filters_the_unread(client, lan, other):
    tell(lan, key="a")
    tell(lan, key="b")
    tell(other, key="a")
    Notification.objects.filter(key__startswith="b").update(read_at="2026-03-09T02:00:00Z")
    client.force_login(lan)

    everything = client.get(API).json()
    unread = client.get(API, {"unread": "true"}).json()

    assert everything["count"] == 2
    assert [m["subject"] for m in unread["results"]] == [
        "Hồ sơ H92.31-260309-0001 đã được tiếp nhận"
    ]
    assert unread["results"][0]["link"] == "http://127.0.0.1:8000/ho-so/cua-toi/1/"


def test_the_api_marks_a_message_read_and_refuses_anothers(client, lan, other):
    tell(other)
    theirs = Notification.objects.get()
    tell(lan)
    mine = Notification.objects.get(recipient=lan)
    client.force_login(lan)

    assert client.post(f"{API}{mine.pk}/read/").json()["read_at"] is not None
    refused = client.post(f"{API}{theirs.pk}/read/")
    assert refused.status_code == 404
    assert refused.json()["code"] == "not_found"
    assert client.post(f"{API}nonsense/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_api_marks_all_read_and_sets_preferences_with_clear_errors(client, lan):
    tell(lan, key="a")
    client.force_login(lan)

    assert client.post(f"{API}read-all/").json() == {"marked": 1}
    refused = client.put(
        f"{API}preferences/", {"email": True, "sms": True}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert refused.json()["fields"]["sms"] == ["Cần thêm số điện thoại vào tài khoản trước."]
    saved = client.put(
        f"{API}preferences/", {"email": False, "sms": False}, content_type="application/json"
    )
    assert saved.json() == {"email": False, "sms": False}
    assert client.get(f"{API}preferences/").json() == {"email": False, "sms": False}


def test_the_api_needs_a_signed_in_user(client, db):
    assert client.get(API).status_code in (401, 403)
    assert client.post(f"{API}read-all/").status_code in (401, 403)


def test_the_inbox_and_its_api_run_a_fixed_number_of_queries(
    client, lan, django_assert_num_queries
):
    tell(lan, key="first")
    client.force_login(lan)
    client.get(reverse("notifications:inbox"))  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("notifications:inbox"))
    with CaptureQueriesContext(connection) as few_api:
        client.get(API)
    for n in range(12):
        tell(lan, key=f"more-{n}")

    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(reverse("notifications:inbox"))
    with django_assert_num_queries(len(few_api.captured_queries)):
        listed = client.get(API)

    assert page.content.decode().count('<li class="inbox__item') == 13
    assert listed.json()["count"] == 13
