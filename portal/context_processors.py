from django.conf import settings


def site(request):
    return {"PORTAL_NAME": settings.PORTAL_NAME}


def workspaces(request):
    """Whether the signed-in user has an officers' workspace (a link in the header)."""
    from workspaces.home import has_workspace

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"HAS_WORKSPACE": False}
    return {"HAS_WORKSPACE": has_workspace(user)}
