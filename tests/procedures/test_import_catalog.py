"""Importing the procedure catalog from JSON and Excel: all or nothing, and idempotent."""

import datetime
import io
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command
from tqdm import tqdm

from procedures.catalog_io import (
    CatalogError,
    catalog_export,
    catalog_import,
    catalog_import_file,
)
from procedures.models import (
    Agency,
    Channel,
    Component,
    FeeLine,
    Field,
    Procedure,
    ProcedureVersion,
    ProcessStep,
)
from procedures.services import version_lock
from tests.factories import AgencyFactory
from tests.procedures.catalog_samples import (
    TEMPLATE_BYTES,
    expected_export,
    sample_catalog,
    stored_template_name,
    write_json,
    write_templates,
    write_workbook,
)

NOW = datetime.datetime(2025, 9, 15, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
CATALOG_MODELS = (
    Agency,
    Field,
    Procedure,
    ProcedureVersion,
    Component,
    Channel,
    FeeLine,
    ProcessStep,
)
NOTHING = {model.__name__: 0 for model in CATALOG_MODELS}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def catalog_rows() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in CATALOG_MODELS}


def stored_files() -> list[Path]:
    return sorted(path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file())


def import_sample(tmp_path, data=None):
    return catalog_import_file(path=write_json(tmp_path / "in", data or sample_catalog()))


def version(code: str, number: int) -> ProcedureVersion:
    return ProcedureVersion.objects.get(procedure__code=code, number=number)


def tally(report, kind) -> tuple[int, int, int]:
    counts = getattr(report, kind)
    return counts.created, counts.updated, counts.unchanged


# --- A good file ------------------------------------------------------------------------------


def test_a_good_json_file_imports_agencies_fields_and_procedures_with_their_values(tmp_path):
    report = import_sample(tmp_path)

    assert [tally(report, kind) for kind in ("agencies", "fields", "procedures", "versions")] == [
        (4, 0, 0),
        (2, 0, 0),
        (2, 0, 0),
        (3, 0, 0),
    ]
    ward = Agency.objects.get(code="H92.01")
    assert ward.name == "Ủy ban nhân dân phường Ninh Kiều"
    assert ward.parent.code == "H92"
    assert ward.desk_hours == "Thứ Hai – Thứ Sáu: 7 giờ – 11 giờ, 13 giờ – 17 giờ"
    merged = Agency.objects.get(code="H92.02")
    assert merged.successor == ward
    assert merged.closed_on == datetime.date(2025, 7, 1)

    birth = Procedure.objects.get(code="1.001193").current_version
    assert (birth.number, birth.name, birth.field.name) == (1, "Đăng ký khai sinh", "Hộ tịch")
    assert birth.published_at == NOW
    assert (birth.at_commune, birth.at_province, birth.legacy_level) == (True, False, 4)
    assert birth.legal_basis[0] == {
        "number": "60/2014/QH13",
        "title": "Luật Hộ tịch",
        "issued_on": "2014-11-20",
    }
    assert list(birth.implementing_agencies.all()) == [ward]
    assert birth.channels.get(kind="in_person").duration_value == Decimal("0.5")
    postal_fee = birth.channels.get(kind="postal").fees.get()
    assert (postal_fee.amount, postal_fee.cap, postal_fee.unit) == (
        Decimal("25000"),
        Decimal("50000"),
        "hồ sơ",
    )
    assert [step.budget_value for step in birth.process_steps.all()] == [
        Decimal("0.5"),
        Decimal("2"),
        Decimal("1.25"),
    ]
    form = birth.components.first()
    assert form.template.name == stored_template_name()
    with form.template.open("rb") as handle:
        assert handle.read() == TEMPLATE_BYTES

    draft = version("1.001193", 2)
    assert (draft.published_at, draft.status) == (None, "amended")
    copies = Procedure.objects.get(code="2.000908").current_version
    assert sorted(a.code for a in copies.implementing_agencies.all()) == ["H92.01", "H92.20"]
    assert (copies.at_province, copies.at_commune, copies.clock_on_supplement) == (
        True,
        True,
        "restart",
    )


def test_optional_keys_take_the_model_defaults(tmp_path):
    data = {
        "format": "mot-cua-catalog",
        "format_version": 1,
        "fields": [{"code": "dat-dai", "name": "Đất đai"}],
        "procedures": [
            {
                "code": "1.000001",
                "versions": [
                    {
                        "number": 1,
                        "effective_from": "2025-07-01",
                        "name": "Đăng ký biến động đất đai",
                        "field": "dat-dai",
                        "competent_authority": "Văn phòng đăng ký đất đai",
                        "steps": "Nộp hồ sơ",
                        "result": "Giấy chứng nhận",
                    }
                ],
            }
        ],
    }

    catalog_import(data=data)

    assert Field.objects.get(code="dat-dai").sort_order == 100
    current = Procedure.objects.get(code="1.000001").current_version
    assert current.published_at == NOW
    assert (current.status, current.online_level, current.clock_on_supplement) == (
        "published",
        "information",
        "pause",
    )
    assert (current.for_individuals, current.for_organisations, current.legal_basis) == (
        True,
        False,
        [],
    )
    assert current.components.count() == 0


def test_agencies_may_name_parents_and_successors_listed_later_or_already_saved(tmp_path):
    province = AgencyFactory(code="H92", name="Ủy ban nhân dân thành phố Cần Thơ")
    data = sample_catalog()
    data["agencies"] = list(reversed(data["agencies"][1:]))

    import_sample(tmp_path, data)

    assert Agency.objects.get(code="H92.01").parent == province
    assert Agency.objects.get(code="H92.02").successor.code == "H92.01"
    assert Agency.objects.count() == 4


# --- Importing again --------------------------------------------------------------------------


def test_reimporting_the_same_file_changes_nothing(tmp_path):
    import_sample(tmp_path)
    rows, files = catalog_rows(), stored_files()
    ids = list(ProcedureVersion.objects.order_by("pk").values_list("pk", "published_at"))

    with time_machine.travel(NOW + datetime.timedelta(days=1)):
        report = import_sample(tmp_path)

    assert [tally(report, kind) for kind in ("agencies", "fields", "procedures", "versions")] == [
        (0, 0, 4),
        (0, 0, 2),
        (0, 0, 2),
        (0, 0, 3),
    ]
    assert report.templates_stored == 0
    assert catalog_rows() == rows
    assert stored_files() == files
    assert list(ProcedureVersion.objects.order_by("pk").values_list("pk", "published_at")) == ids


def test_a_changed_unlocked_version_is_updated_in_place(tmp_path):
    import_sample(tmp_path)
    before = version("1.001193", 1)
    data = sample_catalog()
    first, second = data["procedures"][0]["versions"]
    first["name"] = "Đăng ký khai sinh (sửa đổi)"
    first["channels"][0]["duration_value"] = "1"
    del first["components"][2]
    second["published"] = True
    data["agencies"][1]["phone"] = "0292 3999 999"

    report = import_sample(tmp_path, data)

    assert tally(report, "versions") == (0, 2, 1)
    assert tally(report, "agencies") == (0, 1, 3)
    after = version("1.001193", 1)
    assert after.pk == before.pk
    assert after.name == "Đăng ký khai sinh (sửa đổi)"
    assert after.channels.get(kind="in_person").duration_value == Decimal("1")
    assert after.components.count() == 2
    assert version("1.001193", 2).published_at == NOW
    assert Procedure.objects.get(code="1.001193").current_version == after  # v2 is from 2026
    assert Agency.objects.get(code="H92.01").phone == "0292 3999 999"


def test_a_changed_template_file_updates_its_version_and_is_stored_beside_the_old_one(tmp_path):
    import_sample(tmp_path)
    new_form = b"%PDF-1.7\nnew form"
    write_templates(tmp_path / "in", new_form)

    report = catalog_import_file(path=tmp_path / "in" / "catalog.json")

    assert tally(report, "versions") == (0, 1, 2)
    assert report.templates_stored == 1
    form = version("1.001193", 1).components.first()
    assert form.template.name == stored_template_name(new_form)
    assert len(stored_files()) == 2


def test_a_locked_version_with_changed_content_is_refused_and_nothing_is_written(tmp_path):
    import_sample(tmp_path)
    version_lock(version_id=version("1.001193", 1).pk)
    rows = catalog_rows()
    data = sample_catalog()
    data["agencies"].append({"code": "H92.03", "name": "Ủy ban nhân dân phường Cái Khế"})
    data["agencies"][-1].update(kind="peoples_committee", level="commune")
    data["procedures"][0]["versions"][0]["channels"][0]["duration_value"] = "2"

    with pytest.raises(CatalogError) as error:
        import_sample(tmp_path, data)

    assert str(error.value) == (
        "Bản ghi procedures[0] (1.001193), phiên bản 1: phiên bản đã được hồ sơ sử dụng, "
        "hãy công bố phiên bản mới với số phiên bản mới"
    )
    assert catalog_rows() == rows
    assert not Agency.objects.filter(code="H92.03").exists()
    assert version("1.001193", 1).channels.get(kind="in_person").duration_value == Decimal("0.5")


def test_a_locked_version_with_the_same_content_is_unchanged_and_new_numbers_are_added(tmp_path):
    import_sample(tmp_path)
    version_lock(version_id=version("1.001193", 1).pk)
    data = sample_catalog()
    third = {**data["procedures"][0]["versions"][0], "number": 3, "effective_from": "2025-09-01"}
    data["procedures"][0]["versions"].append(third)

    report = import_sample(tmp_path, data)

    assert tally(report, "versions") == (1, 0, 3)
    assert Procedure.objects.get(code="1.001193").current_version == version("1.001193", 3)


# --- Bad files: refused, naming the record and the field, with nothing written ----------------


def _set(path, value):
    """A change to the sample: `path` is a list of keys and indexes into it."""

    def change(data):
        target = data
        for step in path[:-1]:
            target = target[step]
        if value is _DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return change


_DELETE = object()
_COPIES = ["procedures", 1, "versions", 0]
_BIRTH_DRAFT = ["procedures", 0, "versions", 1]


@pytest.mark.parametrize(
    "change, expected",
    [
        pytest.param(
            _set([*_COPIES, "field"], "dat-dai"),
            "Bản ghi procedures[1] (2.000908), phiên bản 1, trường field: "
            "không tìm thấy lĩnh vực có mã “dat-dai”",
            id="unknown field code",
        ),
        pytest.param(
            _set([*_COPIES, "channels", 0, "duration_unit"], "weeks"),
            "Bản ghi procedures[1] (2.000908), phiên bản 1, trường channels[0].duration_unit: "
            "giá trị “weeks” không hợp lệ; chọn một trong: hour, working_day, day, month",
            id="bad duration unit",
        ),
        pytest.param(
            _set(["agencies", 3, "code"], "h92-20"),
            "Bản ghi agencies[3] (h92-20), trường code: Mã định danh gồm tối đa 35 ký tự: "
            "chữ in hoa A-Z, chữ số 0-9 và dấu chấm.",
            id="bad agency code characters",
        ),
        pytest.param(
            _set([*_COPIES, "name"], _DELETE),
            "Bản ghi procedures[1] (2.000908), phiên bản 1, trường name: "
            "Trường này không được để trắng.",
            id="missing name",
        ),
        pytest.param(
            _set([*_BIRTH_DRAFT, "components", 0, "template"], "mau/giay-chung-sinh.pdf"),
            "Bản ghi procedures[0] (1.001193), phiên bản 2, trường components[0].template: "
            "không tìm thấy tệp mẫu “mau/giay-chung-sinh.pdf”",
            id="missing template file",
        ),
        pytest.param(
            _set([*_COPIES, "channels", 0, "fees", 0, "amount"], "hai nghìn"),
            "Bản ghi procedures[1] (2.000908), phiên bản 1, trường channels[0].fees[0].amount: "
            "“hai nghìn”",  # then Django's own words, translated or not
            id="fee amount not a number",
        ),
        pytest.param(
            _set([*_COPIES, "implementing_agencies", 1], "H99.01"),
            "Bản ghi procedures[1] (2.000908), phiên bản 1, trường implementing_agencies[1]: "
            "không tìm thấy cơ quan có mã “H99.01”",
            id="unknown implementing agency",
        ),
        pytest.param(
            _set(["agencies", 1, "parent"], "H99"),
            "Bản ghi agencies[1] (H92.01), trường parent: không tìm thấy cơ quan có mã “H99”",
            id="unknown parent agency",
        ),
        pytest.param(
            _set(["agencies", 0, "parent"], "H92.20"),
            "Bản ghi agencies[0] (H92), trường parent: "
            "cơ quan cấp trên tạo thành vòng lặp qua “H92”",
            id="parents in a loop",
        ),
        pytest.param(
            _set([*_COPIES, "channels", 0, "duraton_unit"], "day"),
            "Bản ghi procedures[1] (2.000908), phiên bản 1, trường channels[0].duraton_unit: "
            "khóa không được hỗ trợ",
            id="misspelt key",
        ),
        pytest.param(
            _set([*_COPIES, "for_organisations"], "có"),
            "Bản ghi procedures[1] (2.000908), phiên bản 1, trường for_organisations: "
            "cần giá trị true hoặc false",
            id="boolean as text",
        ),
    ],
)
def test_a_bad_record_is_refused_by_name_and_nothing_is_written(tmp_path, change, expected):
    data = sample_catalog()
    change(data)

    with pytest.raises(CatalogError) as error:
        import_sample(tmp_path, data)

    assert str(error.value).startswith(expected)
    assert catalog_rows() == NOTHING
    assert stored_files() == []


def test_invalid_json_is_refused_naming_line_and_column(tmp_path):
    path = tmp_path / "catalog.json"
    path.write_text('{"format": "mot-cua-catalog",\n "format_version": 1,,}', encoding="utf-8")

    with pytest.raises(CatalogError, match=r"Tệp JSON không hợp lệ \(dòng 2, cột 22\)"):
        catalog_import_file(path=path)

    assert catalog_rows() == NOTHING


@pytest.mark.parametrize(
    "header, message",
    [
        ({"format": "other-catalog", "format_version": 1}, "khóa “format” phải là"),
        ({"format": "mot-cua-catalog", "format_version": 2}, "phiên bản định dạng “2”"),
        ({"format": "mot-cua-catalog", "format_version": 1, "extra": []}, "Khóa “extra”"),
    ],
    ids=["unknown format", "unknown format version", "unknown top-level key"],
)
def test_a_file_in_an_unknown_format_is_refused(tmp_path, header, message):
    data = {**sample_catalog(), **header}

    with pytest.raises(CatalogError, match=message):
        import_sample(tmp_path, data)

    assert catalog_rows() == NOTHING


def test_a_file_that_is_neither_json_nor_xlsx_is_refused(tmp_path):
    path = tmp_path / "catalog.csv"
    path.write_text("code,name\n", encoding="utf-8")

    with pytest.raises(CatalogError, match="chỉ nhận tệp .json hoặc .xlsx"):
        catalog_import_file(path=path)


def test_a_template_outside_the_catalog_folder_is_refused(tmp_path):
    (tmp_path / "secret.pdf").write_bytes(b"%PDF")
    data = sample_catalog()
    data["procedures"][0]["versions"][0]["components"][0]["template"] = "../secret.pdf"

    with pytest.raises(CatalogError, match="phải nằm trong thư mục của tệp danh mục"):
        import_sample(tmp_path, data)

    assert stored_files() == []


# --- Dry run and progress ---------------------------------------------------------------------


def test_a_dry_run_reports_what_would_change_and_writes_nothing(tmp_path):
    report = catalog_import_file(path=write_json(tmp_path / "in", sample_catalog()), dry_run=True)

    assert tally(report, "versions") == (3, 0, 0)
    assert report.dry_run is True
    assert catalog_rows() == NOTHING
    assert stored_files() == []


def test_a_progress_callable_hears_of_each_procedure_checked_then_written(tmp_path):
    calls = []

    def progress(done, total):
        calls.append((done, total))

    catalog_import(data=sample_catalog(), base_dir=_with_template(tmp_path), progress=progress)

    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_a_tqdm_progress_bar_counts_the_procedures_of_each_pass(tmp_path):
    screen = io.StringIO()
    with tqdm(file=screen) as bar:
        catalog_import(data=sample_catalog(), base_dir=_with_template(tmp_path), progress=bar)

    assert (bar.n, bar.total) == (2, 2)
    assert "Kiểm tra: " in screen.getvalue()
    assert screen.getvalue().rstrip().split("\r")[-1].startswith("Ghi: 100%|")


def _with_template(tmp_path) -> Path:
    write_templates(tmp_path / "in")
    return tmp_path / "in"


# --- Excel ------------------------------------------------------------------------------------


def test_an_xlsx_workbook_imports_the_same_catalog_as_the_json(tmp_path):
    report = catalog_import_file(path=write_workbook(tmp_path / "in", sample_catalog()))

    assert tally(report, "versions") == (3, 0, 0)
    assert catalog_export() == expected_export(sample_catalog())
    assert Procedure.objects.get(code="1.001193").current_version.channels.get(
        kind="in_person"
    ).duration_value == Decimal("0.5")


def test_an_xlsx_workbook_may_use_vietnamese_sheet_and_column_names(tmp_path):
    path = write_workbook(tmp_path / "in", sample_catalog())
    book = openpyxl.load_workbook(path)
    sheet = book["channels"]
    sheet.title = "Cách thức thực hiện"
    vietnamese = ["Mã thủ tục", "Phiên bản", "Hình thức nộp", "Thời hạn giải quyết", "Đơn vị"]
    for cell, header in zip(sheet[1], vietnamese, strict=False):
        cell.value = header
    book.save(path)

    catalog_import_file(path=path)

    assert catalog_export() == expected_export(sample_catalog())


def test_xlsx_problems_name_the_sheet_row_and_column(tmp_path):
    data = sample_catalog()
    data["procedures"][0]["versions"][0]["channels"][2]["duration_unit"] = "weeks"

    with pytest.raises(CatalogError) as error:
        catalog_import_file(path=write_workbook(tmp_path / "in", data))

    assert str(error.value) == (
        "Trang tính “channels”, dòng 4, cột duration_unit (E): giá trị “weeks” không hợp lệ; "
        "chọn một trong: hour, working_day, day, month"
    )
    assert catalog_rows() == NOTHING


def test_an_xlsx_row_for_a_version_missing_from_the_procedures_sheet_is_refused(tmp_path):
    path = write_workbook(tmp_path / "in", sample_catalog())
    book = openpyxl.load_workbook(path)
    book["components"].append(["2.000908", 7, "Giấy ủy quyền"])
    book.save(path)

    with pytest.raises(CatalogError) as error:
        catalog_import_file(path=path)

    assert str(error.value) == (
        "Trang tính “components”, dòng 8, cột procedure_code (A): "
        "không có thủ tục “2.000908” phiên bản 7 trong trang tính procedures"
    )


def test_an_xlsx_column_nobody_knows_is_refused(tmp_path):
    path = write_workbook(tmp_path / "in", sample_catalog())
    book = openpyxl.load_workbook(path)
    book["fields"]["E1"] = "màu sắc"
    book.save(path)

    with pytest.raises(CatalogError, match="“fields”, dòng 1, cột màu sắc \\(E\\)"):
        catalog_import_file(path=path)


# --- The command ------------------------------------------------------------------------------


def test_the_import_command_prints_a_summary(tmp_path):
    out = io.StringIO()

    call_command("import_catalog", write_json(tmp_path / "in", sample_catalog()), stdout=out)

    assert "Thủ tục: 2 mới, 0 cập nhật, 0 không đổi" in out.getvalue()
    assert "Phiên bản: 3 mới, 0 cập nhật, 0 không đổi" in out.getvalue()


def test_the_import_command_dry_run_writes_nothing(tmp_path):
    out = io.StringIO()
    path = write_json(tmp_path / "in", sample_catalog())

    call_command("import_catalog", path, "--dry-run", "--no-progress", stdout=out)

    assert "Chạy thử: không có gì được ghi." in out.getvalue()
    assert catalog_rows() == NOTHING


def test_the_import_command_fails_with_the_message_on_a_bad_file(tmp_path):
    data = sample_catalog()
    data["procedures"][1]["versions"][0]["channels"][0]["duration_unit"] = "weeks"

    with pytest.raises(CommandError) as error:
        call_command("import_catalog", write_json(tmp_path / "in", data), "--no-progress")

    assert error.value.returncode == 1
    assert str(error.value).startswith(
        "Bản ghi procedures[1] (2.000908), phiên bản 1, trường channels[0].duration_unit"
    )
    assert catalog_rows() == NOTHING


def test_the_import_command_exits_with_status_1_and_the_message_on_stderr(tmp_path):
    path = tmp_path / "catalog.json"
    path.write_text("{not json", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PORTAL_VAR_DIR"] = str(tmp_path / "var")

    result = subprocess.run(
        [sys.executable, "manage.py", "import_catalog", str(path), "--no-progress"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 1
    assert "Tệp JSON không hợp lệ (dòng 1, cột 2)" in result.stderr
    assert result.stdout == ""
