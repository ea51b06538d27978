"""Internal notes on a dossier: what an officer wants the dossier's other officers to know
(appraisal remarks, a call with the applicant). Not a transition and not an event: the state
machine's log stays what the law asks for; notes are the staff's own working record."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions as perms
from ..errors import BadInput, NotAllowed
from ..models import DossierNote
from ..states import Actor
from ._core import _check_open, _locked

NOTE_MAX = 4000
# Every officer of the dossier writes and reads its notes; the applicant never does.
NOTE_TAKERS = frozenset({Actor.DESK, Actor.SPECIALIST, Actor.HEAD, Actor.LEADER})


def may_note(dossier, user) -> bool:
    return bool(NOTE_TAKERS & perms.actors_for(dossier, user))


@transaction.atomic
def dossier_note_add(*, dossier_id, actor, text: str) -> DossierNote:
    """A note of `actor`, an officer of the dossier, while the dossier is open."""
    dossier = _locked(dossier_id)
    _check_open(dossier, actor)
    if not may_note(dossier, actor):
        raise NotAllowed()
    text = (text or "").strip()
    if not text:
        raise BadInput(fields={"text": [_("Cần nhập nội dung ghi chú.")]})
    if len(text) > NOTE_MAX:
        raise BadInput(
            fields={
                "text": [
                    _("Ghi chú dài tối đa %(max)s ký tự (hiện có %(count)s).")
                    % {"max": NOTE_MAX, "count": len(text)}
                ]
            }
        )
    return DossierNote.objects.create(
        dossier=dossier,
        author=actor,
        author_name=actor.get_full_name() or actor.get_username(),
        text=text,
        created_at=timezone.now(),
    )


def notes_for(dossier, user) -> list[DossierNote]:
    """The dossier's notes, oldest first, for its officers; nothing for anyone else."""
    if not may_note(dossier, user):
        return []
    return list(dossier.notes.all())
