"""Bring a dossier to any state through the services, and fire any action with valid input.

Every dossier here is built the way the law orders it, by the people who may act: no state is
written to the database by hand. `world` is the fixture of tests/dossiers/conftest.py.
"""

import datetime

from django.utils import timezone

from dossiers import services
from dossiers.models import Dossier, DossierEvent
from dossiers.states import Action, Actor, State
from procedures.calendar import LOCAL_TZ
from tests.dossiers.conftest import pdf

# Monday 9 March 2026, 09:00 in Việt Nam: a working day with no holiday nearby.
MONDAY = datetime.datetime(2026, 3, 9, 9, 0, tzinfo=LOCAL_TZ)
# The world's dozen users are built in milliseconds rather than seconds.


def at(text: str) -> datetime.datetime:
    """The moment "2026-03-09 09:00" in Asia/Ho_Chi_Minh."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)


def local(moment: datetime.datetime | None) -> datetime.datetime | None:
    return timezone.localtime(moment, LOCAL_TZ) if moment else None


def reload(dossier: Dossier) -> Dossier:
    """A fresh copy (django-fsm's protected state field forbids refresh_from_db)."""
    return Dossier.objects.get(pk=dossier.pk)


def events(dossier: Dossier) -> list[DossierEvent]:
    return list(DossierEvent.objects.filter(dossier_id=dossier.pk).order_by("at", "id"))


# ---- Personas --------------------------------------------------------------------------------


def person(world, actor: Actor, side: str = "home"):
    """The user who stands as `actor` for a dossier of `side`'s commune (the applicant is the
    world's citizen whatever the side)."""
    if actor == Actor.APPLICANT:
        return world.citizen
    cast = getattr(world, side)
    return {
        Actor.DESK: cast.desk,
        Actor.SPECIALIST: cast.specialist,
        Actor.HEAD: cast.head,
        Actor.LEADER: cast.leader,
    }[actor]


def agency_code(side: str) -> str:
    return {"home": "H92.31", "away": "H92.32"}[side]


# ---- Valid input for every action -------------------------------------------------------------


def required_checklist(dossier: Dossier) -> dict:
    return {str(c.pk): True for c in dossier.version.components.filter(required=True)}


def _other_unit(dossier: Dossier) -> str:
    """The code of a unit of the competent agency other than the one holding the dossier."""
    from procedures.models import Agency

    units = Agency.objects.filter(parent=dossier.competent_agency, has_desk=False)
    return units.exclude(pk=dossier.processing_unit_id).values_list("code", flat=True).first()


def _other_specialist(dossier: Dossier):
    """A specialist of the dossier's unit other than its assignee (to assign it to)."""
    from procedures.models import Role

    unit = dossier.processing_unit or dossier.competent_agency
    if unit is None:
        return None
    others = unit.memberships.filter(role=Role.SPECIALIST, user__is_active=True).exclude(
        user_id=dossier.assignee_id
    )
    return others.values_list("user_id", flat=True).first()


def valid_input(action: Action, dossier: Dossier) -> dict:
    """Keyword arguments that pass every input check of the action's service."""
    dossier = reload(dossier)
    return {
        Action.SUBMIT: {},
        Action.REQUEST_COMPLETION: {
            "reason": "Giấy đề nghị chưa có chữ ký.",
            "missing": ["Giấy đề nghị đăng ký (có chữ ký)"],
        },
        Action.REFUSE: {"reason": "Hồ sơ không thuộc thẩm quyền giải quyết."},
        Action.RECEIVE: {"checklist": required_checklist(dossier)},
        # The desk hands over to the competent agency; its head hands on to another unit.
        Action.TRANSFER: (
            {"unit_code": _other_unit(dossier)} if dossier.state == State.IN_PROGRESS else {}
        ),
        Action.CLAIM: {},
        Action.ASSIGN: {"assignee_id": _other_specialist(dossier)},
        Action.REQUEST_SUPPLEMENT: {
            "reason": "Cần bản sao hợp đồng thuê nhà.",
            "missing": ["Hợp đồng thuê địa điểm kinh doanh"],
        },
        Action.SUPPLEMENT: {"note": "Đã bổ sung."},
        Action.REQUEST_PAYMENT: {"amount": 100000, "description": "Lệ phí đăng ký"},
        Action.RECORD_PAYMENT: {"receipt_number": "BL-0001", "amount": 100000},
        Action.SUBMIT_FOR_APPROVAL: {"note": "Đủ điều kiện."},
        Action.SEND_BACK: {"reason": "Cần thẩm tra lại địa chỉ."},
        Action.APPROVE: {"summary": "Cấp giấy chứng nhận đăng ký hộ kinh doanh."},
        Action.DENY: {"reason": "Ngành nghề kinh doanh bị cấm."},
        Action.RETURN: {
            "channel": "desk",
            "details": {"collector_name": "Nguyễn Văn An", "collector_id_number": "092080001234"},
        },
        Action.REQUEST_WITHDRAWAL: {"reason": "Không còn nhu cầu."},
        Action.STOP: {"reason": "Người nộp xin rút hồ sơ."},
        Action.RESCHEDULE: {
            "new_date": (local(dossier.due_at) or MONDAY).date() + datetime.timedelta(days=7),
            "reason": "Cần xác minh thêm tại địa phương.",
        },
    }[action]


def fire(action: Action, dossier: Dossier, actor, **overrides) -> Dossier:
    """Call the action's service with valid input (overridden by `overrides`)."""
    arguments = {**valid_input(action, dossier), **overrides}
    return services.SERVICES[action](dossier_id=dossier.pk, actor=actor, **arguments)


# ---- Bringing a dossier to a state -------------------------------------------------------------


def options_for(state: State, actor: Actor) -> dict:
    """A citizen's unsent draft is private to them: staff meet a draft only as a walk-in's."""
    if state == State.DRAFT and actor != Actor.APPLICANT:
        return {"channel": "in_person"}
    return {}


def draft(world, *, side: str = "home", applicant=None, channel: str = "online") -> Dossier:
    """An online draft of the world's procedure with every required component's file."""
    applicant = applicant or world.citizen
    if channel == "in_person":
        dossier = services.dossier_create(
            actor=getattr(world, side).desk,
            procedure_code=world.procedure.code,
            channel=channel,
            agency_code=agency_code(side),
            applicant_name="Nguyễn Văn An",
            applicant_phone="0912345678",  # to reach them and for tracking
        )
        uploader = getattr(world, side).desk
    else:
        dossier = services.dossier_create(
            actor=applicant,
            procedure_code=world.procedure.code,
            channel=channel,
            agency_code=agency_code(side),
        )
        uploader = applicant
    for component in dossier.version.components.filter(required=True):
        if not dossier.takes_files_for(component):
            continue  # shown at the desk, never uploaded
        services.dossier_attach_file(
            dossier_id=dossier.pk, actor=uploader, upload=pdf(), component_id=component.pk
        )
    return reload(dossier)


def empty_draft(world, applicant=None, agency="H92.31", **applicant_fields) -> Dossier:
    """An online draft of the world's procedure, with no file yet."""
    return services.dossier_create(
        actor=applicant or world.citizen,
        procedure_code=world.procedure.code,
        channel="online",
        agency_code=agency,
        **applicant_fields,
    )


def submitted(world, applicant=None, agency="H92.31", **applicant_fields) -> Dossier:
    """An online dossier sent with its required paper: submitted, with its code."""
    applicant = applicant or world.citizen
    dossier = empty_draft(world, applicant, agency, **applicant_fields)
    services.dossier_attach_file(
        dossier_id=dossier.pk, actor=applicant, upload=pdf(), component_id=world.required.pk
    )
    return services.dossier_submit(dossier_id=dossier.pk, actor=applicant)


# state → (the state before it, the action that leads there, who fires it)
PATH = {
    State.SUBMITTED: (State.DRAFT, Action.SUBMIT, Actor.APPLICANT),
    State.COMPLETION_REQUESTED: (State.SUBMITTED, Action.REQUEST_COMPLETION, Actor.DESK),
    State.REFUSED: (State.SUBMITTED, Action.REFUSE, Actor.DESK),
    State.RECEIVED: (State.SUBMITTED, Action.RECEIVE, Actor.DESK),
    State.IN_PROGRESS: (State.RECEIVED, Action.TRANSFER, Actor.DESK),
    State.SUPPLEMENT_REQUESTED: (State.IN_PROGRESS, Action.REQUEST_SUPPLEMENT, Actor.SPECIALIST),
    State.AWAITING_PAYMENT: (State.IN_PROGRESS, Action.REQUEST_PAYMENT, Actor.SPECIALIST),
    State.PENDING_APPROVAL: (State.IN_PROGRESS, Action.SUBMIT_FOR_APPROVAL, Actor.SPECIALIST),
    State.RESOLVED: (State.PENDING_APPROVAL, Action.APPROVE, Actor.LEADER),
    State.RETURNED: (State.RESOLVED, Action.RETURN, Actor.DESK),
    State.WITHDRAWAL_REQUESTED: (State.IN_PROGRESS, Action.REQUEST_WITHDRAWAL, Actor.APPLICANT),
    State.STOPPED: (State.WITHDRAWAL_REQUESTED, Action.STOP, Actor.DESK),
}


def dossier_in(world, state: State, *, side: str = "home", **draft_options) -> Dossier:
    """A dossier of `side`'s commune brought to `state` through the services."""
    if state == State.DRAFT:
        return draft(world, side=side, **draft_options)
    before, action, actor = PATH[state]
    dossier = dossier_in(world, before, side=side, **draft_options)
    overrides = {}
    if action == Action.TRANSFER:
        overrides["assignee_id"] = getattr(world, side).specialist.pk
    if actor == Actor.APPLICANT and dossier.applicant_id is None:
        actor = Actor.DESK  # a walk-in's dossier: the desk acts for the applicant
    fire(action, dossier, person(world, actor, side), **overrides)
    dossier = reload(dossier)
    assert dossier.state == state, f"expected {state}, got {dossier.state}"
    return dossier


def unassigned(world, side: str = "home", **draft_options) -> Dossier:
    """A dossier in progress with nobody assigned: the desk handed it to the unit without
    naming a specialist (a dossier a specialist may then claim)."""
    dossier = dossier_in(world, State.RECEIVED, side=side, **draft_options)
    services.dossier_transfer(dossier_id=dossier.pk, actor=getattr(world, side).desk)
    dossier = reload(dossier)
    assert dossier.state == State.IN_PROGRESS and dossier.assignee_id is None
    return dossier


# ---- Results -----------------------------------------------------------------------------------


def awaiting_approval_with_draft(
    world,
    *,
    side: str = "home",
    outcome: str = "approved",
    body: str = "",
    papers: tuple[str, ...] = (),
    note: str = "Đủ điều kiện.",
) -> tuple[Dossier, object]:
    """A dossier sent for approval with a draft result printed on the portal by the unit's
    specialist, after uploaded working papers named `papers`: (dossier, the draft's file)."""
    dossier = dossier_in(world, State.IN_PROGRESS, side=side)
    specialist = getattr(world, side).specialist
    sent = [
        services.dossier_attach_file(dossier_id=dossier.pk, actor=specialist, upload=pdf(name))
        for name in papers
    ]
    draft = services.dossier_draft_result(
        dossier_id=dossier.pk,
        actor=specialist,
        outcome=outcome,
        body=body or "Cấp Giấy chứng nhận đăng ký hộ kinh doanh số 92A8000123.",
    )
    sent.append(draft)
    fire(
        Action.SUBMIT_FOR_APPROVAL,
        dossier,
        specialist,
        note=note,
        file_ids=[f.pk for f in sent],
    )
    return reload(dossier), draft


def approved_and_signed(world, *, side: str = "home", **draft_options) -> Dossier:
    """Approved with a draft, its result issued and signed (the job run in the process)."""
    from dossiers.signing.issue import issue_pending

    dossier, draft = awaiting_approval_with_draft(world, side=side, **draft_options)
    fire(Action.APPROVE, dossier, getattr(world, side).leader, result_file_id=draft.pk)
    issue_pending(dossier.pk)
    return reload(dossier)
