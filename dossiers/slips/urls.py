"""The slips' addresses, included in the `dossiers` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("ho-so/<uuid:pk>/phieu/<slug:form>/", views.slip_download, name="slip"),
    path("so-theo-doi/", views.register_download, name="register"),
]
