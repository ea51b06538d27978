"""The online declarations of a dossier over the API: the form's definition and its answers'
JSON Schema (public, like the catalog), and a draft's answers read and written as JSON.

Errors in the answers come in the one error shape, `fields` keyed by JSON pointer
(`/cha_me/0/ho_ten`), with the message in the request's language.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import ACTION_ERRORS, NOT_SIGNED_IN, error_doc
from common.api.inputs import Input
from procedures.declarations import answers_schema, validate_answers
from procedures.models import Component

from .. import selectors, services
from ..errors import BadInput, NotFound
from .views import DOSSIER_ID, SignedIn, _body, _dossier_id

COMPONENT_ID = OpenApiParameter(
    "component_id",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description=_("Mã thành phần hồ sơ có tờ khai điện tử."),
)
NO_FORM = error_doc(_("Không có thành phần này, hoặc thành phần không có tờ khai điện tử."))


class AnswersInput(Input):
    answers = serializers.JSONField(help_text=_("Nội dung kê khai, theo lược đồ JSON của tờ khai."))
    page = serializers.CharField(
        required=False,
        max_length=48,
        help_text=_("Chỉ thay các câu trả lời của trang này (khóa trang); bỏ trống: thay tất cả."),
    )
    final = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Chỉ lưu khi đã kê khai đủ và đúng; nếu không, trả lỗi 400 và không lưu."),
    )


class DeclarationSerializer(serializers.Serializer):
    component = serializers.IntegerField(help_text=_("Mã thành phần hồ sơ."))
    title = serializers.CharField()
    answers = serializers.JSONField()
    prefilled = serializers.JSONField(help_text=_("Khóa các câu trả lời được điền sẵn, và nguồn."))
    complete = serializers.BooleanField()
    errors = serializers.ListField(
        child=serializers.DictField(),
        help_text=_("Những gì còn thiếu hoặc chưa đúng: pointer (JSON pointer), message."),
    )
    schema = serializers.CharField(help_text=_("Địa chỉ lược đồ JSON của câu trả lời."))


def _item(request, component, row):
    answers = row.answers if row else {}
    errors = validate_answers(component.form, answers)[1] if answers else []
    return {
        "component": component.pk,
        "title": component.form.get("title", component.name),
        "answers": answers,
        "prefilled": row.prefilled if row else {},
        "complete": bool(answers) and not errors,
        "errors": [{"pointer": e["pointer"], "message": e["message"]} for e in errors],
        "schema": request.build_absolute_uri(
            reverse("dossiers_api:declaration-form-schema", args=[component.pk])
        ),
    }


def _pointer_error(errors, message):
    fields = {}
    for error in errors:
        fields.setdefault(error["pointer"] or "/", []).append(error["message"])
    return BadInput(message, fields=fields)


@extend_schema(tags=["dossiers"], parameters=[DOSSIER_ID])
class DeclarationListView(SignedIn, APIView):
    @extend_schema(
        operation_id="dossiers_declarations_list",
        responses={200: DeclarationSerializer(many=True), 401: NOT_SIGNED_IN, 404: NO_FORM},
    )
    def get(self, request, id):
        """The dossier's online declarations: answers, whether complete, what is missing."""
        dossier = selectors.dossier_detail_for(request.user, _dossier_id(id))
        if dossier is None:
            raise NotFound()
        rows = {row.component_id: row for row in dossier.declarations.all()}
        return Response(
            [_item(request, c, rows.get(c.pk)) for c in services.form_components(dossier)]
        )


@extend_schema(tags=["dossiers"], parameters=[DOSSIER_ID, COMPONENT_ID])
class DeclarationView(SignedIn, APIView):
    @extend_schema(
        operation_id="dossiers_declarations_update",
        request=AnswersInput,
        responses={200: DeclarationSerializer, **ACTION_ERRORS},
    )
    def put(self, request, id, component_id):
        """Keep a draft's answers (the applicant's, or the desk's for a walk-in). Incomplete
        answers are kept, and what is missing comes back in `errors`; with `final`, they are
        kept only if complete, else 400 with a JSON pointer per field in `fields`."""
        body = _body(AnswersInput, request).validated_data
        answers = body["answers"]
        dossier_id = _dossier_id(id)
        if body["final"]:
            dossier = selectors.dossier_detail_for(request.user, dossier_id)
            component = _form_component(dossier, component_id)
            if not isinstance(answers, dict):
                raise BadInput(fields={"answers": [_("Câu trả lời phải là một đối tượng JSON.")]})
            errors = validate_answers(component.form, answers)[1]
            if errors:
                raise _pointer_error(errors, _("Tờ khai chưa đầy đủ hoặc chưa đúng."))
        row, _errors = services.declaration_save(
            dossier_id=dossier_id,
            actor=request.user,
            component_id=component_id,
            answers=answers,
            page=body.get("page"),
        )
        return Response(_item(request, row.component, row), status=status.HTTP_200_OK)


def _form_component(dossier, component_id):
    if dossier is None:
        raise NotFound()
    component = dossier.version.components.filter(pk=component_id).first()
    if component is None or not component.form:
        raise NotFound(_("Thành phần này không có tờ khai điện tử."))
    return component


class DeclarationFormSerializer(serializers.Serializer):
    component = serializers.IntegerField()
    procedure = serializers.CharField(help_text=_("Mã thủ tục."))
    version = serializers.IntegerField(help_text=_("Phiên bản thủ tục."))
    definition = serializers.JSONField(help_text=_("Định nghĩa tờ khai (mot-cua-form/1)."))
    answers_schema = serializers.JSONField(help_text=_("Lược đồ JSON (2020-12) của câu trả lời."))


@extend_schema(tags=["procedures"], parameters=[COMPONENT_ID])
class DeclarationFormView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="declaration_forms_retrieve",
        responses={200: DeclarationFormSerializer, 404: NO_FORM},
    )
    def get(self, request, component_id):
        """A declaration form as published with a procedure version: its definition and the
        JSON Schema its answers validate against (the portal validates with the same)."""
        return Response(_published(component_id))


@extend_schema(tags=["procedures"], parameters=[COMPONENT_ID])
class DeclarationSchemaView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="declaration_forms_schema_retrieve",
        responses={200: OpenApiTypes.OBJECT, 404: NO_FORM},
    )
    def get(self, request, component_id):
        """The answers' JSON Schema alone (draft 2020-12)."""
        return Response(_published(component_id)["answers_schema"])


def _published(component_id) -> dict:
    component = (
        Component.objects.select_related("version__procedure")
        .filter(pk=component_id, form__isnull=False, version__published_at__isnull=False)
        .first()
    )
    if component is None:
        raise NotFound(_("Không có tờ khai điện tử này."))
    return {
        "component": component.pk,
        "procedure": component.version.procedure.code,
        "version": component.version.number,
        "definition": component.form,
        "answers_schema": answers_schema(component.form),
    }
