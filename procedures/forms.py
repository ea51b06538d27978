"""Forms of the public catalog pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Level, OnlineLevel
from .page_queries import filter_agencies
from .selectors import field_list

MAX_QUERY_LENGTH = 200


class ProcedureFilterForm(forms.Form):
    """The GET parameters of the procedure list. Invalid values are ignored, never an error page.

    Always bind it (even to an empty QueryDict) and read `filters()` and `page_number()`.
    """

    q = forms.CharField(
        label=_("Tìm thủ tục hành chính"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "enterkeyhint": "search", "autocomplete": "off"}
        ),
    )
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    agency = forms.ChoiceField(label=_("Cơ quan thực hiện"), required=False)
    level = forms.ChoiceField(
        label=_("Cấp thực hiện"),
        required=False,
        choices=[("", _("Tất cả các cấp")), *Level.choices],
    )
    online_level = forms.ChoiceField(
        label=_("Mức độ dịch vụ công trực tuyến"),
        required=False,
        choices=[("", _("Tất cả các mức độ")), *OnlineLevel.choices],
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("Tất cả lĩnh vực"))] + [
            (f.code, f.name) for f in field_list()
        ]
        self.fields["agency"].choices = [("", _("Tất cả cơ quan"))] + [
            (a.code, a.name) for a in filter_agencies()
        ]

    def clean_q(self):
        return self.cleaned_data["q"][:MAX_QUERY_LENGTH]

    def _valid(self, name):
        self.is_valid()
        return self.cleaned_data.get(name)

    def filters(self) -> dict:
        """Keyword arguments for `selectors.procedure_list`, from the valid parameters only."""
        return {
            "search": self._valid("q") or "",
            "field": self._valid("field") or "",
            "agency": self._valid("agency") or "",
            "level": self._valid("level") or "",
            "online_level": self._valid("online_level") or "",
        }

    def page_number(self) -> int:
        return self._valid("page") or 1

    def is_filtered(self) -> bool:
        return any(self.filters().values())

    def filter_count(self) -> int:
        """How many filters beside the search text are applied."""
        return sum(1 for name, value in self.filters().items() if name != "search" and value)
