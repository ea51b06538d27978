"""The consultation pages' addresses, included in the `workspaces` namespace."""

from django.urls import path

from . import pages

urlpatterns = [
    path("ban-lam-viec/lien-thong/", pages.consult_queue, name="consult_queue"),
    path("ban-lam-viec/lien-thong/<int:pk>/", pages.consult_detail, name="consult_detail"),
    path(
        "ban-lam-viec/lien-thong/<int:pk>/tep/<uuid:file_id>/",
        pages.consult_file,
        name="consult_file",
    ),
    path("ban-lam-viec/lien-thong/<int:pk>/huy/", pages.consult_cancel, name="consult_cancel"),
    path("ban-lam-viec/lien-thong/hoi/<uuid:dossier_id>/", pages.consult_ask, name="consult_ask"),
]
