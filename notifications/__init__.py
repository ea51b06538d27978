"""Notifications: the outbox of messages and their delivery by e-mail, SMS and the inbox.

A leaf app: it knows nothing of dossiers. Others call `services.notify` with recipients, a
template key, a JSON context and a link, inside their own transaction.
"""
