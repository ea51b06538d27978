"""One way to hand a stored file to the browser, for every page that has checked the user may
have it: as an attachment, never cached, never sniffed as another type."""

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _


def file_response(stored) -> FileResponse:
    """`stored` (a DossierFile, or None when the user may not have it) as a download; 404
    when absent or when its bytes are gone from storage."""
    if stored is None:
        raise Http404(_("Không tìm thấy tệp."))
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Không tìm thấy tệp.")) from None
    response = FileResponse(
        handle, as_attachment=True, filename=stored.original_name, content_type=stored.content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
