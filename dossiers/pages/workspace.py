"""The officers' home page, `/ban-lam-viec/`: the workspaces their roles open."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from ..workspaces import workspaces_for


@login_required
@require_GET
def workspace(request):
    spaces = workspaces_for(request.user)
    if not spaces:
        raise PermissionDenied
    return render(request, "dossiers/workspace/home.html", {"spaces": spaces})


urlpatterns = [
    path("ban-lam-viec/", workspace, name="workspace"),
]
