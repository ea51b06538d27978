from django.urls import path

from . import views

app_name = "dossiers"

urlpatterns = [
    path("tra-cuu/", views.track, name="track"),
]
