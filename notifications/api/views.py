"""/api/v1/me/notifications/: the signed-in user's inbox and channel preferences.

Only the owner's messages are listed or marked; another user's message answers 404, like
one that does not exist.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import BAD_INPUT, NOT_SIGNED_IN, error_doc

from .. import render, services
from ..models import Notification

TAGS = ["notifications"]
NOT_FOUND = error_doc(_("Không có thông báo này."))


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    subject = serializers.CharField()
    body = serializers.CharField()
    link = serializers.CharField(help_text=_("Đường dẫn đầy đủ đến trang liên quan; có thể rỗng."))
    legal = serializers.BooleanField(help_text=_("Thông báo theo quy định pháp luật."))
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)

    def to_representation(self, notification):
        language = getattr(self.context.get("request"), "LANGUAGE_CODE", None)
        words = render.words_of(notification, language=language, inbox=True)
        return {
            "id": notification.pk,
            "subject": words.subject,
            "body": words.body,
            "link": words.link,
            "legal": notification.legal,
            "created_at": serializers.DateTimeField().to_representation(notification.created_at),
            "read_at": serializers.DateTimeField().to_representation(notification.read_at)
            if notification.read_at
            else None,
        }


class PreferenceSerializer(serializers.Serializer):
    email = serializers.BooleanField(help_text=_("Nhận thông báo qua thư điện tử."))
    sms = serializers.BooleanField(help_text=_("Nhận thông báo qua tin nhắn SMS."))

    def validate(self, data):
        user = self.context["request"].user
        errors = {}
        if data.get("email") and not user.email:
            errors["email"] = [_("Cần thêm địa chỉ thư điện tử vào tài khoản trước.")]
        if data.get("sms") and not getattr(user, "phone", ""):
            errors["sms"] = [_("Cần thêm số điện thoại vào tài khoản trước.")]
        if errors:
            raise serializers.ValidationError(errors)
        return data


@extend_schema(
    tags=TAGS,
    parameters=[
        OpenApiParameter(
            "unread", OpenApiTypes.BOOL, description=_("true: chỉ thông báo chưa đọc.")
        )
    ],
    responses={200: NotificationSerializer(many=True), 401: NOT_SIGNED_IN, 403: NOT_SIGNED_IN},
    summary=_("Thông báo của tôi"),
)
class MyNotificationsView(generics.ListAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = NotificationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema's generation
            return Notification.objects.none()
        items = services.inbox_of(self.request.user)
        if self.request.query_params.get("unread") in ("true", "1"):
            items = items.filter(read_at__isnull=True)
        return items


@extend_schema(
    tags=TAGS,
    request=None,
    parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
    responses={200: NotificationSerializer, 401: NOT_SIGNED_IN, 403: NOT_SIGNED_IN, 404: NOT_FOUND},
    summary=_("Đánh dấu một thông báo là đã đọc"),
)
class MarkReadView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def post(self, request, id):
        notification = services.notification_mark_read(user=request.user, notification_id=id)
        if notification is None:
            raise exceptions.NotFound(_("Không có thông báo này."))
        return Response(NotificationSerializer(notification, context={"request": request}).data)


class ReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


@extend_schema(
    tags=TAGS,
    request=None,
    responses={200: ReadAllSerializer, 401: NOT_SIGNED_IN, 403: NOT_SIGNED_IN},
    summary=_("Đánh dấu mọi thông báo là đã đọc"),
)
class MarkAllReadView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def post(self, request):
        return Response({"marked": services.notifications_mark_all_read(user=request.user)})


class MyPreferencesView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        responses={200: PreferenceSerializer, 401: NOT_SIGNED_IN, 403: NOT_SIGNED_IN},
        summary=_("Kênh nhận thông báo của tôi"),
    )
    def get(self, request):
        preference = services.preference_of(request.user)
        return Response({"email": preference.email, "sms": preference.sms})

    @extend_schema(
        tags=TAGS,
        request=PreferenceSerializer,
        responses={
            200: PreferenceSerializer,
            400: BAD_INPUT,
            401: NOT_SIGNED_IN,
            403: NOT_SIGNED_IN,
        },
        summary=_("Chọn kênh nhận thông báo"),
    )
    def put(self, request):
        serializer = PreferenceSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        preference = services.preference_set(user=request.user, **serializer.validated_data)
        return Response({"email": preference.email, "sms": preference.sms})
