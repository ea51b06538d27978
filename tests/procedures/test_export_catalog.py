"""Exporting the procedure catalog: the import format, round-trip safe."""

import datetime
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procedures.catalog_io import (
    catalog_export,
    catalog_export_templates,
    catalog_import,
    catalog_import_file,
)
from procedures.models import Agency, Field, Procedure
from tests.factories import (
    AgencyFactory,
    ChannelFactory,
    FeeLineFactory,
    FieldFactory,
    ProcedureFactory,
    ProcessStepFactory,
    VersionFactory,
)
from tests.procedures.catalog_samples import (
    TEMPLATE_BYTES,
    expected_export,
    sample_catalog,
    stored_template_name,
    write_json,
)

pytestmark = pytest.mark.django_db


def empty_catalog() -> None:
    """Delete every catalog row and stored file, as in a fresh installation."""
    Procedure.objects.all().delete()
    Field.objects.all().delete()
    Agency.objects.update(parent=None, successor=None)
    Agency.objects.all().delete()
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def test_the_export_of_an_imported_file_gives_it_back_with_stored_template_names(tmp_path):
    catalog_import_file(path=write_json(tmp_path / "in", sample_catalog()))

    exported = catalog_export()

    assert exported == expected_export(sample_catalog())
    first = exported["procedures"][0]["versions"][0]
    assert first["components"][0]["template"] == stored_template_name()
    assert first["channels"][0]["duration_value"] == "0.5"


def test_export_then_import_into_an_empty_database_then_export_gives_the_same_dict(tmp_path):
    catalog_import_file(path=write_json(tmp_path / "in", sample_catalog()))
    first = catalog_export()
    bundle = tmp_path / "bundle"
    catalog_export_templates(data=first, directory=bundle)
    empty_catalog()

    catalog_import(data=first, base_dir=bundle)

    assert catalog_export() == first
    with (
        Procedure.objects.get(code="1.001193")
        .current_version.components.first()
        .template.open("rb") as handle
    ):
        assert handle.read() == TEMPLATE_BYTES


def test_the_export_of_chosen_procedures_carries_only_the_fields_and_agencies_they_need():
    province = AgencyFactory(code="H92", level="province")
    ward = AgencyFactory(code="H92.01", parent=province)
    merged = AgencyFactory(code="H92.05", parent=province, successor=ward)
    AgencyFactory(code="H93")
    chosen = VersionFactory(procedure__code="1.000001", field=FieldFactory(code="ho-tich"))
    chosen.implementing_agencies.set([merged])
    VersionFactory(procedure__code="1.000002", field=FieldFactory(code="dat-dai"))

    exported = catalog_export(procedures=Procedure.objects.filter(code="1.000001"))

    assert [agency["code"] for agency in exported["agencies"]] == ["H92", "H92.01", "H92.05"]
    assert [field["code"] for field in exported["fields"]] == ["ho-tich"]
    assert [procedure["code"] for procedure in exported["procedures"]] == ["1.000001"]
    assert exported["agencies"][2]["successor"] == "H92.01"


def test_the_export_writes_decimals_as_strings_and_dates_in_iso_form():
    version = VersionFactory(
        procedure=ProcedureFactory(code="1.000003"),
        number=1,
        effective_from=datetime.date(2025, 7, 1),
        legacy_level=3,
    )
    channel = ChannelFactory(version=version, duration_value=Decimal("3.00"))
    FeeLineFactory(channel=channel, amount=Decimal("8000"))
    ProcessStepFactory(version=version, order=1, budget_value=Decimal("0.50"))

    exported = catalog_export()["procedures"][0]["versions"][0]

    assert exported["effective_from"] == "2025-07-01"
    assert exported["legacy_level"] == 3
    assert exported["channels"][0]["duration_value"] == "3"
    assert exported["channels"][0]["fees"][0]["amount"] == "8000"
    assert exported["channels"][0]["fees"][0]["cap"] is None
    assert exported["process_steps"][0]["budget_value"] == "0.5"
    assert exported["components"] == []
    json.dumps(exported)  # plain JSON values only


def test_the_export_command_writes_unescaped_json_to_stdout(tmp_path):
    catalog_import_file(path=write_json(tmp_path / "in", sample_catalog()))
    out = io.StringIO()

    call_command("export_catalog", stdout=out)

    text = out.getvalue()
    assert '"name": "Đăng ký khai sinh"' in text
    assert '\n  "format_version": 1,' in text  # indented by two
    assert json.loads(text) == catalog_export()


def test_the_export_command_writes_a_folder_that_imports_as_it_is(tmp_path):
    catalog_import_file(path=write_json(tmp_path / "in", sample_catalog()))
    bundle = tmp_path / "bundle"
    err = io.StringIO()

    call_command(
        "export_catalog", "-o", bundle / "catalog.json", "--with-templates", bundle, stderr=err
    )

    assert (bundle / stored_template_name()).read_bytes() == TEMPLATE_BYTES
    assert "Đã chép 1 tệp mẫu" in err.getvalue()
    exported = json.loads((bundle / "catalog.json").read_text(encoding="utf-8"))
    empty_catalog()
    catalog_import_file(path=bundle / "catalog.json")
    assert catalog_export() == exported
    assert sorted(p.name for p in Path(settings.MEDIA_ROOT).rglob("*.pdf")) == [
        "to-khai-khai-sinh.pdf"
    ]


def test_the_export_needs_the_same_number_of_queries_however_many_procedures(tmp_path):
    catalog_import_file(path=write_json(tmp_path / "in", sample_catalog()))
    with CaptureQueriesContext(connection) as two:
        catalog_export()
    more = sample_catalog()
    for procedure in more["procedures"]:
        procedure["code"] += ".1"
    catalog_import(data=more, base_dir=tmp_path / "in")

    with CaptureQueriesContext(connection) as four:
        exported = catalog_export()

    assert len(exported["procedures"]) == 4
    assert len(four.captured_queries) == len(two.captured_queries)
