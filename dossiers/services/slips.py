"""Rendering an official slip and keeping it with the dossier (a write: here, with the other
services).

`slip_render` is idempotent: one row per (dossier, form, event); re-rendering replaces that
row's file under the same name and never adds a row. It is what the `slip` job of an event
runs after the commit (`dossiers.effects`), and what a download runs when the job has not
run yet.
"""

import hashlib
import logging
import uuid

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..signing.signer import sign_slip
from ..slips.legal_forms import FORM_OF_ACTION, ON_DEMAND, Form, regime_for
from ..slips.models import DossierSlip
from ..slips.render import dossier_for_slip, event_for, render_issued

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
    content, issuer = render_issued(form, dossier, event)
    content = sign_slip(content, issuer, title=str(form.label))
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
