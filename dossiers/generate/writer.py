"""Writing fabricated dossiers: code counters, the rows, and one transaction per batch."""

import datetime

from django.conf import settings
from django.db import connection, reset_queries, transaction
from django.utils.translation import gettext as _

from common.bulk import copy_rows
from procedures.models import ProcedureVersion

from ..models import DailyCounter, Dossier, DossierEvent, DossierResult
from .errors import GenerationError

MAX_DAILY = 9999


class _Counters:
    """Dossier codes numbered per (receiving unit, day) in memory, after the `DailyCounter.last`
    found at the start; `touched` holds the counters the next batch raises."""

    def __init__(self, first_day):
        self.last = {
            (unit, day): last
            for unit, day, last in DailyCounter.objects.filter(day__gte=first_day)
            .values_list("unit_id", "day", "last")
            .iterator()
        }
        self.touched = {}

    def next_code(self, unit, day):
        key = (unit.pk, day)
        last = self.last.get(key, 0) + 1
        if last > MAX_DAILY:
            raise GenerationError(
                _("Quá 9.999 hồ sơ một ngày tại %(unit)s: hãy chọn --since sớm hơn.")
                % {"unit": unit.code}
            )
        self.last[key] = self.touched[key] = last
        return f"{unit.code}-{day:%y%m%d}-{last:04d}"


# -- the row --


def _dossier(life) -> Dossier:
    at = life.clock.at
    created = at(max(0, life.t0 - life.created_before))
    return Dossier(
        id=life.id,
        code=life.code,
        procedure_id=life.v.version.procedure_id,
        version_id=life.v.version.pk,
        channel=life.channel,
        applicant_id=life.applicant.user_id if life.applicant else None,
        created_by_id=life.creator.user_id,
        applicant_name=life.applicant_name,
        applicant_id_number=life.applicant_id_number,
        applicant_phone=life.applicant_phone,
        applicant_email=life.applicant_email,
        applicant_address=life.applicant_address,
        receiving_unit_id=life.site.receiving.pk,
        competent_agency_id=life.site.competent.pk,
        processing_unit_id=life.processing_unit_id,
        assignee_id=life.assignee.user_id if life.assignee else None,
        state=life.state,
        outcome=life.outcome,
        created_at=created,
        updated_at=life.now or created,
        sent_at=life.sent_at,
        official_reception_at=life.official_reception_at,
        received_at=life.received_at,
        original_due_at=life.original_due_at,
        due_at=life.due_at,
        rescheduled_to=life.rescheduled_to,
        pauses=[
            [_utc_iso(at(s)), _utc_iso(at(e)) if e is not None else None] for s, e in life.pauses
        ],
        step_order=life.step[0] if life.step else None,
        step_started_at=at(life.step_started) if life.step_started is not None else None,
        step_due_at=life.step_due,
        completion_requests=life.completion_requests,
        supplement_requests=life.supplement_requests,
        flagged_late=life.flagged_late,
        resolved_at=life.resolved_at,
        returned_at=life.returned_at,
        return_channel=life.return_channel,
        return_details=life.return_details,
        last_event_at=life.events[-1].at if life.events else None,
    )


def _utc_iso(moment):
    return moment.astimezone(datetime.UTC).isoformat()


def _write(run, lives):
    """One batch in one transaction, with no query per dossier."""
    dossiers = [_dossier(life) for life in lives]
    events = [event for life in lives for event in life.events]
    results = [life.result for life in lives if life.result is not None]
    versions = {life.v.version.pk for life in lives if life.code}
    counters = [
        DailyCounter(unit_id=unit, day=day, last=last)
        for (unit, day), last in sorted(run.counters.touched.items())
    ]
    created_at = Dossier._meta.get_field("created_at")
    updated_at = Dossier._meta.get_field("updated_at")
    # The history carries its own creation times: switch auto_now(_add) off for this write.
    created_at.auto_now_add = updated_at.auto_now = False
    try:
        with transaction.atomic():
            copy_rows(Dossier, dossiers, batch_size=run.batch)
            copy_rows(DossierEvent, events, batch_size=run.batch)
            copy_rows(DossierResult, results, batch_size=run.batch)
            DailyCounter.objects.bulk_create(
                counters,
                batch_size=run.batch,
                update_conflicts=True,
                unique_fields=["unit", "day"],
                update_fields=["last"],
            )
            ProcedureVersion.objects.filter(pk__in=versions, locked_at__isnull=True).update(
                locked_at=run.now
            )
    finally:
        created_at.auto_now_add, updated_at.auto_now = True, True
    run.counters.touched = {}
    run.stats["events"] += len(events)
    run.stats["results"] += len(results)
    if settings.DEBUG and not connection.force_debug_cursor:
        reset_queries()  # DEBUG keeps every query's SQL: megabytes per batch here
