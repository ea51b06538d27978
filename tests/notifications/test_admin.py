"""System administrators see every delivery's status and reason in the admin and resend;
other staff do not see the messages at all."""

from django.urls import reverse

from notifications.models import Delivery, DeliveryState
from tests.factories import UserFactory
from tests.notifications.conftest import tell


def _failed(lan):
    tell(lan)
    Delivery.objects.update(
        state=DeliveryState.FAILED, attempts=8, last_error="Máy chủ thư trả lời 550."
    )
    return Delivery.objects.get()


def test_a_system_administrator_sees_the_reason_and_resends(client, lan):
    delivery = _failed(lan)
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)

    listing = client.get(reverse("admin:notifications_delivery_changelist"))
    assert listing.status_code == 200
    assert "Máy chủ thư trả lời 550." in listing.content.decode()

    response = client.post(
        reverse("admin:notifications_delivery_changelist"),
        {"action": "resend", "_selected_action": [delivery.pk]},
        follow=True,
    )

    assert "Đã xếp 1 lần gửi vào hàng đợi." in response.content.decode()
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_error) == (
        DeliveryState.QUEUED,
        0,
        "",
    )


def test_other_staff_do_not_see_messages_in_the_admin(client, lan):
    _failed(lan)
    officer = UserFactory(username="officer-x", is_staff=True)
    client.force_login(officer)

    assert client.get(reverse("admin:notifications_delivery_changelist")).status_code == 403
    assert client.get(reverse("admin:notifications_notification_changelist")).status_code == 403
