from django.urls import path, re_path

from . import views

app_name = "procedures_api"

# National procedure codes and agency codes contain dots: match any segment without a slash.
urlpatterns = [
    path("procedures/", views.ProcedureListView.as_view(), name="procedure-list"),
    re_path(
        r"^procedures/(?P<code>[^/]+)/$",
        views.ProcedureDetailView.as_view(),
        name="procedure-detail",
    ),
    path("agencies/", views.AgencyListView.as_view(), name="agency-list"),
    re_path(r"^agencies/(?P<code>[^/]+)/$", views.AgencyDetailView.as_view(), name="agency-detail"),
    path("fields/", views.FieldListView.as_view(), name="field-list"),
]
