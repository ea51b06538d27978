"""`generate_procedures`: a large catalog for benchmarks, copied from the loaded one, that
search, pages and the API read like any other (issue 13)."""

import pytest
from django.core.management import CommandError, call_command

from procedures.generate import generate_procedures
from procedures.models import Procedure
from procedures.search import search_procedures
from tests.factories import (
    AgencyFactory,
    ChannelFactory,
    ComponentFactory,
    FeeLineFactory,
    ProcessStepFactory,
    make_procedure,
)


@pytest.fixture
def catalog(db):
    agency = AgencyFactory(code="H92.31")
    for code, name in (("1.001193", "Đăng ký khai sinh"), ("1.000894", "Đăng ký kết hôn")):
        version = make_procedure(code, name).current_version
        version.implementing_agencies.add(agency)
        ComponentFactory(version=version, name="Tờ khai")
        ProcessStepFactory(version=version, order=1)
        FeeLineFactory(channel=ChannelFactory(version=version))
    return agency


def test_copies_carry_every_part_under_new_codes_and_varied_names(catalog):
    assert generate_procedures(count=40, seed=3, batch=15) == 40

    made = Procedure.objects.filter(code__startswith="9.").select_related("current_version")
    assert made.count() == 40
    assert {p.code for p in made} == {f"9.{n:06d}" for n in range(1, 41)}
    names = {p.current_version.name for p in made}
    assert len(names) > 10  # varied, not forty copies of two names
    for procedure in made:
        version = procedure.current_version
        assert version.published_at and version.search_text
        assert version.components.count() == 1 and version.process_steps.count() == 1
        assert version.channels.get().fees.count() == 1
        assert list(version.implementing_agencies.all()) == [catalog]


def test_search_finds_the_copies_as_it_finds_the_originals(catalog):
    generate_procedures(count=60, seed=3)

    found = list(search_procedures(Procedure.objects.all(), "khai sinh"))

    assert found[0].code == "1.001193"  # the plain name ranks first
    assert len(found) > 10 and all("khai sinh" in p.current_version.search_text for p in found)


def test_the_command_refuses_without_debug_unless_forced(catalog, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("generate_procedures", "--count", "3")
    call_command("generate_procedures", "--count", "3", "--force")
    assert Procedure.objects.filter(code__startswith="9.").count() == 3
