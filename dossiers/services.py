"""Dossier use cases: one function per action, the only code that changes a dossier.

Each transition service follows one pattern (`_fire`): in one transaction, lock the row
(`select_for_update`), check that the user may see it (404), may do it (403) and that the
state allows it (409), check the rule's own input (400), call the django-fsm transition,
save (ConcurrentTransitionMixin refuses a stale state), move the internal-process step,
and write the one append-only event row. Side effects are scheduled with
`transaction.on_commit`. Due times come only from `dossiers.deadlines`.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from procedures.calendar import calendar_for
from procedures.models import (
    Agency,
    ChannelKind,
    ClockOnSupplement,
    Level,
    ProcedureVersion,
    Role,
)
from procedures.services import version_lock

from . import codes, deadlines
from . import permissions as perms
from .errors import BadInput, Conflict, NotAllowed, NotFound
from .files import inspect_upload
from .models import (
    ACTION_METHODS,
    Dossier,
    DossierEvent,
    DossierFile,
    DossierResult,
    FileKind,
    PauseKind,
)
from .states import (
    IN_PROCESS,
    READ_ONLY,
    TRANSITIONS,
    Action,
    Actor,
    Outcome,
    ReturnChannel,
    State,
)

# Who holds the dossier after each state is entered: picks the internal-process step.
HOLDER_ROLE = {
    State.RECEIVED: Role.DESK_OFFICER,
    State.IN_PROGRESS: Role.SPECIALIST,
    State.PENDING_APPROVAL: Role.LEADER,
    State.RESOLVED: Role.DESK_OFFICER,
}
# Hand-overs on the control slip: the current step ends (its timeliness is recorded) and the
# next holder's step starts. Waits for the applicant pause the step instead.
HANDOVERS = frozenset(
    {
        Action.RECEIVE,
        Action.TRANSFER,
        Action.SUBMIT_FOR_APPROVAL,
        Action.SEND_BACK,
        Action.APPROVE,
        Action.DENY,
        Action.RETURN,
        Action.REFUSE,
        Action.STOP,
    }
)


# ---- Reading for a change ----------------------------------------------------------------


def _locked(dossier_id) -> Dossier:
    try:
        return (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("version", "receiving_unit", "competent_agency")
            .get(pk=dossier_id)
        )
    except (Dossier.DoesNotExist, ValidationError, ValueError, TypeError) as error:
        raise NotFound() from error


def _check(dossier: Dossier, actor, action: Action, *, supervisor: bool = False) -> None:
    """404, 409 (finished), 403, 409 (wrong state), in that order. `supervisor`: the actor is
    not named in the table but may act as the supervisor of a second request."""
    if not perms.can_view(dossier, actor):
        raise NotFound()
    if dossier.state in READ_ONLY:
        raise Conflict(_("Hồ sơ đã kết thúc (%(state)s): chỉ được xem.") % _state(dossier))
    if not supervisor and not perms.can(dossier, actor, action):
        raise NotAllowed()
    if dossier.state not in TRANSITIONS[action].sources:
        raise Conflict(
            _("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(state)s”.")
            % {"action": action.label, **_state(dossier)}
        )


def _state(dossier):
    return {"state": State(dossier.state).label}


def _require(value, field, message):
    if value in (None, "", [], {}):
        raise BadInput(fields={field: [message]})
    return value


def _reason(reason):
    return _require((reason or "").strip(), "reason", _("Cần nêu rõ lý do."))


# ---- Time --------------------------------------------------------------------------------


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
    start = dossier.received_at
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
    try:
        dossier.save()
    except ConcurrentTransition as error:
        raise Conflict(_("Hồ sơ vừa được người khác xử lý; vui lòng tải lại.")) from error
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


# ---- Drafts and files --------------------------------------------------------------------


def receiving_unit_for(agency: Agency) -> Agency:
    """The one-stop desk that receives dossiers for `agency` (ND 118: the service centres
    receive for every agency of the province):

    - the agency's own desk, or the desk of one of its units (a commune's service centre);
    - for a commune-level agency without one (the commune police), the desk of its commune;
    - otherwise the nearest ancestor's desk or centre: a provincial department's dossiers are
      received at the provincial Public Administration Service Centre.
    """
    found = _desk_of(agency)
    if found is None and agency.level == Level.COMMUNE and agency.ward_code:
        found = (
            Agency.objects.filter(
                has_desk=True, level=Level.COMMUNE, ward_code=agency.ward_code, closed_on=None
            )
            .order_by("code")
            .first()
        )
    ancestor = agency.parent
    while found is None and ancestor is not None:
        found = _desk_of(ancestor)
        ancestor = ancestor.parent
    if found is None:
        raise BadInput(
            fields={"agency": [_("Cơ quan này chưa có Bộ phận Một cửa tiếp nhận hồ sơ.")]}
        )
    return found


def _desk_of(agency: Agency) -> Agency | None:
    if agency.has_desk:
        return agency
    return agency.children.filter(has_desk=True, closed_on=None).order_by("code").first()


@transaction.atomic
def dossier_create(
    *,
    actor,
    procedure_code: str,
    channel: str,
    agency_code: str = "",
    applicant_name: str = "",
    applicant_id_number: str = "",
    applicant_phone: str = "",
    applicant_email: str = "",
    applicant_address: str = "",
) -> Dossier:
    """A draft: by an applicant for themselves, or by a desk officer for a walk-in. The draft
    pins the procedure version in force, which is locked from then on."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise NotAllowed(_("Cần đăng nhập để tạo hồ sơ."))
    version = (
        ProcedureVersion.objects.filter(
            procedure__code=procedure_code, procedure__current_version=F("pk")
        )
        .select_related("procedure")
        .first()
    )
    if version is None:
        raise BadInput(fields={"procedure": [_("Không có thủ tục đang áp dụng với mã này.")]})
    if channel not in ChannelKind.values:
        raise BadInput(fields={"channel": [_("Hình thức nộp không hợp lệ.")]})
    if channel == ChannelKind.ONLINE and not version.accepts_online:
        raise BadInput(
            fields={"channel": [_("Thủ tục này chưa cung cấp dịch vụ công trực tuyến.")]}
        )
    if not version.channels.filter(kind=channel).exists():
        raise BadInput(fields={"channel": [_("Thủ tục không áp dụng hình thức nộp này.")]})
    agency = _competent_agency(version, agency_code)
    receiving_unit = receiving_unit_for(agency)
    desk = (receiving_unit.pk, Role.DESK_OFFICER) in perms.memberships(actor)
    if channel == ChannelKind.IN_PERSON and not desk:
        raise BadInput(
            fields={"channel": [_("Hồ sơ nộp trực tiếp do Bộ phận Một cửa tạo khi tiếp nhận.")]}
        )
    if desk and channel == ChannelKind.IN_PERSON:
        applicant = None
        name = _require(applicant_name.strip(), "applicant_name", _("Cần nhập họ tên người nộp."))
    else:
        applicant = actor
        name = applicant_name.strip() or actor.get_full_name()
    version_lock(version_id=version.pk)
    return Dossier.objects.create(
        procedure=version.procedure,
        version=version,
        channel=channel,
        applicant=applicant,
        created_by=actor,
        applicant_name=name,
        applicant_id_number=applicant_id_number.strip(),
        applicant_phone=applicant_phone.strip(),
        applicant_email=applicant_email.strip() or (actor.email if applicant else ""),
        applicant_address=applicant_address.strip(),
        receiving_unit=receiving_unit,
        competent_agency=agency,
    )


def _competent_agency(version, agency_code):
    agencies = list(version.implementing_agencies.all())
    if agency_code:
        chosen = next((a for a in agencies if a.code == agency_code), None)
        if chosen is None:
            raise BadInput(fields={"agency": [_("Cơ quan này không thực hiện thủ tục.")]})
        return chosen
    if len(agencies) == 1:
        return agencies[0]
    raise BadInput(fields={"agency": [_("Cần chọn cơ quan giải quyết hồ sơ.")]})


UPLOAD_STATES = {
    State.DRAFT: ({Actor.APPLICANT, Actor.DESK}, FileKind.APPLICATION),
    State.COMPLETION_REQUESTED: ({Actor.APPLICANT, Actor.DESK}, FileKind.APPLICATION),
    State.SUPPLEMENT_REQUESTED: ({Actor.APPLICANT, Actor.DESK}, FileKind.SUPPLEMENT),
    State.IN_PROGRESS: ({Actor.SPECIALIST, Actor.HEAD}, FileKind.ATTACHMENT),
    State.PENDING_APPROVAL: ({Actor.HEAD, Actor.LEADER}, FileKind.RESULT),
}


@transaction.atomic
def dossier_attach_file(*, dossier_id, actor, upload, component_id=None) -> DossierFile:
    """Attach a file: a component of the pinned version (applicant), or working papers and
    draft results (staff), in the states where each may add files."""
    dossier = _locked(dossier_id)
    if not perms.can_view(dossier, actor):
        raise NotFound()
    if dossier.state in READ_ONLY:
        raise Conflict(_("Hồ sơ đã kết thúc (%(state)s): chỉ được xem.") % _state(dossier))
    allowed, kind = UPLOAD_STATES.get(State(dossier.state), (set(), None))
    if not allowed & perms.actors_for(dossier, actor):
        if kind is None:
            raise Conflict(_("Không thể thêm tệp ở trạng thái hiện tại của hồ sơ."))
        raise NotAllowed()
    component = None
    if component_id not in (None, ""):
        component = dossier.version.components.filter(pk=component_id).first()
        if component is None:
            raise BadInput(
                fields={"component": [_("Thành phần này không thuộc thủ tục của hồ sơ.")]}
            )
    elif kind in (FileKind.APPLICATION, FileKind.SUPPLEMENT):
        raise BadInput(fields={"component": [_("Cần chọn thành phần hồ sơ cho tệp.")]})
    meta = inspect_upload(upload)
    stored = DossierFile(dossier=dossier, component=component, kind=kind, uploaded_by=actor, **meta)
    stored.file.save(meta["original_name"], upload, save=False)
    stored.save()
    return stored


# ---- Transitions --------------------------------------------------------------------------


@transaction.atomic
def dossier_submit(*, dossier_id, actor) -> Dossier:
    """Send the dossier. Online: every required component needs a file; the code is given
    with the official reception date (outside office hours: the next working day)."""
    now = timezone.now()
    dossier = _locked(dossier_id)
    _check(dossier, actor, Action.SUBMIT)
    if dossier.channel == ChannelKind.ONLINE:
        _require_components(dossier)
    official = (
        deadlines.official_reception_time(now, calendar=_calendar(dossier))
        if dossier.channel != ChannelKind.IN_PERSON
        else now
    )
    if not dossier.code:
        dossier.code = codes.next_dossier_code(
            unit=dossier.receiving_unit, day=timezone.localdate(official)
        )
    version_lock(version_id=dossier.version_id)
    return _fire(
        dossier,
        actor,
        Action.SUBMIT,
        now=now,
        data={"official_reception_at": official.isoformat()},
        at=official,
    )


def _require_components(dossier):
    provided = set(
        dossier.files.filter(component__isnull=False).values_list("component_id", flat=True)
    )
    missing = [c for c in dossier.version.components.filter(required=True) if c.pk not in provided]
    if missing:
        raise BadInput(
            _("Hồ sơ còn thiếu thành phần bắt buộc."),
            fields={"files": [_("Thiếu: %(name)s") % {"name": c.name} for c in missing]},
        )


@transaction.atomic
def dossier_request_completion(
    *, dossier_id, actor, reason: str, missing: list[str], override: bool = False
) -> Dossier:
    """Mẫu 02: every missing or wrong item at once, with reasons. Once; a second needs the
    head of the receiving unit's override and counts as late."""
    now = timezone.now()
    dossier = _locked(dossier_id)
    # The head of the receiving unit is not a desk officer, but may make the second request.
    supervisor = (
        bool(override)
        and dossier.completion_requests > 0
        and _heads(actor, dossier.receiving_unit_id)
    )
    _check(dossier, actor, Action.REQUEST_COMPLETION, supervisor=supervisor)
    reason = _reason(reason)
    missing = [m.strip() for m in (missing or []) if str(m).strip()]
    _require(missing, "missing", _("Cần liệt kê đầy đủ các giấy tờ phải bổ sung, hoàn thiện."))
    late = _second_request(
        dossier.completion_requests, actor, dossier.receiving_unit_id, override, _("hoàn thiện")
    )
    if late:
        dossier.flagged_late = True
    return _fire(
        dossier,
        actor,
        Action.REQUEST_COMPLETION,
        now=now,
        reason=reason,
        data={"missing": missing, "override": late},
    )


def _heads(actor, unit_id) -> bool:
    return (unit_id, Role.HEAD_OF_UNIT) in perms.memberships(actor)


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


@transaction.atomic
def dossier_refuse(*, dossier_id, actor, reason: str, redirect_to: str = "") -> Dossier:
    """Mẫu 03: refuse with reasons; name the right agency when it is elsewhere."""
    now = timezone.now()
    dossier = _locked(dossier_id)
    _check(dossier, actor, Action.REFUSE)
    data = {}
    if redirect_to:
        agency = Agency.objects.filter(code=redirect_to).first()
        if agency is None:
            raise BadInput(fields={"redirect_to": [_("Không có cơ quan với mã này.")]})
        data["redirect_to"] = {"code": agency.code, "name": agency.name}
    return _fire(dossier, actor, Action.REFUSE, now=now, reason=_reason(reason), data=data)


@transaction.atomic
def dossier_receive(*, dossier_id, actor, checklist: dict) -> Dossier:
    """Mẫu 01: the desk checked every required component; the clock starts."""
    now = timezone.now()
    dossier = _locked(dossier_id)
    _check(dossier, actor, Action.RECEIVE)
    checked = {str(k) for k, v in (checklist or {}).items() if v}
    required = list(dossier.version.components.filter(required=True))
    unchecked = [c.name for c in required if str(c.pk) not in checked]
    if unchecked:
        raise BadInput(
            _("Hồ sơ chưa đủ thành phần: hãy yêu cầu hoàn thiện thay vì tiếp nhận."),
            fields={"checklist": [_("Chưa kiểm tra: %(name)s") % {"name": n} for n in unchecked]},
        )
    received_at = now
    if dossier.channel != ChannelKind.IN_PERSON and dossier.submitted_at:
        received_at = min(now, dossier.submitted_at)
    dossier.received_at = received_at
    due = _due(dossier)
    return _fire(
        dossier,
        actor,
        Action.RECEIVE,
        now=now,
        data={"checklist": sorted(checked)},
        at=received_at,
        due_at=due,
    )


@transaction.atomic
def dossier_transfer(*, dossier_id, actor, unit_code: str = "", assignee_id=None) -> Dossier:
    """To the competent agency's unit, optionally to a named specialist of it."""
    now = timezone.now()
    dossier = _locked(dossier_id)
    _check(dossier, actor, Action.TRANSFER)
    unit = dossier.competent_agency
    if unit_code:
        unit = Agency.objects.filter(code=unit_code).first()
        allowed = {dossier.competent_agency_id}
        if unit is None or (unit.pk not in allowed and unit.parent_id not in allowed):
            raise BadInput(fields={"unit": [_("Đơn vị xử lý phải thuộc cơ quan có thẩm quyền.")]})
    assignee = None
    if assignee_id not in (None, ""):
        from django.contrib.auth import get_user_model

        assignee = (
            get_user_model()
            .objects.filter(
                pk=assignee_id,
                is_active=True,
                memberships__agency=unit,
                memberships__role=Role.SPECIALIST,
            )
            .first()
        )
        if assignee is None:
            raise BadInput(
                fields={"assignee": [_("Người được giao phải là chuyên viên của đơn vị xử lý.")]}
            )
    return _fire(
        dossier,
        actor,
        Action.TRANSFER,
        now=now,
        data={"unit": unit.code, "assignee": assignee.pk if assignee else None},
        unit=unit,
        assignee=assignee,
    )


@transaction.atomic
def dossier_request_supplement(
    *, dossier_id, actor, reason: str, missing: list[str], override: bool = False
) -> Dossier:
    """During processing: once, the clock pauses; a second needs the head's override and
    counts as late."""
    now = timezone.now()
    dossier = _locked(dossier_id)
    _check(dossier, actor, Action.REQUEST_SUPPLEMENT)
    reason = _reason(reason)
    missing = [m.strip() for m in (missing or []) if str(m).strip()]
    _require(missing, "missing", _("Cần liệt kê đầy đủ các giấy tờ phải bổ sung."))
    unit_id = dossier.processing_unit_id or dossier.competent_agency_id
    late = _second_request(dossier.supplement_requests, actor, unit_id, override, _("bổ sung"))
    return _fire(
        dossier,
        actor,
        Action.REQUEST_SUPPLEMENT,
        now=now,
        reason=reason,
        data={"missing": missing, "override": late},
        at=now,
        late=late,
    )


@transaction.atomic
def dossier_supplement(*, dossier_id, actor, note: str = "", file_ids=()) -> Dossier:
    """The applicant's answer: the clock resumes (or restarts, as the procedure says)."""
    now = timezone.now()
    dossier = _locked(dossier_id)
    _check(dossier, actor, Action.SUPPLEMENT)
    files = _files(dossier, file_ids)
    return _fire(
        dossier,
        actor,
        Action.SUPPLEMENT,
        now=now,
        reason=note,
        files=files,
        **_after_wait(dossier, now),
    )


@transaction.atomic
def dossier_request_payment(*, dossier_id, actor, amount, description: str) -> Dossier:
    now = timezone.now()
    dossier = _locked(dossier_id)
    _check(dossier, actor, Action.REQUEST_PAYMENT)
    amount = _amount(amount)
    description = _require(
        (description or "").strip(), "description", _("Cần ghi nội dung khoản phải nộp.")
    )
    return _fire(
        dossier,
        actor,
        Action.REQUEST_PAYMENT,
        now=now,
        reason=description,
        data={"amount": str(amount)},
        at=now,
    )


def _amount(value):
    try:
        amount = Decimal(str(value))
    except (ArithmeticError, ValueError):
        raise BadInput(fields={"amount": [_("Số tiền không hợp lệ.")]}) from None
    if amount <= 0 or amount != amount.to_integral_value():
        raise BadInput(fields={"amount": [_("Số tiền phải là số đồng nguyên dương.")]})
    return amount


@transaction.atomic
def dossier_record_payment(*, dossier_id, actor, receipt_number: str, amount) -> Dossier:
    now = timezone.now()
    dossier = _locked(dossier_id)
    _check(dossier, actor, Action.RECORD_PAYMENT)
    receipt = _require((receipt_number or "").strip(), "receipt_number", _("Cần số biên lai."))
    amount = _amount(amount)
    return _fire(
        dossier,
        actor,
        Action.RECORD_PAYMENT,
        now=now,
        data={"receipt_number": receipt, "amount": str(amount)},
        **_after_wait(dossier, now),
    )


@transaction.atomic
def dossier_submit_for_approval(*, dossier_id, actor, note: str = "", file_ids=()) -> Dossier:
    now = timezone.now()
    dossier = _locked(dossier_id)
    _check(dossier, actor, Action.SUBMIT_FOR_APPROVAL)
    files = _files(dossier, file_ids)
    return _fire(dossier, actor, Action.SUBMIT_FOR_APPROVAL, now=now, reason=note, files=files)


@transaction.atomic
def dossier_send_back(*, dossier_id, actor, reason: str) -> Dossier:
    now = timezone.now()
    dossier = _locked(dossier_id)
    _check(dossier, actor, Action.SEND_BACK)
    return _fire(dossier, actor, Action.SEND_BACK, now=now, reason=_reason(reason))


@transaction.atomic
def dossier_approve(*, dossier_id, actor, summary: str = "", result_file_id=None) -> Dossier:
    """The leader approves: the result is numbered `<code>-KQn`."""
    return _resolve(dossier_id, actor, Action.APPROVE, summary, result_file_id)


@transaction.atomic
def dossier_deny(*, dossier_id, actor, reason: str, result_file_id=None) -> Dossier:
    """The leader denies, with reasons; the written reply is the result `<code>-KQn`."""
    return _resolve(dossier_id, actor, Action.DENY, reason, result_file_id)


def _resolve(dossier_id, actor, action, text, result_file_id):
    now = timezone.now()
    dossier = _locked(dossier_id)
    _check(dossier, actor, action)
    text = _reason(text) if action == Action.DENY else (text or "").strip()
    # The result is a paper of the agency, never one the applicant filed.
    files = _files(
        dossier,
        [result_file_id] if result_file_id else [],
        field="result_file",
        kinds=(FileKind.RESULT, FileKind.ATTACHMENT),
    )
    number = codes.next_result_number(dossier)
    result = DossierResult.objects.create(
        dossier=dossier,
        number=number,
        code=codes.result_code(dossier.code, number),
        outcome=Outcome.APPROVED if action == Action.APPROVE else Outcome.DENIED,
        summary=text,
        file=files[0] if files else None,
        issued_at=now,
        issued_by=actor,
    )
    if files:
        DossierFile.objects.filter(pk=files[0].pk).update(kind=FileKind.RESULT)
    timeliness = deadlines.timeliness(now, dossier.original_due_at)
    if dossier.flagged_late:
        timeliness = deadlines.Timeliness.LATE
    return _fire(
        dossier,
        actor,
        action,
        now=now,
        reason=text if action == Action.DENY else "",
        data={"result_code": result.code, "summary": text, "dossier_timeliness": timeliness},
        files=files,
        at=now,
    )


@transaction.atomic
def dossier_return(*, dossier_id, actor, channel: str, details: dict) -> Dossier:
    """Hand the result over: at the desk (who collected it, their ID), by post (tracking
    number) or online (the electronic result)."""
    now = timezone.now()
    dossier = _locked(dossier_id)
    _check(dossier, actor, Action.RETURN)
    details = _return_details(dossier, channel, details or {})
    return _fire(
        dossier,
        actor,
        Action.RETURN,
        now=now,
        data={"channel": channel, **details},
        at=now,
        channel=channel,
        details=details,
    )


def _return_details(dossier, channel, details):
    if channel == ReturnChannel.DESK:
        name = _require(
            str(details.get("collector_name", "")).strip(),
            "collector_name",
            _("Cần họ tên người nhận kết quả."),
        )
        id_number = _require(
            str(details.get("collector_id_number", "")).strip(),
            "collector_id_number",
            _("Cần số giấy tờ tùy thân của người nhận."),
        )
        return {"collector_name": name, "collector_id_number": id_number}
    if channel == ReturnChannel.POST:
        tracking = _require(
            str(details.get("tracking_number", "")).strip(),
            "tracking_number",
            _("Cần số hiệu bưu gửi."),
        )
        return {"tracking_number": tracking}
    if channel == ReturnChannel.ONLINE:
        results = [r.code for r in dossier.results.filter(file__isnull=False)]
        if not results:
            raise BadInput(fields={"channel": [_("Chưa có kết quả điện tử để trả trực tuyến.")]})
        return {"results": results}
    raise BadInput(fields={"channel": [_("Hình thức trả kết quả không hợp lệ.")]})


@transaction.atomic
def dossier_request_withdrawal(*, dossier_id, actor, reason: str = "") -> Dossier:
    now = timezone.now()
    dossier = _locked(dossier_id)
    _check(dossier, actor, Action.REQUEST_WITHDRAWAL)
    return _fire(dossier, actor, Action.REQUEST_WITHDRAWAL, now=now, reason=reason)


@transaction.atomic
def dossier_stop(*, dossier_id, actor, reason: str) -> Dossier:
    now = timezone.now()
    dossier = _locked(dossier_id)
    _check(dossier, actor, Action.STOP)
    return _fire(dossier, actor, Action.STOP, now=now, reason=_reason(reason))


@transaction.atomic
def dossier_reschedule(*, dossier_id, actor, new_date: datetime.date, reason: str) -> Dossier:
    """Mẫu 04: apology and one new appointment, at least one working day before the due
    date. The state does not change; statistics keep the original due time."""
    now = timezone.now()
    dossier = _locked(dossier_id)
    _check(dossier, actor, Action.RESCHEDULE)
    reason = _reason(reason)
    if dossier.rescheduled_to:
        raise Conflict(_("Hồ sơ đã được hẹn lại một lần; không được hẹn lại lần nữa."))
    if dossier.due_at is None:
        raise Conflict(_("Hồ sơ đang tạm dừng tính thời hạn; chưa thể hẹn lại."))
    calendar = _calendar(dossier)
    if not deadlines.is_before_due_by_a_working_day(now, dossier.due_at, calendar=calendar):
        raise Conflict(
            _("Phải gửi văn bản xin lỗi và hẹn lại chậm nhất một ngày làm việc trước hạn.")
        )
    if not isinstance(new_date, datetime.date) or new_date <= timezone.localdate(dossier.due_at):
        raise BadInput(fields={"new_date": [_("Ngày hẹn mới phải sau hạn hiện tại.")]})
    previous = dossier.due_at
    dossier.rescheduled_to = new_date
    # During a wait the engine gives no due time; the new appointment holds whatever the wait.
    dossier.due_at = _due(dossier, closing_at=now)
    try:
        dossier.save()
    except ConcurrentTransition as error:
        raise Conflict(_("Hồ sơ vừa được người khác xử lý; vui lòng tải lại.")) from error
    _write_event(
        dossier,
        actor,
        Action.RESCHEDULE,
        now=now,
        from_state=dossier.state,
        reason=reason,
        data={"previous_due_at": previous.isoformat(), "new_due_at": dossier.due_at.isoformat()},
        files=(),
        step_due=None,
    )
    return dossier


# ---- Dispatch by action name (API, admin) -----------------------------------------------

SERVICES = {
    Action.SUBMIT: dossier_submit,
    Action.REQUEST_COMPLETION: dossier_request_completion,
    Action.REFUSE: dossier_refuse,
    Action.RECEIVE: dossier_receive,
    Action.TRANSFER: dossier_transfer,
    Action.REQUEST_SUPPLEMENT: dossier_request_supplement,
    Action.SUPPLEMENT: dossier_supplement,
    Action.REQUEST_PAYMENT: dossier_request_payment,
    Action.RECORD_PAYMENT: dossier_record_payment,
    Action.SUBMIT_FOR_APPROVAL: dossier_submit_for_approval,
    Action.SEND_BACK: dossier_send_back,
    Action.APPROVE: dossier_approve,
    Action.DENY: dossier_deny,
    Action.RETURN: dossier_return,
    Action.REQUEST_WITHDRAWAL: dossier_request_withdrawal,
    Action.STOP: dossier_stop,
    Action.RESCHEDULE: dossier_reschedule,
}


def available_actions(dossier, user) -> list[Action]:
    """The actions `user` may fire on `dossier` now (for buttons; services re-check)."""
    if dossier.state in READ_ONLY:
        return []
    mine = perms.actors_for(dossier, user)
    actions = [
        action
        for action, rule in TRANSITIONS.items()
        if dossier.state in rule.sources and mine & rule.actors
    ]
    if Action.RESCHEDULE in actions and (dossier.rescheduled_to or dossier.state not in IN_PROCESS):
        actions.remove(Action.RESCHEDULE)
    if (
        dossier.state == State.SUBMITTED
        and dossier.completion_requests
        and Action.REQUEST_COMPLETION not in actions
        and (dossier.receiving_unit_id, Role.HEAD_OF_UNIT) in perms.memberships(user)
    ):
        actions.append(Action.REQUEST_COMPLETION)  # the desk head's overriding second request
    return actions
