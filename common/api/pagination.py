from django.utils.translation import gettext_lazy as _
from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=` and `?page_size=` (at most 100); responses carry count, next, previous, results."""

    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_page_message = _("Trang không tồn tại.")
