"""GET /api/v1/dossiers/<id>/slips/: the slips of a dossier the user may see, with the
address of each PDF."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import error_doc

from ..errors import NotFound
from .legal_forms import Form, Regime
from .store import slips_of
from .views import viewable_dossier


class SlipSerializer(serializers.Serializer):
    form = serializers.ChoiceField(choices=Form.choices, help_text=_("Loại phiếu."))
    name = serializers.CharField(help_text=_("Tên biểu mẫu."))
    number = serializers.CharField(
        help_text=_("Số mẫu trong thông tư (để trống nếu thông tư không đánh số).")
    )
    regime = serializers.ChoiceField(
        choices=Regime.choices, help_text=_("Bộ biểu mẫu áp dụng cho hồ sơ.")
    )
    url = serializers.URLField(help_text=_("Địa chỉ tải tệp PDF (cần đăng nhập)."))
    sha256 = serializers.CharField(
        allow_null=True, help_text=_("Mã băm SHA-256 của tệp đã lưu; null nếu in khi tải.")
    )
    rendered_at = serializers.DateTimeField(allow_null=True, help_text=_("Thời điểm in."))


@extend_schema(tags=["dossiers"])
class DossierSlipsView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="dossiers_slips_list",
        parameters=[
            OpenApiParameter(
                "id",
                OpenApiTypes.UUID,
                OpenApiParameter.PATH,
                description=_("Mã (UUID) của hồ sơ."),
            )
        ],
        responses={
            200: SlipSerializer(many=True),
            401: error_doc(_("Chưa đăng nhập.")),
            404: error_doc(_("Không có hồ sơ này, hoặc bạn không được xem.")),
        },
    )
    def get(self, request, id):
        """The official slips of the dossier (receipt, completion request, refusal, apology,
        stop notice, control slip), each with the address of its PDF."""
        dossier = viewable_dossier(request.user, id)
        if dossier is None:
            raise NotFound()
        items = []
        for item in slips_of(dossier):
            slip = item["slip"]
            path = reverse("dossiers:slip", args=[dossier.pk, item["form"].value])
            items.append(
                {
                    "form": item["form"].value,
                    "name": str(item["name"]),
                    "number": item["number"],
                    "regime": item["regime"].value,
                    "url": request.build_absolute_uri(path),
                    "sha256": slip.sha256 if slip else None,
                    "rendered_at": slip.rendered_at if slip else None,
                }
            )
        return Response(SlipSerializer(items, many=True).data)
