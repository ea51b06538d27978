"""The core every dossier use case shares: reading a dossier for a change (the row lock and the
checks, in the order the API answers them), due times and internal-process steps, and `_fire`,
the one way to fire a transition and write its event."""

import datetime
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from procedures.calendar import calendar_for
from procedures.models import ChannelKind, ClockOnSupplement, Role

from .. import deadlines, effects, tracking
from .. import permissions as perms
from ..errors import BadInput, Conflict, NotAllowed, NotFound
from ..models import ACTION_METHODS, Dossier, DossierEvent, DossierFile, PauseKind
from ..states import (
    DUE_FLAGGED,
    HANDOVERS,
    HOLDER_ROLE,
    READ_ONLY,
    STEP_FLAGGED,
    TRANSITIONS,
    Action,
    State,
)

# ---- Reading for a change ----------------------------------------------------------------


def _locked(dossier_id) -> Dossier:
    try:
        dossier = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("version", "receiving_unit", "competent_agency", "processing_unit")
            .get(pk=dossier_id)
        )
    except (Dossier.DoesNotExist, ValidationError, ValueError, TypeError) as error:
        raise NotFound() from error
    # The due times as read, so that `_touched` knows whether a change moved them.
    dossier._loaded_due = (dossier.due_at, dossier.step_due_at)
    return dossier


def _begin(dossier_id, actor, action: Action) -> tuple[datetime.datetime, Dossier]:
    """The time of the change, then the dossier locked and checked for `action`."""
    now = timezone.now()
    dossier = _locked(dossier_id)
    _check(dossier, actor, action)
    return now, dossier


def _check(dossier: Dossier, actor, action: Action, *, supervisor: bool = False) -> None:
    """404, 409 (finished), 403, 409 (wrong state), in that order. `supervisor`: the actor is
    not named in the table but may act as the supervisor of a second request."""
    _check_open(dossier, actor)
    if not supervisor and not perms.can(dossier, actor, action):
        raise NotAllowed()
    rule = TRANSITIONS[action]
    # Not from this state, or not by this actor from it (the desk hands over once; then only
    # the unit holding the dossier hands it on).
    narrowed = not supervisor and not (
        perms.actors_for(dossier, actor) & rule.actors_in(dossier.state)
    )
    if dossier.state not in rule.sources or narrowed:
        raise Conflict(
            _("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(state)s”.")
            % {"action": action.label, **_state(dossier)}
        )


def _check_open(dossier: Dossier, actor) -> None:
    """404 if `actor` may not see the dossier, 409 once it has finished (read only)."""
    if not perms.can_view(dossier, actor):
        raise NotFound()
    if dossier.state in READ_ONLY:
        raise Conflict(_("Hồ sơ đã kết thúc (%(state)s): chỉ được xem.") % _state(dossier))


def _state(dossier):
    return {"state": State(dossier.state).label}


def _require(value, field, message):
    if value in (None, "", [], {}):
        raise BadInput(fields={field: [message]})
    return value


def _reason(reason):
    return _require((reason or "").strip(), "reason", _("Cần nêu rõ lý do."))


def _missing(missing, message):
    """The listed items a request names (at least one), stripped."""
    missing = [m.strip() for m in (missing or []) if str(m).strip()]
    return _require(missing, "missing", message)


def _heads(actor, unit_id) -> bool:
    return (unit_id, Role.HEAD_OF_UNIT) in perms.memberships(actor)


def _unit_specialist(unit, user_id):
    """The active specialist `user_id` of `unit`, or None (an id that is not a number too)."""
    from django.contrib.auth import get_user_model

    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    return (
        get_user_model()
        .objects.filter(
            pk=user_id,
            is_active=True,
            memberships__agency=unit,
            memberships__role=Role.SPECIALIST,
        )
        .first()
    )


def _second_request(count, actor, head_unit_id, override, what) -> bool:
    """Whether this request is a supervised second one (late)."""
    if count == 0:
        return False
    if not override:
        raise Conflict(
            _(
                "Đã yêu cầu %(what)s một lần; lần thứ hai cần trưởng phòng duyệt "
                "(override) và hồ sơ sẽ bị tính là trễ hạn."
            )
            % {"what": what}
        )
    if not _heads(actor, head_unit_id):
        raise NotAllowed(_("Chỉ trưởng phòng mới được yêu cầu lần thứ hai."))
    return True


# ---- Time --------------------------------------------------------------------------------


def _handed_in_components(dossier, *, checked_at_desk=False):
    """The required components the applicant hands in. Papers only shown for comparison
    (`present_only`) are never uploaded; the desk still compares them when it sees the
    applicant (`checked_at_desk` for a walk-in), not on a dossier sent from afar."""
    required = dossier.version.components.filter(required=True)
    if not (checked_at_desk and dossier.channel == ChannelKind.IN_PERSON):
        required = required.filter(present_only=False)
    return list(required)


def _refuse_shown_only(dossier, component) -> None:
    """A paper shown, not handed in, takes no file from afar."""
    if not dossier.takes_files_for(component):
        raise BadInput(
            fields={
                "component": [
                    _(
                        "Giấy tờ này chỉ xuất trình bản chính để đối chiếu, không nộp: "
                        "không cần tải lên."
                    )
                ]
            }
        )


def _calendar(dossier):
    return calendar_for(dossier.receiving_unit.province_code)


def _channel(dossier):
    channel = dossier.version.channels.filter(kind=dossier.channel).first()
    if channel is None:
        raise Conflict(_("Thủ tục không còn cách thức nộp hồ sơ này."))
    return channel


def _waits(dossier, *, closing_at=None):
    """The dossier's waits as (start, end, kind); `closing_at` ends the open one. Rows written
    before waits had a kind are supplements."""
    waits = []
    for start, end, *kind in dossier.pauses:
        end = datetime.datetime.fromisoformat(end) if end else closing_at
        waits.append(
            (datetime.datetime.fromisoformat(start), end, kind[0] if kind else PauseKind.SUPPLEMENT)
        )
    return waits


def _pauses(dossier, *, closing_at=None):
    """The dossier's waits as (start, end) pairs; `closing_at` ends the open one."""
    return [(start, end) for start, end, _kind in _waits(dossier, closing_at=closing_at)]


def _due(dossier, *, rescheduled=True, closing_at=None):
    """The dossier's due time. A procedure that restarts the clock restarts it only at the end
    of a supplement wait: waiting for a payment always pauses it. So the count runs from the
    end of the last answered supplement, and every wait after that point pauses it."""
    channel = _channel(dossier)
    waits = _waits(dossier, closing_at=closing_at)
    start = dossier.clock_start
    if dossier.version.clock_on_supplement == ClockOnSupplement.RESTART:
        answered = [end for _s, end, kind in waits if kind == PauseKind.SUPPLEMENT and end]
        start = max([start, *answered])
    return deadlines.due_at(
        received_at=start,
        value=channel.duration_value,
        unit=channel.duration_unit,
        calendar=_calendar(dossier),
        # Waits that ended before `start` are clipped away by the engine.
        pauses=[(wait_start, end) for wait_start, end, _kind in waits],
        on_pause=ClockOnSupplement.PAUSE,
        rescheduled_to=dossier.rescheduled_to if rescheduled else None,
    )


def _move_step(dossier, now):
    """Start the internal-process step of whoever holds the dossier now (or none)."""
    role = HOLDER_ROLE.get(State(dossier.state))
    steps = list(dossier.version.process_steps.all()) if role else []
    later = [s for s in steps if dossier.step_order is None or s.order > dossier.step_order]
    step = next((s for s in later if s.responsible_role == role), None) or next(
        (s for s in steps if s.responsible_role == role), None
    )
    if step is None:
        dossier.step_order = dossier.step_started_at = dossier.step_due_at = None
        return
    dossier.step_order = step.order
    dossier.step_started_at = now
    dossier.step_due_at = deadlines.due_at(
        received_at=now,
        value=step.budget_value,
        unit=step.budget_unit,
        calendar=_calendar(dossier),
    )


def _step_due_after_wait(dossier, now):
    """The current step's due time once the applicant's wait ends at `now`: the engine moves
    it by the working time waited since the step started."""
    step = dossier.version.process_steps.filter(order=dossier.step_order).first()
    if step is None or dossier.step_started_at is None:
        return dossier.step_due_at
    waits = [
        (start, end)
        for start, end in _pauses(dossier, closing_at=now)
        if start >= dossier.step_started_at
    ]
    return deadlines.due_at(
        received_at=dossier.step_started_at,
        value=step.budget_value,
        unit=step.budget_unit,
        calendar=_calendar(dossier),
        pauses=waits,
    )


def _after_wait(dossier, now):
    """Keyword arguments of the transitions that end a wait (supplement, payment)."""
    return {
        "at": now,
        "due_at": _due(dossier, closing_at=now),
        "original_due_at": _due(dossier, rescheduled=False, closing_at=now),
        "step_due_at": _step_due_after_wait(dossier, now),
    }


# ---- The one way to fire a transition ----------------------------------------------------


def _fire(
    dossier: Dossier,
    actor,
    action: Action,
    *,
    now,
    reason="",
    data=None,
    files=(),
    **transition_args,
) -> Dossier:
    from_state = dossier.state
    step_due = dossier.step_due_at if action in HANDOVERS else None
    getattr(dossier, ACTION_METHODS[action])(**transition_args)
    if action in HANDOVERS:
        _move_step(dossier, now)
    _touched(dossier, now)
    _save(dossier)
    if dossier.code:
        # The public tracking view changes with every event: forgotten now, and again after
        # the commit, since a view read while this transaction commits is the old one.
        tracking.forget(dossier.code)
        transaction.on_commit(partial(tracking.forget, dossier.code))
    _write_event(
        dossier,
        actor,
        action,
        now=now,
        from_state=from_state,
        reason=reason,
        data=data,
        files=files,
        step_due=step_due,
    )
    return dossier


def _touched(dossier, now):
    """An event happens now: the dossier is not stuck, and the sweep's deadline flags are
    cleared where the due time moved or the state no longer has one (the next sweep sets
    them again, and tells whoever must hear of a new crossing)."""
    dossier.last_event_at = now
    dossier.stuck = False
    due_before, step_due_before = getattr(dossier, "_loaded_due", (None, None))
    if dossier.state not in DUE_FLAGGED or dossier.due_at != due_before:
        dossier.due_flag, dossier.due_soon_days = "", None
        dossier.apology_window = False
    if dossier.state not in STEP_FLAGGED or dossier.step_due_at != step_due_before:
        dossier.step_flag, dossier.step_soon_days = "", None


def _save(dossier):
    try:
        dossier.save()
    except ConcurrentTransition as error:
        raise Conflict(_("Hồ sơ vừa được người khác xử lý; vui lòng tải lại.")) from error


def _write_event(dossier, actor, action, *, now, from_state, reason, data, files, step_due):
    agency_id = _actor_agency_id(dossier, actor)
    event = DossierEvent.objects.create(
        dossier=dossier,
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=actor.get_full_name() if getattr(actor, "pk", None) else "",
        actor_agency_id=agency_id,
        at=now,
        from_state=from_state,
        to_state=dossier.state,
        reason=reason or "",
        data=data or {},
        step_due_at=step_due,
        timeliness=deadlines.timeliness(now, step_due) or "",
    )
    if files:
        event.files.set(files)
    effects.after_event(event, dossier)  # messages and jobs, in this transaction
    return event


def _actor_agency_id(dossier, actor):
    held = perms.staff_agency_ids(actor)
    for agency_id in (
        dossier.receiving_unit_id,
        dossier.processing_unit_id,
        dossier.competent_agency_id,
    ):
        if agency_id in held:
            return agency_id
    return None


def _files(dossier, file_ids, field="files", kinds=None):
    if not file_ids:
        return []
    try:
        found = DossierFile.objects.filter(dossier=dossier, pk__in=list(file_ids))
        if kinds is not None:
            found = found.filter(kind__in=kinds)
        found = list(found)
    except (ValidationError, ValueError, TypeError):
        found = []
    if len(found) != len(set(map(str, file_ids))):
        message = _("Có tệp không thuộc hồ sơ này.")
        if kinds is not None:
            message = _("Tệp phải là tệp kết quả hoặc tài liệu do cơ quan giải quyết tải lên.")
        raise BadInput(fields={field: [message]})
    return found


def _new_file(dossier, *, actor, kind, content, meta, component=None, reused=False):
    """The one place a `DossierFile` is made: its row and its content in the storage. `meta`
    is what `files.inspect_upload` found (name, size, digest, type); `content` a file."""
    stored = DossierFile(
        dossier=dossier,
        component=component,
        kind=kind,
        uploaded_by=actor,
        reused_from_store=reused,
        **meta,
    )
    stored.file.save(meta["original_name"], content, save=False)
    stored.signatures = _signatures(stored)
    stored.save()
    return stored


def _signatures(stored):
    """What officers see of a PDF's signatures (an electronic certified copy is only worth
    its signature): checked once, when the file arrives."""
    if stored.content_type != "application/pdf":
        return None
    from ..signing.validate import NotReadable, signatures_of

    try:
        with stored.file.open("rb") as handle:
            found = signatures_of(handle.read())
    except (NotReadable, OSError):
        return []
    return [
        {
            "signer": s.signer,
            "issuer": s.issuer,
            "signed_at": s.signed_at.isoformat() if s.signed_at else "",
            "valid": s.valid,
            "intact": s.intact,
            "trusted": s.trusted,
        }
        for s in found
    ]
