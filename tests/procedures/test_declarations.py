"""Declaration forms as data (procedures.declarations): definitions are checked with their
place named, answers validate against the published JSON Schema, conditions hide and require,
and every demo form validates its own example answers."""

import copy
import datetime
import json
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from jsonschema import Draft202012Validator

from procedures.catalog_io import CatalogError, catalog_import_file
from procedures.declarations import (
    DEFINITION_SCHEMA,
    answers_schema,
    check_definition,
    normalize,
    validate_answers,
)
from procedures.demo.seed import seed_demo
from procedures.models import Component
from tests.procedures.catalog_samples import sample_catalog, write_json

FORMS = Path(__file__).resolve().parents[2] / "procedures" / "demo" / "forms"
DEMO_FORMS = sorted(FORMS.glob("*.json"))
TODAY = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def load(name):
    return json.loads((FORMS / name).read_text(encoding="utf-8"))


def birth():
    return load("khai-sinh.json")


def pointers(errors):
    return [error["pointer"] for error in errors]


# --- The demo forms ---------------------------------------------------------------------------


def test_there_are_the_five_demo_forms_the_issue_asks_for():
    assert [path.name for path in DEMO_FORMS] == [
        "ct01.json",
        "ho-kinh-doanh.json",
        "ket-hon.json",
        "khai-sinh.json",
        "khai-tu.json",
    ]


@pytest.mark.parametrize("path", DEMO_FORMS, ids=lambda p: p.stem)
def test_every_demo_form_is_valid_and_accepts_its_own_example(path):
    definition = json.loads(path.read_text(encoding="utf-8"))

    assert check_definition(definition) == []
    cleaned, errors = validate_answers(definition, definition["example"])
    assert errors == []
    # What integrators do: the published schema alone, with a standard validator.
    Draft202012Validator(answers_schema(definition)).validate(cleaned)
    assert definition["unverified_note"]  # each says what of its wording is unchecked


@pytest.mark.parametrize("path", DEMO_FORMS, ids=lambda p: p.stem)
def test_every_demo_form_refuses_empty_answers_naming_each_required_field(path):
    definition = json.loads(path.read_text(encoding="utf-8"))

    _cleaned, errors = validate_answers(definition, {})

    assert errors
    assert all(error["message"].startswith("Cần") for error in errors), errors
    assert all(error["pointer"] == "/" + error["field"] for error in errors)


def test_the_demo_catalog_carries_the_forms_on_its_declaration_components(db):
    seed_demo(password="x")

    forms = Component.objects.filter(form__isnull=False).select_related("version__procedure")
    codes = {component.version.procedure.code for component in forms}

    assert {"1.001193", "1.000894", "1.000656", "1.004222", "1.001612"} <= codes
    birth_form = forms.get(version__procedure__code="1.001193")
    assert birth_form.name == "Tờ khai đăng ký khai sinh"
    assert birth_form.form["title"] == "Tờ khai đăng ký khai sinh"


# --- Answers ----------------------------------------------------------------------------------


def test_errors_name_the_field_with_a_json_pointer_and_say_how_to_fix_it():
    answers = birth()["example"]
    answers.update(
        nyc_so_dinh_danh="12345",
        tre_ngay_sinh="2027-01-01",
        tre_gioi_tinh="khac",
        tre_noi_sinh={"province": 92, "ward": 1},
    )
    answers["cha_me"][1]["ho_ten"] = "   "
    del answers["tre_que_quan"]

    _cleaned, errors = validate_answers(birth(), answers)

    assert pointers(errors) == [
        "/nyc_so_dinh_danh",
        "/tre_ngay_sinh",
        "/tre_gioi_tinh",
        "/tre_noi_sinh/ward",
        "/tre_que_quan",
        "/cha_me/1/ho_ten",
    ]
    messages = {error["pointer"]: error["message"] for error in errors}
    assert messages["/nyc_so_dinh_danh"] == "“Số định danh cá nhân” gồm đúng 12 chữ số."
    assert messages["/tre_ngay_sinh"] == "“Ngày, tháng, năm sinh” không được sau ngày hôm nay."
    assert "không thuộc tỉnh" in messages["/tre_noi_sinh/ward"]
    assert messages["/cha_me/1/ho_ten"] == "Cần điền “Họ, chữ đệm, tên (Cha hoặc mẹ 2)”."


def test_a_hidden_section_is_neither_required_nor_kept():
    definition = birth()
    answers = birth()["example"]
    answers["cha_me_da_ket_hon"] = False
    del answers["gcnkh_so"]

    cleaned, errors = validate_answers(definition, answers)

    assert errors == []
    assert "gcnkh_ngay" not in cleaned and "gcnkh_noi" not in cleaned  # hidden: dropped


def test_a_shown_section_requires_its_fields_in_the_published_schema_too():
    definition = birth()
    answers = birth()["example"]
    del answers["gcnkh_so"]

    _cleaned, errors = validate_answers(definition, answers)
    plain = list(Draft202012Validator(answers_schema(definition)).iter_errors(answers))

    assert pointers(errors) == ["/gcnkh_so"]
    assert plain  # the standard validator agrees: the if/then of the section


def test_an_unticked_box_counts_as_no_whether_absent_or_false():
    definition = load("ct01.json")
    answers = definition["example"]
    answers.pop("la_chu_ho")
    del answers["chu_ho_ho_ten"]

    _cleaned, errors = validate_answers(definition, answers)

    assert pointers(errors) == ["/chu_ho_ho_ten"]  # not the householder: name them


def test_text_is_trimmed_upper_cased_where_asked_and_empty_rows_dropped():
    definition = load("ho-kinh-doanh.json")
    answers = definition["example"]
    answers["ten_tieng_viet"] = "  hộ kinh doanh quán cơm phúc "
    answers["nganh_nghe"].append({"ten_nganh": " ", "ma_nganh": ""})

    cleaned, errors = validate_answers(definition, answers)

    assert errors == []
    assert cleaned["ten_tieng_viet"] == "HỘ KINH DOANH QUÁN CƠM PHÚC"
    assert len(cleaned["nganh_nghe"]) == 1


def test_unknown_answers_and_wrong_types_are_refused():
    answers = birth()["example"]
    answers["ghi_chu"] = "?"
    answers["so_ban_sao"] = "hai"

    _cleaned, errors = validate_answers(birth(), answers)

    assert {e["pointer"]: e["message"] for e in errors} == {
        "/so_ban_sao": "“Số lượng bản sao” phải là một số.",
        "/ghi_chu": "“ghi_chu” không có trong tờ khai này.",
    }
    assert validate_answers(birth(), ["not", "an", "object"])[1][0]["pointer"] == ""


def test_normalize_keeps_what_the_citizen_typed_on_other_pages():
    answers = {"tre_ho_ten": " Khôi ", "nyc_ho_ten": "", "cha_me": [{}]}

    assert normalize(birth(), answers) == {"tre_ho_ten": "Khôi"}


# --- Definitions ------------------------------------------------------------------------------


def broken(change):
    definition = birth()
    definition.pop("example")
    change(definition)
    return check_definition(definition)


def field(definition, page, section, index):
    return definition["pages"][page]["sections"][section]["fields"][index]


@pytest.mark.parametrize(
    ("change", "place", "words"),
    [
        (
            lambda d: field(d, 0, 0, 0).update(kind="signature"),
            "pages[0].sections[0].fields[0].kind",
            "không được phép",
        ),
        (
            lambda d: field(d, 1, 0, 0).update(key="nyc_ho_ten"),
            "pages[1].sections[0].fields[0].key",
            "đã dùng ở pages[0].sections[0].fields[0]",
        ),
        (
            lambda d: field(d, 0, 0, 0).update(key="Họ tên"),
            "pages[0].sections[0].fields[0].key",
            "chữ thường không dấu",
        ),
        (
            lambda d: field(d, 1, 0, 2).pop("options"),
            "pages[1].sections[0].fields[2]",
            "options",
        ),
        (
            lambda d: field(d, 0, 0, 0).update(colour="red"),
            "pages[0].sections[0].fields[0]",
            "colour",
        ),
        (
            lambda d: d["pages"][2]["sections"][2].update(
                shown_when={"field": "cap_ban_sao", "equals": True}
            ),
            "pages[2].sections[2].shown_when.field",
            "đứng trước",
        ),
        (
            lambda d: field(d, 1, 0, 0).update(shown_when={"field": "tre_gioi_tinh", "in": ["x"]}),
            "pages[1].sections[0].fields[0].shown_when.field",
            "đứng trước",
        ),
        (
            lambda d: d["pages"][2]["sections"][2].update(
                shown_when={"field": "tre_gioi_tinh", "equals": "khac"}
            ),
            "pages[2].sections[2].shown_when",
            "Không có lựa chọn: khac",
        ),
        (
            lambda d: field(d, 0, 0, 0).update(pattern="([a-z"),
            "pages[0].sections[0].fields[0].pattern",
            "không hợp lệ",
        ),
        (
            lambda d: field(d, 0, 0, 0).update(min_length=50, max_length=10),
            "pages[0].sections[0].fields[0].min_length",
            "lớn hơn",
        ),
        (
            lambda d: d["pages"][2]["sections"][0]["fields"][0]["fields"].append(
                {"key": "con", "kind": "group", "label": "Lồng", "fields": []}
            ),
            "pages[2].sections[0].fields[0].fields[7].kind",
            "không được phép",
        ),
        (lambda d: d.update(format="other/2"), "format", "không được phép"),
        (lambda d: d.pop("pages"), "", "pages"),
    ],
)
def test_invalid_definitions_are_refused_with_the_place_named(change, place, words):
    problems = broken(change)

    assert problems, "the broken definition was accepted"
    assert any(p == place and words in message for p, message in problems), problems


def test_an_example_that_does_not_validate_makes_the_definition_invalid():
    definition = birth()
    definition["example"]["tre_gioi_tinh"] = "khac"

    assert check_definition(definition) == [
        ("example.tre_gioi_tinh", "“Giới tính”: hãy chọn một trong các lựa chọn có sẵn.")
    ]


def test_the_definition_format_is_itself_published_as_a_json_schema():
    Draft202012Validator.check_schema(DEFINITION_SCHEMA)
    for path in DEMO_FORMS:
        Draft202012Validator(DEFINITION_SCHEMA).validate(json.loads(path.read_text("utf-8")))


def test_a_component_with_a_broken_form_does_not_validate(db):
    seed_demo(password="x")
    component = Component.objects.filter(form__isnull=False).first()
    component.form = copy.deepcopy(component.form)
    component.form["pages"][0]["sections"][0]["fields"][0]["kind"] = "signature"

    with pytest.raises(ValidationError) as error:
        component.clean()

    assert "pages[0].sections[0].fields[0].kind" in str(error.value.message_dict["form"])


# --- The catalog ------------------------------------------------------------------------------


def test_the_catalog_imports_forms_from_files_and_refuses_a_broken_one_naming_it(db, tmp_path):
    data = sample_catalog()
    component = data["procedures"][0]["versions"][0]["components"][0]
    folder = tmp_path / "in"
    folder.mkdir()
    definition = birth()
    (folder / "to-khai.json").write_text(json.dumps(definition), encoding="utf-8")
    component["form"] = "to-khai.json"

    catalog_import_file(path=write_json(folder, data))
    stored = Component.objects.get(form__isnull=False)
    assert stored.form == definition

    definition["pages"][1]["sections"][0]["fields"][2]["options"] = []
    component["form"] = definition  # inline, this time
    data["procedures"][0]["versions"][0]["number"] = 1
    with pytest.raises(CatalogError) as error:
        catalog_import_file(path=write_json(tmp_path / "again", data))
    assert "form.pages[1].sections[0].fields[2].options" in str(error.value)
    assert Component.objects.get(form__isnull=False).form == birth()  # nothing written


@pytest.mark.parametrize(
    ("day", "words"),
    [
        ((2026, 11, 20), "ngày hai mươi, tháng mười một, năm hai nghìn không trăm hai mươi sáu"),
        ((1990, 4, 12), "ngày mười hai, tháng tư, năm một nghìn chín trăm chín mươi"),
        ((2005, 1, 1), "ngày một, tháng một, năm hai nghìn không trăm linh năm"),
        ((2014, 5, 15), "ngày mười lăm, tháng năm, năm hai nghìn không trăm mười bốn"),
        ((2021, 10, 24), "ngày hai mươi tư, tháng mười, năm hai nghìn không trăm hai mươi mốt"),
        ((2000, 12, 31), "ngày ba mươi mốt, tháng mười hai, năm hai nghìn"),
    ],
)
def test_dates_are_written_in_words_as_civil_status_papers_write_them(day, words):
    from procedures.declarations.display import date_in_words

    assert date_in_words(datetime.date(*day)) == words
