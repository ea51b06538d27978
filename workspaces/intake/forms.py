"""Forms of walk-in intake at the desk (`dossiers.pages.intake`).

`StartForm` is step 1 (the applicant, the procedure, the agency); `IntakeForm` is step 2 (what
was handed in, with the copy kind of each paper, the scans, and how the result is returned).
They check shapes; the services (`dossiers.services`) check the rest and have the last word.
"""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import add_service_error
from dossiers.services import delivery_choices
from dossiers.states import ReturnChannel
from procedures.models import CopyKind

# The steps of the one start form, sent by its buttons (`do`); Enter sends "next", which the
# page turns into the step the form needs now (`StartForm.next_step`).
LOOKUP, SEARCH, CREATE, NEXT = "lookup", "search", "create", "next"
STEPS = (LOOKUP, SEARCH, CREATE, NEXT)


class StartForm(forms.Form):
    tim = forms.CharField(
        label=_("Tìm người nộp: số định danh hoặc số điện thoại"),
        required=False,
        max_length=20,
        help_text=_(
            "Số CCCD, mã số thuế hoặc số điện thoại của người có tài khoản trên cổng; "
            "không có tài khoản thì nhập thông tin bên dưới."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    applicant_name = forms.CharField(
        label=_("Họ tên người nộp (hoặc tên tổ chức)"),
        max_length=255,
        error_messages={"required": _("Cần nhập họ tên người nộp.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    applicant_id_number = forms.CharField(
        label=_("Số định danh (số CCCD hoặc mã số thuế)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    applicant_phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    applicant_email = forms.EmailField(
        label=_("Thư điện tử"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ.")},
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    applicant_address = forms.CharField(
        label=_("Địa chỉ"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    thu_tuc_q = forms.CharField(
        label=_("Tìm thủ tục"),
        required=False,
        max_length=200,
        help_text=_(
            "Gõ mã thủ tục hoặc vài từ trong tên rồi nhấn Enter: thủ tục khớp nhất được chọn sẵn."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    procedure = forms.ChoiceField(
        label=_("Thủ tục"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Cần chọn thủ tục: gõ mã hoặc tên thủ tục rồi nhấn Enter để tìm."),
            "invalid_choice": _("Cần chọn một thủ tục trong kết quả tìm."),
        },
    )
    agency = forms.ChoiceField(
        label=_("Cơ quan giải quyết hồ sơ"),
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Cơ quan này không thực hiện thủ tục đã chọn.")},
    )
    client_token = forms.UUIDField(widget=forms.HiddenInput)
    # What the last lookup and the last search were made with: Enter repeats neither.
    looked_up = forms.CharField(widget=forms.HiddenInput, required=False)
    searched = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, procedures=(), agencies=(), focus="tim", **kwargs):
        kwargs.setdefault("initial", {}).setdefault("client_token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.fields["procedure"].choices = list(procedures)
        self.fields["agency"].choices = list(agencies)
        if focus in self.fields and focus != "procedure":  # radios: the template decides
            self.fields[focus].widget.attrs["autofocus"] = True
        self.focus = focus

    @staticmethod
    def next_step(data) -> str:
        """What Enter means now: look the applicant up when a new number was typed, search
        the procedures when a new query was typed, otherwise create the dossier."""
        tim = (data.get("tim") or "").strip()
        query = (data.get("thu_tuc_q") or "").strip()
        if tim and tim != (data.get("looked_up") or "").strip():
            return LOOKUP
        if query and query != (data.get("searched") or "").strip():
            return SEARCH
        return CREATE

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "procedure_code": data["procedure"],
            "agency_code": data.get("agency") or "",
            "applicant_name": data["applicant_name"],
            "applicant_id_number": data["applicant_id_number"],
            "applicant_phone": data["applicant_phone"],
            "applicant_email": data["applicant_email"],
            "applicant_address": data["applicant_address"],
            "client_token": data["client_token"],
        }


# Copy kinds offered at the desk, in the order officers meet them.
COPY_CHOICES = list(CopyKind.choices)


def default_copy(component) -> str:
    """The copy kind the procedure asks for first (original when it says nothing)."""
    copies = component.copies
    return copies[0][0].value if copies else CopyKind.ORIGINAL.value


class IntakeForm(forms.Form):
    """Step 2: per component, handed in (`nhan`), which copy (`ban-<id>`) and an optional scan
    (`tep-<id>`); then how the result is returned. Built from the version's components."""

    delivery_channel = forms.ChoiceField(
        label=_("Nhận kết quả"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Cần chọn cách nhận kết quả.")},
    )
    delivery_address = forms.CharField(
        label=_("Địa chỉ nhận kết quả qua bưu chính"),
        max_length=500,
        required=False,
        help_text=_("Chỉ cần khi chọn nhận kết quả qua dịch vụ bưu chính công ích."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.CharField(
        label=_("Hướng dẫn hoàn thiện cho người nộp"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, dossier, components, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("delivery_channel", dossier.delivery_channel or ReturnChannel.DESK)
        initial.setdefault("delivery_address", dossier.delivery_address)
        super().__init__(*args, **kwargs)
        self.dossier = dossier
        self.components = list(components)
        choices = delivery_choices(dossier.version)
        if dossier.applicant_id is None:
            # No account, so no personal document store for an electronic result.
            choices = [(v, label) for v, label in choices if v != ReturnChannel.ONLINE]
        self.fields["delivery_channel"].choices = choices
        self.upload_errors: dict[int, list[str]] = {}

    # The checklist is read by hand: its fields are named after the components.

    def ticked(self) -> set[int]:
        if not self.is_bound:
            return set()
        sent = set(self.data.getlist("nhan"))
        return {c.pk for c in self.components if str(c.pk) in sent}

    def copy_of(self, component) -> str:
        value = self.data.get(f"ban-{component.pk}") if self.is_bound else None
        return value if value in CopyKind.values else default_copy(component)

    def upload_of(self, component):
        return self.files.get(f"tep-{component.pk}") if self.is_bound else None

    def missing(self) -> list:
        """The required components not ticked as handed in."""
        ticked = self.ticked()
        return [c for c in self.components if c.required and c.pk not in ticked]

    def checklist(self) -> dict[str, str]:
        """The service's checklist: the copy kind handed in for each ticked component."""
        return {str(c.pk): self.copy_of(c) for c in self.components if c.pk in self.ticked()}

    def rows(self, files_by_component) -> list[dict]:
        ticked = self.ticked()
        return [
            {
                "component": c,
                "id": f"nhan-{c.pk}",
                "ticked": c.pk in ticked,
                "copy": self.copy_of(c),
                "copy_choices": [
                    {"value": value, "label": label, "id": f"ban-{c.pk}-{value}"}
                    for value, label in COPY_CHOICES
                ],
                "files": files_by_component.get(c.pk, []),
                "errors": self.upload_errors.get(c.pk, []),
                "missing": self.is_bound and c.required and c.pk not in ticked,
            }
            for c in self.components
        ]

    def delivery_changes(self) -> dict:
        data = self.cleaned_data
        changes = {}
        if data["delivery_channel"] != self.dossier.delivery_channel:
            changes["delivery_channel"] = data["delivery_channel"]
        address = (data.get("delivery_address") or "").strip()
        if data["delivery_channel"] == ReturnChannel.POST and address != (
            self.dossier.delivery_address or ""
        ):
            changes["delivery_channel"] = data["delivery_channel"]
            changes["delivery_address"] = address
        return changes

    def add_service_error(self, error) -> None:
        """A service's error: each field's message on its field, else on top."""
        add_service_error(self, error)
