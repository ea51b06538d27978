from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.detail, name="detail"),
    path("da-doc/", views.read_all, name="read_all"),
    path("cai-dat/", views.preferences, name="preferences"),
]
