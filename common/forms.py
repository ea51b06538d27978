"""Putting a service's error on a Django form: the one way every page and the admin do it."""

IF_NO_FIELDS = "if_no_fields"  # the error's message only when it names no field
IF_SPECIFIC = "if_specific"  # ... or when it says more than its class's generic message
ALWAYS = "always"  # on top in every case


def add_service_error(form, error, *, renames=None, message: str = IF_NO_FIELDS) -> None:
    """Each of `error.fields` on the form field of that name (`renames`: the service's name →
    the form's), or form-wide when the form has no such field; the error's own message
    form-wide as `message` says."""
    fields = error.fields or {}
    renames = renames or {}
    show = (
        message == ALWAYS
        or not fields
        or (message == IF_SPECIFIC and str(error.message) != str(type(error).default_message))
    )
    if show:
        form.add_error(None, str(error.message))
    for name, texts in fields.items():
        target = renames.get(name, name)
        for text in texts if isinstance(texts, list | tuple) else [texts]:
            form.add_error(target if target in form.fields else None, str(text))
