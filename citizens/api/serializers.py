"""The signed-in applicant's profile. Formats are checked here; the rules live in the service."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .. import validators
from ..models import ProfileKind


class PhoneField(serializers.CharField):
    def to_internal_value(self, data):
        value = validators.normalise_phone(super().to_internal_value(data))
        validators.validate_phone(value)
        return value


class ProfileSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(ProfileKind.choices, read_only=True)
    id_number = serializers.CharField(
        read_only=True, help_text=_("Số căn cước công dân (cá nhân) hoặc mã số thuế (tổ chức).")
    )
    full_name = serializers.CharField(max_length=150, help_text=_("Họ và tên, hoặc tên tổ chức."))
    date_of_birth = serializers.DateField(
        allow_null=True, required=False, validators=[validators.validate_date_of_birth]
    )
    representative_name = serializers.CharField(max_length=150, allow_blank=True, required=False)
    representative_title = serializers.CharField(max_length=100, allow_blank=True, required=False)
    phone = PhoneField(max_length=20)
    email = serializers.EmailField()
    email_verified = serializers.BooleanField(read_only=True)
    province_code = serializers.IntegerField(allow_null=True, required=False, min_value=1)
    ward_code = serializers.IntegerField(allow_null=True, required=False, min_value=1)
    street = serializers.CharField(max_length=255, allow_blank=True, required=False)
    address = serializers.CharField(read_only=True, help_text=_("Địa chỉ đầy đủ, một dòng."))

    @staticmethod
    def represent(profile) -> dict:
        user = profile.user
        return {
            "kind": profile.kind,
            "id_number": profile.identifier,
            "full_name": user.full_name,
            "date_of_birth": profile.date_of_birth,
            "representative_name": profile.representative_name,
            "representative_title": profile.representative_title,
            "phone": user.phone,
            "email": user.email,
            "email_verified": profile.email_verified_at is not None,
            "province_code": profile.province_code,
            "ward_code": profile.ward_code,
            "street": profile.street,
            "address": profile.address_text(),
        }
