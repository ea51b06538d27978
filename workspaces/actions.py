"""The action page: one dossier in a workspace, with the forms of what the officer may do now.

A workspace declares its page as a table: an `ActionPage` subclass lists its `rows` in the
order of the page, each a `Row` (slug, Action, form, service, success message, template
section) or a plain `Section` (a part of the page without a form). The class gives the three
views every workspace has, and their addresses:

- `<base><id>/`: the page (GET);
- `<base><id>/tep/<file id>/`: one of the dossier's files (GET);
- `<base><id>/thao-tac/<slug>/`: POST one action; then back to the page with the row's
  success message, or the page again with the form as sent, its errors and the service's
  status (400, 403, 409).

Each view checks, in this order: signed in (else the login page), the workspace's `scope`
(else 403), the dossier within the scope (else 404, like one that does not exist), the slug
(else 404). The services check the rest (`dossiers.services`: 404 → 403 → 409 → 400).

Adding an action to a workspace is one row and one form (docs/architecture.md shows one).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from dossiers import selectors, services
from dossiers.errors import DossierError, NotFound
from dossiers.pages.downloads import file_response
from dossiers.states import State

ACTION_SECTION = "workspaces/_form/action.html"


@dataclass
class Page:
    """What the forms, messages and sections of one request build on: the dossier as the
    user may see it, its events, the actions the user may take now, and the workspace's own
    facts (`ActionPage.facts`)."""

    request: Any
    dossier: Any
    events: list
    available: set
    facts: dict = field(default_factory=dict)

    @property
    def user(self):
        return self.request.user

    def last(self, action):
        """The last event of `action`, or None."""
        for event in reversed(self.events):
            if event.action == action:
                return event
        return None


@dataclass(frozen=True)
class Done:
    """What a success message is made of: the dossier as it was, what the service returned
    (the dossier, or a file), and the valid form."""

    dossier: Any
    result: Any
    form: Any

    @property
    def code(self) -> str:
        return self.dossier.code or ""


@dataclass(frozen=True)
class Row:
    """One action of a workspace.

    - `slug`: its address (`…/thao-tac/<slug>/`) and the anchor of its section;
    - `action`: the transition (`dossiers.states.Action`) whose service runs, offered when the
      user may take it now; or None with `service`, the name of a service of
      `dossiers.services` that is not a transition (an upload, a note), offered by `offered`;
    - `form`: its form (a `workspaces.forms.ActionForm`), given `dossier`, `prefix` and what
      `kwargs(page)` returns;
    - `success(done)`: the message after it worked;
    - `section`: the template of its part of the page (default: the generic form section,
      titled `title`, with `hint`, `intro` (a template shown above the form) and a `button`);
      an empty string when another row's section renders the form;
    - `tone`: "refuse" or "completion" (the section's colour), `collapsed` (folded until used
      or failed), `danger` or `secondary` (the button's look), `multipart` (the form sends
      files);
    - `anchor`: where to go back to after success (default: the top of the page);
    - `tags`: the success message's extra tags, for the page to add to it (the desk's
      `RECEIPT_TAG`: the receipt's link, focused).
    """

    slug: str
    prefix: str
    form: type
    success: Callable[[Done], str]
    action: Any = None
    service: str = ""
    offered: Callable[[Page], bool] | None = None
    kwargs: Callable[[Page], dict] | None = None
    section: str | None = ACTION_SECTION
    title: Any = ""
    hint: Any = ""
    intro: str = ""
    button: Any = ""
    tone: str = ""
    collapsed: bool = False
    danger: bool = False
    secondary: bool = False
    multipart: bool = False
    anchor: str = ""
    tags: str = ""
    always: bool = False  # the section shows (read-only) even without the form

    def service_function(self):
        if self.action is None:
            return getattr(services, self.service)
        return services.SERVICES[self.action]

    def is_offered(self, page: Page) -> bool:
        if self.offered is not None:
            return self.offered(page)
        return self.action is not None and self.action in page.available

    def make_form(self, page: Page, data=None, files=None):
        extra = self.kwargs(page) if self.kwargs else {}
        return self.form(data, files, dossier=page.dossier, prefix=self.prefix, **extra)


@dataclass(frozen=True)
class Section:
    """A part of the page without a form of its own (the components, the notes…), shown
    between the rows in the table's order."""

    template: str


class ActionPage:
    """One workspace's page of a dossier. Subclasses set `name` (URL names `<name>_dossier`,
    `<name>_file`, `<name>_act`), `base` (the address of its list), `template` and `rows`, and
    override `scope`, `in_scope`, `facts` and `context` as they need."""

    name = ""
    base = ""
    template = ""
    rows: tuple = ()
    # The service's NotFound of these slugs is the form's error (a file id that is not the
    # dossier's), not a 404 of the page.
    missing_is_input: frozenset = frozenset()

    # ---- What a workspace says ---------------------------------------------------------------

    def scope(self, request):
        """What the user works on (units, agencies); raise PermissionDenied if nothing."""
        raise NotImplementedError

    def in_scope(self, request, dossier, scope) -> bool:
        raise NotImplementedError

    def facts(self, page: Page) -> dict:
        """What this workspace's forms and sections build on, computed once per request."""
        return {}

    def context(self, page: Page, forms: dict) -> dict:
        """The page's own context beside the forms."""
        return {}

    def after(self, request, row: Row, dossier) -> str:
        """Where to go after `row` worked."""
        target = reverse(f"workspaces:{self.name}_dossier", args=[dossier.pk])
        return target + (f"#{row.anchor}" if row.anchor else "")

    # ---- The machinery -----------------------------------------------------------------------

    def row(self, slug) -> Row:
        for entry in self.rows:
            if isinstance(entry, Row) and entry.slug == slug:
                return entry
        raise Http404(_("Không có thao tác này."))

    def load(self, request, dossier_id, scope):
        """The whole dossier if it is in the user's scope; else 404."""
        dossier = selectors.dossier_detail_for(request.user, dossier_id)
        if dossier is None or not self.in_scope(request, dossier, scope):
            raise Http404(_("Không tìm thấy hồ sơ."))
        return dossier

    def page(self, request, dossier) -> Page:
        events = selectors.dossier_events_for(request.user, dossier.pk) or []
        available = set(services.available_actions(dossier, request.user))
        page = Page(request, dossier, events, available)
        page.facts = self.facts(page)
        return page

    def render(self, page: Page, bound=None, bound_row=None, status=200):
        forms, sections = {}, []
        for entry in self.rows:
            if isinstance(entry, Section):
                sections.append({"template": entry.template})
                continue
            form = None
            if entry is bound_row:
                form = bound
            elif entry.is_offered(page):
                form = entry.make_form(page)
            if form is not None:
                forms[entry.prefix] = form
            if entry.section and (form is not None or entry.always):
                sections.append({"template": entry.section, "row": entry, "form": form})
        context = {
            "dossier": page.dossier,
            "state_label": State(page.dossier.state).label,
            "events": page.events,
            "forms": forms,
            "sections": sections,
            "acted": bool(forms),
            "read_only": page.dossier.is_read_only,
            "failed": bound_row.prefix if bound_row else "",
            "act_url": f"workspaces:{self.name}_act",
            "file_url": f"workspaces:{self.name}_file",
            **page.facts,
        }
        context.update(self.context(page, forms))
        return render(page.request, self.template, context, status=status)

    def run(self, request, row: Row, page: Page, form):
        """Call the row's service with the form's arguments: (its result, None), or (None,
        the error's status) with the service's messages put on the form."""
        try:
            done = row.service_function()(
                dossier_id=page.dossier.pk, actor=request.user, **form.service_kwargs()
            )
            return done, None
        except NotFound as failure:
            if row.slug not in self.missing_is_input:
                raise Http404(_("Không tìm thấy hồ sơ.")) from None
            form.add_service_error(failure)
            return None, failure.status
        except DossierError as failure:
            form.add_service_error(failure)
            return None, failure.status

    # ---- The views ---------------------------------------------------------------------------

    def dossier_view(self, request, dossier_id):
        scope = self.scope(request)
        dossier = self.load(request, dossier_id, scope)
        return self.render(self.page(request, dossier))

    def file_view(self, request, dossier_id, file_id):
        scope = self.scope(request)
        dossier = self.load(request, dossier_id, scope)
        stored = selectors.dossier_file_for(request.user, dossier.pk, file_id)
        # `?xem=1`: read it in the browser (a PDF or an image), else download it.
        return file_response(stored, inline=request.GET.get("xem") == "1")

    def act_view(self, request, dossier_id, slug):
        scope = self.scope(request)
        dossier = self.load(request, dossier_id, scope)
        row = self.row(slug)
        page = self.page(request, dossier)
        form = row.make_form(page, data=request.POST, files=request.FILES)
        status = 400
        if form.is_valid():
            result, failed = self.run(request, row, page, form)
            status = failed or status
            if not failed:
                text = row.success(Done(dossier, result, form))
                messages.success(request, text, extra_tags=row.tags)
                return redirect(self.after(request, row, dossier))
        dossier = self.load(request, dossier.pk, scope)  # as saved now
        return self.render(self.page(request, dossier), form, row, status=status)

    def urlpatterns(self) -> list:
        login = login_required
        return [
            path(
                f"{self.base}<uuid:dossier_id>/",
                never_cache(login(require_GET(self.dossier_view))),
                name=f"{self.name}_dossier",
            ),
            path(
                f"{self.base}<uuid:dossier_id>/tep/<uuid:file_id>/",
                login(require_GET(self.file_view)),
                name=f"{self.name}_file",
            ),
            path(
                f"{self.base}<uuid:dossier_id>/thao-tac/<slug:slug>/",
                never_cache(login(require_POST(self.act_view))),
                name=f"{self.name}_act",
            ),
        ]
