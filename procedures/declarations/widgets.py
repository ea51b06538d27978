"""A declaration form's fields as a page draws them: one dict per field with its name in the
posted form, its value, its errors and, per kind, its options, provinces and wards. Shared by
the applicant's pages (dossiers.pages.declare) and the catalog admin's preview."""

from vietnam_provinces import Province

from ..geography import wards_of


def field_name(*parts) -> str:
    return "__".join(str(part) for part in parts)


def _provinces():
    return sorted(((int(p.code), p.name) for p in Province.iter_all()), key=lambda item: item[1])


def widget(spec, value, *, name, errors, prefilled=None):
    """What the template needs to draw one field."""
    drawn = {
        "spec": spec,
        "kind": spec["kind"],
        "name": name,
        "id": "f-" + name.replace("__", "-"),
        "label": spec["label"],
        "mark": spec.get("mark", ""),
        "help": spec.get("help", ""),
        "required": bool(spec.get("required")),
        "value": value,
        "errors": errors.get(name, []),
        "prefilled": prefilled,
    }
    kind = spec["kind"]
    if kind == "choice":
        chosen = value if isinstance(value, list) else [value]
        drawn["options"] = [
            {"value": o["value"], "label": o["label"], "checked": o["value"] in chosen}
            for o in spec["options"]
        ]
        drawn["as_select"] = len(spec["options"]) > 6 and not spec.get("multiple")
    elif kind == "address":
        value = value if isinstance(value, dict) else {}
        province = value.get("province")
        drawn.update(
            province=province,
            ward=value.get("ward"),
            street=value.get("street", ""),
            provinces=_provinces(),
            wards=wards_of(province) if isinstance(province, int) else [],
            part_errors={
                part: errors.get(field_name(name, part), [])
                for part in ("province", "ward", "street")
            },
        )
    elif kind == "number":
        drawn["value"] = "" if value is None else value
        drawn["integer"] = bool(spec.get("integer"))
    return drawn


def errors_by_name(errors) -> dict:
    """{form field name: [messages]} from the errors' JSON pointers (/cha_me/0/ho_ten →
    cha_me__0__ho_ten); an address part's error also shows on the address."""
    found = {}
    for error in errors:
        parts = [p.replace("~1", "/").replace("~0", "~") for p in error["pointer"].split("/")[1:]]
        name = field_name(*parts)
        found.setdefault(name, []).append(error["message"])
        if len(parts) > 1 and parts[-1] in ("province", "ward", "street"):
            found.setdefault(field_name(*parts[:-1]), [])
    return found


def preview_pages(definition: dict, answers: dict | None = None) -> list[dict]:
    """Every page of the form drawn with `answers` (the definition's example by default), for
    the catalog admin's preview: each section (with the condition that shows it) and its
    fields as the applicant's pages draw them; a group shows its items, or one empty one."""
    answers = definition.get("example", {}) if answers is None else answers
    pages = []
    for page in definition.get("pages", []):
        sections = []
        for section in page.get("sections", []):
            fields = []
            for spec in section.get("fields", []):
                key = spec["key"]
                value = answers.get(key)
                drawn = widget(spec, value, name=key, errors={})
                if spec["kind"] == "group":
                    rows = [r for r in (value or []) if isinstance(r, dict)] or [{}]
                    drawn["items"] = [
                        [
                            widget(
                                member,
                                row.get(member["key"]),
                                name=field_name(key, index, member["key"]),
                                errors={},
                            )
                            for member in spec["fields"]
                        ]
                        for index, row in enumerate(rows)
                    ]
                    drawn["count"] = len(rows)
                fields.append(drawn)
            sections.append({"spec": section, "fields": fields})
        pages.append({"spec": page, "sections": sections})
    return pages
