"""Placeholder: the slips tasks."""
