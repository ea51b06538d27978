"""Fabricated dossiers (dossiers.generate) obey the state machine, the codes and the clock."""

import datetime
import re
from collections import Counter, defaultdict
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dossiers import deadlines, permissions, services
from dossiers.generate import GenerationError, generate_dossiers
from dossiers.models import DailyCounter, Dossier, DossierEvent, DossierResult
from dossiers.states import TRANSITIONS, State
from procedures.calendar import LOCAL_TZ, calendar_for
from procedures.demo.seed import seed_demo
from procedures.models import ProcedureVersion

# Wednesday 11 March 2026, 15:00 in Việt Nam: a working day.
NOW = datetime.datetime(2026, 3, 11, 15, 0, tzinfo=LOCAL_TZ)
CODE = re.compile(r"^(?P<unit>[A-Z0-9.]+)-(?P<day>\d{6})-(?P<number>\d{4})$")


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def demo(db):
    return seed_demo(password="x")


def _events(dossiers):
    by_dossier = defaultdict(list)
    for event in DossierEvent.objects.filter(dossier__in=dossiers).order_by("at", "id"):
        by_dossier[event.dossier_id].append(event)
    return by_dossier


def _pauses(dossier):
    return [
        (datetime.datetime.fromisoformat(start), datetime.datetime.fromisoformat(end))
        for start, end in dossier.pauses
    ]


def test_every_generated_dossier_replays_through_the_transition_table(demo):
    stats = generate_dossiers(count=200, seed=7, progress=False)

    dossiers = list(Dossier.objects.select_related("version"))
    assert len(dossiers) == stats["count"] == 200
    users = {u.pk: u for u in get_user_model().objects.all()}
    calendar = calendar_for()
    periods = calendar.periods
    events = _events(dossiers)
    for dossier in dossiers:
        path = events[dossier.pk]
        if dossier.state == State.DRAFT:
            assert path == [] and dossier.code is None
            continue
        assert path[0].action == "submit" and path[0].from_state == State.DRAFT
        state = State.DRAFT
        for before, event in zip([None, *path], path, strict=False):
            rule = TRANSITIONS[event.action]
            assert event.from_state == state, dossier.code
            assert event.from_state in rule.sources
            assert event.to_state == (rule.target or event.from_state)
            assert before is None or before.at < event.at
            local = timezone.localtime(event.at, LOCAL_TZ)
            assert local <= NOW
            assert calendar.is_working_day(local.date())
            assert any(start <= local.time() < end for start, end in periods)
            actor = users[event.actor_id]
            assert permissions.actors_for(dossier, actor) & rule.actors_in(state), (
                event.action,
                actor,
            )
            if event.step_due_at is not None:
                assert event.timeliness == deadlines.timeliness(event.at, event.step_due_at)
            state = State(event.to_state)
        assert state == dossier.state
    assert not ProcedureVersion.objects.filter(dossiers__isnull=False, locked_at=None).exists()


def test_due_times_come_from_the_deadline_engine_and_resolved_dossiers_have_results(demo):
    stats = generate_dossiers(count=200, seed=7, progress=False)

    calendar = calendar_for()
    received = Dossier.objects.filter(received_at__isnull=False).select_related("version")
    assert received.count() > 100
    for dossier in received.prefetch_related("version__channels"):
        channel = next(c for c in dossier.version.channels.all() if c.kind == dossier.channel)
        assert dossier.due_at is not None and dossier.original_due_at is not None
        if any(end is None for _start, end in dossier.pauses):
            continue  # waiting for the applicant: the due time is recomputed when it ends
        original = deadlines.due_at(
            received_at=dossier.clock_start,  # the official reception time
            value=channel.duration_value,
            unit=channel.duration_unit,
            calendar=calendar,
            pauses=_pauses(dossier),
            on_pause=dossier.version.clock_on_supplement,
        )
        assert dossier.original_due_at == original
        if dossier.rescheduled_to is None:
            assert dossier.due_at == original
        else:
            assert dossier.due_at == calendar.closing(
                calendar.working_day_on_or_after(dossier.rescheduled_to)
            )

    finished = Dossier.objects.filter(state__in=[State.RESOLVED, State.RETURNED])
    assert finished.count() == stats["results"] == DossierResult.objects.count()
    for dossier in finished.prefetch_related("results"):
        (result,) = dossier.results.all()
        assert result.code == f"{dossier.code}-KQ1"
        assert result.outcome == dossier.outcome
        signed = dossier.events.get(action__in=["approve", "deny"])
        assert signed.data["result_code"] == result.code
        late = signed.at > dossier.original_due_at or dossier.flagged_late
        assert (signed.data["dossier_timeliness"] == "late") == late
    assert 0 < stats["late"] < stats["results"] / 3
    for dossier in Dossier.objects.filter(flagged_late=True):
        assert dossier.supplement_requests >= 2


def test_codes_are_unique_well_formed_and_the_counters_reach_them(demo):
    generate_dossiers(count=200, seed=7, progress=False)

    counters = {(c.unit.code, c.day): c.last for c in DailyCounter.objects.select_related("unit")}
    codes = []
    for dossier in Dossier.objects.exclude(state=State.DRAFT).select_related("receiving_unit"):
        match = CODE.match(dossier.code)
        assert match and match["unit"] == dossier.receiving_unit.code
        first_submission = dossier.events.filter(action="submit").order_by("at").first()
        day = timezone.localdate(first_submission.at, LOCAL_TZ)
        assert match["day"] == f"{day:%y%m%d}"
        assert counters[(match["unit"], day)] >= int(match["number"])
        codes.append(dossier.code)
    assert len(codes) == len(set(codes)) > 150


def test_applicants_are_generated_citizens_with_cccd_numbers(demo):
    generate_dossiers(count=200, seed=7, progress=False)

    for dossier in Dossier.objects.exclude(state=State.DRAFT).select_related("applicant"):
        assert re.fullmatch(r"\d{12}", dossier.applicant_id_number)
        assert len(dossier.applicant_name.split()) >= 3
        if dossier.channel == "in_person":
            assert dossier.applicant is None
        else:
            assert dossier.applicant.username == f"gen-cd-{dossier.applicant_id_number}"
            assert not dossier.applicant.has_usable_password()


def test_the_same_seed_gives_the_same_distribution_of_states(demo):
    first = generate_dossiers(count=200, seed=11, progress=False)
    seen = set(Dossier.objects.values_list("pk", flat=True))
    second = generate_dossiers(count=200, seed=11, progress=False)

    assert first["states"] == second["states"]
    again = Counter(Dossier.objects.exclude(pk__in=seen).values_list("state", flat=True))
    assert dict(again) == second["states"]


def test_a_real_submission_after_generation_gets_the_next_free_code(demo):
    # Everything today, so the desk of Ninh Kiều has numbers of today already.
    generate_dossiers(count=200, seed=3, since=NOW.date(), progress=False)
    prefix = "H13.31.01-260311-"
    numbers = [
        int(code.removeprefix(prefix))
        for code in Dossier.objects.filter(code__startswith=prefix).values_list("code", flat=True)
    ]
    assert numbers

    officer = get_user_model().objects.get(username="officer")
    dossier = services.dossier_create(
        actor=officer,
        procedure_code="1.001193",
        channel="in_person",
        agency_code="H13.31",
        applicant_name="Nguyễn Văn Nam",
    )
    dossier = services.dossier_submit(dossier_id=dossier.pk, actor=officer)

    assert dossier.code == f"{prefix}{max(numbers) + 1:04d}"


def test_an_empty_catalog_is_refused_with_a_clear_error(db):
    with pytest.raises(GenerationError, match="seed_demo"):
        generate_dossiers(count=10, seed=1, progress=False)


def test_the_command_refuses_to_run_with_debug_off(demo, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("generate_dossiers", "--count", "5", "--no-progress")
    assert not Dossier.objects.exists()

    settings.DEBUG = True
    out = StringIO()
    call_command("generate_dossiers", "--count", "5", "--seed", "1", "--no-progress", stdout=out)
    assert Dossier.objects.count() == 5
    assert "5" in out.getvalue()


def _queries(count, seed):
    with CaptureQueriesContext(connection) as captured:
        generate_dossiers(count=count, seed=seed, progress=False)
    inserts = [q for q in captured.captured_queries if q["sql"].lstrip().startswith("INSERT")]
    return len(inserts), len(captured.captured_queries) - len(inserts)


def _rows():
    return sum(
        model.objects.count()
        for model in (Dossier, DossierEvent, DossierResult, DailyCounter, get_user_model())
    )


def test_generation_does_not_query_per_dossier(demo):
    generate_dossiers(count=1, seed=1, progress=False)  # creates the missing staff accounts once
    small_inserts, small_others = _queries(500, seed=2)
    rows = _rows()
    large_inserts, large_others = _queries(2000, seed=3)
    rows = _rows() - rows

    # Reads, updates and savepoints: the same whatever the count.
    assert large_others == small_others
    # Inserts: only as many as the backend's statement size needs (SQLite: 999 parameters).
    assert large_inserts * 20 <= rows


def test_make_run_generates_demo_dossiers_only_into_an_empty_database(demo, settings):
    settings.DEBUG = True
    call_command("generate_dossiers", "--count", "20", "--seed", "1", "--if-empty", "--no-progress")
    call_command("generate_dossiers", "--count", "20", "--seed", "2", "--if-empty", "--no-progress")

    assert Dossier.objects.count() == 20


def test_days_limits_generation_to_recent_submissions(demo, settings):
    settings.DEBUG = True
    call_command("generate_dossiers", "--count", "40", "--days", "30", "--no-progress")

    earliest = (
        Dossier.objects.exclude(official_reception_at=None)
        .order_by("official_reception_at")
        .first()
    )
    assert timezone.localdate(earliest.official_reception_at) >= NOW.date() - datetime.timedelta(
        days=30
    )
    with pytest.raises(CommandError):
        call_command("generate_dossiers", "--count", "5", "--days", "0", "--no-progress")
