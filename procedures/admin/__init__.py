"""The catalog admin: agencies, memberships, fields, procedures and their versions.

Who sees what is decided in `procedures.permissions` (superusers: everything; agency
administrators: their subtree), never by Django's model permissions, so other staff roles see
nothing here. A version that is locked or already in force is read-only: the way to change it
is the "new version" button or action, which calls `services.version_new_draft`; publishing
calls `services.version_publish`. Errors from services become admin messages.

The modules of this package:

- `base`: the per-request permission helpers, the `CatalogAdmin` base and the shared mixins;
- `agencies`: agencies, memberships and fields;
- `versions`: procedures and their versions;
- `version_actions`: the new-version and publish buttons and list actions of a version;
- `parts`: the parts of a version (components, channels and their fees, process steps);
- `calendar`: the working-day calendar.

Importing them registers their admins with the default site.
"""

from . import agencies, calendar, parts, version_actions, versions

__all__ = ["agencies", "calendar", "parts", "version_actions", "versions"]
