"""Reads of citizens' data for other apps (the dossier side prefills applications from them)."""

from .models import Profile


def profile_of(user) -> Profile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Profile.objects.select_related("user").filter(user=user).first()


def applicant_data(user) -> dict:
    """What an application form prefills: declared once, served for every dossier.

    Keys: applicant_name, applicant_id_number (CCCD or tax code), applicant_phone,
    applicant_email, applicant_address (one line). A user without a profile gets what the
    account holds and empty identity and address.
    """
    profile = profile_of(user)
    return {
        "applicant_name": user.get_full_name() if profile or user.full_name else "",
        "applicant_id_number": profile.identifier if profile else "",
        "applicant_phone": user.phone or "",
        "applicant_email": user.email or "",
        "applicant_address": profile.address_text() if profile else "",
    }


def prefill_values(user) -> dict:
    """What a declaration form may fill in from the account and profile, by source name
    (`profile.full_name`, …; docs/declaration-forms.md): only what is known."""
    profile = profile_of(user)
    values = {
        "profile.full_name": user.get_full_name() if user.is_authenticated else "",
        "profile.phone": getattr(user, "phone", "") or "",
        "profile.email": getattr(user, "email", "") or "",
    }
    if profile is not None and not profile.is_organisation:
        values["profile.id_number"] = profile.id_number or ""
        if profile.date_of_birth:
            values["profile.birth_date"] = profile.date_of_birth.isoformat()
        if profile.province_code and profile.ward_code:
            values["profile.address"] = {
                "province": int(profile.province_code),
                "ward": int(profile.ward_code),
                **({"street": profile.street} if profile.street else {}),
            }
    return {source: value for source, value in values.items() if value}
