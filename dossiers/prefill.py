"""Declared once, served for life: what a new declaration can start with.

A field of a form that names a `prefill` source gets, in this order, the value of that
source in the applicant's profile (`citizens.selectors.prefill_values`), else their answer to
the same field in their latest declaration under a form of the same title. Only those fields:
what is about this case (the child, the household's new address) is never carried over.
Each filled answer is marked with where it came from, for the applicant and the officers.
"""

from citizens.selectors import prefill_values
from procedures.declarations import fields_of

from .models import DeclarationAnswers

PROFILE, EARLIER = "profile", "earlier"


def prefill_for(user, component) -> tuple[dict, dict]:
    """(answers, {key: "profile" or "earlier"}) for a new declaration of `component`."""
    form = component.form or {}
    wanted = {
        place.field["key"]: place.field["prefill"]
        for place in fields_of(form)
        if place.field.get("prefill")
    }
    if not wanted:
        return {}, {}
    known = prefill_values(user)
    answers, sources = {}, {}
    for key, source in wanted.items():
        if source in known:
            answers[key], sources[key] = known[source], PROFILE
    missing = [key for key in wanted if key not in answers]
    if missing:
        earlier = (
            DeclarationAnswers.objects.filter(
                dossier__applicant_id=user.pk, component__form__title=form.get("title")
            )
            .order_by("-updated_at")
            .values_list("answers", flat=True)
            .first()
        )
        for key in missing:
            if earlier and key in earlier:
                answers[key], sources[key] = earlier[key], EARLIER
    return answers, sources
