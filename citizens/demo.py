"""The demo: the catalog and accounts of `procedures.demo`, and the demo citizens' profiles.

`procedures` imports no other app of ours, so the applicant profiles that the demo rows of
`procedures/demo/accounts.py` declare (`profile`) are written here, after the accounts, in the
same transaction. Idempotent: a second run writes the same values and leaves an unchanged
profile alone (its `updated_at` too). Each profile passes the model's own checks
(`Profile.full_clean`: the CCCD, the birth year it encodes, the ward of the province) and the
account's phone passes `validators.validate_phone`.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from procedures.demo.accounts import ACCOUNTS
from procedures.demo.seed import seed_demo as seed_catalog_and_accounts

from . import validators
from .models import Profile


@transaction.atomic
def seed_demo(*, password: str) -> dict:
    """`procedures.demo.seed.seed_demo`, then the demo citizens' profiles.

    Returns its result with, for each account row that has a profile, "profile":
    {"id_number", "address", "state": "created" | "updated" | "unchanged"}.
    """
    result = seed_catalog_and_accounts(password=password)
    by_username = {row["username"]: row for row in ACCOUNTS}
    for account in result["accounts"]:
        row = by_username[account["username"]]
        if row.get("profile"):
            account["profile"] = profile_seed(username=row["username"], values=row["profile"])
    return result


def profile_seed(*, username: str, values: dict) -> dict:
    """Create or reset the profile of the demo account `username` to `values`."""
    user = get_user_model().objects.get(username=username)
    validators.validate_phone(user.phone)
    profile = Profile.objects.filter(user=user).first()
    state = "unchanged"
    if profile is None:
        profile, state = Profile(user=user), "created"
    for field, value in values.items():
        if getattr(profile, field) != value:
            setattr(profile, field, value)
            state = "updated" if state == "unchanged" else state
    if state != "unchanged":
        profile.full_clean()  # the CCCD, its birth year, the ward, and the unique numbers
        profile.save()
    return {"id_number": profile.identifier, "address": profile.address_text(), "state": state}
