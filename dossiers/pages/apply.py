"""Placeholder: filled in by the apply pages."""

urlpatterns = []
