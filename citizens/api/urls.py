from django.urls import path

from . import documents, views

urlpatterns = [
    path("me/profile/", views.MyProfileView.as_view(), name="api-me-profile"),
    path("me/documents/", documents.MyDocumentsView.as_view(), name="api-me-documents"),
    path("me/documents/<str:id>/", documents.MyDocumentView.as_view(), name="api-me-document"),
    path(
        "me/documents/<str:id>/file/",
        documents.MyDocumentFileView.as_view(),
        name="api-me-document-file",
    ),
]
