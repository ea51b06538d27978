"""One dossier's fabricated life: the steps of the state machine, their fields and events."""

import uuid

from procedures.models import ChannelKind, Role

from .. import deadlines
from ..models import DossierEvent, DossierResult, SignatureStatus
from ..states import (
    HANDOVERS,
    HOLDER_ROLE,
    TRANSITIONS,
    Action,
    Actor,
    Outcome,
    ReturnChannel,
    State,
)
from .names import STREETS

REFUSE_REASONS = (
    "Thủ tục không thuộc thẩm quyền giải quyết của cơ quan.",
    "Người nộp không thuộc đối tượng thực hiện thủ tục.",
    "Giấy tờ nộp kèm có dấu hiệu tẩy xóa, sửa chữa.",
)
COMPLETION_REASONS = (
    "Hồ sơ còn thiếu thành phần theo quy định.",
    "Tờ khai chưa ghi đầy đủ thông tin bắt buộc.",
)
SUPPLEMENT_REASONS = (
    "Cần bổ sung giấy tờ để xác minh thông tin trong hồ sơ.",
    "Thông tin trong tờ khai chưa khớp với giấy tờ kèm theo.",
)
WITHDRAW_REASONS = ("Không còn nhu cầu giải quyết.", "Xin rút hồ sơ để nộp lại sau.", "")
SEND_BACK_REASON = "Đề nghị kiểm tra lại nội dung dự thảo kết quả."
DENY_REASON = "Không đủ điều kiện giải quyết theo quy định."
STOP_REASON = "Người nộp hồ sơ xin rút hồ sơ."
RESCHEDULE_REASON = "Hồ sơ cần thêm thời gian xác minh; xin lỗi và hẹn lại ngày trả kết quả."


# ---- One dossier's life --------------------------------------------------------------------


class _Life:
    """One dossier's fabricated history: a walk through states.TRANSITIONS, cut at now."""

    def __init__(self, run, v, site, channel, t0, rng, citizens):
        self.run, self.v, self.site, self.channel, self.t0 = run, v, site, channel, t0
        self.clock = run.clocks[site.province]
        self.deadlines = run.deadlines[site.province]
        self.limit = run.limits[site.province]
        self.rule = v.channels[channel]
        self.id = uuid.uuid4()
        self.state = State.DRAFT
        self.t, self.now, self.events = t0 - 1, None, []
        self.code = None
        self.sent_at = self.official_reception_at = self.received_at = None
        self.due_at = self.original_due_at = None
        self.rescheduled_to, self.pauses = None, []  # pauses: [[start slot, end slot | None]]
        self.step = self.step_started = self.step_due = None
        self.processing_unit_id, self.assignee = None, None
        self.completion_requests = self.supplement_requests = 0
        self.flagged_late = False
        self.outcome, self.resolved_at, self.returned_at = "", None, None
        self.return_channel, self.return_details, self.result = "", {}, None
        self._from, self._step_due = None, None
        self._cast(rng, citizens)

    def _cast(self, rng, citizens):
        """The people: a walk-in applicant is served by the desk, which creates and submits
        the dossier; an online or postal applicant is a generated citizen with an account."""
        run, site = self.run, self.site
        self.desk = run.staff_member(rng, site.receiving.pk, Role.DESK_OFFICER)
        self.leader = run.staff_member(rng, site.competent.pk, Role.LEADER)
        if self.channel == ChannelKind.IN_PERSON:
            name, id_number, phone = run.people.person()
            self.applicant, self.creator = None, self.desk
            self.applicant_email = ""
            self.submitter = self.answerer = (Actor.DESK, self.desk)
            self.created_before = rng.randint(0, 1)
        else:
            person = rng.choice(citizens)
            name, id_number, phone = person.name, person.id_number, person.phone
            self.applicant = self.creator = person
            self.applicant_email = person.email
            self.submitter = self.answerer = (Actor.APPLICANT, person)
            self.created_before = rng.randint(1, 2 * self.clock.per_day)
        self.applicant_name, self.applicant_id_number, self.applicant_phone = name, id_number, phone
        self.applicant_address = f"{rng.randint(1, 350)} {rng.choice(STREETS)}, {site.place}"

    # -- the two halves of every step (services._fire) --

    def _enter(self, action, slot) -> bool:
        slot = max(slot, self.t + 1)
        if slot > self.limit:
            return False
        rule = TRANSITIONS[action]
        if self.state not in rule.sources:
            raise AssertionError(f"{action} from {self.state}")
        self.t, self.now = slot, self.clock.at(slot)
        self._from = self.state
        self._step_due = self.step_due if action in HANDOVERS else None
        self.state = rule.target or self.state
        return True

    def _record(self, action, capacity, person, *, reason="", data=None):
        if capacity not in TRANSITIONS[action].actors_in(self._from):
            raise AssertionError(f"{capacity} may not {action}")
        if action in HANDOVERS:
            self._move_step()
        agency_id = None
        for unit in (self.site.receiving.pk, self.processing_unit_id, self.site.competent.pk):
            if unit in person.agencies:
                agency_id = unit
                break
        step_due = self._step_due
        self.events.append(
            DossierEvent(
                dossier_id=self.id,
                action=action,
                actor_id=person.user_id,
                actor_name=person.name if person.user_id else "",
                actor_agency_id=agency_id,
                at=self.now,
                from_state=self._from,
                to_state=self.state,
                reason=reason,
                data=data or {},
                step_due_at=step_due,
                timeliness=deadlines.timeliness(self.now, step_due) if step_due else "",
            )
        )
        return True

    def _move_step(self):
        role = HOLDER_ROLE.get(State(self.state))
        steps = self.v.steps if role else ()
        order = self.step[0] if self.step else None
        step = next(
            (s for s in steps if (order is None or s[0] > order) and s[1] == role), None
        ) or next((s for s in steps if s[1] == role), None)
        if step is None:
            self.step = self.step_started = self.step_due = None
            return
        self.step, self.step_started = step, self.t
        self.step_due = self.deadlines.due(self.now, step[2], step[3])

    def _due(self, *, rescheduled=True):
        pauses = tuple(
            (self.clock.at(s), self.clock.at(e) if e is not None else self.now)
            for s, e in self.pauses
        )
        return self.deadlines.due(
            self.official_reception_at,  # the clock's start (`Dossier.clock_start`)
            self.rule[0],
            self.rule[1],
            pauses=pauses,
            on_pause=self.v.version.clock_on_supplement,
            to=self.rescheduled_to if rescheduled else None,
        )

    def _end_wait(self):
        """The applicant's wait ends now (services._after_wait and the transition)."""
        self.pauses[-1][1] = self.t
        self.original_due_at = self._due(rescheduled=False)
        self.due_at = self._due() if self.rescheduled_to else self.original_due_at
        if self.step is not None and self.step_started is not None:
            waits = [
                (self.clock.at(s), self.clock.at(e))
                for s, e in self.pauses
                if s >= self.step_started
            ]
            self.step_due = self.deadlines.due(
                self.clock.at(self.step_started), self.step[2], self.step[3], pauses=tuple(waits)
            )

    def window(self, start_slot) -> int:
        """Working slots from `start_slot` to the due time of a dossier received then."""
        due = self.deadlines.due(self.clock.at(start_slot), self.rule[0], self.rule[1])
        return self.clock.ceil(due) - start_slot

    # -- the actions --

    def submit(self, slot):
        if not self._enter(Action.SUBMIT, slot):
            return False
        if self.code is None:
            self.code = self.run.counters.next_code(self.site.receiving, self.clock.day(self.t))
        self.sent_at = self.official_reception_at = self.now  # slots fall in office hours
        capacity, person = self.submitter
        return self._record(
            Action.SUBMIT, capacity, person, data={"official_reception_at": self.now.isoformat()}
        )

    def request_completion(self, slot, rng):
        if not self._enter(Action.REQUEST_COMPLETION, slot):
            return False
        self.completion_requests += 1
        return self._record(
            Action.REQUEST_COMPLETION,
            Actor.DESK,
            self.desk,
            reason=rng.choice(COMPLETION_REASONS),
            data={"missing": self._missing(rng), "override": False},
        )

    def refuse(self, slot, rng):
        if not self._enter(Action.REFUSE, slot):
            return False
        return self._record(Action.REFUSE, Actor.DESK, self.desk, reason=rng.choice(REFUSE_REASONS))

    def receive(self, slot):
        if not self._enter(Action.RECEIVE, slot):
            return False
        self.received_at = self.now
        if self.channel == ChannelKind.IN_PERSON:  # the desk's reception is the official one
            self.official_reception_at = self.now
        self.due_at = self.original_due_at = self._due()
        checklist = sorted(str(pk) for pk, _name in self.v.required)
        return self._record(Action.RECEIVE, Actor.DESK, self.desk, data={"checklist": checklist})

    def transfer(self, slot, rng):
        if not self._enter(Action.TRANSFER, slot):
            return False
        unit = self.site.competent
        self.processing_unit_id = unit.pk
        self.assignee = self.run.staff_member(rng, unit.pk, Role.SPECIALIST)
        data = {"unit": unit.code, "assignee": self.assignee.user_id}
        return self._record(Action.TRANSFER, Actor.DESK, self.desk, data=data)

    def request_supplement(self, slot, rng, *, second):
        if not self._enter(Action.REQUEST_SUPPLEMENT, slot):
            return False
        self.supplement_requests += 1
        self.flagged_late = self.flagged_late or second
        self.pauses.append([self.t, None])
        capacity, person = (Actor.HEAD, self.head(rng)) if second else (Actor.SPECIALIST, None)
        return self._record(
            Action.REQUEST_SUPPLEMENT,
            capacity,
            person or self.assignee,
            reason=rng.choice(SUPPLEMENT_REASONS),
            data={"missing": self._missing(rng), "override": second},
        )

    def supplement(self, slot):
        if not self._enter(Action.SUPPLEMENT, slot):
            return False
        self._end_wait()
        capacity, person = self.answerer
        return self._record(Action.SUPPLEMENT, capacity, person)

    def request_payment(self, slot):
        if not self._enter(Action.REQUEST_PAYMENT, slot):
            return False
        self.pauses.append([self.t, None])
        amount, description = self.rule[2]
        return self._record(
            Action.REQUEST_PAYMENT,
            Actor.SPECIALIST,
            self.assignee,
            reason=description,
            data={"amount": str(amount)},
        )

    def record_payment(self, slot, rng):
        if not self._enter(Action.RECORD_PAYMENT, slot):
            return False
        self._end_wait()
        receipt = f"BL{self.clock.day(self.t):%y}-{rng.randrange(10**6):06d}"
        data = {"receipt_number": receipt, "amount": str(self.rule[2][0])}
        return self._record(Action.RECORD_PAYMENT, Actor.DESK, self.desk, data=data)

    def reschedule(self, slot, new_date, rng):
        if not self._enter(Action.RESCHEDULE, slot):
            return False
        previous = self.due_at
        self.rescheduled_to = new_date
        self.due_at = self._due()
        capacity, person = (
            (Actor.HEAD, self.head(rng)) if rng.random() < 0.5 else (Actor.LEADER, self.leader)
        )
        data = {"previous_due_at": previous.isoformat(), "new_due_at": self.due_at.isoformat()}
        return self._record(
            Action.RESCHEDULE, capacity, person, reason=RESCHEDULE_REASON, data=data
        )

    def submit_for_approval(self, slot):
        if not self._enter(Action.SUBMIT_FOR_APPROVAL, slot):
            return False
        return self._record(Action.SUBMIT_FOR_APPROVAL, Actor.SPECIALIST, self.assignee)

    def send_back(self, slot):
        if not self._enter(Action.SEND_BACK, slot):
            return False
        return self._record(Action.SEND_BACK, Actor.LEADER, self.leader, reason=SEND_BACK_REASON)

    def resolve(self, slot, *, deny):
        action = Action.DENY if deny else Action.APPROVE
        if not self._enter(action, slot):
            return False
        self.outcome = Outcome.DENIED if deny else Outcome.APPROVED
        self.resolved_at = self.now
        text = DENY_REASON if deny else self.v.version.result.strip().split("\n")[0][:250]
        code = f"{self.code}-KQ1"
        self.result = DossierResult(
            dossier_id=self.id,
            number=1,
            code=code,
            outcome=self.outcome,
            summary=text,
            issued_at=self.now,
            issued_by_id=self.leader.user_id,
            signature_status=SignatureStatus.PAPER,  # fabricated history has no document
        )
        timeliness = deadlines.timeliness(self.now, self.original_due_at)
        if self.flagged_late:
            timeliness = deadlines.Timeliness.LATE
        self.run.stats["late" if timeliness == deadlines.Timeliness.LATE else "on_time"] += 1
        data = {"result_code": code, "summary": text, "dossier_timeliness": timeliness}
        return self._record(
            action, Actor.LEADER, self.leader, reason=text if deny else "", data=data
        )

    def return_result(self, slot, channel, rng):
        if not self._enter(Action.RETURN, slot):
            return False
        if channel == ReturnChannel.POST:
            details = {"tracking_number": f"EB{rng.randrange(10**9):09d}VN"}
        else:
            details = {
                "collector_name": self.applicant_name,
                "collector_id_number": self.applicant_id_number,
            }
        self.returned_at = self.now
        self.return_channel, self.return_details = channel, details
        desk = self.run.staff_member(rng, self.site.receiving.pk, Role.DESK_OFFICER)
        return self._record(Action.RETURN, Actor.DESK, desk, data={"channel": channel, **details})

    def withdraw(self, slot, rng):
        """The applicant asks to withdraw; the desk (or the head, once transferred) stops it."""
        if not self._enter(Action.REQUEST_WITHDRAWAL, slot):
            return False
        self._record(
            Action.REQUEST_WITHDRAWAL,
            Actor.APPLICANT,
            self.applicant,
            reason=rng.choice(WITHDRAW_REASONS),
        )
        if not self._enter(Action.STOP, self.t + rng.randint(2, 2 * self.clock.per_day)):
            return False
        capacity, person = (
            (Actor.DESK, self.desk) if self.processing_unit_id is None else (Actor.HEAD, None)
        )
        return self._record(Action.STOP, capacity, person or self.head(rng), reason=STOP_REASON)

    # -- people --

    def head(self, rng):
        return self.run.staff_member(rng, self.site.competent.pk, Role.HEAD_OF_UNIT)

    def _missing(self, rng):
        names = [name for _pk, name in self.v.required] or ["Giấy tờ theo quy định"]
        return rng.sample(names, min(len(names), rng.randint(1, 2)))
