"""The officers' workspaces: which a user may open, by the roles they hold, and their home
page `/ban-lam-viec/`.

A workspace is listed when the user holds one of its roles in some agency; the pages check
again on the server, per agency and per dossier. Used by the header (`portal.context_processors`)
and by the officers' home page (`/ban-lam-viec/`).
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from dossiers import deadlines
from dossiers import permissions as perms
from dossiers.consult import selectors as consult_selectors
from dossiers.states import CLOCK_RUNNING, State
from procedures.models import Role

from .approval import queries as approval_queries
from .desk import queries as desk_queries
from .desk.queries import desk_units
from .work import queries as work_queries


@dataclass(frozen=True)
class Workspace:
    url_name: str
    title: str
    description: str
    roles: frozenset
    key: str = ""  # which `summary` counts it

    @property
    def url(self) -> str:
        return reverse(self.url_name)


WORKSPACES = (
    Workspace(
        "workspaces:desk",
        _("Bộ phận Một cửa"),
        _("Kiểm tra, tiếp nhận hồ sơ nộp trực tuyến; chuyển xử lý; trả kết quả."),
        perms.DESK_ROLES,
        "desk",
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
        "work",
    ),
    Workspace(
        "workspaces:consult_queue",
        _("Liên thông"),
        _("Ý kiến cơ quan khác hỏi đơn vị mình, và câu trả lời."),
        perms.PROCESSING_ROLES,
        "consult",
    ),
    Workspace(
        "workspaces:approval",
        _("Phê duyệt"),
        _("Hồ sơ chờ lãnh đạo phê duyệt hoặc từ chối giải quyết."),
        frozenset({Role.LEADER}),
        "approval",
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


def _today(now):
    """[start, end) of the local day of `now`."""
    start = deadlines.to_local(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + datetime.timedelta(days=1)


def summary(space: Workspace, user, now) -> list[str]:
    """What waits in a workspace, in words: how many in its queue and how many are due today
    (one query a workspace)."""
    start, end = _today(now)
    due_today = Q(due_at__gte=start, due_at__lt=end) | Q(
        step_due_at__gte=start, step_due_at__lt=end
    )
    if space.key == "desk":
        units = desk_units(user)
        waiting = desk_queries.desk_queryset(user, units).aggregate(
            new=Count("pk", filter=Q(state=State.SUBMITTED)),
            due=Count("pk", filter=due_today & Q(state__in=[State.RECEIVED, State.RESOLVED])),
        )
        return [
            _("%(n)d hồ sơ chờ tiếp nhận") % {"n": waiting["new"]},
            _("%(n)d hồ sơ đến hạn chuyển, trả hôm nay") % {"n": waiting["due"]},
        ]
    if space.key == "work":
        waiting = work_queries.work_queryset(user).aggregate(
            mine=Count("pk", filter=Q(assignee=user)),
            unassigned=Count("pk", filter=Q(assignee__isnull=True)),
            due=Count("pk", filter=due_today & Q(state__in=list(CLOCK_RUNNING))),
        )
        return [
            _("%(n)d hồ sơ của tôi") % {"n": waiting["mine"]},
            _("%(n)d hồ sơ chưa phân công") % {"n": waiting["unassigned"]},
            _("%(n)d hồ sơ đến hạn hôm nay") % {"n": waiting["due"]},
        ]
    if space.key == "consult":
        open_ = consult_selectors.consultations_for(user, direction="to", state="open")
        waiting = open_.aggregate(
            open=Count("pk"), due=Count("pk", filter=Q(due_at__gte=start, due_at__lt=end))
        )
        return [
            _("%(n)d yêu cầu chờ trả lời") % {"n": waiting["open"]},
            _("%(n)d đến hạn hôm nay") % {"n": waiting["due"]},
        ]
    if space.key == "approval":
        waiting = approval_queries.approval_queue(user, approval_queries.leader_agencies(user))
        waiting = waiting.order_by().aggregate(all=Count("pk"), due=Count("pk", filter=due_today))
        return [
            _("%(n)d hồ sơ chờ phê duyệt") % {"n": waiting["all"]},
            _("%(n)d đến hạn hôm nay") % {"n": waiting["due"]},
        ]
    return []


@login_required
@require_GET
def workspace(request):
    spaces = workspaces_for(request.user)
    if not spaces:
        raise PermissionDenied
    now = timezone.now()
    rows = [{"space": s, "summary": summary(s, request.user, now)} for s in spaces]
    return render(request, "workspaces/home.html", {"spaces": spaces, "rows": rows})


urlpatterns = [
    path("ban-lam-viec/", workspace, name="workspace"),
]
