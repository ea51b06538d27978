from django.urls import path

from . import views

urlpatterns = [
    path("me/notifications/", views.MyNotificationsView.as_view(), name="api-me-notifications"),
    path(
        "me/notifications/read-all/",
        views.MarkAllReadView.as_view(),
        name="api-me-notifications-read-all",
    ),
    path(
        "me/notifications/preferences/",
        views.MyPreferencesView.as_view(),
        name="api-me-notification-preferences",
    ),
    path(
        "me/notifications/<str:id>/read/",
        views.MarkReadView.as_view(),
        name="api-me-notification-read",
    ),
]
