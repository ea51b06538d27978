"""Finding the slip to download: the newest of a form (rendered on the spot by the service
`services.slip_render` when its job has not run yet), its content, and the list of a
dossier's slips."""

from ..models import DossierEvent
from ..services.slips import slip_render
from .legal_forms import ACTIONS_OF_FORM, Form, regime_for, spec
from .models import DossierSlip
from .render import event_for

__all__ = ["newest_slip", "slip_content", "slip_render", "slips_of"]


def newest_slip(dossier, form) -> DossierSlip | None:
    """The newest stored slip of `form`, rendered now if its event has none yet."""
    slip = (
        DossierSlip.objects.filter(dossier=dossier, form=form).order_by("-issued_at", "-id").first()
    )
    newest_event = event_for(dossier, form)
    if newest_event is None:
        return slip
    if slip is None or slip.event_id != newest_event.pk:
        return slip_render(dossier_id=dossier.pk, form=form, event_id=newest_event.pk) or slip
    return slip


def slip_content(slip: DossierSlip) -> bytes | None:
    """The PDF of a stored slip; None if its file is gone from the storage."""
    try:
        with slip.file.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError, ValueError):
        return None


def slips_of(dossier) -> list[dict]:
    """The slips one may download for `dossier`, in form order: each form its events reached
    (the newest slip of it, stored or to be printed on download), and the control slip once
    the dossier is received. Two queries."""
    actions = set(
        DossierEvent.objects.filter(dossier_id=dossier.pk).values_list("action", flat=True)
    )
    stored = {}
    for slip in DossierSlip.objects.filter(dossier_id=dossier.pk).order_by("-issued_at", "-id"):
        stored.setdefault(slip.form, slip)
    regime = regime_for(dossier)
    items = []
    for form in Form:
        if form == Form.REGISTER:
            continue
        if form == Form.CONTROL:
            reached = dossier.received_at is not None
        else:
            reached = any(action in actions for action in ACTIONS_OF_FORM[form])
        if not reached:
            continue
        the_spec = spec(regime, form)
        items.append(
            {
                "form": form,
                "name": the_spec.title,
                "number": the_spec.number,
                "regime": regime,
                "slip": stored.get(form),
            }
        )
    return items
