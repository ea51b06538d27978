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
            day = datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            return str(value)
        text = day.strftime("%d/%m/%Y")
        if spec.get("in_words"):
            text += " (" + _("bằng chữ: %(words)s") % {"words": date_in_words(day)} + ")"
        return text
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


# ---- Dates in words (as civil-status papers write them) -------------------------------------

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _below_hundred(n: int) -> str:
    if n < 10:
        return _DIGITS[n]
    tens, units = divmod(n, 10)
    head = "mười" if tens == 1 else f"{_DIGITS[tens]} mươi"
    if units == 0:
        return head
    if units == 5:
        tail = "lăm"
    elif units == 1 and tens > 1:
        tail = "mốt"
    elif units == 4 and tens > 1:
        tail = "tư"
    else:
        tail = _DIGITS[units]
    return f"{head} {tail}"


def _year(n: int) -> str:
    thousands, rest = divmod(n, 1000)
    hundreds, below = divmod(rest, 100)
    words = f"{_DIGITS[thousands]} nghìn" if thousands else ""
    if rest:
        words += f" {_DIGITS[hundreds]} trăm"
        if below:
            words += f" linh {_DIGITS[below]}" if below < 10 else f" {_below_hundred(below)}"
    return words.strip()


def date_in_words(day: datetime.date) -> str:
    """20/11/2026 → "ngày hai mươi, tháng mười một, năm hai nghìn không trăm hai mươi sáu":
    the words a birth certificate carries beside the figures (always Vietnamese, as the
    paper is)."""
    month = "tư" if day.month == 4 else _below_hundred(day.month)
    return f"ngày {_below_hundred(day.day)}, tháng {month}, năm {_year(day.year)}"


SEARCHED_KINDS = frozenset({"text", "id_number", "phone", "email", "date"})


def search_text(definition: dict, answers: dict) -> str:
    """The answers officers find a dossier by, on one line: every text, number of identity,
    phone, e-mail and date (as written, day/month/year), groups' members included."""
    found = []
    for page in answer_pages(definition, answers, keep_empty=False):
        for section in page.sections:
            for item in section.items:
                spec = _spec_of(definition, item.key)
                if item.is_group:
                    members = spec["fields"] if spec else []
                    for row in item.rows:
                        found += [
                            text
                            for member, text in zip(members, row, strict=False)
                            if member["kind"] in SEARCHED_KINDS and text
                        ]
                elif spec and spec["kind"] in SEARCHED_KINDS and item.text:
                    found.append(item.text)
    return " | ".join(found)[:4000]


def _spec_of(definition, key):
    for page in definition["pages"]:
        for section in page["sections"]:
            for spec in section["fields"]:
                if spec["key"] == key:
                    return spec
    return None
