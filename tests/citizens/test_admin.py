import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_superusers_see_profiles_read_mostly(client, signed_up):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)

    listing = client.get("/admin/citizens/profile/")
    change = client.get(f"/admin/citizens/profile/{signed_up.citizen_profile.pk}/change/")

    assert listing.status_code == 200 and signed_up.username in listing.content.decode()
    assert change.status_code == 200
    assert client.get("/admin/citizens/profile/add/").status_code == 403


def test_staff_who_are_not_superusers_do_not_see_profiles(client, signed_up):
    client.force_login(UserFactory(username="staff", is_staff=True))

    assert client.get("/admin/citizens/profile/").status_code == 403
