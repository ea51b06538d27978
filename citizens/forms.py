"""Forms of the account pages. They check formats; the services check the rest."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from vietnam_provinces import Province

from procedures.geography import wards_of

from . import documents, files, validators
from .models import ProfileKind

User = get_user_model()


def province_choices():
    provinces = sorted(Province.iter_all(), key=lambda p: p.name)
    return [("", _("– Chọn tỉnh/thành phố –"))] + [(int(p.code), p.name) for p in provinces]


class PhoneField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("validators", [validators.validate_phone])
        super().__init__(**kwargs)
        self.widget.input_type = "tel"
        self.widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})

    def to_python(self, value):
        return validators.normalise_phone(super().to_python(value))


class AddressMixin:
    """Province select, then a select of that province's communes.

    Without JavaScript the commune list fills after the form is sent once with a province (the
    "Cập nhật danh sách xã/phường" button, or a full submit); a small script refreshes it as
    soon as the province changes.
    """

    def _setup_address(self):
        self.fields["province_code"] = forms.TypedChoiceField(
            label=_("Tỉnh/thành phố"), choices=province_choices(), coerce=int, empty_value=None
        )
        self.fields["ward_code"] = forms.TypedChoiceField(
            label=_("Xã/phường/đặc khu"), coerce=int, empty_value=None
        )
        self.fields["street"] = forms.CharField(
            label=_("Số nhà, đường, thôn/ấp"), max_length=255, required=False
        )
        self.fields["street"].widget.attrs["autocomplete"] = "street-address"
        self.fields["ward_code"].widget.attrs["data-choose-label"] = _("– Chọn xã/phường –")
        province = self._chosen_province()
        wards = wards_of(province) if province else []
        if wards:
            self.fields["ward_code"].choices = [("", _("– Chọn xã/phường –"))] + wards
        else:
            self.fields["ward_code"].choices = [("", _("– Chọn tỉnh/thành phố trước –"))]

    def _chosen_province(self) -> int | None:
        raw = (
            self.data.get(self.add_prefix("province_code"))
            if self.is_bound
            else self.initial.get("province_code")
        )
        try:
            return int(raw) if raw else None
        except (TypeError, ValueError):
            return None

    def clean(self):
        data = super().clean()
        ward, province = data.get("ward_code"), data.get("province_code")
        if ward and province:
            try:
                validators.validate_ward_of_province(ward, province)
            except forms.ValidationError as error:
                self.add_error("ward_code", error)
        return data


class SignUpForm(AddressMixin, forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    id_number = forms.CharField(
        label=_("Số căn cước công dân"),
        min_length=12,
        max_length=12,
        validators=[validators.validate_cccd],
        help_text=_("12 chữ số, in trên thẻ căn cước. Dùng số này để đăng nhập."),
    )
    date_of_birth = forms.DateField(
        label=_("Ngày sinh"),
        validators=[validators.validate_date_of_birth],
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
    )
    phone = PhoneField(label=_("Số điện thoại di động"), help_text=_("Ví dụ: 0912345678"))
    email = forms.EmailField(
        label=_("Thư điện tử (email)"),
        help_text=_("Mã xác minh sẽ được gửi đến địa chỉ này."),
    )
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Ít nhất 8 ký tự, không chỉ gồm chữ số, không quá giống thông tin cá nhân."),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    kind = ProfileKind.INDIVIDUAL
    order = [
        "full_name",
        "id_number",
        "date_of_birth",
        "phone",
        "email",
        "province_code",
        "ward_code",
        "street",
        "password1",
        "password2",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_address()
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["id_number"].widget.attrs.update({"inputmode": "numeric"})
        self.order_fields(self.order)

    def clean_id_number(self):
        return self.cleaned_data["id_number"].strip()

    def clean(self):
        data = super().clean()
        one, two = data.get("password1"), data.get("password2")
        if one and two and one != two:
            self.add_error("password2", _("Hai mật khẩu không khớp."))
        return data

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("password1", "password2")}
        return {"kind": self.kind, "password": self.cleaned_data["password1"], **data}


class OrganisationSignUpForm(SignUpForm):
    tax_code = forms.CharField(
        label=_("Mã số thuế/mã số doanh nghiệp"),
        max_length=14,
        help_text=_("10 chữ số, hoặc 10 chữ số-3 chữ số với đơn vị phụ thuộc. Dùng để đăng nhập."),
    )
    representative_name = forms.CharField(label=_("Họ và tên người đại diện"), max_length=150)
    representative_title = forms.CharField(label=_("Chức vụ người đại diện"), max_length=100)

    kind = ProfileKind.ORGANISATION
    order = [
        "full_name",
        "tax_code",
        "representative_name",
        "representative_title",
        "phone",
        "email",
        "province_code",
        "ward_code",
        "street",
        "password1",
        "password2",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["id_number"]
        del self.fields["date_of_birth"]
        self.fields["full_name"].label = _("Tên tổ chức, doanh nghiệp")
        self.fields["full_name"].widget.attrs["autocomplete"] = "organization"
        self.fields["representative_name"].widget.attrs["autocomplete"] = "name"

    def clean_tax_code(self):
        value = validators.normalise_tax_code(self.cleaned_data["tax_code"])
        validators.validate_tax_code(value)
        return value


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Mã xác minh"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Mã xác minh gồm 6 chữ số.")},
        help_text=_("6 chữ số trong thư chúng tôi vừa gửi."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": "6"}
        )


class PhoneCodeForm(CodeForm):
    """The code sent by SMS; prefixed, so that it lives beside the e-mail form on one page."""

    prefix = "phone"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Mã xác minh qua SMS")
        self.fields["code"].help_text = _("6 chữ số trong tin nhắn SMS chúng tôi vừa gửi.")


# What the file picker offers; the bytes are what is checked.
ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.odt,application/pdf,image/jpeg,image/png"


class DocumentForm(forms.Form):
    """One of the applicant's own papers for the document store. The file's size and real
    type are checked by `citizens.documents` (from its bytes), which words the errors."""

    title = forms.CharField(
        label=_("Tên giấy tờ"),
        max_length=documents.TITLE_MAX,
        required=False,
        help_text=_("Ví dụ: Căn cước công dân, Sổ hộ khẩu. Bỏ trống thì lấy theo tên tệp."),
        error_messages={"max_length": _("Tên giấy tờ tối đa %(limit_value)d ký tự.")},
    )
    file = forms.FileField(
        label=_("Tệp giấy tờ"),
        allow_empty_file=True,  # an empty file is refused by the store, with its own message
        error_messages={
            "required": _("Chưa chọn tệp."),
            "invalid": _("Không nhận được tệp; vui lòng chọn lại."),
            "missing": _("Không nhận được tệp; vui lòng chọn lại."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = files.max_upload_bytes() // (1024 * 1024)
        self.fields["file"].help_text = _("Định dạng %(kinds)s, tối đa %(mb)s MB.") % {
            "kinds": files.ACCEPTED,
            "mb": limit,
        }
        self.fields["file"].widget.attrs["accept"] = ACCEPT


class LoginForm(AuthenticationForm):
    """Sign in with the identity number (CCCD or tax code) or the e-mail address.

    An e-mail is turned into its account's username before `authenticate(request, …)`, so
    django-axes counts failures against the account whichever way it was named.
    """

    error_messages = {
        "invalid_login": _(
            "Số định danh, thư điện tử hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt "
            "chữ hoa, chữ thường."
        ),
        "inactive": _("Tài khoản này đã bị khóa."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Số CCCD, mã số thuế hoặc thư điện tử")
        self.fields["username"].max_length = 254
        self.fields["username"].widget.attrs["maxlength"] = "254"
        self.fields["password"].label = _("Mật khẩu")

    def clean_username(self):
        name = self.cleaned_data["username"].strip()
        if "@" in name:
            matches = list(User.objects.filter(email__iexact=name).values_list("username")[:2])
            if len(matches) == 1:
                return matches[0][0]
        return name


class ProfileForm(AddressMixin, forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    date_of_birth = forms.DateField(
        label=_("Ngày sinh"),
        validators=[validators.validate_date_of_birth],
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
    )
    representative_name = forms.CharField(label=_("Họ và tên người đại diện"), max_length=150)
    representative_title = forms.CharField(label=_("Chức vụ người đại diện"), max_length=100)
    phone = PhoneField(label=_("Số điện thoại di động"))
    email = forms.EmailField(
        label=_("Thư điện tử (email)"),
        help_text=_("Đổi địa chỉ thì cần xác minh lại bằng mã gửi đến địa chỉ mới."),
    )

    def __init__(self, *args, profile, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_address()
        if profile.is_organisation:
            del self.fields["date_of_birth"]
            self.fields["full_name"].label = _("Tên tổ chức, doanh nghiệp")
        else:
            del self.fields["representative_name"]
            del self.fields["representative_title"]
