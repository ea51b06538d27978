from django.urls import path

from ..slips import api as slips_api
from ..states import Action
from . import applicant, declarations, views

app_name = "dossiers_api"

# Dossier ids are matched as any segment, so that an id that is not a UUID answers 404 in the
# API's error shape rather than Django's HTML page. One path per action, each with its own body.
urlpatterns = [
    path("track/", views.TrackView.as_view(), name="track"),
    path(
        "declaration-forms/<int:component_id>/",
        declarations.DeclarationFormView.as_view(),
        name="declaration-form",
    ),
    path(
        "declaration-forms/<int:component_id>/schema/",
        declarations.DeclarationSchemaView.as_view(),
        name="declaration-form-schema",
    ),
    path(
        "dossiers/<str:id>/declarations/",
        declarations.DeclarationListView.as_view(),
        name="dossier-declarations",
    ),
    path(
        "dossiers/<str:id>/declarations/<int:component_id>/",
        declarations.DeclarationView.as_view(),
        name="dossier-declaration",
    ),
    path("ratings/summary/", applicant.RatingsSummaryView.as_view(), name="ratings-summary"),
    path("dossiers/", views.DossierListView.as_view(), name="dossier-list"),
    path("dossiers/<str:id>/", views.DossierDetailView.as_view(), name="dossier-detail"),
    path("dossiers/<str:id>/files/", views.DossierFilesView.as_view(), name="dossier-files"),
    path(
        "dossiers/<str:id>/files/from-store/",
        applicant.DossierFileFromStoreView.as_view(),
        name="dossier-files-from-store",
    ),
    path(
        "dossiers/<str:id>/files/<str:file_id>/",
        views.DossierFileView.as_view(),
        name="dossier-file",
    ),
    path("dossiers/<str:id>/events/", views.DossierEventsView.as_view(), name="dossier-events"),
    path("dossiers/<str:id>/slips/", slips_api.DossierSlipsView.as_view(), name="dossier-slips"),
    path("dossiers/<str:id>/rating/", applicant.DossierRatingView.as_view(), name="dossier-rating"),
    *(
        path(
            f"dossiers/<str:id>/{action.value}/",
            views.action_view(action).as_view(),
            name=f"dossier-{action.value}",
        )
        for action in Action
    ),
    path(
        "dossiers/<str:id>/<str:name>/",
        views.UnknownActionView.as_view(),
        name="dossier-unknown-action",
    ),
]
