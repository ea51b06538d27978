"""factory_boy factories for the catalog and users. One place; tests build on these."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from procedures.models import (
    Agency,
    AgencyKind,
    Channel,
    ChannelKind,
    Component,
    DurationUnit,
    FeeLine,
    Field,
    Level,
    Membership,
    OnlineLevel,
    Procedure,
    ProcedureVersion,
    ProcessStep,
)
from procedures.services import procedure_refresh_current

PASSWORD = "a-test-password-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"H92.{n:02d}")
    name = factory.Sequence(lambda n: f"Ủy ban nhân dân phường {n}")
    kind = AgencyKind.PEOPLES_COMMITTEE
    level = Level.COMMUNE
    province_code = 92
    has_desk = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = "desk_officer"


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"field-{n}")
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"1.{n:06d}")


class VersionFactory(factory.django.DjangoModelFactory):
    """A published version in force since 2025-07-01, refreshed as the procedure's current one."""

    class Meta:
        model = ProcedureVersion
        skip_postgeneration_save = True

    procedure = factory.SubFactory(ProcedureFactory)
    number = factory.Sequence(lambda n: n + 1)
    effective_from = datetime.date(2025, 7, 1)
    published_at = factory.LazyFunction(timezone.now)
    name = factory.Sequence(lambda n: f"Thủ tục thử nghiệm {n}")
    field = factory.SubFactory(FieldFactory)
    at_commune = True
    competent_authority = "Ủy ban nhân dân cấp xã"
    steps = "Bước 1: Nộp hồ sơ. Bước 2: Tiếp nhận. Bước 3: Trả kết quả."
    result = "Giấy chứng nhận"
    online_level = OnlineLevel.FULL

    class Params:
        draft = factory.Trait(published_at=None)

    @factory.post_generation
    def refresh(obj, create, extracted, **kwargs):
        if create and obj.published_at:
            procedure_refresh_current(procedure_id=obj.procedure_id)


class ComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Component

    version = factory.SubFactory(VersionFactory)
    order = factory.Sequence(lambda n: n)
    name = "Tờ khai theo mẫu"
    originals = 1


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    version = factory.SubFactory(VersionFactory)
    kind = ChannelKind.ONLINE
    duration_value = Decimal("3")
    duration_unit = DurationUnit.WORKING_DAY


class FeeLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeeLine

    channel = factory.SubFactory(ChannelFactory)
    description = "Lệ phí"
    amount = Decimal("8000")


class ProcessStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcessStep

    version = factory.SubFactory(VersionFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = "Tiếp nhận hồ sơ"
    responsible_unit = "Bộ phận Một cửa"
    budget_value = Decimal("0.5")


def make_procedure(code: str, name: str, field: Field | None = None, **version_fields) -> Procedure:
    """A procedure with one published version named `name`; returns the refreshed procedure."""
    procedure = ProcedureFactory(code=code)
    VersionFactory(
        procedure=procedure, name=name, number=1, field=field or FieldFactory(), **version_fields
    )
    procedure.refresh_from_db()
    return procedure
