"""Which official form a slip is, under which legal regime, and which template prints it.

A slip is one of the forms of the one-stop mechanism (regulations.md §2). The set changed
with Circular 03/2025/TT-VPCP (guiding Decree 118/2025, in force 1 July 2025), which
replaced Circular 01/2018/TT-VPCP; a dossier keeps the set of the day it was received (or,
before reception, sent). The day the new set applies from is data, not a constant:
`settings.PORTAL_SLIPS_TT03_2025_FROM` (see `tt03_from`). The numbering differs between the
two circulars (03/2025 adds the stop notice as Mẫu 05 and moves the control slip and the
register), so templates are keyed by (regime, form), never by number alone:
`templates/slips/<regime>/<file>`.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..states import Action


class Regime(models.TextChoices):
    TT01_2018 = "tt01_2018", _("Thông tư số 01/2018/TT-VPCP")
    TT03_2025 = "tt03_2025", _("Thông tư số 03/2025/TT-VPCP")


def tt03_from() -> datetime.date:
    """The first day dossiers are printed on Circular 03/2025/TT-VPCP's forms. Not Decree
    118's 1 July 2025: the circular was signed on 15 September 2025 [verified], and a central
    agency's circular takes effect no earlier than 45 days after signing (Law on the
    Promulgation of Legal Documents) [reasoned], so 30 October 2025 at the earliest; its own
    article on taking effect was not read. Set PORTAL_SLIPS_TT03_2025_FROM to the date it
    states."""
    return settings.PORTAL_SLIPS_TT03_2025_FROM


class Form(models.TextChoices):
    """The slips, by what they are (the value is also the download address's last part)."""

    RECEIPT = "receipt", pgettext_lazy("slip", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    COMPLETION = "completion", pgettext_lazy("slip", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")
    REFUSAL = "refusal", pgettext_lazy("slip", "Phiếu từ chối tiếp nhận giải quyết hồ sơ")
    APOLOGY = "apology", pgettext_lazy("slip", "Phiếu xin lỗi và hẹn lại ngày trả kết quả")
    STOP = "stop", pgettext_lazy("slip", "Thông báo dừng giải quyết hồ sơ")
    CONTROL = "control", pgettext_lazy("slip", "Phiếu kiểm soát quá trình giải quyết hồ sơ")
    REGISTER = "register", pgettext_lazy("slip", "Sổ theo dõi hồ sơ")


# The actions whose event is documented by a slip, rendered after the commit.
FORM_OF_ACTION = {
    Action.RECEIVE: Form.RECEIPT,
    Action.REQUEST_COMPLETION: Form.COMPLETION,
    # A supplement request during processing is written on the same form (regulations.md §1.2).
    Action.REQUEST_SUPPLEMENT: Form.COMPLETION,
    Action.REFUSE: Form.REFUSAL,
    Action.RESCHEDULE: Form.APOLOGY,
    Action.STOP: Form.STOP,
}
ACTIONS_OF_FORM = {
    form: [action for action, f in FORM_OF_ACTION.items() if f == form] for form in Form
}
# Rendered when asked for, from the events as they are then.
ON_DEMAND = frozenset({Form.CONTROL, Form.REGISTER})


@dataclass(frozen=True)
class Spec:
    number: str  # "01", or "" when the circular has no numbered form
    template: str
    title: str  # as printed, upper case on the slip


def _spec(number, title, name=None):
    return Spec(number, name or f"mau{number}.html", title)


SPECS: dict[str, dict[str, Spec]] = {
    Regime.TT01_2018: {
        Form.RECEIPT: _spec("01", _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả")),
        Form.COMPLETION: _spec("02", _("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")),
        Form.REFUSAL: _spec("03", _("Phiếu từ chối tiếp nhận giải quyết hồ sơ")),
        Form.APOLOGY: _spec("04", _("Phiếu xin lỗi và hẹn lại ngày trả kết quả")),
        # Circular 01/2018 has no form for it: the notice is printed in the same style.
        Form.STOP: _spec("", _("Thông báo dừng giải quyết hồ sơ"), "thong_bao_dung.html"),
        Form.CONTROL: _spec("05", _("Phiếu kiểm soát quá trình giải quyết hồ sơ")),
        Form.REGISTER: _spec("06", _("Sổ theo dõi hồ sơ")),
    },
    Regime.TT03_2025: {
        Form.RECEIPT: _spec("01", _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả")),
        Form.COMPLETION: _spec("02", _("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")),
        Form.REFUSAL: _spec("03", _("Phiếu từ chối tiếp nhận giải quyết hồ sơ")),
        Form.APOLOGY: _spec("04", _("Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết")),
        Form.STOP: _spec("05", _("Thông báo dừng giải quyết hồ sơ")),
        Form.CONTROL: _spec("06", _("Phiếu kiểm soát quá trình giải quyết hồ sơ")),
        Form.REGISTER: _spec("07", _("Sổ theo dõi hồ sơ")),
    },
}


def regime_for_date(day: datetime.date) -> Regime:
    return Regime.TT03_2025 if day >= tt03_from() else Regime.TT01_2018


def regime_for(dossier) -> Regime:
    """The form set of the day the dossier was received, else sent, else opened (local)."""
    moment = (
        dossier.received_at or dossier.official_reception_at or dossier.created_at or timezone.now()
    )
    return regime_for_date(timezone.localdate(moment))


def spec(regime: str, form: str) -> Spec:
    return SPECS[Regime(regime)][Form(form)]


def form_name(dossier, form: str) -> str:
    """How pages call a slip of `dossier`: "Mẫu số 06" under its regime, or the form's name
    where the circular has no number. The one place a form's number is put in words."""
    the_spec = spec(regime_for(dossier), form)
    if the_spec.number:
        return _("Mẫu số %(number)s") % {"number": the_spec.number}
    return str(Form(form).label)


def template_name(regime: str, form: str) -> str:
    return f"slips/{Regime(regime).value}/{spec(regime, form).template}"
