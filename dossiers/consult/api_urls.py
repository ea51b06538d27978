"""The consultation API's addresses. Include them in /api/v1/ BEFORE `dossiers.api.urls`,
whose catch-all `dossiers/<id>/<name>/` would otherwise answer
`dossiers/<id>/consultations/` with 404."""

from django.urls import path

from . import api

app_name = "consult_api"

urlpatterns = [
    path("consultations/", api.ConsultationListView.as_view(), name="consultation-list"),
    path(
        "consultations/<str:id>/",
        api.ConsultationDetailView.as_view(),
        name="consultation-detail",
    ),
    path(
        "consultations/<str:id>/answer/",
        api.ConsultationAnswerView.as_view(),
        name="consultation-answer",
    ),
    path(
        "consultations/<str:id>/cancel/",
        api.ConsultationCancelView.as_view(),
        name="consultation-cancel",
    ),
    path(
        "dossiers/<str:id>/consultations/",
        api.DossierConsultationsView.as_view(),
        name="dossier-consultations",
    ),
]
