"""Personas and a procedure for dossier tests: two communes, each with its desk and staff."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from procedures.models import AgencyKind, ChannelKind, DurationUnit, Level
from tests.factories import (
    AgencyFactory,
    ChannelFactory,
    ComponentFactory,
    MembershipFactory,
    ProcessStepFactory,
    UserFactory,
    make_procedure,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="giay-to.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _commune(code, name, ward_code):
    committee = AgencyFactory(
        code=code,
        name=f"Ủy ban nhân dân {name}",
        kind=AgencyKind.PEOPLES_COMMITTEE,
        level=Level.COMMUNE,
        ward_code=ward_code,
        has_desk=False,
    )
    centre = AgencyFactory(
        code=f"{code}.01",
        name=f"Trung tâm Phục vụ hành chính công {name}",
        kind=AgencyKind.SERVICE_CENTRE,
        level=Level.COMMUNE,
        parent=committee,
        has_desk=True,
    )
    # Another unit of the committee, for its head of unit to hand a dossier on to.
    department = AgencyFactory(
        code=f"{code}.02",
        name=f"Phòng Văn hóa - Xã hội {name}",
        kind=AgencyKind.UNIT,
        level=Level.COMMUNE,
        parent=committee,
        has_desk=False,
    )
    prefix = code.replace(".", "").lower()

    def member(agency, role, suffix):
        return MembershipFactory(agency=agency, role=role, user__username=f"{prefix}-{suffix}").user

    return SimpleNamespace(
        committee=committee,
        centre=centre,
        department=department,
        desk=member(centre, "desk_officer", "desk"),
        desk_head=member(centre, "head_of_unit", "desk-head"),
        specialist=member(committee, "specialist", "specialist"),
        # A second specialist, for the head of unit to assign (or reassign) a dossier to.
        colleague=member(committee, "specialist", "specialist-2"),
        head=member(committee, "head_of_unit", "head"),
        leader=member(committee, "leader", "leader"),
    )


@pytest.fixture
def frozen_monday(time_machine):
    """Time stands still at `helpers.MONDAY` (Monday 9 March 2026, 09:00 local): modules
    whose tests all happen then say `pytestmark = pytest.mark.usefixtures("frozen_monday")`."""
    from tests.dossiers.helpers import MONDAY

    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture
def world(db):
    """`world.home` handles the procedure; `world.away` is another commune's cast."""
    return build_world()


def build_world():
    """The `world` fixture's data, for tests that need another database fixture (e2e)."""
    home = _commune("H92.31", "phường Ninh Kiều", 31135)
    away = _commune("H92.32", "phường Cái Khế", 31120)
    procedure = make_procedure("1.001612", "Đăng ký thành lập hộ kinh doanh")
    version = procedure.current_version
    version.implementing_agencies.set([home.committee, away.committee])
    required = ComponentFactory(version=version, order=1, name="Giấy đề nghị đăng ký")
    optional = ComponentFactory(version=version, order=2, name="Văn bản ủy quyền", required=False)
    for kind in (ChannelKind.ONLINE, ChannelKind.IN_PERSON):
        ChannelFactory(
            version=version,
            kind=kind,
            duration_value=Decimal("3"),
            duration_unit=DurationUnit.WORKING_DAY,
        )
    for order, name, role, budget in (
        (1, "Tiếp nhận, chuyển xử lý", "desk_officer", "0.5"),
        (2, "Thẩm định", "specialist", "2"),
        (3, "Phê duyệt", "leader", "0.5"),
        (4, "Trả kết quả", "desk_officer", "0"),
    ):
        ProcessStepFactory(
            version=version,
            order=order,
            name=name,
            responsible_role=role,
            budget_value=Decimal(budget),
        )
    return SimpleNamespace(
        home=home,
        away=away,
        procedure=procedure,
        version=version,
        required=required,
        optional=optional,
        # Their phones stand in for what a dossier's tracking and messages need.
        citizen=UserFactory(username="citizen-a", full_name="Nguyễn Văn An", phone="0912000111"),
        other_citizen=UserFactory(
            username="citizen-b", full_name="Trần Thị Bình", phone="0912000222"
        ),
    )


def neighbour_procedure(code, name, agencies):
    """Another procedure filed in person at `agencies`, with one required component: a second
    match for the walk-in desk's search."""
    procedure = make_procedure(code, name)
    version = procedure.current_version
    version.implementing_agencies.set(agencies)
    ComponentFactory(version=version, order=1, name="Thông báo theo mẫu")
    ChannelFactory(
        version=version,
        kind=ChannelKind.IN_PERSON,
        duration_value=Decimal("3"),
        duration_unit=DurationUnit.WORKING_DAY,
    )
    return procedure
