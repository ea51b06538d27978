"""The dossier admin: where staff (leaders above all) see their dossiers and act on them.

The admin never edits a dossier's fields: the change page is read-only (no add, change or
delete). What staff do to a dossier they do through the buttons of the change page, one per
action that `services.available_actions` offers the user; each opens a small form (see
`admin_forms`) whose POST calls the action's service (`services.SERVICES`), which checks again
who may do what, locks the row and writes the event. A `DossierError` becomes a message or a
form error, never a 500.

Who sees which dossiers comes from the staff's memberships (`permissions.memberships`), as in
the catalog admin; Django's model permissions are not used (an account's "can view dossier"
grants nothing, and its absence takes nothing away):

- superusers see every dossier (they hold no role in it, so they get no action buttons);
- a desk officer or head of unit of the receiving unit sees the dossiers it received;
- a specialist, head of unit or leader sees the dossiers of the unit processing them and of
  the competent agency;
- a draft that an applicant is still writing online is theirs alone, so staff do not see it;
- everyone else, citizens included, has no access (`has_module_permission` is False); staff
  also need `is_staff` to enter the admin at all.

The control slip (`DossierEvent`) and the satisfaction ratings (`DossierRating`) are listed
read-only under the same scope.

The modules of this package:

- `base`: who may use the dossier admin, the scope of dossiers a user sees
  (`dossier_scope`), the read-only base and the link to a row's dossier;
- `dossier`: the dossier's list, its change page and the actions' forms;
- `lists`: the control slip, the ratings, the internal notes and the consultations;
- `signing`: the agencies' signing credentials (superusers only).

Importing them registers their admins with the default site.
"""

from .base import DESK_ROLES, UNIT_ROLES, DossierLinkMixin, ReadOnlyAdmin, dossier_scope
from .dossier import (
    APPLICANT,
    BUTTON_STYLE,
    RELATED,
    TIMES,
    DossierAdmin,
    MyWorkFilter,
    OverdueFilter,
)
from .lists import ConsultationAdmin, DossierEventAdmin, DossierNoteAdmin, DossierRatingAdmin
from .signing import SigningCredentialAdmin

__all__ = [
    "APPLICANT",
    "BUTTON_STYLE",
    "DESK_ROLES",
    "RELATED",
    "TIMES",
    "UNIT_ROLES",
    "ConsultationAdmin",
    "DossierAdmin",
    "DossierEventAdmin",
    "DossierLinkMixin",
    "DossierNoteAdmin",
    "DossierRatingAdmin",
    "MyWorkFilter",
    "OverdueFilter",
    "ReadOnlyAdmin",
    "SigningCredentialAdmin",
    "dossier_scope",
]
