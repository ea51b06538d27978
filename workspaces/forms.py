"""What every action form of a workspace shares.

An action form checks the shape of what was sent and turns it into the service's keyword
arguments (`service_kwargs`); the service (`dossiers.services`) checks the rest and has the last
word. A service's `BadInput.fields` names its own arguments; `field_for` says on which of the
form's fields each lands. `parts()` pairs each field with the include that renders it, so one
template (`workspaces/_form/action.html`) renders any action form.
"""

from django import forms

from common.forms import IF_SPECIFIC, add_service_error

TEXT_MAX = 2000

FIELD = "workspaces/_form/field.html"
CHOICES = "workspaces/_form/choices.html"
CHECK = "workspaces/_form/check.html"
_BY_WIDGET = {
    "checkbox": CHECK,
    "checkboxselectmultiple": CHOICES,
    "radioselect": CHOICES,
}


def text_field(label, *, required=True, rows=3, help_text=""):
    """A free text of an action (a reason, a note), as long as the services accept."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class ActionForm(forms.Form):
    """What one action asks for, for one dossier (`dossier` may be None for forms that do not
    build on it)."""

    # Service argument → form field, for a service's field errors.
    field_for: dict[str, str] = {}

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.dossier = dossier

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)

    def add_service_error(self, error) -> None:
        """A service's error: its message on top (unless the generic one adds nothing to the
        fields' own messages), each field's message on its field."""
        add_service_error(self, error, renames=self.field_for, message=IF_SPECIFIC)

    def parts(self) -> list[tuple]:
        """(bound field, the include that renders it), in the form's order; hidden fields
        are rendered by the form template itself."""
        return [
            (field, _BY_WIDGET.get(field.widget_type, FIELD)) for field in self.visible_fields()
        ]
