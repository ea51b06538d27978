"""The official slips (Mẫu 01–07) as PDF, printed with weasyprint from Django templates.

- `legal_forms`: the official forms (not Django forms), the two legal regimes (Circular
  01/2018, then Circular 03/2025 from the day `settings.PORTAL_SLIPS_TT03_2025_FROM` says),
  `regime_for(dossier)` and the template of each (regime, form);
- `models`: `DossierSlip`, a rendered PDF kept with the dossier, one per (dossier, form,
  event), registered with the `dossiers` app;
- `render`: a form as HTML and PDF, and the one place its parts are imported from:
  `contexts` (the context of each form read from the dossier and its events), `parts` (what
  every form prints alike: times in words, the place, the tracking link and QR code),
  `register` (the register, Sổ theo dõi, as PDF and .xlsx) and `pdf` (HTML → PDF with the
  fonts shipped in `fonts/`, Noto Serif, OFL);
- `store`: the newest slip of a form (rendered on the spot when its job has not run yet:
  rendering and keeping is the service `dossiers.services.slip_render`), the list of slips;
- `views`, `urls`, `api`: downloads for those who may see the dossier, the register for the
  staff of a receiving unit, and the API list.

Which events get a slip rendered after their commit is said by `dossiers.effects` (the
actions of `legal_forms.FORM_OF_ACTION`); the control slip and the register are rendered when
downloaded.
"""

from . import models  # noqa: F401 (DossierSlip registers with the dossiers app)
from .legal_forms import FORM_OF_ACTION, Form, Regime, regime_for

__all__ = ["FORM_OF_ACTION", "Form", "Regime", "regime_for"]
