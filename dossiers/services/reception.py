"""At the one-stop desk: submit, request completion (Mẫu 02), refuse (Mẫu 03), receive (Mẫu 01)
and transfer to the competent agency."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procedures.models import Agency, ChannelKind, CopyKind
from procedures.services import version_lock

from .. import codes, deadlines
from ..errors import BadInput
from ..models import Dossier
from ..reasons import RefusalGround, with_label
from ..selectors import processing_units
from ..states import Action, State
from ._core import (
    _begin,
    _calendar,
    _check,
    _due,
    _fire,
    _handed_in_components,
    _heads,
    _locked,
    _missing,
    _reason,
    _second_request,
    _unit_specialist,
)
from .declarations import declarations_checked, print_declarations
from .drafts import contacts_missing

# ---- Transitions --------------------------------------------------------------------------


@transaction.atomic
def dossier_submit(*, dossier_id, actor) -> Dossier:
    """Send the dossier. Online: every required declaration form is filled in (and printed as
    its component's file), every other required component has a file; the code is given with
    the official reception date (outside office hours: the next working day)."""
    now, dossier = _begin(dossier_id, actor, Action.SUBMIT)
    # Sent from afar, the applicant is reached and follows the dossier by these; a walk-in
    # leaves with the paper receipt, whatever contacts they have.
    missing = contacts_missing(dossier) if dossier.channel != ChannelKind.IN_PERSON else {}
    if missing:
        raise BadInput(
            _("Chưa gửi được: cần thông tin liên lạc để cơ quan báo tin và để tra cứu hồ sơ."),
            fields=missing,
        )
    online = dossier.channel == ChannelKind.ONLINE
    declarations = declarations_checked(dossier) if online else {}
    official = deadlines.official_reception_time(now, calendar=_calendar(dossier))
    if not dossier.code:
        dossier.code = codes.next_dossier_code(
            unit=dossier.receiving_unit, day=timezone.localdate(official)
        )
    if online:
        _require_components(dossier, declared={c.pk for c in declarations})
        print_declarations(dossier, actor, declarations)  # with the code on it
    version_lock(version_id=dossier.version_id)
    return _fire(
        dossier,
        actor,
        Action.SUBMIT,
        now=now,
        data={"official_reception_at": official.isoformat()},
        at=official,
        sent_at=now,
    )


def _require_components(dossier, declared=frozenset()):
    """Every required component has a file, or (`declared`) a complete declaration that is
    about to be printed as its file: checked before anything is written to the storage."""
    provided = set(
        dossier.files.filter(component__isnull=False).values_list("component_id", flat=True)
    ) | set(declared)
    missing = [c for c in _handed_in_components(dossier) if c.pk not in provided]
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
    missing = _missing(missing, _("Cần liệt kê đầy đủ các giấy tờ phải bổ sung, hoàn thiện."))
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


@transaction.atomic
def dossier_refuse(
    *, dossier_id, actor, reason: str = "", ground: str = "", redirect_to: str = ""
) -> Dossier:
    """Mẫu 03: refuse with reasons: a usual `ground` (a `RefusalGround`), the officer's own
    words, or both. Refused as not within the agency's competence, the dossier names the agency
    that decides it (`redirect_to`, its code): another open agency."""
    now, dossier = _begin(dossier_id, actor, Action.REFUSE)
    errors = {}
    if ground and ground not in RefusalGround.values:
        errors["ground"] = [_("Lý do không hợp lệ.")]
    elif not ground and not (reason or "").strip():
        errors["reason"] = [_("Cần nêu rõ lý do.")]
    data = {"ground": ground} if ground in RefusalGround.values else {}
    if redirect_to:
        agency = Agency.objects.filter(code=redirect_to).first()
        if agency is None:
            errors["redirect_to"] = [_("Không có cơ quan với mã này.")]
        elif agency.pk == dossier.competent_agency_id:
            errors["redirect_to"] = [
                _("Cơ quan có thẩm quyền phải là một cơ quan khác cơ quan đang từ chối.")
            ]
        elif not agency.is_active:
            errors["redirect_to"] = [_("Cơ quan này đã ngừng hoạt động.")]
        else:
            data["redirect_to"] = {"code": agency.code, "name": agency.name}
    elif ground == RefusalGround.NOT_COMPETENT:
        errors["redirect_to"] = [
            _("Hồ sơ không thuộc thẩm quyền: nêu cơ quan có thẩm quyền giải quyết.")
        ]
    if errors:
        raise BadInput(fields=errors)
    # A usual ground leads the officer's words on the slip; their words alone stay as written.
    reason = with_label(RefusalGround(ground).label, reason) if ground else reason.strip()
    return _fire(dossier, actor, Action.REFUSE, now=now, reason=reason, data=data)


@transaction.atomic
def dossier_receive(*, dossier_id, actor, checklist: dict) -> Dossier:
    """Mẫu 01: the desk checked every required component; the clock starts.

    `checklist` maps a component id to True (checked), False, or the copy handed in at the
    desk (a `CopyKind` value: original, certified copy, photocopy), which also counts as
    checked; the copies are recorded in the event as `data["copies"]`."""
    now, dossier = _begin(dossier_id, actor, Action.RECEIVE)
    checked, copies = _checked(checklist)
    required = _handed_in_components(dossier, checked_at_desk=True)
    unchecked = [c.name for c in required if str(c.pk) not in checked]
    if unchecked:
        raise BadInput(
            _("Hồ sơ chưa đủ thành phần: hãy yêu cầu hoàn thiện thay vì tiếp nhận."),
            fields={"checklist": [_("Chưa kiểm tra: %(name)s") % {"name": n} for n in unchecked]},
        )
    # The moment the desk finished its check. A walk-in's official reception is this one; a
    # dossier sent from afar keeps the one of its sending, the desk's delay is not its own.
    dossier.received_at = now
    if dossier.channel == ChannelKind.IN_PERSON:
        dossier.official_reception_at = deadlines.official_reception_time(
            now, calendar=_calendar(dossier)
        )
    due = _due(dossier)
    data = {"checklist": sorted(checked)}
    if copies:
        data["copies"] = copies
    return _fire(
        dossier,
        actor,
        Action.RECEIVE,
        now=now,
        data=data,
        at=now,
        due_at=due,
    )


def _checked(checklist) -> tuple[set[str], dict[str, str]]:
    """The checked component ids, and the copy kind handed in for those that name one."""
    checked, copies, bad = set(), {}, []
    for key, value in (checklist or {}).items():
        key = str(key)
        if isinstance(value, str) and value:
            if value not in CopyKind.values:
                bad.append(key)
                continue
            copies[key] = value
        if value:
            checked.add(key)
    if bad:
        raise BadInput(
            fields={
                "checklist": [
                    _("%(key)s: loại bản giấy tờ không hợp lệ.") % {"key": key} for key in bad
                ]
            }
        )
    return checked, dict(sorted(copies.items()))


@transaction.atomic
def dossier_transfer(*, dossier_id, actor, unit_code: str = "", assignee_id=None) -> Dossier:
    """To the competent agency's unit, optionally to a named specialist of it: by the desk once
    it has received the dossier, then by the head of the unit holding it, to another unit."""
    now, dossier = _begin(dossier_id, actor, Action.TRANSFER)
    unit = dossier.competent_agency
    if unit_code:
        # The agency itself or one of its open units; not a service centre under it.
        unit = next((u for u in processing_units(dossier) if u.code == unit_code), None)
        if unit is None:
            raise BadInput(fields={"unit": [_("Đơn vị xử lý phải thuộc cơ quan có thẩm quyền.")]})
    current = dossier.processing_unit_id
    if dossier.state == State.IN_PROGRESS and unit.pk == current:
        # A hand-on goes to another unit; inside the unit the head assigns (dossier_assign).
        raise BadInput(
            fields={"unit": [_("Hồ sơ đã ở đơn vị này; để giao cho chuyên viên, hãy phân công.")]}
        )
    assignee = None
    if assignee_id not in (None, ""):
        assignee = _unit_specialist(unit, assignee_id)
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
