"""The run: its catalog, clocks, staff and counters, the main loop over batches, the stats."""

import bisect
import datetime
import gc
import random
import sys
import time
from collections import Counter

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from procedures.calendar import calendar_for

from ..models import Dossier, DossierEvent, DossierResult
from ..states import State
from .catalog import _catalog, _citizens, _staff_pools
from .clock import _Clock, _Deadlines
from .errors import GenerationError
from .names import _People
from .timeline import _new_life
from .writer import _Counters, _write


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
    states = _fabricate(run, fractions, citizens, progress)
    _analyze()
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


def _analyze():
    """Fresh planner statistics for the tables just filled: a bulk load is done before
    autovacuum gets to them, and until then the planner takes a million rows for none."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    tables = [model._meta.db_table for model in (Dossier, DossierEvent, DossierResult)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


def _fabricate(run, fractions, citizens, progress) -> Counter:
    """Live the dossiers submitted at `fractions` and write them batch by batch; their states."""
    states = Counter()
    pending = []
    # A batch holds tens of thousands of model instances: with the cyclic collector on, its
    # full collections would scan them again and again (more than half of the run's time).
    # Reference counting frees everything; cycles are collected once per batch.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with tqdm(
            total=len(fractions), file=sys.stderr, disable=not progress, unit=" hồ sơ"
        ) as bar:
            for fraction in fractions:
                life = _new_life(run, fraction, citizens)
                if life is None:
                    continue
                pending.append(life)
                states[life.state] += 1
                if len(pending) >= run.batch:
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
    return states


# ---- The run ----------------------------------------------------------------------------------


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
        self.pools, self.stats["staff_created"] = _staff_pools(self.versions, self.people)
        self.counters = _Counters(self.first_day)

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

    def staff_member(self, rng, agency_id, role):
        return rng.choice(self.pools[(agency_id, role)])

    def pick_version(self, day):
        in_force = bisect.bisect_right(self.effective, day)
        if in_force == 0:
            return None
        point = self.rng.random() * self.cumulative[in_force - 1]
        return self.versions[bisect.bisect_right(self.cumulative, point, hi=in_force - 1)]
