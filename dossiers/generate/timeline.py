"""How lives branch: which dossier is submitted when, and the walk of its life, cut at now."""

from procedures.calendar import LOCAL_TZ
from procedures.models import ChannelKind

from .. import deadlines
from ..states import ReturnChannel
from .life import _Life

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


def _live(life, rng):
    """The branching of a life; every step stops the walk when it would fall after now."""
    if _reception(life, rng) and _processing(life, rng):
        _hand_over(life, rng)


def _reception(life, rng) -> bool:
    """Submission, the desk's check (refusal, completion, early withdrawal) and reception;
    whether the dossier was received."""
    per_day = life.clock.per_day
    in_person = life.channel == ChannelKind.IN_PERSON
    if not life.submit(life.t0):
        return False
    if in_person:  # checked at the counter
        slot = life.t + rng.randint(1, 2)
    else:  # checked within a share of the time allowed, at most a day and a half
        share = round(life.window(life.t) * rng.uniform(0.02, 0.2))
        slot = life.t + max(1, min(per_day * 3 // 2, share))
    roll = rng.random()
    if roll < P_REFUSE:
        life.refuse(slot, rng)
        return False
    if roll < P_REFUSE + P_COMPLETION:
        if not life.request_completion(slot, rng):
            return False
        roll = rng.random()
        if roll < P_ABANDON_COMPLETION:
            return False
        slot = life.t + rng.randint(per_day // 2, 6 * per_day)
        if roll < P_ABANDON_COMPLETION + P_WITHDRAW_COMPLETION and life.applicant:
            life.withdraw(slot, rng)
            return False
        if not life.submit(slot):
            return False
        slot = life.t + (rng.randint(1, 2) if in_person else rng.randint(2, per_day // 2))
    elif roll < P_REFUSE + P_COMPLETION + P_EARLY_WITHDRAWAL and life.applicant:
        life.withdraw(slot, rng)
        return False
    return life.receive(slot)


def _processing(life, rng) -> bool:
    """From the transfer to the competent agency to the leader's decision; whether resolved."""
    # The working time until the leader signs, as a share of the time allowed (late: over it).
    late = rng.random() < P_LATE
    share = rng.uniform(1.05, 1.8) if late else rng.uniform(0.15, 0.9)
    active = max(6, round((life.clock.ceil(life.due_at) - life.t) * share))
    desk_part = max(1, round(active * life.v.shares[0] * rng.uniform(0.5, 1.5)))
    leader_part = max(2, round(active * life.v.shares[2] * rng.uniform(0.5, 1.5)))
    specialist_part = max(2, active - desk_part - leader_part)
    if not life.transfer(life.t + desk_part, rng):
        return False
    start = life.t
    waited = _waits(life, start, specialist_part, rng)
    if waited is None:
        return False
    if life.applicant and rng.random() < P_WITHDRAW_PROCESSING:
        life.withdraw(start + waited + specialist_part // 2, rng)
        return False
    approval = max(life.t + 1, start + waited + specialist_part)
    if late and not waited and rng.random() < P_RESCHEDULE:
        _reschedule(life, approval, leader_part, rng)
    if not life.submit_for_approval(approval):
        return False
    if rng.random() < P_SEND_BACK:
        if not life.send_back(life.t + leader_part // 2):
            return False
        if not life.submit_for_approval(life.t + max(1, specialist_part // 4)):
            return False
    return life.resolve(life.t + leader_part, deny=rng.random() < P_DENY)


def _waits(life, start, specialist_part, rng):
    """The applicant's waits while the specialist works (supplements, then a fee): the slots
    waited, or None when the walk stops there (cut at now, or withdrawn)."""
    per_day = life.clock.per_day
    waited = 0
    if rng.random() < P_SUPPLEMENT:
        for second in (False, True):
            if second and rng.random() >= P_SECOND_SUPPLEMENT:
                break
            asked = start + waited + round(specialist_part * rng.uniform(0.1, 0.5))
            if not life.request_supplement(asked, rng, second=second):
                return None
            asked, answer = life.t, life.t + rng.randint(per_day // 2, 8 * per_day)
            if life.applicant and rng.random() < P_WITHDRAW_WAITING:
                life.withdraw(answer, rng)
                return None
            if not life.supplement(answer):
                return None
            waited += life.t - asked
    if life.rule[2] and rng.random() < P_PAYMENT:
        asked = start + waited + round(specialist_part * rng.uniform(0.5, 0.9))
        if not life.request_payment(asked):
            return None
        asked = life.t
        if not life.record_payment(life.t + rng.randint(2, 2 * per_day), rng):
            return None
        waited += life.t - asked
    return waited


def _hand_over(life, rng):
    """The result goes back by post, or the applicant collects it at the desk."""
    per_day = life.clock.per_day
    in_person = life.channel == ChannelKind.IN_PERSON
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
