"""A message of the portal's own templates, and people to send it to."""

import pytest

from notifications.services import Recipient
from tests.factories import UserFactory

TEMPLATE = "dossiers/messages/received"
CONTEXT = {
    "code": "H92.31-260309-0001",
    "procedure": "Đăng ký khai sinh",
    "receiving_unit": "Trung tâm Phục vụ hành chính công phường Ninh Kiều",
    "due_at": "2026-03-12T10:00:00+00:00",
    "has_account": True,
}


@pytest.fixture
def lan(db):
    return UserFactory(username="lan", full_name="Trần Thị Lan", email="lan@example.vn")


@pytest.fixture
def lan_with_phone(lan):
    lan.phone = "0912345678"
    lan.save()
    return lan


def tell(user=None, *, key="k1", legal=False, digest=False, **recipient):
    from notifications.services import notify

    recipients = [Recipient(user_id=user.pk)] if user else [Recipient(**recipient)]
    return notify(
        key=key,
        recipients=recipients,
        template=TEMPLATE,
        context=CONTEXT,
        link="/ho-so/cua-toi/1/",
        legal=legal,
        digest=digest,
    )
