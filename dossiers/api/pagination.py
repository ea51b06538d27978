from django.utils.translation import gettext_lazy as _
from rest_framework import pagination


class DossierCursorPagination(pagination.CursorPagination):
    """Newest first by keyset on (created_at, id): no COUNT(*) over the dossier table, and a
    page stays stable while new dossiers arrive. `?cursor=` from next/previous, `?page_size=`
    (at most 100)."""

    ordering = ("-created_at", "id")
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_cursor_message = _("Con trỏ phân trang không hợp lệ.")
