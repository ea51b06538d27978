from . import services


def inbox(request):
    """The unread count for the bell in the header: one indexed count, only when signed in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"UNREAD_NOTIFICATIONS": services.unread_count(user)}
