"""Read-only representations of the catalog, and the validation of list query parameters."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from procedures.models import (
    Agency,
    Channel,
    Component,
    DurationUnit,
    FeeLine,
    Field,
    Level,
    OnlineLevel,
    ProcedureVersion,
    ProcessStep,
    VersionStatus,
)

# DRF's own Vietnamese catalog lacks these messages; the API answers in Vietnamese first.
INVALID_CHOICE = _("“{input}” không phải là giá trị hợp lệ.")
TOO_LONG = _("Tối đa {max_length} ký tự.")
NOT_A_BOOLEAN = _("“{input}” không hợp lệ: dùng true hoặc false.")


def _text_param(max_length):
    return serializers.CharField(
        default="", allow_blank=True, max_length=max_length, error_messages={"max_length": TOO_LONG}
    )


def _choice_param(choices):
    return serializers.ChoiceField(
        choices=choices,
        default="",
        allow_blank=True,
        error_messages={"invalid_choice": INVALID_CHOICE},
    )


# --- Query parameters ----------------------------------------------------------------------


class ProcedureListParams(serializers.Serializer):
    """`GET /procedures/` parameters, in the keywords of `selectors.procedure_list`."""

    search = _text_param(200)
    field = _text_param(64)
    agency = _text_param(35)
    level = _choice_param(Level.choices)
    online_level = _choice_param(OnlineLevel.choices)


class AgencyListParams(serializers.Serializer):
    """`GET /agencies/` parameters, in the keywords of `queries.agency_list`."""

    search = _text_param(200)
    level = _choice_param(Level.choices)
    has_desk = serializers.BooleanField(
        default=None, allow_null=True, error_messages={"invalid": NOT_A_BOOLEAN}
    )


# --- Shared pieces -------------------------------------------------------------------------


class FieldRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Field
        fields = ["code", "name"]


class LegalDocumentSerializer(serializers.Serializer):
    """One legal document of a procedure's legal basis (documentation only)."""

    number = serializers.CharField()
    title = serializers.CharField()
    issued_on = serializers.DateField(required=False)


# Two choice sets appear under two names each (level/levels, duration_unit/budget_unit), which
# drf-spectacular would turn into duplicate enums (and warn). The second name refers to the enum
# component named after the first (Agency.level, Channel.duration_unit);
# tests/portal/test_api_schema.py checks that every reference resolves.
LEVEL_ENUM = {"$ref": "#/components/schemas/LevelEnum"}
DURATION_UNIT_ENUM = {"$ref": "#/components/schemas/DurationUnitEnum"}


@extend_schema_field({"type": "array", "items": LEVEL_ENUM})
class LevelsField(serializers.ListField):
    """The administrative levels at which a procedure is carried out."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.ChoiceField(choices=Level.choices), **kwargs)


@extend_schema_field(DURATION_UNIT_ENUM)
class DurationUnitField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=DurationUnit.choices, **kwargs)


@extend_schema_field(LegalDocumentSerializer(many=True))
class LegalBasisField(serializers.JSONField):
    """The stored list of documents, passed through as is."""


# --- Procedures ----------------------------------------------------------------------------


class ProcedureListItemSerializer(serializers.Serializer):
    """A procedure in a list: its code and the summary of the version in force."""

    code = serializers.CharField()
    name = serializers.CharField(source="current_version.name")
    name_en = serializers.CharField(
        source="current_version.name_en", help_text=_("Tên tiếng Anh; rỗng nếu chưa có.")
    )
    field = FieldRefSerializer(source="current_version.field")
    levels = LevelsField(source="current_version.levels")
    online_level = serializers.ChoiceField(
        choices=OnlineLevel.choices, source="current_version.online_level"
    )
    status = serializers.ChoiceField(choices=VersionStatus.choices, source="current_version.status")
    effective_from = serializers.DateField(source="current_version.effective_from")
    url = serializers.HyperlinkedIdentityField(
        view_name="procedures_api:procedure-detail", lookup_field="code", lookup_url_kwarg="code"
    )


class ImplementingAgencySerializer(serializers.ModelSerializer):
    address = serializers.CharField(read_only=True)

    class Meta:
        model = Agency
        fields = ["code", "name", "address"]


class ComponentSerializer(serializers.ModelSerializer):
    template_url = serializers.SerializerMethodField()

    class Meta:
        model = Component
        fields = [
            "id",
            "name",
            "originals",
            "certified_copies",
            "photocopies",
            "required",
            "present_only",
            "from_document_store",
            "note",
            "template_url",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_template_url(self, component):
        """The page that serves the template form, or None when there is none."""
        if not component.template:
            return None
        path = reverse(
            "procedures:component-template",
            args=[component.version.procedure.code, component.pk],
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class FeeSerializer(serializers.ModelSerializer):
    class Meta:
        model = FeeLine
        fields = ["kind", "description", "amount", "unit", "cap", "exemptions", "legal_basis"]


class ChannelSerializer(serializers.ModelSerializer):
    fees = FeeSerializer(many=True)

    class Meta:
        model = Channel
        fields = [
            "kind",
            "duration_value",
            "duration_unit",
            "duration_text",
            "description",
            "fees",
        ]


class ProcessStepSerializer(serializers.ModelSerializer):
    budget_unit = DurationUnitField()

    class Meta:
        model = ProcessStep
        fields = [
            "order",
            "name",
            "responsible_unit",
            "responsible_role",
            "budget_value",
            "budget_unit",
        ]


class ProcedureDetailSerializer(serializers.ModelSerializer):
    """A procedure with the whole of its version in force."""

    # The instance is the version, with its procedure attached (see
    # queries.procedure_current_version), so `procedure.code` costs no query.

    code = serializers.CharField(source="procedure.code")
    url = serializers.HyperlinkedRelatedField(
        source="procedure",
        view_name="procedures_api:procedure-detail",
        lookup_field="code",
        lookup_url_kwarg="code",
        read_only=True,
    )
    version = serializers.IntegerField(source="number")
    field = FieldRefSerializer()
    levels = LevelsField()
    implementing_agencies = ImplementingAgencySerializer(many=True)
    legal_basis = LegalBasisField()
    components = ComponentSerializer(many=True)
    channels = ChannelSerializer(many=True)
    process_steps = ProcessStepSerializer(many=True)

    class Meta:
        model = ProcedureVersion
        fields = [
            "code",
            "url",
            "version",
            "effective_from",
            "decision",
            "status",
            "name",
            "name_en",
            "field",
            "procedure_type",
            "levels",
            "competent_authority",
            "implementing_agencies",
            "for_individuals",
            "for_organisations",
            "applicants",
            "steps",
            "requirements",
            "result",
            "legal_basis",
            "online_level",
            "legacy_level",
            "clock_on_supplement",
            "source_note",
            "components",
            "channels",
            "process_steps",
        ]
        read_only_fields = fields


# --- Agencies and fields -------------------------------------------------------------------


class AgencySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    successor = serializers.SlugRelatedField(slug_field="code", read_only=True)
    address = serializers.CharField(read_only=True)
    url = serializers.HyperlinkedIdentityField(
        view_name="procedures_api:agency-detail", lookup_field="code", lookup_url_kwarg="code"
    )

    class Meta:
        model = Agency
        fields = [
            "code",
            "name",
            "short_name",
            "kind",
            "level",
            "parent",
            "successor",
            "closed_on",
            "province_code",
            "ward_code",
            "address",
            "phone",
            "email",
            "has_desk",
            "desk_hours",
            "url",
        ]
        read_only_fields = fields


class FieldSerializer(serializers.ModelSerializer):
    procedure_count = serializers.IntegerField(
        read_only=True, help_text=_("Số thủ tục đang có hiệu lực thuộc lĩnh vực.")
    )

    class Meta:
        model = Field
        fields = ["code", "name", "sector", "procedure_count"]
        read_only_fields = fields
