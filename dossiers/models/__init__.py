"""The dossier (hồ sơ), its append-only event log (the control slip), files, results and codes.

The transitions of `Dossier` are declared by hand, one per row of `states.TRANSITIONS`, thin
and pure: they set fields from their arguments and do no I/O. Who may fire each one is the
`permission=` callable from `dossiers.permissions`. Services (`dossiers.services`) lock the
row, call a transition, save, and write the event row in the same transaction;
`ConcurrentTransitionMixin` refuses a save whose state changed underneath (a second net).

The modules of this package:

- `choices`: what a pause is for, and the deadline sweep's flags;
- `dossier`: `Dossier` and its transitions, `ACTION_METHODS`;
- `events`: `DossierEvent`, the append-only event log;
- `files`: the dossier's files, the officers' internal notes, its results;
- `numbering`: the daily counter behind the dossiers' codes;
- `ratings`: the applicant's satisfaction rating;
- `answers`: the answers to the dossier's online declaration forms.

Everything is imported here, in the order the models were declared, so that the app
registers them all.
"""

from ..states import Outcome
from .answers import DeclarationAnswers
from .choices import SWEEP_FLAGS, DueFlag, PauseKind, sweep_flag_q
from .dossier import ACTION_METHODS, Dossier
from .events import AppendOnly, AppendOnlyQuerySet, DossierEvent
from .files import (
    APPLICANT_FILE_KINDS,
    DossierFile,
    DossierNote,
    DossierResult,
    FileKind,
    SignatureStatus,
    dossier_file_path,
)
from .numbering import DailyCounter
from .ratings import DossierRating, RatingCriterion, Satisfaction

# isort: split
# The slips' and the consultations' models live in their packages; imported here, after the
# dossier's own, so that the app always registers them.
from ..consult.models import Consultation
from ..effects.models import EffectRun
from ..signing.models import SigningCredential
from ..slips.models import DossierSlip

__all__ = [
    "ACTION_METHODS",
    "APPLICANT_FILE_KINDS",
    "SWEEP_FLAGS",
    "SignatureStatus",
    "AppendOnly",
    "AppendOnlyQuerySet",
    "Consultation",
    "DailyCounter",
    "DeclarationAnswers",
    "Dossier",
    "DossierEvent",
    "DossierFile",
    "DossierNote",
    "DossierRating",
    "DossierResult",
    "DossierSlip",
    "DueFlag",
    "EffectRun",
    "FileKind",
    "Outcome",
    "PauseKind",
    "RatingCriterion",
    "Satisfaction",
    "SigningCredential",
    "dossier_file_path",
    "sweep_flag_q",
]
