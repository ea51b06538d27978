"""The portal's URLs plus `/bench/bare/`: the roof every endpoint is compared with."""

from django.http import JsonResponse
from django.urls import path

from portal import urls as portal_urls


def bare(request):
    """A JSON view that does nothing, through the same middleware as every other view."""
    return JsonResponse({"status": "ok"})


urlpatterns = [path("bench/bare/", bare), *portal_urls.urlpatterns]

handler400 = portal_urls.handler400
handler403 = portal_urls.handler403
handler404 = portal_urls.handler404
handler500 = portal_urls.handler500
