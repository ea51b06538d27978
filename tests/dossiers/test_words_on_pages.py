"""Words people read (issue 11): the admin speaks Vietnamese throughout (Django's own catalogue
misses the skip link and the theme switch, and calls the history "Bản ghi nhớ"); a single
dossier is "Dossier <code>" in English, not "Dossiers"."""

from django.urls import reverse
from django.utils import translation

from tests.dossiers.helpers import dossier_in
from tests.factories import UserFactory


def test_the_admin_says_skip_theme_and_history_in_vietnamese(client, db):
    admin = UserFactory(username="quan-tri", is_staff=True, is_superuser=True)
    client.force_login(admin)

    index = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="vi")
    changes = client.get(reverse("admin:portal_user_change", args=[admin.pk]))

    page = index.content.decode()
    assert "Bỏ qua, đến nội dung chính" in page
    assert "Đổi giao diện sáng, tối (hiện tại: theo thiết bị)" in page
    assert "Skip to main content" not in page and "Toggle theme" not in page
    assert "Lịch sử thay đổi" in changes.content.decode()
    assert "Bản ghi nhớ" not in changes.content.decode()


def test_one_dossier_is_a_dossier_in_english(client, world):
    from dossiers.states import State

    dossier = dossier_in(world, State.RECEIVED)
    client.force_login(world.citizen)
    with translation.override("en"):
        url = reverse("dossiers:mine_detail", args=[dossier.pk])
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert f"<title>Dossier {dossier.code}" in page
    assert f"Dossiers {dossier.code}" not in page
