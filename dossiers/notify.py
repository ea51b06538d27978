"""Placeholder: notifications to the applicant (e-mail), sent after commit."""
