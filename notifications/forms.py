from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Preference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["email", "sms"]
        labels = {
            "email": _("Nhận thông báo qua thư điện tử"),
            "sms": _("Nhận thông báo qua tin nhắn SMS"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["email"].help_text = (
            _("Gửi đến %(email)s.") % {"email": user.email}
            if user.email
            else _("Tài khoản chưa có địa chỉ thư điện tử.")
        )
        phone = getattr(user, "phone", "")
        self.fields["sms"].help_text = (
            _("Gửi đến %(phone)s.") % {"phone": phone}
            if phone
            else _("Tài khoản chưa có số điện thoại.")
        )

    def clean(self):
        data = super().clean()
        if data.get("email") and not self.user.email:
            self.add_error("email", _("Cần thêm địa chỉ thư điện tử vào tài khoản trước."))
        if data.get("sms") and not getattr(self.user, "phone", ""):
            self.add_error("sms", _("Cần thêm số điện thoại vào tài khoản trước."))
        return data
