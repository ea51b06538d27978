"""Keyset pages of the dossier list: newest first by (created_at, id), without COUNT(*), stable
while new dossiers arrive, and as fast on the millionth dossier as on the first.

The cursor is opaque to clients: base64 of the direction and the (created_at, id) of the row
a page starts after. `?cursor=` from `next`/`previous`, `?page_size=` (at most 100).
"""

import base64
import binascii
import datetime
import uuid
from collections import OrderedDict

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination, _positive_int
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param


class DossierKeysetPagination(BasePagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    cursor_query_param = "cursor"
    invalid_cursor_message = _("Con trỏ phân trang không hợp lệ.")

    def page(self, request, fetch) -> list:
        """The ids of this request's page. `fetch(position, backwards, limit)` gives (created_at,
        id) rows newest first, as `selectors.queue_keys` does."""
        self.request = request
        size = self._page_size(request)
        position, backwards = self._decode(request.query_params.get(self.cursor_query_param))
        rows = fetch(position=position, backwards=backwards, limit=size + 1)
        more = len(rows) > size
        rows = rows[1:] if backwards and more else rows[:size]
        # Going forward from a cursor, newer rows exist (the page we came from); going back,
        # older ones do.
        has_previous = (more if backwards else position is not None) and bool(rows)
        has_next = (True if backwards else more) and bool(rows)
        self.next = self._link(False, rows[-1]) if has_next else None
        self.previous = self._link(True, rows[0]) if has_previous else None
        return [pk for _at, pk in rows]

    def get_paginated_response(self, data):
        return Response(
            OrderedDict([("next", self.next), ("previous", self.previous), ("results", data)])
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": str(_("Con trỏ phân trang (lấy từ next hoặc previous).")),
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": str(_("Số hồ sơ mỗi trang (tối đa 100).")),
                "schema": {"type": "integer"},
            },
        ]

    def _page_size(self, request) -> int:
        try:
            return _positive_int(
                request.query_params[self.page_size_query_param],
                strict=True,
                cutoff=self.max_page_size,
            )
        except (KeyError, ValueError):
            return self.page_size

    def _decode(self, cursor):
        if not cursor:
            return None, False
        try:
            text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("ascii")
            direction, at, pk = text.split("|")
            if direction not in ("n", "p"):
                raise ValueError(direction)
            when = datetime.datetime.fromisoformat(at)
            if when.tzinfo is None:
                raise ValueError(at)
            return (when, uuid.UUID(pk)), direction == "p"
        except (ValueError, UnicodeError, binascii.Error) as error:
            raise NotFound(self.invalid_cursor_message) from error

    def _link(self, backwards: bool, row) -> str:
        at, pk = row
        text = f"{'p' if backwards else 'n'}|{at.isoformat()}|{pk}"
        cursor = base64.urlsafe_b64encode(text.encode("ascii")).decode("ascii")
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, cursor)
