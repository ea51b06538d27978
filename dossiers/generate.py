"""Fabricated dossiers for demonstrations and benchmarks: `generate_dossiers`.

This is the one place that writes dossiers without `dossiers.services`, on purpose. The services
perform use cases, one at a time, now, with row locks and side effects; this module fabricates
a past (a year of a province's dossiers, a million if asked) and writes it with `bulk_create`
in batches, with no query per dossier and no service call. It must never run on a real system:
the management command refuses unless DEBUG is on or `--force` is given.

How each dossier stays consistent with the state machine and with what the services write:
- Its life is a walk through `states.TRANSITIONS`: each step asserts that the current state is
  a source of the action and that the acting capacity (applicant, desk, specialist, head,
  leader) is one the table allows. The state reached is the dossier's state; each step is one
  `DossierEvent` row, at strictly increasing times. Drafts have no event.
- Each step sets the fields of the model's transition and of `services._fire`/`_write_event`:
  received and due times, pauses, the internal-process step (`services.HOLDER_ROLE`,
  `HANDOVERS`) with its due time and timeliness, counters, `flagged_late` (a second supplement
  request, by the head), outcome and the result `<code>-KQ1`.
- Actors hold the memberships that give them their capacity: desk officers of the receiving
  unit (`services.receiving_unit_for`), specialists, heads and leaders of the competent agency.
  A missing (agency, role) gets one account `gen-<agency code>-<role>` (unusable password),
  created once. Applicants are a pool of generated citizens, `gen-cd-<CCCD>`; walk-in
  applicants have no account, as in `services.dossier_create`.
- Times are 5-minute slots inside the office hours of working days of the receiving unit's
  `WorkingCalendar`, from `since` to now; lives are cut at now, so recent dossiers are still
  open. Due times, step due times and timeliness come from `dossiers.deadlines`, memoised on
  their exact arguments (a due time depends on the time of day for hour-based and same-day
  rules, so a cache per reception date would be wrong).
- Codes `<receiving unit code>-YYMMDD-NNNN` are numbered per unit and day in memory, in
  submission order, after the `DailyCounter.last` found at the start; each batch raises those
  counters (upsert), so real submissions continue after them. Run it on a quiet database: a
  real submission racing it on the same unit and day would collide on the unique code.
- Each batch is one transaction: dossiers, events, results, counters, and the lock of the
  procedure versions the dossiers pin (as `procedures.services.version_lock` does).

Not fabricated: files. So online dossiers lack their component files, and no result is handed
over online (that needs an electronic result file): results go back at the desk or by post.
"""

import bisect
import datetime
import gc
import itertools
import random
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, reset_queries, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from procedures.calendar import LOCAL_TZ, calendar_for
from procedures.models import (
    Agency,
    ChannelKind,
    ClockOnSupplement,
    Membership,
    ProcedureVersion,
    Role,
    VersionStatus,
)

from . import deadlines
from .errors import BadInput
from .models import DailyCounter, Dossier, DossierEvent, DossierResult
from .services import HANDOVERS, HOLDER_ROLE, receiving_unit_for
from .states import TRANSITIONS, Action, Actor, Outcome, ReturnChannel, State

SLOT_MINUTES = 5
CITIZEN_PREFIX = "gen-cd-"
MAX_DAILY = 9999
MEMO_SIZE = 500_000  # due times kept per calendar (about 100 MB at most)

# How lives branch (shares of dossiers). Tuned for a plausible year, not measured anywhere.
CHANNEL_WEIGHTS = {ChannelKind.IN_PERSON: 55, ChannelKind.ONLINE: 35, ChannelKind.POSTAL: 10}
P_DRAFT = 0.015  # online or postal drafts never sent
P_REFUSE = 0.025
P_COMPLETION = 0.06
P_EARLY_WITHDRAWAL = 0.01
P_ABANDON_COMPLETION = 0.12  # of completion requests: never answered
P_WITHDRAW_COMPLETION = 0.08
P_SUPPLEMENT = 0.12
P_SECOND_SUPPLEMENT = 0.15  # of supplements: a second one, by the head, counts as late
P_WITHDRAW_WAITING = 0.05
P_PAYMENT = 0.25  # of dossiers whose channel has a fee
P_WITHDRAW_PROCESSING = 0.01
P_LATE = 0.05  # processing overruns the time allowed
P_RESCHEDULE = 0.5  # of late dossiers without waits: an apology with a new date (Mẫu 04)
P_SEND_BACK = 0.05
P_DENY = 0.04

FAMILY = (
    ("Nguyễn", 31), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Huỳnh", 5), ("Võ", 4),
    ("Hoàng", 3), ("Phan", 4), ("Trương", 2), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2),
    ("Hồ", 2), ("Ngô", 2), ("Dương", 1), ("Lý", 1), ("Lâm", 1), ("Vũ", 2), ("Châu", 1),
)  # fmt: skip
MIDDLE = {
    True: ("Văn", "Hữu", "Minh", "Đức", "Quốc", "Thành", "Công", "Hoàng", "Gia", "Thanh"),
    False: ("Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Hồng", "Bích"),
}
GIVEN = {
    True: (
        "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Khang", "Khoa", "Long",
        "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quang", "Sơn", "Tài", "Thắng", "Thịnh",
        "Toàn", "Trí", "Trung", "Tuấn", "Việt", "Vinh", "Lộc", "Tâm", "Duy",
    ),
    False: (
        "Anh", "Châu", "Diễm", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan",
        "Linh", "Loan", "Mai", "Ngân", "Nhung", "Nhi", "Oanh", "Phương", "Quyên", "Thảo",
        "Thủy", "Trang", "Trinh", "Tuyết", "Uyên", "Vân", "Vy", "Xuân", "Yến",
    ),
}  # fmt: skip
# CCCD province prefixes of people living in the Mekong delta (the first three digits).
OTHER_PROVINCES = (("093", 6), ("094", 5), ("086", 4), ("089", 3), ("091", 3), ("079", 3))
STREETS = (
    "Trần Hưng Đạo", "Nguyễn Trãi", "Lê Lợi", "Hai Bà Trưng", "Lý Thường Kiệt", "Mậu Thân",
    "Nguyễn Văn Cừ", "30 Tháng 4", "Cách Mạng Tháng 8", "Hùng Vương", "Trần Phú",
    "Nguyễn Thị Minh Khai", "Võ Văn Kiệt", "Lê Hồng Phong", "Phan Đình Phùng", "Hòa Bình",
)  # fmt: skip
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


class GenerationError(Exception):
    """The catalog or the arguments do not allow fabricating dossiers."""


# ---- The catalog as the generator needs it -----------------------------------------------


@dataclass
class _Person:
    user_id: int | None
    name: str
    id_number: str = ""
    phone: str = ""
    email: str = ""
    agencies: frozenset = frozenset()


@dataclass
class _Site:
    """A competent agency of a procedure and the desk that receives for it."""

    competent: Agency
    receiving: Agency
    province: int | None
    place: str  # "phường Ninh Kiều, thành phố Cần Thơ", for addresses


@dataclass
class _Version:
    version: ProcedureVersion
    channels: dict  # kind -> (value, unit, (fee amount, fee description) | None)
    steps: list  # [(order, role, value, unit)]
    required: list  # [(component id, name)] of the required components
    sites: list = field(default_factory=list)
    weight: float = 1.0
    shares: tuple = (0.1, 0.75, 0.15)  # of the working time: desk, specialist, leader


class _Clock:
    """Office time in slots of SLOT_MINUTES on one calendar: slot n is the n-th slot of office
    hours counted from the opening of the first working day on or after `first_day`. It places
    fabricated events; due times still come from the deadline engine."""

    def __init__(self, calendar, first_day):
        self.calendar = calendar
        self.offsets = []
        for start, end in calendar.periods:
            minute, stop = start.hour * 60 + start.minute, end.hour * 60 + end.minute
            while minute + SLOT_MINUTES <= stop:
                self.offsets.append(minute)
                minute += SLOT_MINUTES
        self.per_day = len(self.offsets)
        self.days, self.position, self.times = [], {}, []
        self._cursor = first_day

    def _grow(self):
        while True:
            day, self._cursor = self._cursor, self._cursor + datetime.timedelta(days=1)
            if self.calendar.is_working_day(day):
                self.position[day] = len(self.days)
                self.days.append(day)
                midnight = datetime.datetime.combine(day, datetime.time(), tzinfo=LOCAL_TZ)
                self.times.extend(midnight + datetime.timedelta(minutes=m) for m in self.offsets)
                return

    def at(self, slot) -> datetime.datetime:
        while slot >= len(self.times):
            self._grow()
        return self.times[slot]

    def day(self, slot) -> datetime.date:
        self.at(slot)
        return self.days[slot // self.per_day]

    def ceil(self, moment) -> int:
        """The first slot that starts at or after `moment`."""
        local = moment.astimezone(LOCAL_TZ)
        day = local.date()
        while self._cursor <= day:
            self._grow()
        index = self.position.get(day)
        if index is None:
            return bisect.bisect_right(self.days, day) * self.per_day
        minute = local.hour * 60 + local.minute + (1 if local.second or local.microsecond else 0)
        return index * self.per_day + bisect.bisect_left(self.offsets, minute)

    def floor(self, moment) -> int:
        """The last slot that starts at or before `moment`."""
        slot = self.ceil(moment)
        return slot if self.at(slot) == moment else slot - 1


class _Deadlines:
    """The deadline engine for one calendar, memoised where its arguments repeat."""

    def __init__(self, calendar):
        self.calendar = calendar
        self._memo = {}

    def due(self, start, value, unit, *, pauses=(), on_pause=ClockOnSupplement.PAUSE, to=None):
        key = None if pauses else (start, value, unit, on_pause, to)
        if key is not None and key in self._memo:
            return self._memo[key]
        due = deadlines.due_at(
            received_at=start,
            value=value,
            unit=unit,
            calendar=self.calendar,
            pauses=pauses,
            on_pause=on_pause,
            rescheduled_to=to,
        )
        if key is not None:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = due
        return due


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
        self.submitted_at = self.received_at = self.due_at = self.original_due_at = None
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
        if capacity not in TRANSITIONS[action].actors:
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
            self.received_at,
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
            self.code = self.run.next_code(self.site.receiving, self.clock.day(self.t))
        self.submitted_at = self.now
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
        in_person = self.channel == ChannelKind.IN_PERSON
        self.received_at = self.now if in_person else min(self.now, self.submitted_at)
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

    # -- the row --

    def dossier(self) -> Dossier:
        at = self.clock.at
        created = at(max(0, self.t0 - self.created_before))
        return Dossier(
            id=self.id,
            code=self.code,
            procedure_id=self.v.version.procedure_id,
            version_id=self.v.version.pk,
            channel=self.channel,
            applicant_id=self.applicant.user_id if self.applicant else None,
            created_by_id=self.creator.user_id,
            applicant_name=self.applicant_name,
            applicant_id_number=self.applicant_id_number,
            applicant_phone=self.applicant_phone,
            applicant_email=self.applicant_email,
            applicant_address=self.applicant_address,
            receiving_unit_id=self.site.receiving.pk,
            competent_agency_id=self.site.competent.pk,
            processing_unit_id=self.processing_unit_id,
            assignee_id=self.assignee.user_id if self.assignee else None,
            state=self.state,
            outcome=self.outcome,
            created_at=created,
            updated_at=self.now or created,
            submitted_at=self.submitted_at,
            received_at=self.received_at,
            original_due_at=self.original_due_at,
            due_at=self.due_at,
            rescheduled_to=self.rescheduled_to,
            pauses=[
                [_utc_iso(at(s)), _utc_iso(at(e)) if e is not None else None]
                for s, e in self.pauses
            ],
            step_order=self.step[0] if self.step else None,
            step_started_at=at(self.step_started) if self.step_started is not None else None,
            step_due_at=self.step_due,
            completion_requests=self.completion_requests,
            supplement_requests=self.supplement_requests,
            flagged_late=self.flagged_late,
            resolved_at=self.resolved_at,
            returned_at=self.returned_at,
            return_channel=self.return_channel,
            return_details=self.return_details,
        )


def _utc_iso(moment):
    return moment.astimezone(datetime.UTC).isoformat()


def _live(life, rng):
    """The branching of a life; every step stops the walk when it would fall after now."""
    per_day = life.clock.per_day
    in_person = life.channel == ChannelKind.IN_PERSON
    if not life.submit(life.t0):
        return
    if in_person:  # checked at the counter
        slot = life.t + rng.randint(1, 2)
    else:  # checked within a share of the time allowed, at most a day and a half
        share = round(life.window(life.t) * rng.uniform(0.02, 0.2))
        slot = life.t + max(1, min(per_day * 3 // 2, share))
    roll = rng.random()
    if roll < P_REFUSE:
        life.refuse(slot, rng)
        return
    if roll < P_REFUSE + P_COMPLETION:
        if not life.request_completion(slot, rng):
            return
        roll = rng.random()
        if roll < P_ABANDON_COMPLETION:
            return
        slot = life.t + rng.randint(per_day // 2, 6 * per_day)
        if roll < P_ABANDON_COMPLETION + P_WITHDRAW_COMPLETION and life.applicant:
            life.withdraw(slot, rng)
            return
        if not life.submit(slot):
            return
        slot = life.t + (rng.randint(1, 2) if in_person else rng.randint(2, per_day // 2))
    elif roll < P_REFUSE + P_COMPLETION + P_EARLY_WITHDRAWAL and life.applicant:
        life.withdraw(slot, rng)
        return
    if not life.receive(slot):
        return

    # The working time until the leader signs, as a share of the time allowed (late: over it).
    late = rng.random() < P_LATE
    share = rng.uniform(1.05, 1.8) if late else rng.uniform(0.15, 0.9)
    active = max(6, round((life.clock.ceil(life.due_at) - life.t) * share))
    desk_part = max(1, round(active * life.v.shares[0] * rng.uniform(0.5, 1.5)))
    leader_part = max(2, round(active * life.v.shares[2] * rng.uniform(0.5, 1.5)))
    specialist_part = max(2, active - desk_part - leader_part)
    if not life.transfer(life.t + desk_part, rng):
        return
    start, waited = life.t, 0
    if rng.random() < P_SUPPLEMENT:
        for second in (False, True):
            if second and rng.random() >= P_SECOND_SUPPLEMENT:
                break
            asked = start + waited + round(specialist_part * rng.uniform(0.1, 0.5))
            if not life.request_supplement(asked, rng, second=second):
                return
            asked, answer = life.t, life.t + rng.randint(per_day // 2, 8 * per_day)
            if life.applicant and rng.random() < P_WITHDRAW_WAITING:
                life.withdraw(answer, rng)
                return
            if not life.supplement(answer):
                return
            waited += life.t - asked
    if life.rule[2] and rng.random() < P_PAYMENT:
        asked = start + waited + round(specialist_part * rng.uniform(0.5, 0.9))
        if not life.request_payment(asked):
            return
        asked = life.t
        if not life.record_payment(life.t + rng.randint(2, 2 * per_day), rng):
            return
        waited += life.t - asked
    if life.applicant and rng.random() < P_WITHDRAW_PROCESSING:
        life.withdraw(start + waited + specialist_part // 2, rng)
        return
    approval = max(life.t + 1, start + waited + specialist_part)
    if late and not waited and rng.random() < P_RESCHEDULE:
        _reschedule(life, approval, leader_part, rng)
    if not life.submit_for_approval(approval):
        return
    if rng.random() < P_SEND_BACK:
        if not life.send_back(life.t + leader_part // 2):
            return
        if not life.submit_for_approval(life.t + max(1, specialist_part // 4)):
            return
    if not life.resolve(life.t + leader_part, deny=rng.random() < P_DENY):
        return
    if life.channel == ChannelKind.POSTAL or (not in_person and rng.random() < 0.4):
        life.return_result(life.t + rng.randint(per_day // 4, 2 * per_day), ReturnChannel.POST, rng)
        return
    roll = rng.random()
    if roll < 0.7:  # collected within three days, or later, or much later
        delay = rng.randint(1, 3 * per_day)
    elif roll < 0.9:
        delay = rng.randint(3 * per_day, 15 * per_day)
    else:
        delay = rng.randint(15 * per_day, 60 * per_day)
    life.return_result(life.t + delay, ReturnChannel.DESK, rng)


def _reschedule(life, approval, leader_part, rng):
    """Mẫu 04 before a late resolution: sent by the last working day before the due date,
    with a new date after it (on or after the day the leader will sign)."""
    calendar = life.clock.calendar
    due_day = life.due_at.astimezone(LOCAL_TZ).date()
    last_day = calendar.previous_working_day(due_day)
    if last_day not in life.clock.position:
        return
    last = (life.clock.position[last_day] + 1) * life.clock.per_day - 1
    last = min(last, approval - 1)
    if last <= life.t:
        return
    slot = rng.randint(life.t + 1, last)
    if not deadlines.is_before_due_by_a_working_day(
        life.clock.at(slot), life.due_at, calendar=calendar
    ):
        return
    new_date = life.clock.day(approval + leader_part)
    new_date = calendar.add_working_days(new_date, rng.randint(0, 2))
    if new_date <= due_day:
        new_date = calendar.next_working_day(due_day)
    life.reschedule(slot, new_date, rng)


# ---- The run ----------------------------------------------------------------------------------


class _People:
    """Vietnamese names and 12-digit CCCD numbers (province, sex and century, year, serial)."""

    def __init__(self, rng, home_prefix):
        self.rng = rng
        names, weights = zip(*FAMILY, strict=True)
        self.family, self.family_weights = names, list(itertools.accumulate(weights))
        home_weight = 100 - sum(w for _p, w in OTHER_PROVINCES)
        self.prefixes = [home_prefix, *(p for p, _w in OTHER_PROVINCES)]
        self.prefix_weights = list(
            itertools.accumulate([home_weight, *(w for _p, w in OTHER_PROVINCES)])
        )

    def person(self):
        rng = self.rng
        male = rng.random() < 0.5
        family = rng.choices(self.family, cum_weights=self.family_weights)[0]
        name = f"{family} {rng.choice(MIDDLE[male])} {rng.choice(GIVEN[male])}"
        born = rng.randint(1950, 2007)
        sex_century = (0 if male else 1) + (2 if born >= 2000 else 0)
        prefix = rng.choices(self.prefixes, cum_weights=self.prefix_weights)[0]
        id_number = f"{prefix}{sex_century}{born % 100:02d}{rng.randrange(10**6):06d}"
        phone = f"{rng.choice(('09', '03', '08', '07'))}{rng.randrange(10**8):08d}"
        return name, id_number, phone


class _Run:
    def __init__(self, *, seed, since, now, batch):
        self.seed, self.now, self.batch = seed, now, batch
        self.rng = random.Random(seed)
        self.people = _People(
            random.Random(f"{seed}-people"), f"{settings.PORTAL_PROVINCE_CODE:03d}"
        )
        self.stats = Counter()
        self.versions = _catalog()
        if not self.versions:
            raise GenerationError(
                _(
                    "Danh mục chưa có thủ tục nào có cách thức nộp, cơ quan thực hiện và Bộ phận "
                    "Một cửa tiếp nhận: hãy nạp danh mục (seed_demo) trước."
                )
            )
        self.versions.sort(key=lambda v: (v.version.effective_from, v.version.procedure_id))
        self.effective = [v.version.effective_from for v in self.versions]
        self.first_day = max(since, self.effective[0])
        today = timezone.localdate(now)
        if self.first_day > today:
            raise GenerationError(_("Ngày bắt đầu không được sau hôm nay."))
        cumulative, total = [], 0.0
        for v in self.versions:
            total += v.weight
            cumulative.append(total)
        self.cumulative = cumulative
        self._clocks(today)
        self._staff()
        self.counters = {
            (unit, day): last
            for unit, day, last in DailyCounter.objects.filter(day__gte=self.first_day)
            .values_list("unit_id", "day", "last")
            .iterator()
        }
        self.touched = {}

    def _clocks(self, today):
        self.clocks, self.deadlines, self.limits = {}, {}, {}
        provinces = {site.province for v in self.versions for site in v.sites}
        for province in sorted(provinces, key=lambda p: (p is None, p)):
            calendar = calendar_for(province)
            # Read every year the run may touch now, so the query count does not depend on count.
            for year in range(self.first_day.year, today.year + 3):
                calendar.is_working_day(datetime.date(year, 1, 1))
            clock = _Clock(calendar, self.first_day)
            self.clocks[province] = clock
            self.deadlines[province] = _Deadlines(calendar)
            self.limits[province] = clock.floor(self.now)
        self.reference = sorted(provinces, key=lambda p: p != settings.PORTAL_PROVINCE_CODE)[0]
        if min(self.limits.values()) < 0:
            raise GenerationError(_("Chưa có giờ làm việc nào từ ngày bắt đầu đến nay."))

    def _staff(self):
        """Pools of actors per (agency, role); create `gen-<agency>-<role>` where none."""
        needed = set()
        for v in self.versions:
            for site in v.sites:
                needed.add((site.receiving.pk, Role.DESK_OFFICER))
                for role in (Role.SPECIALIST, Role.HEAD_OF_UNIT, Role.LEADER):
                    needed.add((site.competent.pk, role))
        pools = _memberships()
        missing = sorted(pair for pair in needed if not pools.get(pair))
        self.stats["staff_created"] = _create_staff(missing, self.people)
        if missing:
            pools = _memberships()
        self.pools = pools

    def staff_member(self, rng, agency_id, role):
        return rng.choice(self.pools[(agency_id, role)])

    def next_code(self, unit, day):
        key = (unit.pk, day)
        last = self.counters.get(key, 0) + 1
        if last > MAX_DAILY:
            raise GenerationError(
                _("Quá 9.999 hồ sơ một ngày tại %(unit)s: hãy chọn --since sớm hơn.")
                % {"unit": unit.code}
            )
        self.counters[key] = self.touched[key] = last
        return f"{unit.code}-{day:%y%m%d}-{last:04d}"

    def pick_version(self, day):
        in_force = bisect.bisect_right(self.effective, day)
        if in_force == 0:
            return None
        point = self.rng.random() * self.cumulative[in_force - 1]
        return self.versions[bisect.bisect_right(self.cumulative, point, hi=in_force - 1)]


def _catalog() -> list[_Version]:
    versions = (
        ProcedureVersion.objects.filter(
            procedure__current_version=F("pk"), published_at__isnull=False
        )
        .exclude(status=VersionStatus.ABOLISHED)
        .prefetch_related("channels__fees", "implementing_agencies", "process_steps", "components")
        .order_by("procedure__code")
    )
    receiving, found = {}, []
    for version in versions:
        channels = {}
        for channel in version.channels.all():
            if channel.kind == ChannelKind.ONLINE and not version.accepts_online:
                continue
            fee = next((f for f in channel.fees.all() if f.amount > 0), None)
            channels[channel.kind] = (
                channel.duration_value,
                channel.duration_unit,
                (fee.amount, fee.description) if fee else None,
            )
        sites = []
        for agency in version.implementing_agencies.all():
            if agency.pk not in receiving:
                receiving[agency.pk] = _receiving_unit(agency)
            desk = receiving[agency.pk]
            if desk is not None and agency.is_active:
                sites.append(_Site(agency, desk, desk.province_code, _place(agency)))
        if not channels or not sites:
            continue
        same_day = any(rule[0] == 0 for rule in channels.values())
        steps = [
            (s.order, s.responsible_role, s.budget_value, s.budget_unit)
            for s in version.process_steps.all()
        ]
        found.append(
            _Version(
                version=version,
                channels=channels,
                steps=steps,
                shares=_shares(steps),
                required=[(c.pk, c.name) for c in version.components.all() if c.required],
                sites=sites,
                # Same-day procedures (certifications, civil status) are the busiest desks.
                weight=3.0 if same_day else 1.0,
            )
        )
    return found


def _shares(steps):
    """The holders' shares of the internal process's budgets: desk, specialist (who holds the
    dossier through the head's review, see services.HOLDER_ROLE), leader; the desk's last step
    (handing the result over) waits for the applicant and is left out."""
    hours = {"hour": 1, "working_day": 8, "day": 8, "month": 176}
    if steps and steps[-1][1] == Role.DESK_OFFICER:
        steps = steps[:-1]
    held = {Role.DESK_OFFICER: 0.0, Role.SPECIALIST: 0.0, Role.LEADER: 0.0}
    for _order, role, value, unit in steps:
        holder = Role.SPECIALIST if role == Role.HEAD_OF_UNIT else role
        if holder in held:
            held[holder] += float(value) * hours.get(unit, 8)
    if not all(held.values()):
        return _Version.shares
    total = sum(held.values())
    return tuple(held[role] / total for role in (Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER))


def _receiving_unit(agency):
    try:
        desk = receiving_unit_for(agency)
    except BadInput:
        return None
    return desk if desk.is_active else None


def _place(agency) -> str:
    """The address tail, e.g. "phường Ninh Kiều, thành phố Cần Thơ", from the agency names."""
    names, node = [], agency
    while node is not None:
        names.append(node.name)
        node = node.parent
    parts = []
    for name in (names[0], names[-1]) if len(names) > 1 else names[:1]:
        for lead in ("phường ", "xã ", "đặc khu ", "thành phố ", "tỉnh "):
            at = name.find(lead)
            if at >= 0:
                parts.append(name[at:])
                break
    return ", ".join(dict.fromkeys(parts))


def _memberships() -> dict:
    pools = {}
    rows = Membership.objects.filter(user__is_active=True).values_list(
        "agency_id",
        "role",
        "user_id",
        "user__username",
        "user__full_name",
        "user__first_name",
        "user__last_name",
    )
    rows = list(rows)
    agencies = {}
    for agency_id, _role, user_id, *_names in rows:
        agencies.setdefault(user_id, set()).add(agency_id)
    people = {}
    for agency_id, role, user_id, username, full, first, last in sorted(rows):
        if user_id not in people:
            name = full or f"{first} {last}".strip() or username
            people[user_id] = _Person(user_id, name, agencies=frozenset(agencies[user_id]))
        pools.setdefault((agency_id, role), []).append(people[user_id])
    return pools


def _create_staff(missing, people) -> int:
    if not missing:
        return 0
    user_model = get_user_model()
    codes = dict(Agency.objects.filter(pk__in={a for a, _r in missing}).values_list("pk", "code"))
    wanted = {f"gen-{codes[a].lower()}-{role}": (a, role) for a, role in missing}
    existing = set(
        user_model.objects.filter(username__in=wanted).values_list("username", flat=True)
    )
    password = make_password(None)
    new_users = []
    for username in sorted(set(wanted) - existing):
        name, _id_number, phone = people.person()
        new_users.append(
            user_model(
                username=username,
                full_name=name,
                phone=phone,
                email=f"{username}@motcua.example",
                password=password,
                is_active=True,
            )
        )
    user_model.objects.bulk_create(new_users)
    ids = dict(user_model.objects.filter(username__in=wanted).values_list("username", "pk"))
    Membership.objects.bulk_create(
        [
            Membership(user_id=ids[username], agency_id=agency_id, role=role)
            for username, (agency_id, role) in wanted.items()
        ],
        ignore_conflicts=True,
    )
    return len(new_users)


def _citizens(run, size, batch) -> list[_Person]:
    """The applicants' accounts: existing generated citizens first, then new ones."""
    user_model = get_user_model()

    def load():
        rows = user_model.objects.filter(username__startswith=CITIZEN_PREFIX).order_by("pk")
        return [
            _Person(pk, name, username.removeprefix(CITIZEN_PREFIX), phone, email)
            for pk, username, name, phone, email in rows.values_list(
                "pk", "username", "full_name", "phone", "email"
            )
        ]

    pool = load()
    if len(pool) < size:
        taken = {p.id_number for p in pool}
        password = make_password(None)
        new_users = []
        while len(pool) + len(new_users) < size:
            name, id_number, phone = run.people.person()
            if id_number in taken:
                continue
            taken.add(id_number)
            new_users.append(
                user_model(
                    username=f"{CITIZEN_PREFIX}{id_number}",
                    full_name=name,
                    phone=phone,
                    email=f"cd{id_number}@motcua.example",
                    password=password,
                    is_active=True,
                )
            )
        user_model.objects.bulk_create(new_users, batch_size=batch)
        run.stats["citizens_created"] = len(new_users)
        pool = load()
    return pool[:size]


def _new_life(run, fraction, citizens):
    """The dossier submitted at `fraction` of the period: procedure, place, channel, people."""
    rng = run.rng
    reference = run.clocks[run.reference]
    v = run.pick_version(reference.day(int(fraction * (run.limits[run.reference] + 1))))
    if v is None:
        return None
    site = rng.choice(v.sites)
    kinds = list(v.channels)
    channel = rng.choices(kinds, [CHANNEL_WEIGHTS[k] for k in kinds])[0]
    t0 = int(fraction * (run.limits[site.province] + 1))
    life = _Life(run, v, site, channel, t0, rng, citizens)
    if life.applicant is not None and rng.random() < P_DRAFT:
        return life  # a draft: never sent
    _live(life, rng)
    return life


def generate_dossiers(*, count, seed=None, since=None, batch=5000, progress=None) -> dict:
    """Fabricate `count` dossiers with their events and results; return statistics.

    `seed` makes the fabricated lives repeatable (ids and account names aside); `since` (a
    date, default a year ago) is the first day of submissions; `batch` is the number of
    dossiers per transaction; `progress` shows a tqdm bar on stderr (None: when it is a TTY).
    """
    if count < 0 or batch < 1:
        raise GenerationError(_("Số lượng hồ sơ và cỡ lô phải là số dương."))
    started = time.monotonic()
    now = timezone.now()
    if seed is None:
        seed = random.SystemRandom().randrange(2**32)
    if since is None:
        since = timezone.localdate(now) - datetime.timedelta(days=365)
    run = _Run(seed=seed, since=since, now=now, batch=batch)
    citizens = _citizens(run, min(50_000, max(20, count // 5)), batch)
    if progress is None:
        progress = sys.stderr.isatty()
    fractions = sorted(run.rng.random() for _ in range(count))
    states = Counter()
    pending = []
    # A batch holds tens of thousands of model instances: with the cyclic collector on, its
    # full collections would scan them again and again (more than half of the run's time).
    # Reference counting frees everything; cycles are collected once per batch.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with tqdm(total=count, file=sys.stderr, disable=not progress, unit=" hồ sơ") as bar:
            for fraction in fractions:
                life = _new_life(run, fraction, citizens)
                if life is None:
                    continue
                pending.append(life)
                states[life.state] += 1
                if len(pending) >= batch:
                    _write(run, pending)
                    bar.update(len(pending))
                    pending = []
                    gc.collect(1)
            if pending:
                _write(run, pending)
                bar.update(len(pending))
    finally:
        if collecting:
            gc.enable()
    stats = dict(run.stats)
    stats.update(
        seed=seed,
        count=sum(states.values()),
        states={state.value: states[state] for state in State if states[state]},
        since=run.first_day,
        until=now,
        seconds=round(time.monotonic() - started, 3),
    )
    for key in ("events", "results", "late", "on_time", "citizens_created", "staff_created"):
        stats.setdefault(key, 0)
    return stats


def _write(run, lives):
    """One batch in one transaction, with no query per dossier."""
    dossiers = [life.dossier() for life in lives]
    events = [event for life in lives for event in life.events]
    results = [life.result for life in lives if life.result is not None]
    versions = {life.v.version.pk for life in lives if life.code}
    counters = [
        DailyCounter(unit_id=unit, day=day, last=last)
        for (unit, day), last in sorted(run.touched.items())
    ]
    created_at = Dossier._meta.get_field("created_at")
    updated_at = Dossier._meta.get_field("updated_at")
    # The history carries its own creation times: switch auto_now(_add) off for this write.
    created_at.auto_now_add = updated_at.auto_now = False
    try:
        with transaction.atomic():
            Dossier.objects.bulk_create(dossiers, batch_size=run.batch)
            DossierEvent.objects.bulk_create(events, batch_size=run.batch)
            DossierResult.objects.bulk_create(results, batch_size=run.batch)
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
    run.touched = {}
    run.stats["events"] += len(events)
    run.stats["results"] += len(results)
    if settings.DEBUG and not connection.force_debug_cursor:
        reset_queries()  # DEBUG keeps every query's SQL: megabytes per batch here
