"""The leaders' approval queue's reads: the dossiers waiting for a leader's decision, the
specialist's submission (note and files) and the draft results to choose from."""

from django.db.models import OuterRef, Prefetch, Subquery

from dossiers import permissions as perms
from dossiers import selectors
from dossiers.models import Dossier, DossierEvent, DossierFile, FileKind
from dossiers.states import Action, State
from procedures.models import Role

RESULT_KINDS = (FileKind.RESULT, FileKind.ATTACHMENT)


def leader_agencies(user) -> set[int]:
    return {agency for agency, role in perms.memberships(user) if role == Role.LEADER}


def _submissions():
    return Prefetch(
        "events",
        queryset=DossierEvent.objects.filter(action=Action.SUBMIT_FOR_APPROVAL)
        .select_related("actor")
        .prefetch_related("files")
        .order_by("at", "id"),
        to_attr="submissions",
    )


def _result_files():
    return Prefetch(
        "files",
        queryset=DossierFile.objects.filter(kind=FileKind.RESULT).order_by("uploaded_at"),
        to_attr="draft_results",
    )


def approval_queue(user, agencies):
    """The dossiers waiting for `user`'s approval, oldest submission first."""
    submitted = (
        DossierEvent.objects.filter(dossier=OuterRef("pk"), action=Action.SUBMIT_FOR_APPROVAL)
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    return (
        Dossier.objects.filter(
            selectors.visible_to(user),
            state=State.PENDING_APPROVAL,
            competent_agency_id__in=agencies,
        )
        .annotate(submitted_for_approval_at=Subquery(submitted))
        .select_related(*selectors.LIST_RELATED)
        .prefetch_related(_submissions(), _result_files())
        .order_by("submitted_for_approval_at", "received_at", "id")
    )


def submission(dossier):
    """The last submit-for-approval event (its note, who, when, files), or None."""
    submissions = getattr(dossier, "submissions", None)
    if submissions is None:
        submissions = list(
            dossier.events.filter(action=Action.SUBMIT_FOR_APPROVAL)
            .select_related("actor")
            .prefetch_related("files")
            .order_by("at", "id")
        )
    return submissions[-1] if submissions else None


def draft_files(dossier, last) -> list:
    """The files to read: those sent with the submission, then the draft results added."""
    # In the order they were added (then by name): the same on every database.
    files = sorted(last.files.all(), key=lambda f: (f.uploaded_at, f.original_name)) if last else []
    seen = {f.pk for f in files}
    drafts = getattr(dossier, "draft_results", None)
    if drafts is None:
        drafts = [f for f in dossier.files.all() if f.kind == FileKind.RESULT]
    return files + [f for f in drafts if f.pk not in seen]


def result_choices(dossier) -> dict:
    """{outcome: the drafts a leader may issue as the result of that outcome}: drafts printed
    on the portal among the files read (never the applicant's, never an uploaded file: the
    result is printed again from the draft's content, numbered and signed)."""
    choices = {"approved": [], "denied": []}
    for f in draft_files(dossier, submission(dossier)):
        outcome = (f.draft_content or {}).get("outcome")
        if f.kind in RESULT_KINDS and outcome in choices:
            choices[outcome].append(f)
    return choices
