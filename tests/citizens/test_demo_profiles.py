"""The demo citizens have a complete applicant profile: a CCCD that passes the project's own
checks, a date of birth, an address of the current two-level list, verified contacts; the
profile API answers it and applying online prefills it. Seeding twice writes the same data."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from citizens import validators
from citizens.demo import seed_demo
from citizens.models import Profile
from dossiers.models import Dossier
from procedures.demo.accounts import ACCOUNTS, VERIFIED_AT
from procedures.geography import is_ward_of, province_name, ward_name

pytestmark = pytest.mark.django_db

CITIZENS = [row for row in ACCOUNTS if not row["memberships"] and not row["is_staff"]]
AN_CCCD = "092085000123"
AN_ADDRESS = "25 Hòa Bình, Phường Ninh Kiều, Thành phố Cần Thơ"


@pytest.fixture
def demo():
    return seed_demo(password="demo-secret-1")


def _profile_values():
    fields = [f.name for f in Profile._meta.concrete_fields]
    return list(Profile.objects.order_by("user__username").values(*fields))


def test_every_demo_citizen_is_in_the_table_with_a_profile():
    assert [row["username"] for row in CITIZENS] == ["citizen", "citizen2"]
    assert all(row.get("profile") for row in CITIZENS)
    assert not any(row.get("profile") for row in ACCOUNTS if row not in CITIZENS)


@pytest.mark.parametrize("row", CITIZENS, ids=[row["username"] for row in CITIZENS])
def test_a_demo_citizens_profile_passes_the_projects_own_checks(demo, row):
    profile = Profile.objects.select_related("user").get(user__username=row["username"])

    validators.validate_cccd(profile.id_number)
    assert validators.cccd_matches_birth_year(profile.id_number, profile.date_of_birth)
    validators.validate_date_of_birth(profile.date_of_birth)
    validators.validate_phone(profile.user.phone)
    profile.full_clean()
    assert profile.kind == "individual" and len(profile.id_number) == 12
    assert province_name(profile.province_code) == "Thành phố Cần Thơ"
    assert ward_name(profile.ward_code).startswith("Phường ")
    assert is_ward_of(profile.ward_code, profile.province_code)
    assert profile.street
    assert profile.user.email.endswith("@example.com")
    assert profile.email_verified_at == profile.phone_verified_at == VERIFIED_AT
    assert profile.is_verified


def test_the_demo_citizens_have_different_identity_numbers(demo):
    numbers = {p.id_number for p in Profile.objects.all()}
    assert len(numbers) == len(CITIZENS)


def test_the_seed_reports_each_citizens_profile(demo):
    profiles = {a["username"]: a.get("profile") for a in demo["accounts"]}

    assert profiles["citizen"] == {"id_number": AN_CCCD, "address": AN_ADDRESS, "state": "created"}
    assert profiles["citizen2"]["state"] == "created"
    assert profiles["officer"] is None


def test_seeding_twice_writes_the_same_data(demo):
    before = _profile_values()

    again = seed_demo(password="demo-secret-2")

    assert _profile_values() == before  # updated_at too: an unchanged profile is not saved
    assert {a["profile"]["state"] for a in again["accounts"] if "profile" in a} == {"unchanged"}
    assert Profile.objects.count() == len(CITIZENS)


def test_seeding_again_resets_a_changed_demo_profile(demo):
    before = _profile_values()
    Profile.objects.filter(user__username="citizen").update(
        street="1 Đường khác", email_verified_at=None
    )

    again = seed_demo(password="demo-secret-1")

    states = {a["username"]: a.get("profile", {}).get("state") for a in again["accounts"]}
    assert states["citizen"] == "updated" and states["citizen2"] == "unchanged"
    after = _profile_values()
    for row in (before, after):
        for values in row:
            values.pop("updated_at")
    assert after == before


def test_a_demo_identity_number_taken_by_someone_else_stops_the_seed_with_its_reason(settings):
    other = get_user_model().objects.create_user(username="someone", full_name="Người khác")
    Profile.objects.create(user=other, kind="individual", id_number=AN_CCCD)
    settings.DEBUG = True

    with pytest.raises(CommandError, match="Số căn cước công dân này đã được đăng ký"):
        call_command("seed_demo")

    assert not get_user_model().objects.filter(username="citizen").exists()  # all or nothing
    with pytest.raises(ValidationError):
        seed_demo(password="x")


def test_the_command_prints_the_demo_citizens_identity_numbers(settings, capsys):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "demo-secret-1"

    call_command("seed_demo")

    out = capsys.readouterr().out
    assert f"CCCD {AN_CCCD}" in out and "CCCD 092192004567" in out
    assert Profile.objects.count() == len(CITIZENS)


def test_the_demo_citizens_profile_api_answers_the_whole_profile(client, demo):
    client.force_login(get_user_model().objects.get(username="citizen"))

    response = client.get("/api/v1/me/profile/")

    assert response.status_code == 200
    assert response.json() == {
        "kind": "individual",
        "id_number": AN_CCCD,
        "full_name": "Nguyễn Văn An",
        "date_of_birth": "1985-03-14",
        "representative_name": "",
        "representative_title": "",
        "phone": "0901000001",
        "email": "citizen@example.com",
        "email_verified": True,
        "province_code": 92,
        "ward_code": 31135,
        "street": "25 Hòa Bình",
        "address": AN_ADDRESS,
    }


def test_applying_online_as_the_demo_citizen_prefills_the_profile(client, demo):
    client.force_login(get_user_model().objects.get(username="citizen"))
    start = reverse("dossiers:apply", args=["1.001193"])  # Đăng ký khai sinh, at seven wards

    response = client.post(start, {"client_token": str(uuid.uuid4()), "agency": "H13.31"})

    assert response.status_code == 302
    dossier = Dossier.objects.get(applicant__username="citizen")
    assert response["Location"] == reverse("dossiers:draft", args=[dossier.pk])
    page = client.get(response["Location"])
    form = page.context["form"]
    assert form["applicant_name"].value() == "Nguyễn Văn An"
    assert form["applicant_id_number"].value() == AN_CCCD
    assert form["applicant_phone"].value() == "0901000001"
    assert form["applicant_email"].value() == "citizen@example.com"
    assert form["applicant_address"].value() == AN_ADDRESS
    html = page.content.decode()
    assert f'value="{AN_CCCD}"' in html and AN_ADDRESS in html
