"""GET/PATCH /api/v1/me/profile/: the signed-in applicant's own profile, nobody else's."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import error_doc

from .. import selectors, services
from .serializers import ProfileSerializer

TAGS = ["citizens"]
NOT_SIGNED_IN = error_doc(_("Chưa đăng nhập."))
NO_PROFILE = error_doc(_("Tài khoản chưa có thông tin người nộp hồ sơ."))


class MyProfileView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ProfileSerializer

    def _profile(self, request):
        profile = selectors.profile_of(request.user)
        if profile is None:
            raise exceptions.NotFound(_("Tài khoản chưa có thông tin người nộp hồ sơ."))
        return profile

    def _body(self, profile):
        return ProfileSerializer(ProfileSerializer.represent(profile)).data

    @extend_schema(
        operation_id="me_profile_retrieve",
        summary=_("Thông tin người nộp của tài khoản đang đăng nhập"),
        responses={200: ProfileSerializer, 401: NOT_SIGNED_IN, 404: NO_PROFILE},
        tags=TAGS,
    )
    def get(self, request):
        return Response(self._body(self._profile(request)))

    @extend_schema(
        operation_id="me_profile_partial_update",
        summary=_("Sửa thông tin người nộp"),
        description=_(
            "Đổi thư điện tử thì địa chỉ mới cần xác minh lại (mã được gửi đến địa chỉ mới)."
        ),
        request=ProfileSerializer,
        responses={
            200: ProfileSerializer,
            400: error_doc(_("Dữ liệu không hợp lệ.")),
            401: NOT_SIGNED_IN,
            404: NO_PROFILE,
        },
        tags=TAGS,
    )
    def patch(self, request):
        self._profile(request)
        serializer = ProfileSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            profile = services.profile_update(user=request.user, **serializer.validated_data)
        except ValidationError as error:
            raise exceptions.ValidationError(error.message_dict) from None
        return Response(self._body(profile))
