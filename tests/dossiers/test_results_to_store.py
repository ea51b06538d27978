"""Once a dossier is returned, its results land in the applicant's personal document store
under their result codes: after the commit, as a job of the return event (dossiers.effects),
idempotently."""

import pytest
from django.db import transaction

from citizens.models import DocumentKind, StoredDocument
from dossiers.effects.models import EffectRun
from dossiers.models import DossierResult
from dossiers.signing.issue import issue_pending
from dossiers.states import Action, State
from dossiers.tasks import store_results
from portal.celery import app
from tests.dossiers.helpers import (
    approved_and_signed,
    awaiting_approval_with_draft,
    dossier_in,
    fire,
    reload,
)

pytestmark = pytest.mark.usefixtures("frozen_monday")


@pytest.fixture
def eager(settings, monkeypatch):
    """Tasks run in the process as soon as they are enqueued."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    monkeypatch.setitem(app.conf, "task_always_eager", True)


def returned_online(world):
    """Approved, its result issued and signed, then returned online."""
    dossier = approved_and_signed(world)
    fire(Action.RETURN, dossier, world.home.desk, channel="online", details={})
    return reload(dossier)


def test_the_task_keeps_each_result_with_its_code_and_file(world):
    dossier = returned_online(world)

    codes = store_results(str(dossier.pk))

    document = StoredDocument.objects.get(owner=world.citizen)
    assert codes == [f"{dossier.code}-KQ1"]
    assert document.result_code == f"{dossier.code}-KQ1"
    assert document.kind == DocumentKind.RESULT
    assert document.issuer == world.home.committee.name
    assert document.issued_at == DossierResult.objects.get(dossier=dossier).issued_at
    assert document.title == f"Kết quả: {dossier.version.name}"
    result = DossierResult.objects.get(dossier=dossier)
    assert document.original_name == f"{dossier.code}-KQ1.pdf"
    assert document.content_type == "application/pdf"
    with result.file.file.open("rb") as issued, document.file.open("rb") as kept:
        signed = issued.read()
        assert kept.read() == signed and document.size == len(signed)
    assert document.file.name.startswith(f"documents/{world.citizen.pk}/")


def test_storing_the_results_again_changes_nothing(world):
    dossier = returned_online(world)

    store_results(str(dossier.pk))
    first = StoredDocument.objects.get()
    store_results(str(dossier.pk))

    assert StoredDocument.objects.count() == 1
    assert StoredDocument.objects.get().file.name == first.file.name


def test_a_result_signed_after_the_return_reaches_the_store_when_signed(world):
    dossier, draft = awaiting_approval_with_draft(world)
    fire(Action.APPROVE, dossier, world.home.leader, result_file_id=draft.pk)
    fire(Action.RETURN, dossier, world.home.desk)  # handed over at the desk, on paper
    store_results(str(dossier.pk))
    assert not StoredDocument.objects.get().file  # nothing signed yet

    issue_pending(dossier.pk)

    document = StoredDocument.objects.get()
    assert document.file and document.original_name == f"{dossier.code}-KQ1.pdf"


def test_a_result_returned_on_paper_is_kept_by_its_code_without_a_file(world):
    dossier = dossier_in(world, State.RETURNED)  # returned at the desk, no result file

    store_results(str(dossier.pk))

    document = StoredDocument.objects.get(owner=world.citizen)
    assert document.result_code == f"{dossier.code}-KQ1"
    assert not document.file and document.size == 0


def test_nothing_is_stored_for_a_walk_in_applicant_without_an_account(world):
    dossier = dossier_in(world, State.RETURNED, channel="in_person")

    assert store_results(str(dossier.pk)) == []
    assert not StoredDocument.objects.exists()


@pytest.mark.parametrize("state", [State.RESOLVED, State.IN_PROGRESS])
def test_nothing_is_stored_before_the_return(world, state):
    dossier = dossier_in(world, state)

    assert store_results(str(dossier.pk)) == []
    assert not StoredDocument.objects.exists()


def test_an_unknown_dossier_stores_nothing(world):
    assert store_results("not-a-uuid") == []
    assert store_results("00000000-0000-0000-0000-000000000000") == []


def test_results_land_only_in_the_applicants_own_store(world):
    dossier = returned_online(world)

    store_results(str(dossier.pk))

    assert not StoredDocument.objects.filter(owner=world.other_citizen).exists()
    assert not StoredDocument.objects.filter(owner=world.home.desk).exists()


def test_the_return_runs_the_store_job_after_the_commit(
    world, eager, django_capture_on_commit_callbacks
):
    dossier = approved_and_signed(world)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            fire(Action.RETURN, dossier, world.home.desk, channel="online", details={})
            assert not StoredDocument.objects.exists()  # not before the commit
            assert EffectRun.objects.filter(kind="store_results").count() == 1

    assert len(callbacks) >= 1
    assert StoredDocument.objects.get().result_code == f"{dossier.code}-KQ1"


def test_the_return_schedules_no_store_job_without_an_account(
    world, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier_in(world, State.RETURNED, channel="in_person")

    assert not EffectRun.objects.filter(kind="store_results").exists()
    assert not StoredDocument.objects.exists()


def test_the_return_schedules_nothing_when_the_transaction_rolls_back(
    world, eager, django_capture_on_commit_callbacks
):
    dossier = dossier_in(world, State.RESOLVED)

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            fire(Action.RETURN, dossier, world.home.desk)
            raise RuntimeError

    assert not EffectRun.objects.filter(kind="store_results").exists()
    assert not StoredDocument.objects.exists()


def test_returning_a_dossier_puts_its_results_in_the_store(
    world, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = returned_online(world)

    assert StoredDocument.objects.get(owner=world.citizen).result_code == f"{dossier.code}-KQ1"


def test_a_store_that_failed_after_signing_is_done_on_the_retry(world, monkeypatch):
    from dossiers import results

    dossier, draft = awaiting_approval_with_draft(world)
    fire(Action.APPROVE, dossier, world.home.leader, result_file_id=draft.pk)
    fire(Action.RETURN, dossier, world.home.desk)
    real = results.document_store_result

    def down(**kwargs):
        raise OSError("storage unavailable")

    monkeypatch.setattr(results, "document_store_result", down)
    with pytest.raises(OSError):
        issue_pending(dossier.pk)  # signed, then the store failed: the job will be retried
    monkeypatch.setattr(results, "document_store_result", real)

    issue_pending(dossier.pk)  # nothing left to sign; the store is done now

    assert StoredDocument.objects.get().original_name == f"{dossier.code}-KQ1.pdf"
