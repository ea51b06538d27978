"""Who may manage which part of the catalog (the catalog admin).

The source of every staff permission is a `Membership`. For the catalog:

- superusers (system administrators) manage everything;
- a user with an `agency_admin` membership manages the subtree of that agency (the agency and
  all its descendants): the agencies themselves, the memberships in them, and the procedure
  versions that one of those agencies implements, plus the unassigned drafts the user created;
- every other role (desk officer, specialist, head of unit, leader) has no part in the
  catalog admin, whatever Django model permissions the account may carry.

Whether a version may be edited at all is a separate rule (`version_is_read_only`): a version
that a dossier has used (locked) or a published one that has taken effect is never edited; a
new version is published instead. Agency trees are small (a province has a few hundred units),
so the subtree is walked level by level in Python.
"""

import datetime

from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from .models import Agency, Membership, Procedure, ProcedureVersion, Role

_Through = ProcedureVersion.implementing_agencies.through


def is_agency_admin(user) -> bool:
    """Whether the user holds an `agency_admin` membership anywhere."""
    if not _is_active(user):
        return False
    return Membership.objects.filter(user_id=user.pk, role=Role.AGENCY_ADMIN).exists()


def can_use_catalog_admin(user) -> bool:
    """Staff who may open the catalog admin: superusers and agency administrators."""
    if not _is_active(user) or not user.is_staff:
        return False
    return user.is_superuser or is_agency_admin(user)


def administered_agency_ids(user) -> set[int]:
    """Ids of the agencies the user administers: each agency_admin agency and its descendants."""
    if not _is_active(user):
        return set()
    if user.is_superuser:
        return set(Agency.objects.values_list("pk", flat=True))
    return subtree_ids(root_agency_ids(user))


def subtree_ids(agency_ids) -> set[int]:
    """The given agencies and all their descendants, walked one level per query."""
    found = set(agency_ids)
    frontier = set(found)
    while frontier:
        children = (
            set(Agency.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        )
        found |= children
        frontier = children
    return found


def administered_agencies(user) -> QuerySet[Agency]:
    """The agencies the user administers (see `administered_agency_ids`)."""
    if _is_active(user) and user.is_superuser:
        return Agency.objects.all()
    return Agency.objects.filter(pk__in=administered_agency_ids(user))


def root_agency_ids(user) -> set[int]:
    """The agencies where the user holds agency_admin themself (the tops of their subtrees)."""
    if not _is_active(user):
        return set()
    return set(
        Membership.objects.filter(user_id=user.pk, role=Role.AGENCY_ADMIN).values_list(
            "agency_id", flat=True
        )
    )


def can_manage_agency(user, agency: Agency, *, agency_ids: set[int] | None = None) -> bool:
    if not _is_active(user):
        return False
    if user.is_superuser:
        return True
    ids = administered_agency_ids(user) if agency_ids is None else agency_ids
    return agency.pk in ids


def can_delete_agency(user, agency: Agency, *, agency_ids: set[int] | None = None) -> bool:
    """Agency admins may delete units below their own agency, never the agency they hold."""
    if not can_manage_agency(user, agency, agency_ids=agency_ids):
        return False
    return user.is_superuser or agency.pk not in root_agency_ids(user)


def versions_created_by(user) -> list[int]:
    """Ids of the versions the user added (the admin's log is the only record of who did)."""
    content_type = ContentType.objects.get_for_model(ProcedureVersion)
    object_ids = LogEntry.objects.filter(
        user_id=user.pk, content_type=content_type, action_flag=ADDITION
    ).values_list("object_id", flat=True)
    return [int(pk) for pk in object_ids if pk and pk.isdigit()]


def manageable_versions(user, *, agency_ids: set[int] | None = None) -> QuerySet[ProcedureVersion]:
    """Versions implemented by an administered agency, and unassigned drafts the user added."""
    if not _is_active(user):
        return ProcedureVersion.objects.none()
    if user.is_superuser:
        return ProcedureVersion.objects.all()
    ids = administered_agency_ids(user) if agency_ids is None else agency_ids
    assigned = _Through.objects.filter(agency_id__in=ids).values("procedureversion_id")
    has_agency = _Through.objects.filter(procedureversion_id=OuterRef("pk"))
    own_unassigned_draft = Q(pk__in=versions_created_by(user), published_at__isnull=True) & ~Exists(
        has_agency
    )
    return ProcedureVersion.objects.filter(Q(pk__in=assigned) | own_unassigned_draft)


def can_manage_version(user, version: ProcedureVersion, *, agency_ids=None) -> bool:
    """Whether the user may see and act on this version (edit it only if not read-only)."""
    if not _is_active(user):
        return False
    if user.is_superuser:
        return True
    if version.pk is None:
        return False
    return manageable_versions(user, agency_ids=agency_ids).filter(pk=version.pk).exists()


def version_is_read_only(version: ProcedureVersion, today: datetime.date | None = None) -> bool:
    """Locked by a dossier, or published and already in force: change it by a new version."""
    if version.pk is None:
        return False
    if version.locked_at is not None:
        return True
    today = today or timezone.localdate()
    return version.published_at is not None and version.effective_from <= today


def visible_procedures(user, *, agency_ids: set[int] | None = None) -> QuerySet[Procedure]:
    """Procedures with a manageable version, and bare codes that have no version yet."""
    if not _is_active(user):
        return Procedure.objects.none()
    if user.is_superuser:
        return Procedure.objects.all()
    versions = manageable_versions(user, agency_ids=agency_ids).values("procedure_id")
    has_version = ProcedureVersion.objects.filter(procedure_id=OuterRef("pk"))
    return Procedure.objects.filter(Q(pk__in=versions) | ~Exists(has_version))


def manageable_memberships(user, *, agency_ids: set[int] | None = None) -> QuerySet[Membership]:
    """Memberships in the agencies the user administers."""
    if not _is_active(user):
        return Membership.objects.none()
    if user.is_superuser:
        return Membership.objects.all()
    ids = administered_agency_ids(user) if agency_ids is None else agency_ids
    return Membership.objects.filter(agency_id__in=ids)


def _is_active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)
