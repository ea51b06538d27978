"""Account pages: sign up, verify (e-mail or phone), log in and out, passwords, profile, and the
personal document store. Thin: they call services."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.forms import add_service_error
from notifications import sms
from procedures.geography import wards_of
from procedures.models import Role

from . import documents, forms, selectors, services
from .errors import CodeError
from .models import CodeChannel

_MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _add_errors(form, error: ValidationError) -> None:
    """A service's per-field errors onto the form (unknown fields as form-wide errors)."""
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


@require_GET
def sign_up_choice(request):
    if request.user.is_authenticated:
        return redirect("citizens:profile")
    return render(request, "citizens/sign_up_choice.html")


@require_http_methods(["GET", "POST"])
def sign_up(request, kind):
    if request.user.is_authenticated:
        return redirect("citizens:profile")
    form_class = forms.OrganisationSignUpForm if kind == "to-chuc" else forms.SignUpForm
    form = form_class(request.POST or None)
    refreshing = "refresh_wards" in request.POST
    if request.method == "POST" and not refreshing and form.is_valid():
        try:
            user = services.citizen_sign_up(**form.service_data())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            login(request, user, backend=_MODEL_BACKEND)
            messages.success(
                request,
                _("Đã tạo tài khoản. Chúng tôi đã gửi mã xác minh đến %(email)s.")
                % {"email": user.email},
            )
            return redirect("citizens:verify")
    if refreshing:
        form._errors = {}  # only the commune list changes: keep what was typed, no errors yet
    return render(
        request,
        "citizens/sign_up.html",
        {"form": form, "is_organisation": form_class.kind == "organisation"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """Enter a code: the e-mail's (field `code`) or, with `channel=phone`, the SMS's."""
    profile = selectors.profile_of(request.user)
    if profile is None:
        raise Http404
    by_phone = request.POST.get("channel") == CodeChannel.PHONE
    posted = request.POST if request.method == "POST" else None
    email_form = forms.CodeForm(None if by_phone else posted)
    phone_form = forms.PhoneCodeForm(posted if by_phone else None)
    form = phone_form if by_phone else email_form
    if posted is not None and form.is_valid():
        channel = CodeChannel.PHONE if by_phone else CodeChannel.EMAIL
        try:
            services.verify_code(user=request.user, code=form.cleaned_data["code"], channel=channel)
        except CodeError as error:
            form.add_error("code", error.message)
        else:
            if by_phone:
                messages.success(request, _("Đã xác minh số điện thoại."))
            else:
                messages.success(request, _("Đã xác minh địa chỉ thư điện tử."))
            return redirect("citizens:profile")
    phone = request.user.phone
    pending = bool(phone) and (
        phone_form.is_bound or services.code_pending(user=request.user, channel=CodeChannel.PHONE)
    )
    context = {
        "form": email_form,
        "phone_form": phone_form,
        "profile": profile,
        "masked_phone": sms.mask_phone(phone),
        "phone_code_pending": pending,
    }
    return render(request, "citizens/verify.html", context)


@login_required
@require_POST
def resend_code(request):
    if selectors.profile_of(request.user) is None:
        raise Http404
    try:
        services.verification_code_send(user=request.user)
    except CodeError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Đã gửi mã xác minh mới đến %(email)s.") % {"email": request.user.email},
        )
    return redirect("citizens:verify")


@login_required
@require_POST
def send_sms_code(request):
    """Send a code by SMS to the account's phone (the first one, or again)."""
    if selectors.profile_of(request.user) is None:
        raise Http404
    try:
        services.verification_code_send(user=request.user, channel=CodeChannel.PHONE)
    except CodeError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Đã gửi mã xác minh qua SMS đến số %(phone)s.")
            % {"phone": sms.mask_phone(request.user.phone)},
        )
    return redirect("citizens:verify")


@login_required
@require_GET
def profile(request):
    return render(
        request,
        "citizens/profile.html",
        {"profile": selectors.profile_of(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    profile = selectors.profile_of(request.user)
    if profile is None:
        raise Http404
    user = request.user
    initial = {
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone,
        "date_of_birth": profile.date_of_birth,
        "representative_name": profile.representative_name,
        "representative_title": profile.representative_title,
        "province_code": profile.province_code,
        "ward_code": profile.ward_code,
        "street": profile.street,
    }
    form = forms.ProfileForm(request.POST or None, initial=initial, profile=profile)
    refreshing = "refresh_wards" in request.POST
    if request.method == "POST" and not refreshing and form.is_valid():
        old_email = user.email
        try:
            updated = services.profile_update(user=user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin tài khoản."))
            if updated.user.email.lower() != old_email.lower():
                messages.info(request, _("Vui lòng nhập mã xác minh gửi đến địa chỉ mới."))
                return redirect("citizens:verify")
            return redirect("citizens:profile")
    if refreshing:
        form._errors = {}
    return render(request, "citizens/profile_edit.html", {"form": form, "profile": profile})


# ---- The personal document store -----------------------------------------------------------


@login_required
@require_GET
def documents_list(request):
    """The applicant's store: the results issued to them, then the papers they added."""
    stored = list(documents.documents_of(request.user))
    return render(
        request,
        "citizens/documents.html",
        {
            "results": [d for d in stored if d.is_result],
            "own": [d for d in stored if not d.is_result],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_add(request):
    """Add one of the applicant's own papers. A refused file answers 400 with the reason."""
    if request.method != "POST":
        return render(request, "citizens/documents_add.html", {"form": forms.DocumentForm()})
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = documents.document_add(
                owner=request.user,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except documents.DocumentNotFound as error:
            raise Http404 from error
        except documents.DocumentError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Đã thêm “%(title)s” vào kho dữ liệu cá nhân.") % {"title": document.title},
            )
            return redirect("citizens:documents")
    return render(request, "citizens/documents_add.html", {"form": form}, status=400)


@login_required
@require_GET
def document_download(request, document_id):
    """The file of one of the user's own documents; anyone else's is absent (404)."""
    document = documents.document_of(owner=request.user, document_id=document_id)
    if document is None or not document.file:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name or None,
        content_type=document.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def document_delete(request, document_id):
    """GET: ask to confirm. POST: delete one of the user's own papers. A result issued by an
    agency stays (403, with the reason); anyone else's document is absent (404)."""
    document = documents.document_of(owner=request.user, document_id=document_id)
    if document is None:
        raise Http404
    refusal = documents.DocumentProtected.default_message if document.is_result else None
    if request.method == "POST" and refusal is None:
        try:
            documents.document_delete(owner=request.user, document_id=document.pk)
        except documents.DocumentNotFound as error:
            raise Http404 from error
        except documents.DocumentProtected as error:
            refusal = error.message
        else:
            messages.success(
                request,
                _("Đã xóa “%(title)s” khỏi kho dữ liệu cá nhân.") % {"title": document.title},
            )
            return redirect("citizens:documents")
    return render(
        request,
        "citizens/documents_delete.html",
        {"document": document, "refusal": refusal},
        status=403 if refusal else 200,
    )


@require_GET
def wards(request, province_code):
    """The communes of a province, for the address script: [{"code", "name"}]."""
    return JsonResponse(
        {"wards": [{"code": code, "name": name} for code, name in wards_of(province_code)]}
    )


class LoginView(auth_views.LoginView):
    authentication_form = forms.LoginForm
    template_name = "citizens/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        """Officers land on their workspaces (PORTAL_STAFF_HOME), everyone else as usual."""
        staff_roles = {Role.DESK_OFFICER, Role.SPECIALIST, Role.HEAD_OF_UNIT, Role.LEADER}
        if self.request.user.memberships.filter(role__in=staff_roles).exists():
            return resolve_url(settings.PORTAL_STAFF_HOME)
        return super().get_default_redirect_url()


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "citizens/password_reset_form.html"
    email_template_name = "citizens/email/password_reset.txt"
    subject_template_name = "citizens/email/password_reset_subject.txt"
    success_url = reverse_lazy("citizens:password_reset_done")
    extra_email_context = {"site_name": settings.PORTAL_NAME}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "citizens/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "citizens/password_reset_confirm.html"
    success_url = reverse_lazy("citizens:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "citizens/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "citizens/password_change.html"
    success_url = reverse_lazy("citizens:profile")

    def form_valid(self, form):
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return super().form_valid(form)
