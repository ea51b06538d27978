"""Which desk receives a dossier, as the 2025 rules organise the service centres."""

import pytest

from dossiers.errors import BadInput
from dossiers.services import receiving_unit_for
from procedures.models import AgencyKind, Level
from tests.factories import AgencyFactory


@pytest.fixture
def province(db):
    city = AgencyFactory(
        code="H13",
        kind=AgencyKind.PEOPLES_COMMITTEE,
        level=Level.PROVINCE,
        has_desk=False,
        ward_code=31135,
    )
    centre = AgencyFactory(
        code="H13.01",
        kind=AgencyKind.SERVICE_CENTRE,
        level=Level.PROVINCE,
        parent=city,
        has_desk=True,
        ward_code=31135,
    )
    ward = AgencyFactory(
        code="H13.31", level=Level.COMMUNE, parent=city, has_desk=False, ward_code=31135
    )
    ward_centre = AgencyFactory(
        code="H13.31.01",
        kind=AgencyKind.SERVICE_CENTRE,
        level=Level.COMMUNE,
        parent=ward,
        has_desk=True,
        ward_code=31135,
    )
    police = AgencyFactory(
        code="H13.06", kind=AgencyKind.POLICE, level=Level.PROVINCE, parent=city, has_desk=False
    )
    ward_police = AgencyFactory(
        code="H13.06.31",
        kind=AgencyKind.POLICE,
        level=Level.COMMUNE,
        parent=police,
        has_desk=False,
        ward_code=31135,
    )
    justice = AgencyFactory(
        code="H13.02", kind=AgencyKind.DEPARTMENT, level=Level.PROVINCE, parent=city, has_desk=False
    )
    return locals()


def test_a_commune_is_received_at_its_own_service_centre(province):
    assert receiving_unit_for(province["ward"]) == province["ward_centre"]


def test_the_commune_police_are_received_at_the_communes_service_centre(province):
    assert receiving_unit_for(province["ward_police"]) == province["ward_centre"]


def test_a_provincial_department_is_received_at_the_provincial_service_centre(province):
    assert receiving_unit_for(province["justice"]) == province["centre"]
    assert receiving_unit_for(province["police"]) == province["centre"]


def test_an_agency_with_no_desk_anywhere_above_it_is_refused_clearly(db):
    lonely = AgencyFactory(code="G99", level=Level.CENTRAL, has_desk=False)

    with pytest.raises(BadInput) as refused:
        receiving_unit_for(lonely)
    assert refused.value.fields == {
        "agency": ["Cơ quan này chưa có Bộ phận Một cửa tiếp nhận hồ sơ."]
    }
