"""Deadline tracking: the periodic sweep that flags dossiers and tells staff, and the leaders'
morning digest.

`deadlines_sweep` (every 5 minutes by the beat) compares due times with boundaries computed
once per run from the working-day calendar, in set-based statements (never a Python loop
over open dossiers):

- `due_flag`: late when the due time has passed while the clock runs; due soon (D-n) when
  it falls within the next n working days, for each n of PORTAL_DUE_SOON_WORKING_DAYS
  (D-1: by the close of the next working day; a dossier crossing several at once hears
  the nearest only);
- `step_flag`: the same for the current internal-process step's due time;
- `stuck`: no event for N working hours (the holding unit's `stuck_after_hours`, else
  PORTAL_STUCK_WORKING_HOURS) while an officer is the next to act;
- `apology_window`: today is the last working day before the due date, the last day the
  one apology with a new date may be sent (regulations §1.4), and none was sent.

Only rows that newly cross a boundary are read back, to tell their staff (digest messages,
keyed by the crossing so that each is told once). Services clear the flags when a due time
moves (`_core._touched`); they never compute them. Two sweeps at once: on PostgreSQL the
second skips (an advisory lock); on SQLite writes are serialised; the message keys make a
second notice impossible in any case.
"""

import datetime
import logging

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from notifications.services import Message, Recipient, notify_many
from procedures.calendar import calendar_for
from procedures.models import Agency, Membership, Role

from .. import deadlines
from ..effects import audience
from ..models import Dossier, DueFlag
from ..states import DUE_FLAGGED, STEP_FLAGGED, WITH_OFFICERS, State
from .closing import apology_due

log = logging.getLogger(__name__)

SWEEP_LOCK = 7_305_001  # the advisory lock's number (any constant of ours)
BATCH = 2000
D = "dossiers/messages/"


def _soon_days() -> list[int]:
    return sorted({int(n) for n in settings.PORTAL_DUE_SOON_WORKING_DAYS if int(n) > 0})


def _locked() -> bool:
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [SWEEP_LOCK])
        return bool(cursor.fetchone()[0])


def deadlines_sweep(*, now=None) -> dict:
    now = now or timezone.now()
    counts = {"due_soon": 0, "late": 0, "step_due_soon": 0, "step_late": 0, "stuck": 0}
    counts["apology_window"] = 0
    with transaction.atomic():
        if not _locked():
            return {"skipped": 1}
        for province, scope in _provinces():
            calendar = calendar_for(province)
            bounds = _bounds(now, calendar)
            for key, value in _sweep_scope(scope, now, calendar, bounds).items():
                counts[key] += value
    if any(counts.values()):
        log.info("deadline sweep: %s", counts)
    return counts


def _provinces():
    """(province code, the dossiers received there) for each province of the agencies."""
    codes = sorted(set(Agency.objects.values_list("province_code", flat=True)))
    if len(codes) <= 1:
        return [(codes[0] if codes else None, Dossier.objects.all())]
    return [(c, Dossier.objects.filter(receiving_unit__province_code=c)) for c in codes]


def _bounds(now, calendar) -> dict[int, datetime.datetime]:
    """{n: the close of the n-th working day after today}: due by then is D-n."""
    today = deadlines.to_local(now).date()
    return {n: calendar.closing(calendar.add_working_days(today, n)) for n in _soon_days()}


def _sweep_scope(scope, now, calendar, bounds) -> dict:
    counts = {}
    messages = []
    for field, days_field, states, kind in (
        ("due_at", "due_soon_days", DUE_FLAGGED, ""),
        ("step_due_at", "step_soon_days", STEP_FLAGGED, "step_"),
    ):
        flag_field = "step_flag" if kind else "due_flag"
        running = scope.filter(state__in=states, **{f"{field}__isnull": False})
        # Late.
        ids = _ids(running.filter(**{f"{field}__lte": now}).exclude(**{flag_field: DueFlag.LATE}))
        _update(ids, **{flag_field: DueFlag.LATE, days_field: None})
        counts[f"{kind}late"] = len(ids)
        messages += _crossings(ids, f"{kind}late", field)
        # Due soon, nearest threshold first: the intervals (now, b1], (b1, b2], … are disjoint.
        lower, crossed = now, 0
        for n, upper in sorted(bounds.items()):
            window = running.filter(**{f"{field}__gt": lower, f"{field}__lte": upper})
            ids = _ids(window.exclude(**{flag_field: DueFlag.DUE_SOON, days_field: n}))
            _update(ids, **{flag_field: DueFlag.DUE_SOON, days_field: n})
            crossed += len(ids)
            messages += _crossings(ids, f"{kind}due_soon", field, days=n)
            lower = upper
        counts[f"{kind}due_soon"] = crossed
        # A "due soon" whose due time is now beyond the window (the services clear the flags
        # of a due time they move, and of a state without one: this is only a safety net).
        scope.filter(**{flag_field: DueFlag.DUE_SOON, f"{field}__gt": lower}).update(
            **{flag_field: "", days_field: None}
        )
    counts["stuck"], stuck_messages = _stuck(scope, now, calendar)
    messages += stuck_messages
    counts["apology_window"], apology_messages = _apology_window(scope, now, calendar)
    messages += apology_messages
    notify_many(messages)
    return counts


def _ids(queryset) -> list:
    return list(queryset.values_list("pk", flat=True))


def _update(ids, **fields):
    for start in range(0, len(ids), BATCH):
        Dossier.objects.filter(pk__in=ids[start : start + BATCH]).update(**fields)


def _dossiers(ids):
    for start in range(0, len(ids), BATCH):
        yield from (
            Dossier.objects.filter(pk__in=ids[start : start + BATCH])
            .select_related("version")
            .only(
                "pk",
                "code",
                "state",
                "applicant_name",
                "due_at",
                "step_due_at",
                "step_order",
                "last_event_at",
                "rescheduled_to",
                "assignee_id",
                "receiving_unit_id",
                "processing_unit_id",
                "competent_agency_id",
                "version__name",
            )
        )


# ---- Messages ----------------------------------------------------------------------------

TEMPLATES = {
    "late": "staff_late",
    "due_soon": "staff_due_soon",
    "step_late": "staff_step_late",
    "step_due_soon": "staff_step_due_soon",
}
# Who hears of each crossing besides whoever holds the dossier.
SUPERVISORS = {"late": [audience.HEADS], "stuck": [audience.HEADS]}


def _staff_context(dossier, **extra) -> dict:
    return {
        "code": dossier.code or "",
        "procedure": dossier.version.name,
        "applicant": dossier.applicant_name,
        "due_at": dossier.due_at.isoformat() if dossier.due_at else "",
        "step_due_at": dossier.step_due_at.isoformat() if dossier.step_due_at else "",
        **extra,
    }


def _crossings(ids, what, field, *, days=None) -> list[Message]:
    """The messages of dossiers that newly crossed a boundary: one per crossing, keyed by
    the due time crossed (a due time that moves is a new crossing)."""
    if not ids:
        return []
    dossiers = list(_dossiers(ids))
    holders = audience.holders_of(dossiers)
    extra = audience.staff_of(dossiers, SUPERVISORS.get(what, [])) if what in SUPERVISORS else {}
    messages = []
    for dossier in dossiers:
        due = getattr(dossier, field)
        recipients = holders.get(dossier.pk, []) + extra.get(dossier.pk, [])
        step = f":{dossier.step_order}" if field == "step_due_at" else ""
        messages.append(
            Message(
                key=f"{what}:{dossier.pk}{step}:{due.isoformat()}:{days or 0}",
                recipients=tuple(recipients),
                template=D + TEMPLATES[what],
                context=_staff_context(dossier, days=days or 0),
                link=audience.staff_link(dossier),
                digest=True,
            )
        )
    return messages


def _stuck(scope, now, calendar) -> tuple[int, list]:
    default = settings.PORTAL_STUCK_WORKING_HOURS
    hours_values = set(
        Agency.objects.exclude(stuck_after_hours=None).values_list("stuck_after_hours", flat=True)
    )
    watched = scope.filter(state__in=WITH_OFFICERS, stuck=False, last_event_at__isnull=False)
    ids_by_hours = {}
    for hours in sorted(hours_values | {default}):
        cutoff = deadlines.working_time_before(
            now, datetime.timedelta(hours=hours), calendar=calendar
        )
        holder = _holder_hours(hours, default=hours == default)
        ids_by_hours[hours] = _ids(watched.filter(holder, last_event_at__lte=cutoff))
    messages = []
    total = 0
    for hours, ids in ids_by_hours.items():
        _update(ids, stuck=True)
        total += len(ids)
        if not ids:
            continue
        dossiers = list(_dossiers(ids))
        holders = audience.holders_of(dossiers)
        heads = audience.staff_of(dossiers, SUPERVISORS["stuck"])
        for dossier in dossiers:
            messages.append(
                Message(
                    key=f"stuck:{dossier.pk}:{dossier.last_event_at.isoformat()}",
                    recipients=tuple(holders.get(dossier.pk, []) + heads.get(dossier.pk, [])),
                    template=D + "staff_stuck",
                    context=_staff_context(
                        dossier, hours=hours, last_event=dossier.last_event_at.isoformat()
                    ),
                    link=audience.staff_link(dossier),
                    digest=True,
                )
            )
    return total, messages


def _holder_hours(hours, *, default: bool) -> Q:
    """Dossiers whose holding unit (the processing unit, else the receiving unit) waits
    `hours` working hours before calling a dossier stuck."""
    processing = Q(processing_unit__stuck_after_hours=hours)
    receiving = Q(processing_unit__isnull=True, receiving_unit__stuck_after_hours=hours)
    if default:
        processing |= Q(processing_unit__isnull=False, processing_unit__stuck_after_hours=None)
        receiving |= Q(processing_unit__isnull=True, receiving_unit__stuck_after_hours=None)
    return processing | receiving


def _apology_window(scope, now, calendar) -> tuple[int, list]:
    """Dossiers whose last day to send the apology is today: due after today and by the
    close of the next working day; only on working days, only once per due time."""
    today = deadlines.to_local(now).date()
    if not calendar.is_working_day(today):
        return 0, []
    start = datetime.datetime.combine(
        today + datetime.timedelta(days=1), datetime.time.min, tzinfo=deadlines.LOCAL_TZ
    )
    end = calendar.closing(calendar.next_working_day(today))
    candidates = scope.filter(
        state=State.IN_PROGRESS,
        rescheduled_to__isnull=True,
        official_reception_at__lt=datetime.datetime.combine(
            today, datetime.time.min, tzinfo=deadlines.LOCAL_TZ
        ),
        apology_window=False,
        due_at__gte=start,
        due_at__lte=end,
    )
    ids = _ids(candidates)
    _update(ids, apology_window=True)
    if not ids:
        return 0, []
    dossiers = [d for d in _dossiers(ids) if apology_due(d, now=now, calendar=calendar)]
    # Those who may send it: the head of the processing unit and the competent agency's leaders.
    deciders = audience.staff_of(dossiers, [audience.HEADS, audience.LEADERS])
    messages = [
        Message(
            key=f"apology-window:{d.pk}:{d.due_at.isoformat()}",
            recipients=tuple(deciders.get(d.pk, [])),
            template=D + "staff_apology_window",
            context=_staff_context(d),
            link=reverse("workspaces:work_dossier", args=[d.pk]),
            digest=True,
        )
        for d in dossiers
    ]
    return len(ids), messages


# ---- The leaders' morning digest ---------------------------------------------------------


def leaders_digest(*, now=None) -> int:
    """At 07:00 on their agency's working days, each leader gets the counts of the agency's
    late, due-today and stuck dossiers with links to them (nothing when all are zero). Once
    a day; the number of messages written."""
    now = now or timezone.now()
    today = deadlines.to_local(now).date()
    rows = Membership.objects.filter(role=Role.LEADER, user__is_active=True).select_related(
        "agency"
    )
    by_agency = {}
    for membership in rows:
        by_agency.setdefault(membership.agency, []).append(membership.user_id)
    messages = []
    for agency, leaders in by_agency.items():
        calendar = calendar_for(agency.province_code)
        if not calendar.is_working_day(today):
            continue
        summary = _agency_summary(agency, today, calendar)
        if not any(summary[f"{name}_count"] for name in ("late", "due_today", "stuck")):
            continue  # nothing to report: no message
        messages.append(
            Message(
                key=f"leaders-digest:{today.isoformat()}:{agency.pk}",
                recipients=tuple(Recipient(user_id=u) for u in leaders),
                template=D + "leaders_digest",
                context={"agency": agency.name, "day": today.isoformat(), **summary},
                link=reverse("workspaces:approval"),
            )
        )
    return notify_many(messages)


def _agency_summary(agency, today, calendar) -> dict:
    mine = Dossier.objects.filter(competent_agency=agency)
    closing = calendar.closing(today) or datetime.datetime.combine(
        today, datetime.time.max, tzinfo=deadlines.LOCAL_TZ
    )
    opening = datetime.datetime.combine(today, datetime.time.min, tzinfo=deadlines.LOCAL_TZ)
    groups = {
        "late": mine.filter(state__in=DUE_FLAGGED, due_flag=DueFlag.LATE),
        "due_today": mine.filter(
            state__in=DUE_FLAGGED, due_at__gte=opening, due_at__lte=closing
        ).exclude(due_flag=DueFlag.LATE),
        "stuck": mine.filter(state__in=WITH_OFFICERS, stuck=True),
    }
    summary = {}
    for name, queryset in groups.items():
        summary[f"{name}_count"] = queryset.count()
        summary[name] = [
            {"code": code or "", "link": reverse("workspaces:work_dossier", args=[pk])}
            for pk, code in queryset.order_by("due_at").values_list("pk", "code")[:10]
        ]
    return summary
