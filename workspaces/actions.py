"""One way for an officer's page to run the service of a submitted form."""

from django.http import Http404
from django.utils.translation import gettext as _

from dossiers.errors import DossierError, NotFound


def run_service(service, form, *, dossier, user, missing_is_input=False):
    """Call `service` for `dossier` with the form's arguments: (its result, None), or (None,
    the error's status) with the service's messages put on the form. A dossier the user may
    not see answers 404; with `missing_is_input`, a NotFound (a file id that is not the
    dossier's) is the form's error instead."""
    try:
        return service(dossier_id=dossier.pk, actor=user, **form.service_kwargs()), None
    except NotFound as failure:
        if not missing_is_input:
            raise Http404(_("Không tìm thấy hồ sơ.")) from None
        form.add_service_error(failure)
        return None, failure.status
    except DossierError as failure:
        form.add_service_error(failure)
        return None, failure.status
