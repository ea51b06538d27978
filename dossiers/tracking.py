"""Tracking a dossier without an account: by its code and a short secret.

The secret is the last four digits of the applicant's phone number or identity number. An
unknown code, a wrong secret, a draft and a dossier with neither number all answer `None`,
alike, so codes cannot be enumerated; the secret is compared in constant time. What comes back
(`TrackedDossier`) carries no personal data: no names, numbers, addresses, officers or reasons
(a reason may quote the applicant's papers); the steps that ask something of the applicant
only point to the signed-in pages or the desk.

Lookups are rate-limited per client address and per code's failed lookups (`lookup`), with
Django's cache (Redis when REDIS_URL is set, else the process's local memory), in fixed windows.

The public view of a dossier is kept in the shared cache (`PORTAL_TRACK_CACHE_SECONDS`; off
without Redis, where each process has its own memory) until the dossier's next event: every
transition bumps the code's generation (`forget`, after its commit), and a view is stored under
the generation read before the database was, so a view read while an event commits is never
served after it.
"""

import datetime
import hashlib
import hmac
import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from common.cache import count_and_read

from .models import Dossier, DossierEvent
from .states import CLOCK_PAUSED, Action, Outcome, State

# Dossier codes are `<unit code>-YYMMDD-NNNN` and unit codes are `A-Z 0-9 .` (upper case):
# a code is matched exactly after upper-casing, which keeps the lookup on the unique index.
CODE_MAX_LENGTH = 64
CODE_PATTERN = re.compile(r"^[A-Z0-9.\-]{1,64}$")
VERIFY_PATTERN = re.compile(r"^[0-9]{4}$")

# The timeline in plain words for the applicant (the staff's labels are `Action`'s).
STEP_LABELS = {
    Action.SUBMIT: _("Hồ sơ đã được nộp"),
    Action.REQUEST_COMPLETION: _("Cơ quan đề nghị hoàn thiện hồ sơ"),
    Action.REFUSE: _("Hồ sơ không được tiếp nhận"),
    Action.RECEIVE: _("Hồ sơ đã được tiếp nhận"),
    Action.TRANSFER: _("Hồ sơ được chuyển đến đơn vị xử lý"),
    Action.REQUEST_SUPPLEMENT: _("Cơ quan đề nghị bổ sung hồ sơ"),
    Action.SUPPLEMENT: _("Hồ sơ đã được bổ sung"),
    Action.REQUEST_PAYMENT: _("Cơ quan đề nghị nộp phí, lệ phí"),
    Action.RECORD_PAYMENT: _("Đã ghi nhận nộp phí, lệ phí"),
    Action.SUBMIT_FOR_APPROVAL: _("Hồ sơ được trình lãnh đạo phê duyệt"),
    Action.SEND_BACK: _("Hồ sơ được tiếp tục xử lý"),
    Action.APPROVE: _("Hồ sơ đã có kết quả giải quyết"),
    Action.DENY: _("Cơ quan từ chối giải quyết hồ sơ"),
    Action.RETURN: _("Đã trả kết quả"),
    Action.REQUEST_WITHDRAWAL: _("Người nộp xin rút hồ sơ"),
    Action.STOP: _("Hồ sơ đã dừng xử lý"),
    Action.RESCHEDULE: _("Cơ quan xin lỗi và hẹn lại ngày trả kết quả"),
}
# Steps whose details (missing papers, reasons, amounts) the applicant sees only when signed
# in or at the desk.
DETAILS_ELSEWHERE = frozenset(
    {
        Action.REQUEST_COMPLETION,
        Action.REFUSE,
        Action.REQUEST_SUPPLEMENT,
        Action.REQUEST_PAYMENT,
        Action.DENY,
        Action.RESCHEDULE,
    }
)

DEFAULT_RATE_PER_IP_MINUTE = 10
DEFAULT_RATE_PER_CODE_HOUR = 20


# The views are kept in the cache (pickled) and served in any language: they hold codes, and
# their labels are looked up when read (a pickled lazy translation costs more to load than
# the rest of the view together).


@dataclass(frozen=True)
class TrackedStep:
    at: datetime.datetime
    action: str
    state: str
    details_elsewhere: bool

    @property
    def label(self):
        return STEP_LABELS[self.action]

    @property
    def state_label(self):
        return State(self.state).label


@dataclass(frozen=True)
class TrackedDossier:
    """The public view of a dossier: what anyone holding the code and the secret may read."""

    code: str
    procedure_name: str
    receiving_unit: str
    state: str
    national_status: int | None
    clock_paused: bool
    sent_at: datetime.datetime | None
    official_reception_at: datetime.datetime | None
    received_at: datetime.datetime | None
    due_at: datetime.datetime | None
    rescheduled: bool
    resolved_at: datetime.datetime | None
    returned_at: datetime.datetime | None
    outcome: str
    timeline: tuple[TrackedStep, ...]

    @property
    def state_label(self):
        return State(self.state).label

    @property
    def outcome_label(self):
        return Outcome(self.outcome).label if self.outcome else ""


def normalize_code(code: str) -> str:
    return (code or "").strip().upper()


def normalize_verify(verify: str) -> str:
    return (verify or "").strip()


def _last_four(number: str) -> str:
    digits = "".join(ch for ch in number or "" if ch.isdigit())
    return digits[-4:] if len(digits) >= 4 else ""


def _matches(secret: str, phone: str, id_number: str, found: bool) -> bool:
    """Compare with both numbers' last four digits in constant time, even when nothing was
    found."""
    given = secret.encode()
    # Both comparisons always run; an empty number never matches (it gets a stand-in that a
    # four-digit secret cannot equal).
    by_phone = hmac.compare_digest(given, (phone or "-----").encode())
    by_id = hmac.compare_digest(given, (id_number or "-----").encode())
    return found and (by_phone or by_id)


def track(*, code: str, verify: str, kept=None) -> TrackedDossier | None:
    """The public view of the dossier `code` if `verify` is the last four digits of its
    applicant's phone or identity number; else None, whatever the reason. From the cache when
    it holds the code's current view; else two queries when found (the dossier with its
    joins, the timeline), one when not. `kept`: the code's (generation, kept view) as
    `_kept_keys` read them, when the caller read them already."""
    code = normalize_code(code)
    secret = normalize_verify(verify)
    if not CODE_PATTERN.match(code) or not VERIFY_PATTERN.match(secret):
        return None
    seconds = _cache_seconds()
    entry = generation = None
    if seconds:
        if kept is None:
            found = cache.get_many(_kept_keys(code))
            kept = tuple(found.get(key) for key in _kept_keys(code))
        generation, stored = kept
        if not isinstance(generation, int):
            generation = _generation(code)
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == generation:
            entry = stored[1]
    if entry is None:
        entry = _read(code)
        if entry is not None and generation is not None:
            cache.set(_view_key(code), (generation, entry), timeout=seconds)
    if entry is None:
        _matches(secret, "", "", False)
        return None
    phone, id_number, view = entry
    return view if _matches(secret, phone, id_number, True) else None


def _read(code: str):
    """(phone's last four, identity number's last four, the view) of a sent dossier; None."""
    dossier = (
        Dossier.objects.select_related("version", "receiving_unit")
        .filter(code=code)
        .exclude(state=State.DRAFT)
        .first()
    )
    if dossier is None:
        return None
    events = (
        DossierEvent.objects.filter(dossier_id=dossier.pk)
        .only("at", "action", "to_state")
        .order_by("at", "id")
    )
    view = TrackedDossier(
        code=dossier.code,
        procedure_name=dossier.version.name,
        receiving_unit=dossier.receiving_unit.name,
        state=dossier.state,
        national_status=dossier.national_status,
        clock_paused=dossier.state in CLOCK_PAUSED,
        sent_at=dossier.sent_at,
        official_reception_at=dossier.official_reception_at,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        rescheduled=dossier.rescheduled_to is not None,
        resolved_at=dossier.resolved_at,
        returned_at=dossier.returned_at,
        outcome=dossier.outcome,
        timeline=tuple(_step(event) for event in events if event.action in STEP_LABELS),
    )
    return _last_four(dossier.applicant_phone), _last_four(dossier.applicant_id_number), view


# ---- The cached views ---------------------------------------------------------------------------


# Part of every cached view's key: change it when `TrackedDossier` changes shape, so that a
# new release never reads views pickled by the old one.
NAMESPACE = "v2"
GENERATION_SECONDS = 24 * 3600  # a code's generation outlives any view stored under it


def _cache_seconds() -> int:
    return int(getattr(settings, "PORTAL_TRACK_CACHE_SECONDS", 0) or 0)


def _generation_key(code: str) -> str:
    return f"track:{NAMESPACE}:gen:{_digest(code)}"


def _view_key(code: str) -> str:
    """Holds (the generation it was read under, the view): one key per code, so that it is
    read in the same round trip as the generation and the rate counts."""
    return f"track:{NAMESPACE}:view:{_digest(code)}"


def _kept_keys(code: str) -> tuple[str, str]:
    return _generation_key(code), _view_key(code)


def _generation(code: str) -> int | None:
    """The code's current generation (0 before its first change); None when the cache does
    not answer (then nothing is stored)."""
    key = _generation_key(code)
    value = cache.get(key)
    if value is None:
        cache.add(key, 0, timeout=GENERATION_SECONDS)
        value = cache.get(key)
    return value if isinstance(value, int) else None


def forget(code: str) -> None:
    """The dossier `code` changed: its cached view is no longer served."""
    if not code or not _cache_seconds():
        return
    key = _generation_key(normalize_code(code))
    try:
        cache.incr(key)
        # A generation expires only after a day without change, when every view stored under
        # an earlier one has long expired (PORTAL_TRACK_CACHE_SECONDS is far shorter).
        cache.touch(key, GENERATION_SECONDS)
    except ValueError:  # never read since it last expired: no view of it is stored
        pass


def _step(event: DossierEvent) -> TrackedStep:
    action = Action(event.action)
    return TrackedStep(
        at=event.at,
        action=action.value,
        state=event.to_state,
        details_elsewhere=action in DETAILS_ELSEWHERE,
    )


# ---- Rate limits -------------------------------------------------------------------------------


class RateLimited(Exception):
    """Too many lookups; try again after `retry_after` seconds."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind N trusted proxies (the count django-axes
    is given, AXES_IPWARE_PROXY_COUNT) the address the outermost of them saw."""
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def hit(key: str, window: int, now: float) -> tuple[int, int]:
    """Count one lookup in the fixed window holding `now`: (count so far, seconds left)."""
    count, left, _values = _hit_and_read(key, window, now)
    return count, left


def _hit_and_read(key: str, window: int, now: float, read=()) -> tuple[int, int, list]:
    """`hit`, and the values of the cache keys `read`, in one round trip."""
    start = int(now // window) * window
    count, values = count_and_read(f"track:{key}:{start}", window + 5, read)
    return count, max(1, math.ceil(start + window - now)), values


def check_rate(*, client: str, code: str, now: float | None = None) -> tuple:
    """Count a lookup from `client`; raise RateLimited past either limit:
    PORTAL_TRACK_RATE_PER_IP_MINUTE lookups per address, or PORTAL_TRACK_RATE_PER_CODE_HOUR
    failed lookups of `code` (whoever asks, so that spreading guesses over many addresses does
    not help). Only misses count against a code (`record_miss`): the applicant's own lookups
    never use up its budget; someone guessing can still close a code's tracking for the hour,
    and that is the price of not letting the secret be guessed (the applicant still sees the
    dossier under "my dossiers" or asks the desk).

    Returns what `track` reads from the cache (the code's generation and its kept view), read
    in the same round trip, so that `track` needs no other."""
    now = time.time() if now is None else now
    per_ip = getattr(settings, "PORTAL_TRACK_RATE_PER_IP_MINUTE", DEFAULT_RATE_PER_IP_MINUTE)
    per_code = getattr(settings, "PORTAL_TRACK_RATE_PER_CODE_HOUR", DEFAULT_RATE_PER_CODE_HOUR)
    misses_key = f"track:{_misses_key(code)}:{int(now // 3600) * 3600}"
    code = normalize_code(code)
    count, left, (misses, *kept) = _hit_and_read(
        f"ip:{_digest(client)}", 60, now, read=(misses_key, *_kept_keys(code))
    )
    if count > per_ip:
        raise RateLimited(left)
    if (misses or 0) >= per_code:
        raise RateLimited(max(1, math.ceil(int(now // 3600) * 3600 + 3600 - now)))
    return tuple(kept)


def record_miss(*, code: str, now: float | None = None) -> None:
    """Count a failed lookup of `code` (unknown, or a wrong secret: the same to the caller)."""
    now = time.time() if now is None else now
    hit(_misses_key(code), 3600, now)


def lookup(*, client: str, code: str, verify: str) -> TrackedDossier | None:
    """`check_rate`, then `track`; a miss is counted against the code."""
    kept = check_rate(client=client, code=code)
    found = track(code=code, verify=verify, kept=kept)
    if found is None:
        record_miss(code=code)
    return found


def _misses_key(code: str) -> str:
    return f"code:{_digest(normalize_code(code))}"
