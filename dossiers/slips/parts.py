"""What every form prints alike: times in the words of the forms ("09 giờ 00 phút, ngày 09
tháng 03 năm 2026", in local time), the place of the date line, the tracking link and its QR
code, and the heading and the applicant."""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from procedures.geography import province_name

from .legal_forms import Form, Regime, spec
from .pdf import _fonts

# Without a configured public address, the tracking link of the QR code points here.
DEFAULT_SITE_URL = "http://127.0.0.1:8000"
DESK_TERMS = {
    Regime.TT01_2018: gettext_lazy("Bộ phận tiếp nhận và trả kết quả"),
    Regime.TT03_2025: gettext_lazy("Bộ phận Một cửa"),
}


# ---- Words for times ------------------------------------------------------------------------


def _local(moment):
    return timezone.localtime(moment) if moment else None


def words_time(moment) -> str:
    """ "09 giờ 00 phút, ngày 09 tháng 03 năm 2026" (local time), or "" for no time."""
    moment = _local(moment)
    if moment is None:
        return ""
    return _("%(hour)s giờ %(minute)s phút, %(date)s") % {
        "hour": f"{moment:%H}",
        "minute": f"{moment:%M}",
        "date": words_date(moment.date()),
    }


def words_date(day) -> str:
    """ "ngày 09 tháng 03 năm 2026"."""
    if day is None:
        return ""
    if isinstance(day, datetime.datetime):
        day = _local(day).date()
    return _("ngày %(day)s tháng %(month)s năm %(year)s") % {
        "day": f"{day:%d}",
        "month": f"{day:%m}",
        "year": f"{day:%Y}",
    }


def short_date(day) -> str:
    if day is None:
        return ""
    if isinstance(day, datetime.datetime):
        day = _local(day).date()
    return f"{day:%d/%m/%Y}"


def _parse(value):
    if not value:
        return None
    try:
        return datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


# ---- Shared parts of every form -------------------------------------------------------------


def place_name(agency) -> str:
    """The place of the date line: the province of the agency (or of the portal), without
    "Tỉnh"/"Thành phố"."""
    name = province_name(getattr(agency, "province_code", None) or settings.PORTAL_PROVINCE_CODE)
    for prefix in ("Thành phố ", "Tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def site_url() -> str:
    return (getattr(settings, "PORTAL_SITE_URL", "") or DEFAULT_SITE_URL).rstrip("/")


def tracking_url(dossier) -> str:
    """The public tracking page with the code filled in (the secret is typed there)."""
    return f"{site_url()}{reverse('dossiers:track')}?{urlencode({'code': dossier.code or ''})}"


def qr_svg_uri(text: str) -> str:
    import segno

    return segno.make(text, error="m").svg_data_uri(scale=4, border=2)


def _common(dossier, regime, form, issuer, issued_at):
    the_spec = spec(regime, form)
    return {
        "dossier": dossier,
        "regime": Regime(regime),
        "form": Form(form),
        "number": the_spec.number,
        "title": the_spec.title,
        "circular": Regime(regime).label,
        "desk_term": DESK_TERMS[Regime(regime)],
        "issuer": issuer,
        "governing": issuer.parent if issuer is not None else None,
        "place": place_name(issuer),
        "issued_on": words_date(issued_at),
        "fonts": _fonts(),
        "procedure_name": dossier.version.name if dossier is not None else "",
        "applicant": _applicant(dossier) if dossier is not None else {},
    }


def _applicant(dossier):
    return {
        "name": dossier.applicant_name,
        "id_number": dossier.applicant_id_number,
        "address": dossier.applicant_address,
        "phone": dossier.applicant_phone,
        "email": dossier.applicant_email,
    }
