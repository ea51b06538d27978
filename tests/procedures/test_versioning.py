"""Procedure versions: locked ones never change, drafts do, and the current one follows dates."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from procedures import services
from procedures.models import (
    Channel,
    ChannelKind,
    Component,
    FeeLine,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    VersionLocked,
)
from procedures.tasks import refresh_current_versions
from tests.factories import (
    AgencyFactory,
    ChannelFactory,
    ComponentFactory,
    FeeLineFactory,
    ProcedureFactory,
    ProcessStepFactory,
    VersionFactory,
)

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime.date(2025, 7, 1)


@pytest.fixture(autouse=True)
def frozen_time():
    """Every test runs on a fixed day; `at()` travels further where a test needs it."""
    with time_machine.travel(datetime.datetime(2026, 1, 5, 9, 0, tzinfo=VN), tick=False):
        yield


def at(day: datetime.date, hour: int = 9, minute: int = 0):
    """Travel to a local time in Việt Nam, frozen."""
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(hour, minute), VN), tick=False
    )


def full_version(**fields) -> ProcedureVersion:
    """A published version with two agencies and one of every part."""
    version = VersionFactory(**fields)
    version.implementing_agencies.set([AgencyFactory(code="H92.51"), AgencyFactory(code="H92.52")])
    ComponentFactory(version=version, order=1, name="Tờ khai đăng ký khai sinh")
    ComponentFactory(version=version, order=2, name="Giấy chứng sinh", originals=0, photocopies=1)
    online = ChannelFactory(version=version, kind=ChannelKind.ONLINE, duration_value=Decimal("1"))
    FeeLineFactory(channel=online, description="Lệ phí đăng ký", amount=Decimal("5000"))
    FeeLineFactory(channel=online, description="Phí cấp bản sao", amount=Decimal("3000"))
    ChannelFactory(version=version, kind=ChannelKind.IN_PERSON, duration_value=Decimal("0"))
    ProcessStepFactory(version=version, order=1, name="Tiếp nhận hồ sơ")
    ProcessStepFactory(version=version, order=2, name="Thẩm định", budget_value=Decimal("1.5"))
    return version


def locked_version() -> ProcedureVersion:
    version = full_version()
    services.version_lock(version_id=version.pk)
    return ProcedureVersion.objects.get(pk=version.pk)


def parts(version: ProcedureVersion) -> dict:
    """Everything a version holds, without ids, to compare copies."""
    return {
        "agencies": sorted(version.implementing_agencies.values_list("code", flat=True)),
        "components": list(
            version.components.values_list(
                "order", "name", "originals", "certified_copies", "photocopies", "required"
            )
        ),
        "channels": [
            (
                c.kind,
                c.duration_value,
                c.duration_unit,
                sorted(c.fees.values_list("kind", "description", "amount")),
            )
            for c in version.channels.order_by("kind")
        ],
        "steps": list(
            version.process_steps.values_list("order", "name", "responsible_unit", "budget_value")
        ),
    }


# --- Locked versions --------------------------------------------------------------------------


def test_a_locked_version_cannot_be_saved():
    version = locked_version()
    version.name = "Tên đã sửa"

    with pytest.raises(VersionLocked):
        version.save()

    assert ProcedureVersion.objects.get(pk=version.pk).name != "Tên đã sửa"


def test_a_locked_version_cannot_be_saved_even_from_a_copy_loaded_before_the_lock():
    version = full_version()
    stale = ProcedureVersion.objects.get(pk=version.pk)
    services.version_lock(version_id=version.pk)
    stale.name = "Tên đã sửa"

    with pytest.raises(VersionLocked):
        stale.save()


def test_a_locked_version_cannot_be_deleted():
    version = locked_version()

    with pytest.raises(VersionLocked):
        version.delete()

    assert ProcedureVersion.objects.filter(pk=version.pk).exists()


@pytest.mark.parametrize("model", [Component, Channel, ProcessStep])
def test_the_parts_of_a_locked_version_cannot_be_saved_or_deleted(model):
    version = locked_version()
    part = model.objects.filter(version=version).first()

    with pytest.raises(VersionLocked):
        part.save()
    with pytest.raises(VersionLocked):
        part.delete()

    assert model.objects.filter(pk=part.pk).exists()


def test_no_part_can_be_added_to_a_locked_version():
    version = locked_version()

    with pytest.raises(VersionLocked):
        Component.objects.create(version=version, order=9, name="Giấy tờ thêm")
    with pytest.raises(VersionLocked):
        ProcessStep.objects.create(
            version=version,
            order=9,
            name="Bước thêm",
            responsible_unit="Văn thư",
            budget_value=Decimal("1"),
        )
    with pytest.raises(VersionLocked):
        Channel.objects.create(
            version=version,
            kind=ChannelKind.POSTAL,
            duration_value=Decimal("5"),
            duration_unit="working_day",
        )

    assert version.components.count() == 2
    assert version.process_steps.count() == 2
    assert version.channels.count() == 2


def test_the_fees_of_a_locked_version_cannot_be_saved_added_or_deleted():
    version = locked_version()
    channel = Channel.objects.get(version=version, kind=ChannelKind.ONLINE)
    fee = FeeLine.objects.filter(channel=channel).first()
    fee.amount = Decimal("0")

    with pytest.raises(VersionLocked):
        fee.save()
    with pytest.raises(VersionLocked):
        fee.delete()
    with pytest.raises(VersionLocked):
        FeeLine.objects.create(channel=channel, description="Phí mới", amount=Decimal("1000"))

    assert FeeLine.objects.get(pk=fee.pk).amount == Decimal("5000")
    assert channel.fees.count() == 2


def test_a_part_loaded_before_the_lock_cannot_be_saved_either():
    version = full_version()
    component = Component.objects.select_related("version").get(version=version, order=1)
    services.version_lock(version_id=version.pk)
    component.name = "Tên đã sửa"

    with pytest.raises(VersionLocked):
        component.save()


def test_locking_keeps_the_first_lock_time():
    version = full_version()
    services.version_lock(version_id=version.pk)
    first = ProcedureVersion.objects.get(pk=version.pk).locked_at

    services.version_lock(version_id=version.pk)

    assert first is not None
    assert ProcedureVersion.objects.get(pk=version.pk).locked_at == first


# --- Drafts -----------------------------------------------------------------------------------


def test_a_draft_and_its_parts_can_be_edited_and_deleted():
    version = full_version(draft=True)
    version.name = "Đăng ký khai sinh (sửa đổi)"
    version.save()
    component = version.components.first()
    component.name = "Tờ khai mới"
    component.save()
    fee = FeeLine.objects.filter(channel__version=version).first()
    fee.amount = Decimal("0")
    fee.save()
    version.process_steps.first().delete()

    version.refresh_from_db()
    assert version.name == "Đăng ký khai sinh (sửa đổi)"
    assert version.search_text == "dang ky khai sinh sua doi " + " ".join(
        version.procedure.code.split(".")
    )
    assert Component.objects.get(pk=component.pk).name == "Tờ khai mới"
    assert FeeLine.objects.get(pk=fee.pk).amount == 0
    assert version.process_steps.count() == 1

    version.delete()
    assert not ProcedureVersion.objects.filter(pk=version.pk).exists()


def test_a_new_draft_copies_every_part_into_the_next_number():
    source = locked_version()

    draft = services.version_new_draft(
        procedure_id=source.procedure_id, effective_from=datetime.date(2026, 3, 1)
    )

    assert draft.pk != source.pk
    assert draft.number == source.number + 1
    assert draft.is_draft and not draft.is_locked
    assert draft.effective_from == datetime.date(2026, 3, 1)
    assert draft.name == source.name
    assert draft.field_id == source.field_id
    assert parts(draft) == parts(source)
    assert len(parts(draft)["channels"][1][3]) == 2  # the online channel's two fee lines


def test_a_new_draft_leaves_the_source_version_and_the_current_version_as_they_were():
    source = locked_version()
    before = parts(source)
    component_ids = set(source.components.values_list("pk", flat=True))

    draft = services.version_new_draft(procedure_id=source.procedure_id, effective_from=START)

    source.refresh_from_db()
    assert parts(source) == before
    assert set(source.components.values_list("pk", flat=True)) == component_ids
    assert not set(draft.components.values_list("pk", flat=True)) & component_ids
    assert Procedure.objects.get(pk=source.procedure_id).current_version_id == source.pk


def test_the_copy_of_a_locked_version_can_be_edited():
    source = locked_version()
    draft = services.version_new_draft(procedure_id=source.procedure_id, effective_from=START)

    fee = FeeLine.objects.filter(channel__version=draft).first()
    fee.amount = Decimal("10000")
    fee.save()
    draft.name = "Tên mới"
    draft.save()

    assert FeeLine.objects.get(pk=fee.pk).amount == Decimal("10000")
    assert ProcedureVersion.objects.get(pk=draft.pk).name == "Tên mới"


def test_a_new_draft_needs_a_version_to_copy():
    procedure = ProcedureFactory()

    with pytest.raises(ValueError):
        services.version_new_draft(procedure_id=procedure.pk, effective_from=START)


# --- Publishing and the current version -------------------------------------------------------


def test_publishing_sets_published_at_and_makes_an_effective_version_current():
    with at(datetime.date(2026, 1, 10)):
        v1 = VersionFactory(number=1, effective_from=START)
        draft = services.version_new_draft(
            procedure_id=v1.procedure_id, effective_from=datetime.date(2026, 1, 1)
        )
        assert Procedure.objects.get(pk=v1.procedure_id).current_version_id == v1.pk

        published = services.version_publish(version_id=draft.pk)

        assert published.published_at == datetime.datetime(2026, 1, 10, 9, 0, tzinfo=VN)
        assert Procedure.objects.get(pk=v1.procedure_id).current_version_id == draft.pk


def test_publishing_may_set_the_effective_date():
    with at(datetime.date(2026, 1, 10)):
        v1 = VersionFactory(number=1, effective_from=START)
        draft = services.version_new_draft(procedure_id=v1.procedure_id, effective_from=START)

        published = services.version_publish(
            version_id=draft.pk, effective_from=datetime.date(2026, 2, 1)
        )

        assert published.effective_from == datetime.date(2026, 2, 1)
        assert ProcedureVersion.objects.get(pk=draft.pk).effective_from == datetime.date(2026, 2, 1)


def test_a_version_effective_in_the_future_is_not_current_until_its_date():
    with at(datetime.date(2026, 1, 10)):
        v1 = VersionFactory(number=1, effective_from=START)
        draft = services.version_new_draft(
            procedure_id=v1.procedure_id, effective_from=datetime.date(2026, 2, 1)
        )
        services.version_publish(version_id=draft.pk)
        assert Procedure.objects.get(pk=v1.procedure_id).current_version_id == v1.pk

    with at(datetime.date(2026, 1, 31), 23, 59):
        assert services.procedures_refresh_current() == 0
        assert Procedure.objects.get(pk=v1.procedure_id).current_version_id == v1.pk

    with at(datetime.date(2026, 2, 1), 0, 1):
        assert services.procedures_refresh_current() == 1
        assert Procedure.objects.get(pk=v1.procedure_id).current_version_id == draft.pk


def test_the_celery_task_moves_procedures_to_versions_that_took_effect():
    with at(datetime.date(2026, 1, 10)):
        v1 = VersionFactory(number=1, effective_from=START)
        untouched = VersionFactory(number=1, effective_from=START)
        draft = services.version_new_draft(
            procedure_id=v1.procedure_id, effective_from=datetime.date(2026, 2, 1)
        )
        services.version_publish(version_id=draft.pk)

    with at(datetime.date(2026, 2, 1), 0, 30):
        assert refresh_current_versions() == 1
        assert refresh_current_versions() == 0  # idempotent

    assert Procedure.objects.get(pk=v1.procedure_id).current_version_id == draft.pk
    assert Procedure.objects.get(pk=untouched.procedure_id).current_version_id == untouched.pk


def test_a_procedure_whose_only_version_is_a_draft_has_no_current_version():
    version = VersionFactory(draft=True)

    services.procedure_refresh_current(procedure_id=version.procedure_id)

    assert Procedure.objects.get(pk=version.procedure_id).current_version_id is None


def test_current_version_on_picks_the_latest_effective_published_version():
    procedure = ProcedureFactory()
    v1 = VersionFactory(procedure=procedure, number=1, effective_from=START)
    v2 = VersionFactory(procedure=procedure, number=2, effective_from=datetime.date(2026, 1, 1))
    VersionFactory(
        procedure=procedure, number=3, effective_from=datetime.date(2026, 3, 1), draft=True
    )
    v4 = VersionFactory(procedure=procedure, number=4, effective_from=datetime.date(2027, 1, 1))

    assert services.current_version_on(procedure, datetime.date(2025, 6, 30)) is None
    assert services.current_version_on(procedure, START) == v1
    assert services.current_version_on(procedure, datetime.date(2025, 12, 31)) == v1
    assert services.current_version_on(procedure, datetime.date(2026, 1, 1)) == v2
    assert services.current_version_on(procedure, datetime.date(2026, 6, 1)) == v2
    assert services.current_version_on(procedure, datetime.date(2027, 1, 1)) == v4


def test_current_version_on_prefers_the_higher_number_on_the_same_date():
    procedure = ProcedureFactory()
    VersionFactory(procedure=procedure, number=1, effective_from=START)
    v2 = VersionFactory(procedure=procedure, number=2, effective_from=START)

    assert services.current_version_on(procedure, START) == v2


def test_publishing_twice_is_refused():
    v1 = VersionFactory(number=1, effective_from=START)
    draft = services.version_new_draft(procedure_id=v1.procedure_id, effective_from=START)
    first = services.version_publish(version_id=draft.pk).published_at

    with pytest.raises(VersionLocked):
        services.version_publish(version_id=draft.pk, effective_from=datetime.date(2030, 1, 1))

    draft.refresh_from_db()
    assert draft.published_at == first
    assert draft.effective_from == START
