"""Placeholder: the desk workspace pages."""

urlpatterns = []
