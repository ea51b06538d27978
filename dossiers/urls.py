from django.urls import path

from . import views
from .pages import apply, declare, mine, verify
from .slips import urls as slips

app_name = "dossiers"

urlpatterns = [
    path("tra-cuu/", views.track, name="track"),
    *apply.urlpatterns,
    *declare.urlpatterns,
    *mine.urlpatterns,
    *verify.urlpatterns,
    *slips.urlpatterns,
]
