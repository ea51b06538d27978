"""Each form's content (the context of its template), read from the dossier and its events."""

import datetime
import uuid

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from procedures.calendar import calendar_for
from procedures.models import Role

from .. import deadlines
from ..models import Dossier, DossierEvent
from ..states import HANDOVERS, Action, State
from .legal_forms import ACTIONS_OF_FORM, Form, regime_for
from .parts import (
    _common,
    _parse,
    qr_svg_uri,
    short_date,
    site_url,
    tracking_url,
    words_date,
    words_time,
)
from .register import register_entry


def dossier_for_slip(dossier_id) -> Dossier | None:
    try:
        dossier_id = uuid.UUID(str(dossier_id))
    except ValueError:
        return None
    return (
        Dossier.objects.select_related(
            "version",
            "procedure",
            "receiving_unit__parent",
            "competent_agency__parent",
            "processing_unit__parent",
        )
        .filter(pk=dossier_id)
        .first()
    )


def event_for(dossier, form, event_id=None) -> DossierEvent | None:
    """The event the slip documents: the one named, else the newest of the form's actions."""
    events = DossierEvent.objects.select_related("actor_agency__parent").filter(
        dossier_id=dossier.pk, action__in=[a.value for a in ACTIONS_OF_FORM[Form(form)]]
    )
    if event_id is not None:
        return events.filter(pk=event_id).first()
    return events.order_by("-at", "-id").first()


def context_for(form, dossier, event) -> dict:
    """Everything the template of `form` prints, for `dossier` (and the event it documents)."""
    form = Form(form)
    regime = regime_for(dossier)
    builder = {
        Form.RECEIPT: _receipt,
        Form.COMPLETION: _completion,
        Form.REFUSAL: _refusal,
        Form.APOLOGY: _apology,
        Form.STOP: _stop,
        Form.CONTROL: _control,
    }[form]
    return builder(dossier, event, regime)


def _receipt(dossier, event, regime):
    context = _common(dossier, regime, Form.RECEIPT, dossier.receiving_unit, event.at)
    checked = {str(pk) for pk in (event.data or {}).get("checklist", [])}
    provided = {str(pk) for pk in dossier.files.values_list("component_id", flat=True) if pk}
    copies = (event.data or {}).get("copies", {})
    components = [
        _handed_in(c, copies.get(str(c.pk)))
        for c in dossier.version.components.all()
        # Papers only shown for comparison were handed back, not received.
        if str(c.pk) in checked | provided and not c.present_only
    ]
    channel = dossier.version.channels.filter(kind=dossier.channel).first()
    url = tracking_url(dossier)
    context.update(
        components=components,
        register=register_entry(dossier),
        duration=channel.duration_label if channel else "",
        received=words_time(dossier.clock_start or event.at),
        appointment=words_time(appointment_at(dossier, channel)),
        delivery=dossier.get_delivery_channel_display(),
        delivery_address=dossier.delivery_address,
        receiver=event.actor_name,
        tracking_url=url,
        tracking_page=f"{site_url()}{reverse('dossiers:track')}",
        qr=qr_svg_uri(url),
    )
    return context


def _handed_in(component, kind):
    """A row of the receipt's table: the copies the procedure asks for, or, where the desk
    recorded the kind of copy handed in, that kind alone (as many as asked, at least one)."""
    asked = {
        "original": component.originals,
        "certified": component.certified_copies,
        "photocopy": component.photocopies,
    }
    if kind in asked:
        asked = {key: (max(count, 1) if key == kind else 0) for key, count in asked.items()}
    return {
        "name": component.name,
        "originals": asked["original"],
        "certified_copies": asked["certified"],
        "photocopies": asked["photocopy"],
    }


def appointment_at(dossier, channel):
    """The due time given at reception (Mẫu 01): later waits and the one new appointment
    (Mẫu 04) do not change what the receipt said."""
    if not dossier.pauses or channel is None:
        return dossier.original_due_at or dossier.due_at
    return deadlines.due_at(
        received_at=dossier.clock_start,
        value=channel.duration_value,
        unit=channel.duration_unit,
        calendar=calendar_for(dossier.receiving_unit.province_code),
    )


def _completion(dossier, event, regime):
    during_processing = event.action == Action.REQUEST_SUPPLEMENT
    issuer = dossier.receiving_unit
    if during_processing:
        issuer = event.actor_agency or dossier.processing_unit or dossier.competent_agency
    context = _common(dossier, regime, Form.COMPLETION, issuer, event.at)
    components = {c.name: c for c in dossier.version.components.all()}
    context.update(
        missing=[_asked_paper(item, components) for item in (event.data or {}).get("missing", [])],
        reason=event.reason,
        submitted=words_time(dossier.sent_at),
        requested=words_time(event.at),
        during_processing=during_processing,
        guide=event.actor_name,
        contact=issuer,
    )
    return context


def _asked_paper(item: str, components: dict) -> dict:
    """A line of Mẫu 02: a component of the procedure with the copies it asks for, or an item
    the officer wrote (no quantities)."""
    component = components.get(item)
    return {
        "name": item,
        "originals": component.originals if component else 0,
        "certified_copies": component.certified_copies if component else 0,
        "photocopies": component.photocopies if component else 0,
    }


def _refusal(dossier, event, regime):
    context = _common(dossier, regime, Form.REFUSAL, dossier.receiving_unit, event.at)
    context.update(
        reason=event.reason,
        redirect_to=(event.data or {}).get("redirect_to"),
        submitted=words_time(dossier.sent_at),
        receiver=event.actor_name,
    )
    return context


def _apology(dossier, event, regime):
    data = event.data or {}
    context = _common(dossier, regime, Form.APOLOGY, dossier.competent_agency, event.at)
    previous = _parse(data.get("previous_due_at"))
    new_due = _parse(data.get("new_due_at"))
    context.update(
        received=words_date(dossier.clock_start),
        received_short=short_date(dossier.clock_start),
        previous_due=short_date(previous),
        new_due=short_date(new_due or dossier.rescheduled_to),
        new_due_words=words_time(new_due),
        reason=event.reason,
        signer=event.actor_name,
        signer_title=_signer_title(event, dossier.competent_agency),
        letter_number=_apology_number(dossier, event),
        desk=dossier.receiving_unit,
    )
    return context


def _signer_title(event, agency) -> str:
    """The title printed above the signer's name (Membership.title, else the role)."""
    from ..signing.issue import signer_identity

    if event.actor is None:
        return str(Role.LEADER.label)
    return signer_identity(event.actor, agency)[1]


def _apology_number(dossier, event) -> int:
    """The letter's number: its rank among the apologies the agency wrote that year (the
    events are append-only, so the number never changes)."""
    year_start = timezone.make_aware(
        datetime.datetime(timezone.localtime(event.at).year, 1, 1), timezone.get_current_timezone()
    )
    earlier = DossierEvent.objects.filter(
        action=Action.RESCHEDULE,
        dossier__competent_agency_id=dossier.competent_agency_id,
        at__gte=year_start,
    ).filter(models.Q(at__lt=event.at) | models.Q(at=event.at, pk__lt=event.pk))
    return earlier.count() + 1


def _stop(dossier, event, regime):
    issuer = event.actor_agency or dossier.competent_agency
    withdrawal = (
        DossierEvent.objects.filter(
            dossier_id=dossier.pk, action=Action.REQUEST_WITHDRAWAL, at__lte=event.at
        )
        .order_by("-at", "-id")
        .first()
    )
    context = _common(dossier, regime, Form.STOP, issuer, event.at)
    context.update(
        reason=event.reason,
        received=words_time(dossier.clock_start) if dossier.received_at else "",
        submitted=words_time(dossier.sent_at),
        withdrawal_at=words_date(withdrawal.at) if withdrawal else "",
        withdrawal_reason=withdrawal.reason if withdrawal else "",
        stopped=words_time(event.at),
        signer=event.actor_name,
        by_desk=issuer is not None and issuer.pk == dossier.receiving_unit_id,
    )
    return context


# ---- Mẫu 05/06: the control slip, one row per hand-over -------------------------------------


def _receiver(dossier, event, units) -> str:
    """Who took the dossier at this hand-over."""
    state = event.to_state
    if state == State.RECEIVED or state == State.RESOLVED:
        return dossier.receiving_unit.name
    if state == State.IN_PROGRESS:
        code = (event.data or {}).get("unit")
        unit = units.get(code) or dossier.processing_unit or dossier.competent_agency
        return unit.name
    if state == State.PENDING_APPROVAL:
        return _("Lãnh đạo %(agency)s") % {"agency": dossier.competent_agency.name}
    if state in (State.RETURNED, State.REFUSED):
        return _("Người nộp hồ sơ: %(name)s") % {"name": dossier.applicant_name}
    return ""


def _taken_at(handover, events):
    """When the other side took the dossier handed over: the next thing done on it by someone
    else (the receiving unit assigning or working, the leader deciding, the desk returning).
    None while nobody has: the slip leaves the time to be written by hand."""
    later = [e for e in events if (e.at, e.pk) > (handover.at, handover.pk)]
    for event in later:
        if event.actor_id != handover.actor_id:
            return event.at
    return None


def control_rows(dossier, events) -> list[dict]:
    from procedures.models import Agency

    handovers = HANDOVERS
    every = list(events)
    events = [e for e in every if e.action in handovers]
    codes = {(e.data or {}).get("unit") for e in events if (e.data or {}).get("unit")}
    units = {a.code: a for a in Agency.objects.filter(code__in=codes)} if codes else {}
    rows = []
    for event in events:
        if event.action == Action.RECEIVE:
            giver = _("%(name)s (người nộp hồ sơ)") % {"name": dossier.applicant_name}
            agency = dossier.receiving_unit.name
        else:
            agency = event.actor_agency.name if event.actor_agency else ""
            giver = event.actor_name
        rows.append(
            {
                "agency": agency,
                "action": event.get_action_display(),
                "giver": giver,
                "receiver": _receiver(dossier, event, units),
                "at": words_time(event.at),
                "received_at": words_time(_taken_at(event, every)),
                "timeliness": event.get_timeliness_display() if event.timeliness else "",
                "step_due": words_time(event.step_due_at),
                "note": event.reason,
            }
        )
    return rows


def _control(dossier, event, regime):
    events = list(
        DossierEvent.objects.select_related("actor_agency")
        .filter(dossier_id=dossier.pk)
        .order_by("at", "id")
    )
    context = _common(dossier, regime, Form.CONTROL, dossier.receiving_unit, timezone.now())
    context.update(
        rows=control_rows(dossier, events),
        received=words_time(dossier.clock_start),
        appointment=words_time(dossier.due_at),
        original_due=words_time(dossier.original_due_at),
        rescheduled=dossier.rescheduled_to is not None,
        competent=dossier.competent_agency,
        processing=dossier.processing_unit,
    )
    return context
