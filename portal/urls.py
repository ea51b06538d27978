from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from . import views

api_v1 = [
    path("auth/token/", views.ObtainTokenView.as_view(), name="api-token"),
    path("", include("procedures.api.urls")),
    # Before the dossiers' API, whose catch-all would answer /dossiers/<id>/consultations/.
    path("", include("dossiers.consult.api_urls")),
    path("", include("dossiers.api.urls")),
    path("", include("citizens.api.urls")),
    path("", include("notifications.api.urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    # Before the pages' prefix-less includes, which a request would otherwise walk through
    # pattern by pattern on each API call.
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("thu-tuc/", include("procedures.urls")),
    path("tai-khoan/", include("citizens.urls")),
    path("thong-bao/", include("notifications.urls")),
    path("", include("dossiers.urls")),
    path("", include("workspaces.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
