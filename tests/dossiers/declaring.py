"""What the declaration tests share: the demo birth registration form, its example answers,
a moment in office hours, and an online draft of the demo citizen for it."""

import datetime
import json
from pathlib import Path

from django.contrib.auth import get_user_model

from dossiers import services
from procedures.models import Procedure

FORMS = Path(__file__).resolve().parents[2] / "procedures" / "demo" / "forms"
DEFINITION = json.loads((FORMS / "khai-sinh.json").read_text("utf-8"))
EXAMPLE = DEFINITION["example"]
# Monday 7 December 2026, 10:00 in Việt Nam: office hours.
NOW = datetime.datetime(2026, 12, 7, 3, 0, tzinfo=datetime.UTC)


def birth_draft(citizen=None, **applicant):
    """An online draft of "Đăng ký khai sinh" at the demo's first active agency (the demo
    catalog and accounts loaded), and its component with the declaration form."""
    citizen = citizen or get_user_model().objects.get(username="citizen")
    version = Procedure.objects.get(code="1.001193").current_version
    agency = next(a for a in version.implementing_agencies.order_by("code") if a.is_active)
    dossier = services.dossier_create(
        actor=citizen,
        procedure_code="1.001193",
        channel="online",
        agency_code=agency.code,
        applicant_name="Nguyễn Văn An",
        applicant_phone="0912345678",
        **applicant,
    )
    return dossier, version.components.get(form__isnull=False)
