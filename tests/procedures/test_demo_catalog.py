"""The demo catalog of Cần Thơ keeps its promises, imports, and `seed_demo` sets up the logins."""

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from procedures.demo.accounts import ACCOUNTS
from procedures.demo.seed import CATALOG, seed_demo
from procedures.geography import is_ward_of
from procedures.models import Agency, Membership, Procedure

VERIFIED = {"1.001193", "2.000815"}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def catalog():
    return json.loads(CATALOG.read_text(encoding="utf-8"))


def _version(catalog, code):
    (procedure,) = [p for p in catalog["procedures"] if p["code"] == code]
    (version,) = procedure["versions"]
    return version


def _channel(version, kind):
    (channel,) = [c for c in version["channels"] if c["kind"] == kind]
    return channel


# --- The file itself ---------------------------------------------------------------------------


def test_the_demo_catalog_has_at_least_25_procedures_in_at_least_5_fields(catalog):
    fields = {p["versions"][0]["field"] for p in catalog["procedures"]}
    assert len(catalog["procedures"]) >= 25
    assert len(fields) >= 5
    assert fields <= {f["code"] for f in catalog["fields"]}


def test_every_agency_code_is_a_qd20_style_code_and_every_reference_exists(catalog):
    codes = {a["code"] for a in catalog["agencies"]}
    assert len(codes) == len(catalog["agencies"])
    for agency in catalog["agencies"]:
        assert re.fullmatch(r"[A-Z0-9.]{1,35}", agency["code"])
        assert agency["parent"] in codes | {None}
        assert agency["successor"] in codes | {None}
    for procedure in catalog["procedures"]:
        for version in procedure["versions"]:
            assert set(version["implementing_agencies"]) <= codes
            assert version["implementing_agencies"]


def test_every_ward_code_belongs_to_can_tho(catalog):
    wards = [a["ward_code"] for a in catalog["agencies"] if a["ward_code"] is not None]
    assert len(set(wards)) >= 6
    assert all(a["province_code"] == 92 for a in catalog["agencies"])
    assert all(is_ward_of(code, 92) for code in wards)


def test_the_catalog_says_agency_codes_are_illustrative(catalog):
    assert "MINH HỌA" in catalog["_note"]


def test_a_closed_district_agency_points_to_its_successor(catalog):
    closed = [a for a in catalog["agencies"] if a["closed_on"]]
    assert closed
    for agency in closed:
        assert agency["level"] == "district"
        assert agency["closed_on"] == "2025-07-01"
        assert agency["successor"]


def test_birth_registration_carries_the_verified_time_and_fee(catalog):
    version = _version(catalog, "1.001193")
    assert version["name"] == "Đăng ký khai sinh"
    assert version["levels"] == ["commune"]
    assert version["online_level"] == "full"
    for channel in version["channels"]:
        assert (channel["duration_value"], channel["duration_unit"]) == ("0", "working_day")
        assert "sau 15 giờ" in channel["duration_text"]
        assert "ngày làm việc tiếp theo" in channel["duration_text"]
        on_time = channel["fees"][0]
        assert Decimal(on_time["amount"]) == 0
        assert "đúng hạn" in on_time["description"]
        assert "Điều 11" in on_time["legal_basis"]
        assert "hộ nghèo" in on_time["exemptions"]
    assert "ĐÃ KIỂM CHỨNG" in version["source_note"]


def test_certified_copies_carry_the_verified_time_and_fee(catalog):
    version = _version(catalog, "2.000815")
    channel = _channel(version, "in_person")
    assert (channel["duration_value"], channel["duration_unit"]) == ("0", "working_day")
    assert "sau 15 giờ" in channel["duration_text"]
    assert "không quá 02 ngày làm việc" in channel["duration_text"]
    fees = [(Decimal(f["amount"]), f["unit"], Decimal(f["cap"])) for f in channel["fees"]]
    assert fees == [
        (Decimal(2000), "trang", Decimal(200000)),
        (Decimal(1000), "trang", Decimal(200000)),
    ]
    assert "thứ nhất và trang thứ hai" in channel["fees"][0]["description"]
    assert "từ trang thứ ba" in channel["fees"][1]["description"]
    assert all(f["legal_basis"] == "Thông tư số 226/2016/TT-BTC" for f in channel["fees"])
    assert version["online_level"] == "partial"
    assert "ĐÃ KIỂM CHỨNG" in version["source_note"]


def test_every_procedure_says_what_is_not_verified(catalog):
    for procedure in catalog["procedures"]:
        note = procedure["versions"][0]["source_note"]
        if procedure["code"] in VERIFIED:
            assert "ĐÃ KIỂM CHỨNG" in note
        else:
            assert "CHƯA KIỂM CHỨNG" in note, procedure["code"]


def test_every_template_file_exists_and_is_a_small_pdf(catalog):
    paths = {
        component["template"]
        for procedure in catalog["procedures"]
        for component in procedure["versions"][0]["components"]
        if component["template"]
    }
    assert len(paths) >= 3
    for path in paths:
        file = CATALOG.parent / path
        assert file.read_bytes()[:5] == b"%PDF-"
        assert file.stat().st_size < 60_000


def test_process_budgets_add_up_to_the_channel_time(catalog):
    per_unit = {"hour": Decimal("0.125"), "working_day": 1, "day": 1}
    for procedure in catalog["procedures"]:
        version = procedure["versions"][0]
        steps = version["process_steps"]
        total = sum(Decimal(s["budget_value"]) * per_unit[s["budget_unit"]] for s in steps)
        channel = _channel(version, "in_person")
        expected = Decimal(channel["duration_value"])
        if expected == 0:
            expected = Decimal(1)  # same day: budgeted over one 8-hour working day
        assert total == expected, procedure["code"]


def test_text_is_written_with_vietnamese_diacritics(catalog):
    names = [p["versions"][0]["name"] for p in catalog["procedures"]]
    assert all(re.search(r"[ăâđêôơưạảấầẩậắằẳặẹẻẽếềểệịọỏốồổộớờởợụủứừửựỳỹ]", n) for n in names)


# --- Import and seeding ------------------------------------------------------------------------


@pytest.mark.django_db
def test_seed_demo_imports_the_catalog_and_creates_the_seven_accounts(catalog, settings):
    result = seed_demo(password="demo-secret-1")

    assert Procedure.objects.count() == len(catalog["procedures"])
    assert Agency.objects.count() == len(catalog["agencies"])
    birth = Procedure.objects.get(code="1.001193").current_version
    assert birth.name == "Đăng ký khai sinh"
    assert birth.components.filter(template__endswith=".pdf").exists()
    assert {a["username"] for a in result["accounts"]} == {a["username"] for a in ACCOUNTS}

    users = get_user_model().objects
    assert users.count() == 7
    for row in ACCOUNTS:
        user = users.get(username=row["username"])
        assert user.check_password("demo-secret-1")
        assert user.full_name == row["full_name"]
        assert user.is_staff == row["is_staff"]
        assert user.is_superuser == row["is_superuser"]
        memberships = {
            (m.agency.code, m.role, m.title) for m in user.memberships.select_related("agency")
        }
        assert memberships == {
            (code, role, *(title or [""])) for code, role, *title in row["memberships"]
        }


@pytest.mark.django_db
def test_seed_demo_gives_the_expected_roles():
    seed_demo(password="demo-secret-1")
    roles = {
        m.user.username: (m.agency.name, m.role)
        for m in Membership.objects.select_related("user", "agency")
    }
    assert roles == {
        "officer": ("Trung tâm Phục vụ hành chính công phường Ninh Kiều", "desk_officer"),
        "specialist": ("Ủy ban nhân dân phường Ninh Kiều", "specialist"),
        "head": ("Ủy ban nhân dân phường Ninh Kiều", "head_of_unit"),
        "leader": ("Ủy ban nhân dân phường Ninh Kiều", "leader"),
        "admin": ("Ủy ban nhân dân thành phố Cần Thơ", "agency_admin"),
    }
    assert not get_user_model().objects.get(username="citizen").memberships.exists()


@pytest.mark.django_db
def test_seed_demo_twice_creates_nothing_new_and_resets_passwords():
    seed_demo(password="first-password-1")
    counts = (
        get_user_model().objects.count(),
        Membership.objects.count(),
        Agency.objects.count(),
        Procedure.objects.count(),
    )

    result = seed_demo(password="second-password-2")

    assert counts == (
        get_user_model().objects.count(),
        Membership.objects.count(),
        Agency.objects.count(),
        Procedure.objects.count(),
    )
    assert not any(account["created"] for account in result["accounts"])
    report = result["catalog"]
    assert report.procedures.created == report.versions.created == 0
    assert report.agencies.created == report.fields.created == 0
    assert get_user_model().objects.get(username="leader").check_password("second-password-2")


@pytest.mark.django_db
def test_the_command_loads_the_demo_and_prints_the_logins(settings, capsys):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "demo-secret-1"
    call_command("seed_demo")
    out = capsys.readouterr().out
    for row in ACCOUNTS:
        assert row["username"] in out
    assert get_user_model().objects.get(username="officer").check_password("demo-secret-1")


@pytest.mark.django_db
def test_the_command_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not get_user_model().objects.exists()
    assert not Procedure.objects.exists()


def test_the_catalog_file_is_where_the_seed_reads_it():
    assert CATALOG == Path(__file__).resolve().parents[2] / "procedures/demo/catalog.json"
