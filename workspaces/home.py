"""The officers' workspaces: which a user may open, by the roles they hold, and their home
page `/ban-lam-viec/`.

A workspace is listed when the user holds one of its roles in some agency; the pages check
again on the server, per agency and per dossier. Used by the header (`portal.context_processors`)
and by the officers' home page (`/ban-lam-viec/`).
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from dossiers import permissions as perms
from procedures.models import Role

from .desk.queries import desk_units


@dataclass(frozen=True)
class Workspace:
    url_name: str
    title: str
    description: str
    roles: frozenset

    @property
    def url(self) -> str:
        return reverse(self.url_name)


WORKSPACES = (
    Workspace(
        "workspaces:desk",
        _("Bộ phận Một cửa"),
        _("Kiểm tra, tiếp nhận hồ sơ nộp trực tuyến; chuyển xử lý; trả kết quả."),
        perms.DESK_ROLES,
    ),
    Workspace(
        "workspaces:intake",
        _("Tiếp nhận trực tiếp"),
        _("Nhận hồ sơ người dân nộp tại quầy và in Giấy tiếp nhận."),
        perms.DESK_ROLES,
    ),
    Workspace(
        "workspaces:work",
        _("Xử lý hồ sơ"),
        _("Hồ sơ của tôi và của đơn vị: thẩm định, yêu cầu bổ sung, trình phê duyệt."),
        perms.PROCESSING_ROLES,
    ),
    Workspace(
        "workspaces:consult_queue",
        _("Liên thông"),
        _("Ý kiến cơ quan khác hỏi đơn vị mình, và câu trả lời."),
        perms.PROCESSING_ROLES,
    ),
    Workspace(
        "workspaces:approval",
        _("Phê duyệt"),
        _("Hồ sơ chờ lãnh đạo phê duyệt hoặc từ chối giải quyết."),
        frozenset({Role.LEADER}),
    ),
)


def workspaces_for(user) -> list[Workspace]:
    """The workspaces `user` may open (none for citizens and anonymous visitors). The desk's
    need a desk role in an agency that has a desk (a head of unit of a department has none)."""
    roles = {role for _agency, role in perms.memberships(user)}
    spaces = [space for space in WORKSPACES if roles & space.roles]
    if any(space.roles == perms.DESK_ROLES for space in spaces) and not desk_units(user):
        spaces = [space for space in spaces if space.roles != perms.DESK_ROLES]
    return spaces


def has_workspace(user) -> bool:
    """Whether `user` has any workspace (the header's link), without a query for those with a
    processing role."""
    roles = {role for _agency, role in perms.memberships(user)}
    if roles & perms.PROCESSING_ROLES:
        return True
    return bool(roles & perms.DESK_ROLES) and bool(desk_units(user))


@login_required
@require_GET
def workspace(request):
    spaces = workspaces_for(request.user)
    if not spaces:
        raise PermissionDenied
    return render(request, "workspaces/home.html", {"spaces": spaces})


urlpatterns = [
    path("ban-lam-viec/", workspace, name="workspace"),
]
