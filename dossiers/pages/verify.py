"""The public verification page of issued results (`/xac-thuc/`, no sign-in).

Anyone holding a result — the applicant, a bank, another agency — checks it two ways: by the
verification code printed on it (or its QR code, which links here with the code), or by
uploading the PDF. The answer says, in plain words, which agency issued it, for which
procedure and result code, signed by whom and when, whether the file is the one the portal
issued, and whether its signature is valid against the configured trust roots. Nothing is
shown beyond what the result itself prints (no applicant's data at all), and the document
is never served here.

Lookups are counted per address like tracking (PORTAL_TRACK_RATE_PER_IP_MINUTE), so codes
cannot be enumerated.
"""

import hashlib
import math
import time

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import tracking
from ..models import DossierFile, DossierResult, FileKind, SignatureStatus
from ..signing import issue
from ..signing.validate import NotReadable, signatures_of

MAX_PDF_BYTES = 20 * 1024 * 1024


class CodeForm(forms.Form):
    ma = forms.CharField(
        label=_("Mã xác thực"),
        max_length=32,
        help_text=_("In cạnh mã QR ở cuối văn bản, ví dụ 7K3M-Q9TP-2XWD."),
        error_messages={"required": _("Nhập mã xác thực in trên văn bản.")},
    )

    def clean_ma(self):
        code = issue.clean_code(self.cleaned_data["ma"])
        if len(code) != issue.CODE_LENGTH:
            raise forms.ValidationError(
                _("Mã xác thực gồm %(n)s chữ và số.") % {"n": issue.CODE_LENGTH}
            )
        return code


class FileForm(forms.Form):
    tep = forms.FileField(
        label=_("Tệp PDF cần kiểm tra"),
        help_text=_("Tệp kết quả bạn nhận được, tối đa 20 MB."),
        error_messages={"required": _("Chọn tệp PDF."), "empty": _("Tệp rỗng.")},
    )

    def clean_tep(self):
        upload = self.cleaned_data["tep"]
        if upload.size > MAX_PDF_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 20 MB."))
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("Tệp này không phải PDF."))
        return upload


class RateLimited(Exception):
    def __init__(self, retry_after):
        self.retry_after = retry_after


def _count(request) -> None:
    per_ip = getattr(settings, "PORTAL_TRACK_RATE_PER_IP_MINUTE", 10)
    client = hashlib.sha256(tracking.client_ip(request).encode()).hexdigest()[:32]
    count, left = tracking.hit(f"verify:{client}", 60, time.time())
    if count > per_ip:
        raise RateLimited(left)


def _result_of_file(digest):
    stored = DossierFile.objects.filter(kind=FileKind.RESULT, sha256=digest).first()
    if stored is None:
        return None
    return (
        DossierResult.objects.select_related("dossier__version", "issuer")
        .filter(file=stored, signature_status=SignatureStatus.SIGNED)
        .first()
    )


def _stored_signatures(result):
    try:
        with result.file.file.open("rb") as handle:
            return signatures_of(handle.read())
    except (FileNotFoundError, NotReadable):
        return []


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    code_form = CodeForm(request.GET if "ma" in request.GET else None)
    file_form = FileForm()
    answer = {"asked": False}
    status = 200
    try:
        if request.method == "POST":
            file_form = FileForm(request.POST, request.FILES)
            if file_form.is_valid():
                _count(request)
                answer = _check_file(file_form.cleaned_data["tep"])
            else:
                status = 400
        elif code_form.is_bound:
            if code_form.is_valid():
                _count(request)
                answer = _check_code(code_form.cleaned_data["ma"])
                status = 200 if answer["result"] else 404
            else:
                status = 400
    except RateLimited as limited:
        answer = {"asked": True, "retry_minutes": max(1, math.ceil(limited.retry_after / 60))}
        status = 429
    context = {"code_form": code_form, "file_form": file_form, **answer}
    response = render(request, "dossiers/verify.html", context, status=status)
    if status == 429:
        response["Retry-After"] = str(answer["retry_minutes"] * 60)
    return response


def _check_code(code) -> dict:
    result = (
        DossierResult.objects.select_related("dossier__version", "issuer", "file")
        .filter(verification_code=code)
        .first()
    )
    answer = {"asked": True, "by": "code", "result": result, "signatures": []}
    if result is not None and result.signature_status == SignatureStatus.SIGNED:
        answer["signatures"] = _stored_signatures(result)
    return answer


def _check_file(upload) -> dict:
    content = upload.read()
    answer = {"asked": True, "by": "file", "readable": True, "signatures": []}
    try:
        answer["signatures"] = signatures_of(content)
    except NotReadable:
        answer["readable"] = False
        return answer
    answer["result"] = _result_of_file(hashlib.sha256(content).hexdigest())
    answer["same_file"] = answer["result"] is not None
    return answer


urlpatterns = [path("xac-thuc/", verify, name="verify")]
