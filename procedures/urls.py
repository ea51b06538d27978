from django.urls import path

from . import views

app_name = "procedures"

urlpatterns = [
    path("", views.procedure_list, name="list"),
    path("<str:code>/", views.procedure_detail, name="detail"),
    path(
        "<str:code>/mau/<int:component_id>/",
        views.component_template,
        name="component-template",
    ),
]
