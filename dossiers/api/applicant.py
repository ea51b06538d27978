"""What the applicant does on a dossier besides its actions: rate the service once the result
is returned, and attach a paper from their personal document store.

Views validate, call one service (`dossiers.ratings`, `dossiers.reuse`), serialize; the
services' errors are answered in the one error shape by `portal.api.errors`.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.serializers import ErrorSerializer

from .. import ratings, reuse
from ..errors import NotFound
from ..models import FileKind, RatingCriterion, Satisfaction
from .serializers import AgencyRefSerializer, FileSerializer, Input, UserRefSerializer
from .views import (
    BAD_INPUT,
    CONFLICT,
    DOSSIER_ID,
    NOT_ALLOWED,
    NOT_FOUND,
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
        max_length=ratings.COMMENT_MAX,
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
            404: OpenApiResponse(
                ErrorSerializer,
                description=_("Không có hồ sơ này, bạn không được xem, hoặc chưa được đánh giá."),
            ),
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
            400: BAD_INPUT,
            401: NOT_SIGNED_IN,
            403: NOT_ALLOWED,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request, id):
        """Rate the service (satisfied or not, overall and per criterion, with an optional
        comment): the applicant, once, after the result has been returned."""
        dossier_id = _dossier_id(id)
        body = _body(RatingInputSerializer, request).validated_data
        rating = ratings.dossier_rate(
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
            400: BAD_INPUT,
            401: NOT_SIGNED_IN,
            403: NOT_ALLOWED,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request, id):
        """Attach a paper of the applicant's own document store to a component of their
        dossier (draft, completion or supplement requested), instead of uploading it again."""
        body = _body(FromStoreSerializer, request).validated_data
        stored = reuse.dossier_attach_stored(
            dossier_id=_dossier_id(id),
            actor=request.user,
            component_id=body["component"],
            document_id=body["document"],
        )
        data = ReusedFileSerializer(stored, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)
