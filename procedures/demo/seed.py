"""Load the demo: the Cần Thơ catalog and the demo accounts. Idempotent.

Only for development and demonstrations: the management command `seed_demo` refuses to run
when DEBUG is off.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from procedures.catalog_io import catalog_import_file
from procedures.models import Agency, Membership

from .accounts import ACCOUNTS

CATALOG = Path(__file__).resolve().parent / "catalog.json"


@transaction.atomic
def seed_demo(*, password: str) -> dict:
    """Import the demo catalog and create (or reset) the demo accounts.

    Running it again creates nothing new: the import reports every record unchanged, the
    accounts keep their rows and memberships, and their passwords are reset to `password`.
    Returns {"catalog": ImportReport, "accounts": [{"username", "full_name", "created",
    "roles": [(agency name, role label)]}]}.
    """
    report = catalog_import_file(path=CATALOG)
    accounts = [_account(row, password) for row in ACCOUNTS]
    return {"catalog": report, "accounts": accounts}


def _account(row: dict, password: str) -> dict:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=row["username"])
    user.full_name = row["full_name"]
    user.email = row["email"]
    user.phone = row["phone"]
    user.is_active = True
    user.is_staff = row["is_staff"]
    user.is_superuser = row["is_superuser"]
    user.set_password(password)
    user.save()
    roles = []
    for agency_code, role, *title in row["memberships"]:
        agency = Agency.objects.get(code=agency_code)
        membership, _ = Membership.objects.get_or_create(user=user, agency=agency, role=role)
        if title and not membership.title:
            membership.title = title[0]
            membership.save(update_fields=["title"])
        roles.append((agency.name, membership.get_role_display()))
    return {
        "username": user.username,
        "full_name": user.full_name,
        "created": created,
        "roles": roles,
    }
