"""Answers in words: what the review page, the officers' pages and the printed declaration
show, section by section, in the form's order, with the hidden sections left out."""

import datetime
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ..geography import province_name, ward_name
from .answers import normalize, shown


@dataclass
class Item:
    key: str
    label: str
    mark: str = ""
    text: str = ""
    columns: list = field(default_factory=list)  # a repeatable group: its members' labels
    rows: list = field(default_factory=list)  # ... and one list of texts per item
    prefilled: bool = False

    @property
    def is_group(self) -> bool:
        return bool(self.columns)


@dataclass
class Section:
    key: str
    title: str
    items: list


@dataclass
class Page:
    key: str
    title: str
    sections: list


def answer_pages(definition: dict, answers: dict, *, prefilled=(), keep_empty=True) -> list:
    """[Page] of the shown sections; `keep_empty` keeps unanswered fields (with an empty text)
    so that a printed form shows every line."""
    answers = normalize(definition, answers or {})
    prefilled = set(prefilled)
    pages = []
    for page in definition["pages"]:
        sections = []
        for section in page["sections"]:
            if "shown_when" in section and not shown(section["shown_when"], answers):
                continue
            items = []
            for spec in section["fields"]:
                if "shown_when" in spec and not shown(spec["shown_when"], answers):
                    continue
                value = answers.get(spec["key"])
                if value is None and not keep_empty:
                    continue
                item = _item(spec, value)
                item.prefilled = spec["key"] in prefilled
                items.append(item)
            if items:
                sections.append(Section(section["key"], section.get("title", ""), items))
        if sections:
            pages.append(Page(page["key"], page["title"], sections))
    return pages


def _item(spec, value) -> Item:
    item = Item(spec["key"], spec["label"], spec.get("mark", ""))
    if spec["kind"] == "group":
        item.columns = [member["label"] for member in spec["fields"]]
        item.rows = [
            [text_of(member, (row or {}).get(member["key"])) for member in spec["fields"]]
            for row in (value or [])
            if isinstance(row, dict)
        ]
        if not item.rows:
            item.text = _("Không có")
    else:
        item.text = text_of(spec, value)
    return item


def text_of(spec: dict, value) -> str:
    """One answer as words: dates day/month/year, choices by their labels, yes or no, an
    address with its ward and province names, numbers with their unit."""
    if value is None or value == "" or value == []:
        return ""
    kind = spec["kind"]
    if kind == "date":
        try:
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        except (TypeError, ValueError):
            return str(value)
    if kind == "choice":
        labels = {option["value"]: option["label"] for option in spec["options"]}
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(v, str(v)) for v in values)
    if kind == "boolean":
        return _("Có") if value is True else _("Không")
    if kind == "address" and isinstance(value, dict):
        parts = [
            str(value.get("street") or ""),
            ward_name(value.get("ward")) if isinstance(value.get("ward"), int) else "",
            province_name(value.get("province")) if isinstance(value.get("province"), int) else "",
        ]
        return ", ".join(part for part in parts if part)
    if kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        text = number_format(value, force_grouping=True)
        return f"{text} {spec['unit']}" if spec.get("unit") else text
    return str(value)
