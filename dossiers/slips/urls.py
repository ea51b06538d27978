"""Placeholder: the slips URLs."""

urlpatterns = []
