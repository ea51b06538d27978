"""The JSON context of a dossier's messages: what its templates may say.

Moments are ISO text (the templates' `moment` and `day` filters show them in local time and
the reader's language); choices are their values (the templates word them).
"""

import datetime

from .. import event_data
from ..states import Action


def context_of(event, dossier) -> dict:
    data = event.data or {}
    receiving = dossier.receiving_unit
    context = {
        "code": dossier.code or "",
        "procedure": dossier.version.name,
        "applicant": dossier.applicant_name,
        "receiving_unit": receiving.name,
        "receiving_address": receiving.street_address,
        "receiving_hours": receiving.desk_hours,
        "competent_agency": dossier.competent_agency.name,
        "channel": dossier.channel,
        "at": event.at.isoformat(),
        "due_at": dossier.due_at.isoformat() if dossier.due_at else "",
        "reason": event.reason,
        "delivery": dossier.delivery_channel,
        "delivery_address": dossier.delivery_address,
        "outcome": dossier.outcome,
        "has_account": bool(dossier.applicant_id),
    }
    if event.action == Action.SUBMIT:
        official = event_data.official_reception_at(event)
        context["official_reception_at"] = official.isoformat()
        context["deferred"] = official - event.at >= datetime.timedelta(minutes=1)
    if event.action == Action.RECEIVE and dossier.official_reception_at:
        # The moment the appointment counts from, in the words of every page (dossiers.moments).
        context["official_reception_at"] = dossier.official_reception_at.isoformat()
    if event.action in (Action.REQUEST_COMPLETION, Action.REQUEST_SUPPLEMENT):
        context["missing"] = event_data.missing(event)
    if event.action == Action.REQUEST_PAYMENT:
        amount = event_data.amount(event)
        context["amount"] = str(amount) if amount is not None else ""
    if event.action in (Action.APPROVE, Action.DENY):
        context["result_code"] = event_data.result_code(event)
    if event.action == Action.RETURN:
        context["return_channel"] = data.get("channel", "")
        context["tracking_number"] = data.get("tracking_number", "")
    if event.action == Action.RESCHEDULE:
        context["previous_due_at"] = data.get("previous_due_at", "")
        context["new_date"] = dossier.rescheduled_to.isoformat() if dossier.rescheduled_to else ""
    return context
