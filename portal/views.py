"""Site-wide pages: home, health, error pages, and the API token endpoint."""

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from common.api import error_doc
from procedures import kept, selectors


@require_GET
def home(request):
    """The catalog's fields and first procedures, read only when their part of the page is
    not kept for the catalog's current generation (`procedures.kept`): with ten thousand
    procedures, counting and sorting them is most of the page's time."""
    return render(
        request,
        "home.html",
        {
            "fields": SimpleLazyObject(selectors.fields_with_counts),
            "popular": SimpleLazyObject(lambda: list(selectors.procedure_list()[:8])),
            "catalog": kept.generation(),
            "page_seconds": kept.seconds(),
            "page_namespace": kept.NAMESPACE,
        },
    )


@require_GET
def health(request):
    """Liveness and database readiness, for load balancers and compose healthchecks, with
    the outboxes' backlog: how many messages and jobs wait, and for how long the oldest has
    (a growing age means no worker or beat is running, or the broker is down)."""
    from dossiers.effects import runner
    from notifications import dispatch

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse(
            {
                "status": "ok",
                "outbox": dispatch.backlog(),
                "effects": runner.backlog(),
            }
        )
    except Exception:  # noqa: BLE001 - any database failure means "not ready"
        return JsonResponse({"status": "database unavailable"}, status=503)


def _error_page(request, status, title, message):
    return render(
        request, "error.html", {"status": status, "title": title, "message": message}, status=status
    )


def bad_request(request, exception=None):
    return _error_page(request, 400, _("Yêu cầu không hợp lệ"), _("Yêu cầu gửi lên không hợp lệ."))


def permission_denied(request, exception=None):
    return _error_page(
        request, 403, _("Không có quyền truy cập"), _("Bạn không có quyền xem trang này.")
    )


def page_not_found(request, exception=None):
    return _error_page(
        request,
        404,
        _("Không tìm thấy trang"),
        _("Trang bạn tìm không tồn tại hoặc đã được chuyển."),
    )


def server_error(request):
    return _error_page(
        request, 500, _("Lỗi hệ thống"), _("Hệ thống đang gặp sự cố. Vui lòng thử lại sau.")
    )


class TokenRateThrottle(AnonRateThrottle):
    scope = "token"


class ObtainTokenView(APIView):
    """Exchange a username and password for an API token (`Authorization: Token …`)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_classes = [TokenRateThrottle]
    serializer_class = AuthTokenSerializer

    @extend_schema(
        operation_id="auth_token_create",
        request=inline_serializer(
            "Credentials",
            {"username": serializers.CharField(), "password": serializers.CharField()},
        ),
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            400: error_doc(_("Sai tên đăng nhập hoặc mật khẩu.")),
            429: error_doc(_("Quá nhiều lần thử.")),
        },
        tags=["auth"],
    )
    def post(self, request):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})
