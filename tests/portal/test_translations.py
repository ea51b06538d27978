"""The English catalogue: complete, compiled, and what English visitors actually see.

Vietnamese is the source language (every msgid); English comes from
locale/en/LC_MESSAGES/django.po, compiled to django.mo by `manage.py compilemessages`.
"""

import ast
import gettext
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from dossiers.states import Action, State
from procedures.models import DurationUnit, FeeKind, Level, OnlineLevel
from tests.factories import ChannelFactory, FeeLineFactory, make_procedure

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"

_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr)(?:\[(\d+)\])?\s+(".*")$')
_PERCENT = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")
_BRACES = re.compile(r"\{[^{}]*\}")


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file: flags, msgctxt, msgid, msgid_plural and msgstr.

    `msgstr` maps the plural index to the text (None for a singular entry). Obsolete entries
    (`#~`) are skipped. Enough of the format for a catalogue written by makemessages.
    """
    entries, entry, last = [], None, None

    def flush():
        nonlocal entry
        if entry is not None and "msgid" in entry:
            entries.append(entry)
        entry = None

    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            flush()
            continue
        if entry is None:
            entry = {"flags": set(), "msgstr": {}, "line": number}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(",") if flag.strip())
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            text = ast.literal_eval(line)
            if last[0] == "msgstr":
                entry["msgstr"][last[1]] += text
            else:
                entry[last[0]] += text
        else:
            match = _KEYWORD.match(line)
            assert match, f"{path.name}:{number}: cannot parse {line!r}"
            keyword, index, text = match[1], match[2], ast.literal_eval(match[3])
            if keyword == "msgstr":
                last = ("msgstr", None if index is None else int(index))
                entry["msgstr"][last[1]] = text
            else:
                last = (keyword, None)
                entry[keyword] = text
    flush()
    return entries


@pytest.fixture(scope="module")
def entries():
    return parse_po(PO)


@pytest.fixture(scope="module")
def messages(entries):
    """Every entry but the header."""
    return [entry for entry in entries if entry["msgid"] != ""]


def _label(entry):
    return f"{PO.name}:{entry['line']} {entry['msgid']!r}"


# --- The .po file ---------------------------------------------------------------------------


def test_the_catalogue_has_a_header_for_english(entries):
    header = entries[0]
    assert header["msgid"] == ""
    assert "Language: en\n" in header["msgstr"][None]
    assert "charset=UTF-8" in header["msgstr"][None]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header["msgstr"][None]


def test_the_catalogue_is_not_empty(messages):
    assert len(messages) > 500


def test_no_entry_is_fuzzy(entries):
    assert [_label(entry) for entry in entries if "fuzzy" in entry["flags"]] == []


def test_every_entry_is_translated(messages):
    untranslated = []
    for entry in messages:
        expected = {0, 1} if "msgid_plural" in entry else {None}
        forms = entry["msgstr"]
        if set(forms) != expected or not all(text.strip() for text in forms.values()):
            untranslated.append(_label(entry))
    assert untranslated == []


def test_translations_keep_the_placeholders(messages):
    wrong = []
    for entry in messages:
        sources = [entry["msgid"], entry.get("msgid_plural", entry["msgid"])]
        for index, text in entry["msgstr"].items():
            source = sources[1 if index == 1 else 0]
            if "python-format" in entry["flags"] and sorted(_PERCENT.findall(text)) != sorted(
                _PERCENT.findall(source)
            ):
                wrong.append(_label(entry))
            if "python-brace-format" in entry["flags"] and sorted(_BRACES.findall(text)) != sorted(
                _BRACES.findall(source)
            ):
                wrong.append(_label(entry))
    assert wrong == []


def test_translations_keep_leading_and_trailing_whitespace(messages):
    def edges(text):
        return (text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :])

    wrong = [
        _label(entry)
        for entry in messages
        for text in entry["msgstr"].values()
        if edges(text) != edges(entry["msgid"])
    ]
    assert wrong == []


def test_translations_are_in_english(messages):
    """No Vietnamese letter left in a translation, except in the portal's own name "Một Cửa"
    and the Vietnamese search examples (people search the Vietnamese catalogue)."""
    vietnamese = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
    allowed = ("Một Cửa", "khai sinh", "chứng thực bản sao", "đăng ký kết hôn")

    def leftover(text):
        for name in allowed:
            text = text.replace(name, "")
        return vietnamese.search(text)

    wrong = [
        _label(entry) for entry in messages for text in entry["msgstr"].values() if leftover(text)
    ]
    assert wrong == []


# --- The compiled .mo -----------------------------------------------------------------------


def _catalog(path: Path) -> dict:
    with path.open("rb") as file:
        catalog = dict(gettext.GNUTranslations(file)._catalog)
    catalog.pop("", None)  # the header
    return catalog


def test_the_mo_file_matches_the_po_file(entries):
    expected = {}
    for entry in entries:
        if entry["msgid"] == "" or "fuzzy" in entry["flags"]:
            continue
        key = (
            entry["msgid"] if "msgctxt" not in entry else f"{entry['msgctxt']}\x04{entry['msgid']}"
        )
        if "msgid_plural" in entry:
            for index, text in entry["msgstr"].items():
                expected[(key, index)] = text
        else:
            expected[key] = entry["msgstr"][None]
    assert MO.exists(), "run: manage.py compilemessages -l en"
    assert _catalog(MO) == expected, "django.mo is stale; run: manage.py compilemessages -l en"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
def test_the_mo_file_is_what_msgfmt_makes_of_the_po_file(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(PO)], check=True)
    assert _catalog(MO) == _catalog(fresh), "django.mo is stale; run: compilemessages -l en"


# --- What English visitors see ----------------------------------------------------------------


def test_key_labels_are_in_english():
    with translation.override("en"):
        assert str(State.RECEIVED.label) == "Received"
        assert str(Action.SUBMIT.label) == "Submit dossier"
        assert str(Level.COMMUNE.label) == "Commune level"
        assert str(Level.PROVINCE.label) == "Provincial level"
        assert str(OnlineLevel.FULL.label) == "Fully online"
        assert str(OnlineLevel.PARTIAL.label) == "Partly online"
        assert str(OnlineLevel.INFORMATION.label) == "Information only"
        assert str(FeeKind.CHARGE.label) == "Charge"
        assert str(FeeKind.FEE.label) == "Fee"
        assert str(DurationUnit.WORKING_DAY.label) == "working days"
        assert translation.gettext("Bộ phận Một cửa") == "One-Stop Desk"
        assert translation.gettext("Ủy ban nhân dân") == "People's Committee"
        assert (
            translation.gettext("Trung tâm Phục vụ hành chính công")
            == "Public Administration Service Centre"
        )
        assert (
            translation.ngettext("%(counter)s thủ tục", "%(counter)s thủ tục", 1) % {"counter": 1}
            == "1 procedure"
        )
        assert (
            translation.ngettext("%(counter)s thủ tục", "%(counter)s thủ tục", 2) % {"counter": 2}
            == "2 procedures"
        )
    with translation.override("vi"):
        assert str(State.RECEIVED.label) == "Đã tiếp nhận"


def test_the_home_page_is_in_english(client, db):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in html
    for text in (
        "Administrative procedures",
        "Online public services",
        "Search administrative procedures",
        "Skip to main content",
        "Administrative procedure catalogue",
    ):
        assert text in html
    for text in ("Thủ tục hành chính", "Dịch vụ công trực tuyến", "Tìm kiếm"):
        assert text not in html


def test_the_home_page_stays_in_vietnamese_by_default(client, db):
    html = client.get("/").content.decode()
    assert "Thủ tục hành chính" in html
    assert "Administrative procedures" not in html


def test_a_procedure_page_is_in_english(client, db):
    procedure = make_procedure("1.001193", "Đăng ký khai sinh")
    channel = ChannelFactory(
        version=procedure.current_version, duration_value=Decimal("3"), kind="in_person"
    )
    FeeLineFactory(channel=channel, description="Lệ phí đăng ký", amount=Decimal("8000"))
    url = reverse("procedures:detail", args=[procedure.code])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for text in (
        "Procedure code",
        "Commune level",
        "Online public services: fully online",
        "Dossier components",
        "Processing time",
        "3 working days",
        "In person",
        "Fees and charges – In person",
        "Charge:",
    ):
        assert text in html


def test_the_procedure_list_counts_in_english(client, db):
    make_procedure("1.000001", "Chứng thực bản sao từ bản chính")
    html = client.get(reverse("procedures:list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 procedure found" in html
    assert "Filters" in html


def test_the_not_found_page_is_in_english(client, db):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
