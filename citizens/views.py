"""Account pages: sign up, verify, log in and out, passwords, profile. Thin: they call services."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from procedures.geography import wards_of

from . import forms, selectors, services
from .errors import CodeError

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
    profile = selectors.profile_of(request.user)
    if profile is None:
        raise Http404
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.verify_code(user=request.user, code=form.cleaned_data["code"])
        except CodeError as error:
            form.add_error("code", error.message)
        else:
            messages.success(request, _("Đã xác minh địa chỉ thư điện tử."))
            return redirect("citizens:profile")
    return render(request, "citizens/verify.html", {"form": form, "profile": profile})


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
