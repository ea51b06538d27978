"""Request inputs for every app's API: Vietnamese messages for DRF's fields (its own catalog
lacks most of them), and list and dict fields whose item errors are flattened into the
field's own list, so that the one error shape stays `{"field": ["message", ...]}`."""

from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinLengthValidator,
    MinValueValidator,
)
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.utils.formatting import lazy_format

# Keyed by field class; a field takes the messages of every class in its MRO.
_MESSAGES = {
    serializers.Field: {
        "required": _("Trường này là bắt buộc."),
        "null": _("Trường này không được để trống."),
    },
    serializers.CharField: {
        "invalid": _("Cần một chuỗi ký tự."),
        "blank": _("Trường này không được để trống."),
        "max_length": _("Tối đa {max_length} ký tự."),
    },
    serializers.EmailField: {"invalid": _("Địa chỉ thư điện tử không hợp lệ.")},
    serializers.BooleanField: {"invalid": _("“{input}” không hợp lệ: dùng true hoặc false.")},
    serializers.IntegerField: {
        "invalid": _("Cần một số nguyên."),
        "min_value": _("Phải lớn hơn hoặc bằng {min_value}."),
        "max_value": _("Phải nhỏ hơn hoặc bằng {max_value}."),
        "max_string_length": _("Giá trị quá dài."),
    },
    serializers.DateField: {
        "invalid": _("Ngày không hợp lệ; dùng định dạng YYYY-MM-DD."),
        "datetime": _("Cần một ngày (YYYY-MM-DD), không phải ngày giờ."),
    },
    serializers.UUIDField: {"invalid": _("“{value}” không phải là mã hợp lệ.")},
    serializers.ChoiceField: {"invalid_choice": _("“{input}” không phải là giá trị hợp lệ.")},
    serializers.MultipleChoiceField: {
        "not_a_list": _("Cần một danh sách, không phải {input_type}."),
        "empty": _("Cần chọn ít nhất một giá trị."),
    },
    serializers.ListField: {
        "not_a_list": _("Cần một danh sách, không phải {input_type}."),
        "empty": _("Danh sách không được để trống."),
        "max_length": _("Tối đa {max_length} mục."),
    },
    serializers.DictField: {
        "not_a_dict": _("Cần một đối tượng (mã: giá trị), không phải {input_type}."),
        "empty": _("Không được để trống."),
    },
    serializers.FileField: {
        "required": _("Chưa chọn tệp."),
        "invalid": _("Không nhận được tệp; hãy gửi dạng multipart/form-data."),
        "no_name": _("Không xác định được tên tệp."),
        "max_length": _("Tên tệp tối đa {max_length} ký tự."),
    },
}


# Limits are checked by validators made when the field is built, with the message of that
# time: they are given the translated message again.
_LIMITS = {
    MaxLengthValidator: "max_length",
    MinLengthValidator: "min_length",
    MaxValueValidator: "max_value",
    MinValueValidator: "min_value",
}


def _translate(field):
    for cls in reversed(type(field).__mro__):
        field.error_messages.update(_MESSAGES.get(cls, {}))
    for validator in field.validators:
        key = _LIMITS.get(type(validator))
        if key in field.error_messages:
            limit = {key: validator.limit_value}
            validator.message = lazy_format(field.error_messages[key], **limit)
    child = getattr(field, "child", None)
    if isinstance(child, serializers.Field):
        _translate(child)


class Input(serializers.Serializer):
    """A request's parameters or body, with Vietnamese error messages."""

    default_error_messages = {"invalid": _("Dữ liệu gửi lên phải là một đối tượng JSON.")}

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            _translate(field)
        return fields


class FlatListField(serializers.ListField):
    """A list whose item errors read "Mục n: …" in the field's own list of messages."""

    def run_child_validation(self, data):
        result, errors = [], []
        for index, item in enumerate(data, start=1):
            try:
                result.append(self.child.run_validation(item))
            except serializers.ValidationError as error:
                errors += [
                    _("Mục %(n)s: %(error)s") % {"n": index, "error": message}
                    for message in _messages(error.detail)
                ]
        if errors:
            raise serializers.ValidationError(errors)
        return result


class FlatDictField(serializers.DictField):
    """A dict whose value errors read "key: …" in the field's own list of messages."""

    def run_child_validation(self, data):
        result, errors = {}, []
        for key, value in data.items():
            try:
                result[str(key)] = self.child.run_validation(value)
            except serializers.ValidationError as error:
                errors += [f"{key}: {message}" for message in _messages(error.detail)]
        if errors:
            raise serializers.ValidationError(errors)
        return result


def _messages(detail):
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in _messages(value)]
    if isinstance(detail, list):
        return [m for value in detail for m in _messages(value)]
    return [str(detail)]


class CommaSeparatedChoices(serializers.MultipleChoiceField):
    """A query parameter given several times (`?state=a&state=b`) or as `a,b`."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = [data]
        values = [v.strip() for item in data for v in str(item).split(",") if v.strip()]
        return super().to_internal_value(values)
