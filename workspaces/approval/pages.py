"""The leaders' approval queue (phê duyệt), a short page for signing off results.

- `/ban-lam-viec/phe-duyet/`: the dossiers waiting for approval (state pending_approval) of
  the agencies where the user is a leader (`Role.LEADER`, the competent agency of the
  dossier), oldest submission first, each with the specialist's note and draft result files
  (from the last submit-for-approval event, plus the draft results uploaded since) and its
  due flags; paginated with a fixed number of queries;
- `…/<id>/`: one dossier: what is asked, the note, the files to read and choose from, the
  consultations of other agencies, and the decisions: approve (the result is numbered
  `<code>-KQn`, `services.dossier_approve`), deny with reasons (`services.dossier_deny`), or
  send back for more work (`services.dossier_send_back`); once resolved, the result's number
  and code;
- `…/<id>/tep/<file id>/`: download one of its files;
- `…/<id>/thao-tac/<action>/`: POST one decision; then back to the page with a message, or
  the page again with the form as sent, its errors and the service's status (400, 403, 409).

Only leaders are served: anyone else signed in gets 403, anonymous users the login page. A
dossier of another agency answers 404, like one that does not exist.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common.paging import KeysFirstPaginator
from dossiers.consult import selectors as consult_selectors
from dossiers.states import Action, State

from ..actions import ActionPage, Done, Row
from ..flags import Flagger
from ..papers import applicant_papers
from . import forms
from .queries import approval_queue, draft_files, leader_agencies, result_choices, submission

PAGE_SIZE = 25


def _scope(request) -> set[int]:
    agencies = leader_agencies(request.user)
    if not agencies:
        raise PermissionDenied(_("Trang này dành cho lãnh đạo cơ quan."))
    return agencies


# ---- The queue --------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def approval_home(request):
    agencies = _scope(request)
    flagger = Flagger()
    page = KeysFirstPaginator(approval_queue(request.user, agencies), PAGE_SIZE).get_page(
        request.GET.get("trang")
    )
    rows = []
    for dossier in page.object_list:
        last = submission(dossier)
        rows.append(
            {
                "dossier": dossier,
                "submission": last,
                "files": draft_files(dossier, last),
                "flags": flagger.approval(dossier),
            }
        )
    return render(request, "workspaces/approval/queue.html", {"page": page, "rows": rows})


# ---- One dossier ------------------------------------------------------------------------------


def _issued(done: Done) -> dict:
    result = done.result.results.order_by("-number").first()
    return {"code": done.code, "number": result.number, "result": result.code}


def _pending(action):
    """Offered while the dossier waits for approval and the leader may decide it."""
    return lambda page: page.dossier.state == State.PENDING_APPROVAL and action in page.available


def _approved_drafts(page) -> dict:
    return {"choices": page.facts["choices"]["approved"]}


def _denied_drafts(page) -> dict:
    return {"choices": page.facts["choices"]["denied"]}


class ApprovalPage(ActionPage):
    name = "approval"
    base = "ban-lam-viec/phe-duyet/"
    template = "workspaces/approval/dossier.html"
    rows = (
        Row(
            "phe-duyet",
            "approve",
            forms.ApproveForm,
            action=Action.APPROVE,
            offered=_pending(Action.APPROVE),
            kwargs=_approved_drafts,
            success=lambda done: (
                _("Đã phê duyệt hồ sơ %(code)s. Kết quả số %(number)d, mã %(result)s.")
                % _issued(done)
            ),
            title=gettext_lazy("Phê duyệt"),
            hint=gettext_lazy(
                "Phê duyệt: kết quả được cấp số và mã kết quả, văn bản được in lại từ dự thảo, "
                "ký số rồi gửi người nộp; hồ sơ chuyển về Bộ phận Một cửa để trả kết quả."
            ),
            button=gettext_lazy("Phê duyệt, cấp số kết quả"),
        ),
        Row(
            "tu-choi",
            "deny",
            forms.DenyForm,
            action=Action.DENY,
            offered=_pending(Action.DENY),
            kwargs=_denied_drafts,
            success=lambda done: (
                _(
                    "Đã từ chối giải quyết hồ sơ %(code)s. Văn bản trả lời số %(number)d, mã "
                    "%(result)s."
                )
                % _issued(done)
            ),
            title=gettext_lazy("Từ chối giải quyết"),
            button=gettext_lazy("Từ chối giải quyết"),
            tone="refuse",
            collapsed=True,
            danger=True,
        ),
        Row(
            "tra-lai",
            "send_back",
            forms.SendBackForm,
            action=Action.SEND_BACK,
            offered=_pending(Action.SEND_BACK),
            success=lambda done: (
                _("Đã trả lại hồ sơ %(code)s để xử lý tiếp.") % {"code": done.code}
            ),
            title=gettext_lazy("Trả lại để xử lý tiếp"),
            button=gettext_lazy("Trả lại"),
            tone="refuse",
            collapsed=True,
            secondary=True,
        ),
    )

    def scope(self, request):
        return _scope(request)

    def in_scope(self, request, dossier, scope) -> bool:
        return dossier.competent_agency_id in scope

    def facts(self, page) -> dict:
        last = submission(page.dossier)
        return {
            "submission": last,
            "files": draft_files(page.dossier, last),
            "choices": result_choices(page.dossier),
        }

    def context(self, page, forms) -> dict:
        dossier = page.dossier
        flagger = Flagger()
        pending = dossier.state == State.PENDING_APPROVAL
        return {
            **applicant_papers(dossier),
            "flags": flagger.approval(dossier) if pending else [],
            "results": list(dossier.results.all()),
            "consultations": [
                {"c": c, "flags": flagger.consultation(c)}
                for c in consult_selectors.consultations_of_dossier(dossier)
            ],
        }


page = ApprovalPage()

urlpatterns = [
    path("ban-lam-viec/phe-duyet/", approval_home, name="approval"),
    *page.urlpatterns(),
]
