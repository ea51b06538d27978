"""Public pages of the dossier app: tracking a dossier without an account (`/tra-cuu/`)."""

import math

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import tracking


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Mã hồ sơ"),
        max_length=tracking.CODE_MAX_LENGTH,
        help_text=_("In trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả, ví dụ H92.31-260309-0001."),
        error_messages={"required": _("Nhập mã hồ sơ.")},
    )
    verify = forms.CharField(
        label=_("4 số cuối số điện thoại hoặc số định danh"),
        max_length=4,
        help_text=_("Của người nộp hồ sơ, như đã khai khi nộp."),
        error_messages={"required": _("Nhập 4 số cuối số điện thoại hoặc số định danh.")},
    )

    def clean_code(self):
        code = tracking.normalize_code(self.cleaned_data["code"])
        if not tracking.CODE_PATTERN.match(code):
            raise forms.ValidationError(
                _("Mã hồ sơ chỉ gồm chữ cái, chữ số, dấu chấm và dấu gạch ngang.")
            )
        return code

    def clean_verify(self):
        verify = tracking.normalize_verify(self.cleaned_data["verify"])
        if not tracking.VERIFY_PATTERN.match(verify):
            raise forms.ValidationError(_("Nhập đúng 4 chữ số."))
        return verify


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    """The form, and on POST (the secret stays out of addresses and logs) the answer on the
    same page: the dossier's public view, or one neutral message whatever went wrong."""
    if request.method == "POST":
        form = TrackForm(request.POST)
    else:  # the QR code on the receipt links here with the code filled in
        form = TrackForm(initial={"code": request.GET.get("code", "")[: tracking.CODE_MAX_LENGTH]})
    context = {"form": form, "searched": False, "dossier": None, "retry_minutes": None}
    if form.is_valid():
        code, verify = form.cleaned_data["code"], form.cleaned_data["verify"]
        try:
            found = tracking.lookup(client=tracking.client_ip(request), code=code, verify=verify)
        except tracking.RateLimited as limited:
            context["retry_minutes"] = max(1, math.ceil(limited.retry_after / 60))
            response = render(request, "dossiers/track.html", context, status=429)
            response["Retry-After"] = str(limited.retry_after)
            return response
        context["searched"] = True
        context["dossier"] = found
    return render(request, "dossiers/track.html", context)
