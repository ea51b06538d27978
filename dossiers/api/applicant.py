"""What the applicant does on a dossier besides its actions: rate the service once the result
is returned, and attach a paper from their personal document store. And, for the agencies'
staff, the summary of those ratings.

Views validate, call one service (`dossiers.ratings`, `dossiers.reuse`), serialize; the
services' errors are answered in the one error shape by `common.api`.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import ACTION_ERRORS, error_doc
from procedures.models import Agency

from .. import permissions as perms
from .. import ratings, services
from ..errors import NotAllowed, NotFound
from ..models import FileKind, RatingCriterion, Satisfaction
from .serializers import AgencyRefSerializer, FileSerializer, Input, UserRefSerializer
from .views import (
    BAD_INPUT,
    DOSSIER_ID,
    NOT_SIGNED_IN,
    TAGS,
    SignedIn,
    _body,
    _dossier_id,
)

# The overall answer and every criterion share one choice set: one enum component.
SATISFACTION_ENUM = {"$ref": "#/components/schemas/OverallEnum"}


@extend_schema_field(SATISFACTION_ENUM)
class SatisfactionField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=Satisfaction.choices, **kwargs)


# --- Rating -----------------------------------------------------------------------------------


class CriteriaSerializer(Input):
    """Each criterion of ND 61 (Chương IV) the applicant can judge: satisfied or not."""

    processing_time = SatisfactionField(help_text=RatingCriterion.PROCESSING_TIME.label)
    contacts = SatisfactionField(help_text=RatingCriterion.CONTACTS.label)
    information = SatisfactionField(help_text=RatingCriterion.INFORMATION.label)
    attitude = SatisfactionField(help_text=RatingCriterion.ATTITUDE.label)
    guidance = SatisfactionField(help_text=RatingCriterion.GUIDANCE.label)


class RatingInputSerializer(Input):
    """The applicant's rating: overall and per criterion, satisfied or not; a comment."""

    overall = serializers.ChoiceField(choices=Satisfaction.choices, help_text=_("Đánh giá chung."))
    criteria = CriteriaSerializer(help_text=_("Đánh giá theo từng tiêu chí."))
    comment = serializers.CharField(
        max_length=services.COMMENT_MAX,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Góp ý (không bắt buộc)."),
    )

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            # One error shape: {"field": ["message", ...]}, criteria named in their messages.
            detail = error.detail
            if isinstance(detail, dict) and isinstance(detail.get("criteria"), dict):
                detail["criteria"] = [
                    f"{RatingCriterion(key).label}: {message}"
                    for key, messages in detail["criteria"].items()
                    for message in (messages if isinstance(messages, list) else [messages])
                ]
            raise serializers.ValidationError(detail) from None


class CriteriaOutSerializer(serializers.Serializer):
    """The answer for each criterion."""

    processing_time = SatisfactionField(help_text=RatingCriterion.PROCESSING_TIME.label)
    contacts = SatisfactionField(help_text=RatingCriterion.CONTACTS.label)
    information = SatisfactionField(help_text=RatingCriterion.INFORMATION.label)
    attitude = SatisfactionField(help_text=RatingCriterion.ATTITUDE.label)
    guidance = SatisfactionField(help_text=RatingCriterion.GUIDANCE.label)


class RatingSerializer(serializers.Serializer):
    """A rating, with the agencies and the officers who handled the dossier."""

    dossier = serializers.UUIDField(source="dossier_id")
    code = serializers.CharField(source="dossier.code", help_text=_("Mã hồ sơ."))
    overall = SatisfactionField()
    criteria = CriteriaOutSerializer(source="*")
    comment = serializers.CharField()
    created_at = serializers.DateTimeField()
    receiving_unit = AgencyRefSerializer()
    competent_agency = AgencyRefSerializer()
    officers = UserRefSerializer(many=True, help_text=_("Cán bộ đã xử lý hồ sơ."))


def _rating(request, rating, status_code=status.HTTP_200_OK):
    return Response(RatingSerializer(rating, context={"request": request}).data, status=status_code)


@extend_schema(tags=TAGS, parameters=[DOSSIER_ID])
class DossierRatingView(SignedIn, APIView):
    @extend_schema(
        operation_id="dossiers_rating_retrieve",
        responses={
            200: RatingSerializer,
            401: NOT_SIGNED_IN,
            404: error_doc(_("Không có hồ sơ này, bạn không được xem, hoặc chưa được đánh giá.")),
        },
    )
    def get(self, request, id):
        """The applicant's rating of the dossier: for the applicant and the dossier's staff."""
        rating = ratings.rating_for(request.user, _dossier_id(id))
        if rating is None:
            raise NotFound(_("Hồ sơ chưa được đánh giá."))
        return _rating(request, rating)

    @extend_schema(
        operation_id="dossiers_rating_create",
        request=RatingInputSerializer,
        responses={
            201: RatingSerializer,
            **ACTION_ERRORS,
        },
    )
    def post(self, request, id):
        """Rate the service (satisfied or not, overall and per criterion, with an optional
        comment): the applicant, once, after the result has been returned."""
        dossier_id = _dossier_id(id)
        body = _body(RatingInputSerializer, request).validated_data
        rating = services.dossier_rate(
            dossier_id=dossier_id,
            actor=request.user,
            overall=body["overall"],
            criteria=dict(body["criteria"]),
            comment=body["comment"],
        )
        return _rating(request, ratings.rating_for(request.user, dossier_id) or rating, 201)


# --- From the document store ------------------------------------------------------------------


class FromStoreSerializer(Input):
    """A component of the dossier and a document of the applicant's own store."""

    component = serializers.IntegerField(min_value=1, help_text=_("Thành phần hồ sơ."))
    document = serializers.UUIDField(help_text=_("Giấy tờ trong kho dữ liệu cá nhân."))


@extend_schema_field({"$ref": "#/components/schemas/FileKindEnum"})
class FileKindField(serializers.ChoiceField):
    """The dossier file's kind, documented as the one enum of `FileSerializer.kind`."""

    def __init__(self, **kwargs):
        super().__init__(choices=FileKind.choices, **kwargs)


class ReusedFileSerializer(FileSerializer):
    """A file of the dossier, copied from the applicant's personal document store."""

    kind = FileKindField()


@extend_schema(tags=TAGS, parameters=[DOSSIER_ID])
class DossierFileFromStoreView(SignedIn, APIView):
    @extend_schema(
        operation_id="dossiers_files_from_store_create",
        request=FromStoreSerializer,
        responses={
            201: ReusedFileSerializer,
            **ACTION_ERRORS,
        },
    )
    def post(self, request, id):
        """Attach a paper of the applicant's own document store to a component of their
        dossier (draft, completion or supplement requested), instead of uploading it again."""
        body = _body(FromStoreSerializer, request).validated_data
        stored = services.dossier_attach_stored(
            dossier_id=_dossier_id(id),
            actor=request.user,
            component_id=body["component"],
            document_id=body["document"],
        )
        data = ReusedFileSerializer(stored, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)


# --- Ratings summary (staff) ------------------------------------------------------------------


class SummaryParams(Input):
    """`GET /ratings/summary/` parameters: an agency code and an optional period."""

    agency = serializers.CharField(max_length=35, help_text=_("Mã cơ quan."))
    # "from" is a Python keyword: the two dates are declared through the class namespace.
    locals()["from"] = serializers.DateField(required=False, help_text=_("Từ ngày."))
    locals()["to"] = serializers.DateField(required=False, help_text=_("Đến hết ngày."))

    def validate(self, attrs):
        start, end = attrs.get("from"), attrs.get("to")
        if start and end and start > end:
            raise serializers.ValidationError(
                {"to": [_("Ngày kết thúc không được trước ngày bắt đầu.")]}
            )
        return attrs


class SplitSerializer(serializers.Serializer):
    satisfied = serializers.IntegerField(help_text=_("Số đánh giá hài lòng."))
    not_satisfied = serializers.IntegerField(help_text=_("Số đánh giá không hài lòng."))
    satisfaction_rate = serializers.FloatField(
        allow_null=True, help_text=_("Tỷ lệ hài lòng (%); null khi chưa có đánh giá.")
    )


class CriteriaSummarySerializer(serializers.Serializer):
    processing_time = SplitSerializer(help_text=RatingCriterion.PROCESSING_TIME.label)
    contacts = SplitSerializer(help_text=RatingCriterion.CONTACTS.label)
    information = SplitSerializer(help_text=RatingCriterion.INFORMATION.label)
    attitude = SplitSerializer(help_text=RatingCriterion.ATTITUDE.label)
    guidance = SplitSerializer(help_text=RatingCriterion.GUIDANCE.label)


class RatingsSummarySerializer(serializers.Serializer):
    """Counts and satisfaction rates of the ratings of an agency's dossiers in a period."""

    agency = AgencyRefSerializer()
    total = serializers.IntegerField(help_text=_("Số đánh giá."))
    satisfied = serializers.IntegerField(help_text=_("Số đánh giá chung hài lòng."))
    not_satisfied = serializers.IntegerField(help_text=_("Số đánh giá chung không hài lòng."))
    satisfaction_rate = serializers.FloatField(
        allow_null=True, help_text=_("Tỷ lệ hài lòng chung (%); null khi chưa có đánh giá.")
    )
    criteria = CriteriaSummarySerializer(help_text=_("Theo từng tiêu chí."))
    locals()["from"] = serializers.DateField(allow_null=True, help_text=_("Từ ngày."))
    locals()["to"] = serializers.DateField(allow_null=True, help_text=_("Đến hết ngày."))


@extend_schema(tags=["ratings"])
class RatingsSummaryView(SignedIn, APIView):
    @extend_schema(
        operation_id="ratings_summary",
        summary=_("Tổng hợp mức độ hài lòng của một cơ quan"),
        parameters=[
            OpenApiParameter(
                "agency",
                str,
                required=True,
                description=_(
                    "Mã cơ quan: tính các đánh giá của hồ sơ mà cơ quan là nơi tiếp nhận, cơ "
                    "quan có thẩm quyền hoặc đơn vị xử lý."
                ),
            ),
            OpenApiParameter(
                "from", OpenApiTypes.DATE, description=_("Đánh giá từ ngày (giờ Việt Nam).")
            ),
            OpenApiParameter(
                "to", OpenApiTypes.DATE, description=_("Đánh giá đến hết ngày (giờ Việt Nam).")
            ),
        ],
        responses={
            200: RatingsSummarySerializer,
            400: BAD_INPUT,
            401: NOT_SIGNED_IN,
            403: error_doc(_("Chỉ cán bộ của cơ quan này hoặc quản trị hệ thống được xem.")),
            404: error_doc(_("Không có cơ quan có mã này.")),
        },
    )
    def get(self, request):
        """Satisfaction ratings of an agency's dossiers, overall and per criterion, for its
        staff (any role in that agency) and system administrators."""
        params = SummaryParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        values = params.validated_data
        agency = Agency.objects.filter(code=values["agency"].strip().upper()).first()
        if agency is None:
            raise NotFound(_("Không có cơ quan có mã này."))
        user = request.user
        if not (user.is_superuser or any(a == agency.pk for a, _r in perms.memberships(user))):
            raise NotAllowed(_("Chỉ cán bộ của cơ quan này được xem tổng hợp đánh giá."))
        since, until = values.get("from"), values.get("to")
        summary = ratings.ratings_summary(agency_id=agency.pk, since=since, until=until)
        data = RatingsSummarySerializer(
            {**summary, "agency": agency, "from": since, "to": until}
        ).data
        return Response(data)
