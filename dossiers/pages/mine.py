"""Placeholder: filled in by the mine pages."""

urlpatterns = []
