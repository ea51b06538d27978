from django.urls import path

from . import views
from .pages import apply, mine, verify
from .slips import urls as slips

app_name = "dossiers"

urlpatterns = [
    path("tra-cuu/", views.track, name="track"),
    *apply.urlpatterns,
    *mine.urlpatterns,
    *verify.urlpatterns,
    *slips.urlpatterns,
]
