"""The read-only catalog API. Each view validates its parameters, calls one read, serializes."""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, generics, permissions
from rest_framework.response import Response

from common.api import PageNumberPagination, error_doc
from common.paging import FreshRowsPaginator
from procedures import kept, selectors
from procedures.models import Level, OnlineLevel

from . import queries
from .serializers import (
    AgencyListParams,
    AgencySerializer,
    FieldSerializer,
    ProcedureDetailSerializer,
    ProcedureListItemSerializer,
    ProcedureListParams,
)

BAD_PARAMS = error_doc(_("Tham số không hợp lệ."))
NOT_FOUND = error_doc(_("Không tìm thấy."))
BAD_TOKEN = error_doc(_("Mã xác thực (token) không hợp lệ."))
PAGE_NOT_FOUND = error_doc(_("Trang không tồn tại."))

LEVEL = OpenApiParameter("level", str, enum=Level.values, description=_("Cấp thực hiện."))


def _params(serializer_class, request) -> dict:
    """The validated query parameters, or a 400 naming the bad ones."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class ReadOnly:
    """Anyone may read; other methods get a 405 (AllowAny, so no 401 comes before it)."""

    permission_classes = [permissions.AllowAny]
    filter_backends = []  # the reads filter; parameters are validated by a serializer


class ProcedurePages(PageNumberPagination):
    """The catalog's pages chosen on narrow rows first, then read by id: ten thousand
    procedures ranked by a search sort ids, not their versions' long texts, and the page's
    rows need none of the search's filters again (`FreshRowsPaginator`)."""

    django_paginator_class = FreshRowsPaginator


@extend_schema_view(
    get=extend_schema(
        operation_id="procedures_list",
        tags=["procedures"],
        parameters=[
            OpenApiParameter(
                "search", str, description=_("Từ khoá, không phân biệt dấu; xếp theo độ phù hợp.")
            ),
            OpenApiParameter("field", str, description=_("Mã lĩnh vực.")),
            OpenApiParameter("agency", str, description=_("Mã định danh cơ quan thực hiện.")),
            LEVEL,
            OpenApiParameter(
                "online_level",
                str,
                enum=OnlineLevel.values,
                description=_("Mức độ dịch vụ công trực tuyến."),
            ),
        ],
        responses={
            200: ProcedureListItemSerializer(many=True),
            400: BAD_PARAMS,
            401: BAD_TOKEN,
            404: PAGE_NOT_FOUND,
        },
    )
)
class ProcedureListView(ReadOnly, generics.ListAPIView):
    """Procedures in force: ranked by relevance when searched, else by field and code.

    Unknown field or agency codes give an empty list; an unknown level is a 400.
    """

    serializer_class = ProcedureListItemSerializer
    pagination_class = ProcedurePages

    def get_queryset(self):
        return selectors.procedure_list(**_params(ProcedureListParams, self.request))


@extend_schema_view(
    get=extend_schema(
        operation_id="procedures_retrieve",
        tags=["procedures"],
        parameters=[
            OpenApiParameter(
                "code",
                str,
                OpenApiParameter.PATH,
                description=_("Mã thủ tục quốc gia, ví dụ 1.001193."),
            )
        ],
        responses={200: ProcedureDetailSerializer, 401: BAD_TOKEN, 404: NOT_FOUND},
    )
)
class ProcedureDetailView(ReadOnly, generics.RetrieveAPIView):
    """A procedure with the whole of its version in force."""

    serializer_class = ProcedureDetailSerializer

    def retrieve(self, request, *args, **kwargs):
        """Kept by version, language and site (`procedures.kept`): the answer for a published
        version never changes."""
        heading = selectors.procedure_heading(code=self.kwargs["code"])
        if heading is None:
            raise exceptions.NotFound(_("Không tìm thấy thủ tục hành chính này."))
        parts = (heading.current_version_id, get_language(), request.build_absolute_uri("/"))
        data = kept.get("api", *parts)
        if data is None:
            data = dict(self.get_serializer(self.get_object()).data)
            kept.keep("api", data, *parts)
        return Response(data)

    def get_object(self):
        version = queries.procedure_current_version(code=self.kwargs["code"])
        if version is None:
            raise exceptions.NotFound(_("Không tìm thấy thủ tục hành chính này."))
        return version


@extend_schema_view(
    get=extend_schema(
        operation_id="agencies_list",
        tags=["agencies"],
        parameters=[
            OpenApiParameter(
                "search", str, description=_("Một phần tên cơ quan, hoặc đúng mã định danh.")
            ),
            LEVEL,
            OpenApiParameter(
                "has_desk",
                OpenApiTypes.BOOL,
                description=_("true: chỉ cơ quan có Bộ phận Một cửa; false: chỉ cơ quan không có."),
            ),
        ],
        responses={
            200: AgencySerializer(many=True),
            400: BAD_PARAMS,
            401: BAD_TOKEN,
            404: PAGE_NOT_FOUND,
        },
    )
)
class AgencyListView(ReadOnly, generics.ListAPIView):
    """Agencies and units, by identifier code."""

    serializer_class = AgencySerializer

    def get_queryset(self):
        return queries.agency_list(**_params(AgencyListParams, self.request))


@extend_schema_view(
    get=extend_schema(
        operation_id="agencies_retrieve",
        tags=["agencies"],
        parameters=[
            OpenApiParameter(
                "code", str, OpenApiParameter.PATH, description=_("Mã định danh cơ quan.")
            )
        ],
        responses={200: AgencySerializer, 401: BAD_TOKEN, 404: NOT_FOUND},
    )
)
class AgencyDetailView(ReadOnly, generics.RetrieveAPIView):
    """One agency or unit."""

    serializer_class = AgencySerializer

    def get_object(self):
        agency = queries.agency_detail(code=self.kwargs["code"])
        if agency is None:
            raise exceptions.NotFound(_("Không tìm thấy cơ quan này."))
        return agency


@extend_schema_view(
    get=extend_schema(
        operation_id="fields_list",
        tags=["fields"],
        responses={200: FieldSerializer(many=True), 401: BAD_TOKEN, 404: PAGE_NOT_FOUND},
    )
)
class FieldListView(ReadOnly, generics.ListAPIView):
    """Fields of procedures, each with the number of its procedures in force."""

    serializer_class = FieldSerializer

    def get_queryset(self):
        return queries.field_list_with_counts()
