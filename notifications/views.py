"""The inbox pages: the list, one message (opening it marks it read), mark all read, and
the choice of channels. Only the owner sees a message (anyone else: 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import render as words
from . import services
from .forms import PreferenceForm

PAGE_SIZE = 20


@login_required
def inbox(request):
    unread_only = request.GET.get("chua-doc") == "1"
    items = services.inbox_of(request.user)
    if unread_only:
        items = items.filter(read_at__isnull=True)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("trang"))
    rows = [
        (n, words.words_of(n, language=request.LANGUAGE_CODE, inbox=True)) for n in page.object_list
    ]
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "rows": rows, "unread_only": unread_only},
    )


@login_required
def detail(request, pk):
    notification = services.notification_mark_read(user=request.user, notification_id=pk)
    if notification is None:
        raise Http404
    return render(
        request,
        "notifications/detail.html",
        {
            "notification": notification,
            "words": words.words_of(notification, language=request.LANGUAGE_CODE, inbox=True),
        },
    )


@login_required
@require_POST
def read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("Đã đánh dấu %(count)s thông báo là đã đọc.") % {"count": count})
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "notifications:inbox"
    return redirect(target)


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    preference = services.preference_of(request.user)
    form = PreferenceForm(request.POST or None, instance=preference, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.preference_set(
            user=request.user, email=form.cleaned_data["email"], sms=form.cleaned_data["sms"]
        )
        messages.success(request, _("Đã lưu lựa chọn nhận thông báo."))
        return redirect("notifications:preferences")
    status = 400 if form.is_bound else 200  # bad input: the form again, with its errors
    return render(request, "notifications/preferences.html", {"form": form}, status=status)
