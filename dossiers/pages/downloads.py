"""One way to hand a stored file to the browser, for every page that has checked the user may
have it: never cached, never sniffed as another type; as a download, or to read in the browser
(`inline`) when it is a type the browser shows safely.

Read in the browser: images under a sandboxing Content-Security-Policy (no script, no request
but the image itself); PDFs under nosniff, same-origin framing and resource policy but *not*
sandboxed, because Chromium refuses to run its PDF viewer in a sandbox whatever the flags, and
renders PDFs in its own isolated process. Anything else is always a download.
"""

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

PDF = "application/pdf"
IMAGES = frozenset({"image/png", "image/jpeg"})
VIEWABLE = IMAGES | {PDF}


def file_response(stored, *, inline: bool = False) -> FileResponse:
    """`stored` (a DossierFile, or None when the user may not have it) as a download, or to
    read in the browser when `inline` and its type allows; 404 when absent or when its bytes
    are gone from storage."""
    if stored is None:
        raise Http404(_("Không tìm thấy tệp."))
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Không tìm thấy tệp.")) from None
    shown = inline and stored.content_type in VIEWABLE
    response = FileResponse(
        handle,
        as_attachment=not shown,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    if shown:
        response["X-Frame-Options"] = "SAMEORIGIN"
        response["Cross-Origin-Resource-Policy"] = "same-origin"
        if stored.content_type in IMAGES:
            response["Content-Security-Policy"] = (
                "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
            )
    return response
