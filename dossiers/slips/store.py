"""Rendering a slip and keeping it with the dossier; finding the slip to download.

`slip_render` is idempotent: one row per (dossier, form, event); re-rendering replaces that
row's file under the same name and never adds a row. It is what the Celery task runs
after the commit, and what a download runs when the task has not run yet.
"""

import hashlib
import logging
import uuid

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from .legal_forms import FORM_OF_ACTION, ON_DEMAND, Form, regime_for
from .models import DossierSlip
from .render import dossier_for_slip, event_for, render_pdf

log = logging.getLogger(__name__)


def _uuid(value):
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def slip_render(*, dossier_id, form: str, event_id=None) -> DossierSlip | None:
    """Render the slip of `form` documenting the event (`event_id`; else the newest event of
    the form's actions) and keep it. None when there is no such dossier or event (a task
    enqueued for a transaction that was rolled back, or a form the dossier never reached)."""
    try:
        form = Form(form)
    except ValueError:
        return None
    pk = _uuid(dossier_id)
    if form in ON_DEMAND or pk is None:
        return None
    dossier = dossier_for_slip(pk)
    if dossier is None:
        return None
    event = event_for(dossier, form, event_id)
    if event is None or FORM_OF_ACTION.get(event.action) != form:
        return None
    content = render_pdf(form, dossier, event)
    try:
        return _keep(dossier, form, event, content)
    except IntegrityError:
        # Rendered at the same moment by the task and a download: the other one's row stands.
        return DossierSlip.objects.filter(dossier=dossier, form=form, event=event).first()


@transaction.atomic
def _keep(dossier, form, event, content: bytes) -> DossierSlip:
    digest = hashlib.sha256(content).hexdigest()
    slip = (
        DossierSlip.objects.select_for_update()
        .filter(dossier=dossier, form=form, event=event)
        .first()
    )
    if slip is None:
        slip = DossierSlip(dossier=dossier, form=form, event=event)
    name = _file_name(dossier, form, event)
    if slip.file:
        # Re-rendering: the new PDF takes the place of the old one, under the same name.
        _delete_file(slip.file.storage, slip.file.name)
    slip.regime = regime_for(dossier)
    slip.sha256 = digest
    slip.issued_at = event.at
    slip.rendered_at = timezone.now()
    slip.file.save(name, ContentFile(content), save=False)
    slip.save()
    return slip


def _file_name(dossier, form, event) -> str:
    code = (dossier.code or str(dossier.pk)).replace("/", "-")
    return f"{code}-{form}-{event.pk}.pdf"


def _delete_file(storage, name):
    try:
        storage.delete(name)
    except OSError:
        log.warning("could not delete the replaced slip file %s", name)


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
    from ..models import DossierEvent
    from .legal_forms import ACTIONS_OF_FORM, spec

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
