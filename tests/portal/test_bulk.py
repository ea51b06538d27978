"""common.bulk.copy_rows writes what bulk_create writes (PostgreSQL's COPY text format)."""

import copy
import uuid

import pytest
from django.db import connection

from common.bulk import copy_rows
from dossiers.generate import generate_dossiers
from dossiers.models import Dossier, DossierEvent
from procedures.demo.seed import seed_demo

TRICKY = "tab\there, new\nline, return\r, back\\slash, \\N, Đăng ký khai sinh ✓"


@pytest.fixture
def lived(db):
    seed_demo(password="x")
    generate_dossiers(count=40, seed=3, progress=False)


def _without(rows, *names):
    return [{k: v for k, v in row.items() if k not in names} for row in rows]


def _events(tag, source):
    made = []
    for i, event in enumerate(source):
        clone = copy.copy(event)
        clone.pk = None
        clone.reason = f"{tag}|{TRICKY}|{i}"
        clone.data = {"text": TRICKY, "nested": [1, None, {"a": "\\\t"}], "n": i}
        clone.step_due_at = None if i % 2 else event.at
        made.append(clone)
    return made


def _dossiers(tag, source):
    made = []
    for i, dossier in enumerate(source):
        clone = copy.copy(dossier)
        clone.pk = uuid.uuid4()
        clone.code = f"{tag}-{i:04d}"
        clone.applicant_address = f"{TRICKY} {i}"
        clone.pauses = [["2026-01-05T02:00:00+00:00", None]] if i % 2 else []
        clone.flagged_late = bool(i % 3)
        made.append(clone)
    return made


def test_copy_rows_writes_events_as_bulk_create_does(lived):
    source = list(DossierEvent.objects.order_by("id")[:25])
    assert len(source) == 25
    DossierEvent.objects.bulk_create(_events("bulk", source))
    assert copy_rows(DossierEvent, _events("copy", source)) == 25

    def read(tag):
        rows = DossierEvent.objects.filter(reason__startswith=f"{tag}|").order_by("id").values()
        return [dict(row, reason=row["reason"][len(tag) :]) for row in _without(rows, "id")]

    written = read("copy")
    assert len(written) == 25
    assert written == read("bulk")
    assert written[0]["data"]["text"] == TRICKY
    assert written[1]["step_due_at"] is None


def test_copy_rows_writes_dossiers_with_their_own_keys(lived):
    source = list(Dossier.objects.order_by("code")[:10])
    bulk, copied = _dossiers("BULK", source), _dossiers("COPY", source)
    Dossier.objects.bulk_create(bulk)
    copy_rows(Dossier, copied)
    assert set(Dossier.objects.filter(code__startswith="COPY-").values_list("pk", flat=True)) == {
        d.pk for d in copied
    }

    def read(tag):
        rows = Dossier.objects.filter(code__startswith=f"{tag}-").order_by("code").values()
        return _without(rows, "id", "code", "created_at", "updated_at")  # now, each

    assert read("COPY") == read("BULK")
    stamped = Dossier.objects.filter(code__startswith="COPY-").values_list("created_at", flat=True)
    assert all(moment != source[0].created_at for moment in stamped)  # auto_now_add, as bulk


def test_copy_rows_refuses_a_mix_of_numbered_and_unnumbered_rows(lived):
    source = list(DossierEvent.objects.order_by("id")[:2])
    rows = _events("mix", source)
    rows[0].pk = 10**9
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes with bulk_create, which numbers what it must")
    with pytest.raises(ValueError, match="some rows have a primary key"):
        copy_rows(DossierEvent, rows)
