"""Fabricated dossiers for demonstrations and benchmarks: `generate_dossiers`.

This is the one place that writes dossiers without `dossiers.services`, on purpose. The services
perform use cases, one at a time, now, with row locks and side effects; this module fabricates
a past (a year of a province's dossiers, a million if asked) and writes it in batches with
`common.bulk.copy_rows` (PostgreSQL's COPY; `bulk_create` on SQLite), with no query per
dossier and no service call. It must never run on a real system: the management command
refuses unless DEBUG is on or `--force` is given.

How each dossier stays consistent with the state machine and with what the services write:
- Its life is a walk through `states.TRANSITIONS`: each step asserts that the current state is
  a source of the action and that the acting capacity (applicant, desk, specialist, head,
  leader) is one the table allows. The state reached is the dossier's state; each step is one
  `DossierEvent` row, at strictly increasing times. Drafts have no event.
- Each step sets the fields of the model's transition and of `services._fire`/`_write_event`:
  received and due times, pauses, the internal-process step (`states.HOLDER_ROLE`,
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

from .errors import GenerationError
from .run import generate_dossiers

__all__ = ["GenerationError", "generate_dossiers"]
