from django.urls import path

from . import views
from .consult import urls as consult
from .pages import apply, approval, desk, intake, mine, work, workspace
from .slips import urls as slips

app_name = "dossiers"

urlpatterns = [
    path("tra-cuu/", views.track, name="track"),
    *workspace.urlpatterns,
    *apply.urlpatterns,
    *mine.urlpatterns,
    *desk.urlpatterns,
    *intake.urlpatterns,
    *work.urlpatterns,
    *slips.urlpatterns,
    *consult.urlpatterns,
    *approval.urlpatterns,
]
