"""Planning the import: every agency, field and procedure checked and built, nothing saved.

Records become unsaved, cleaned model instances with the action they need (created, updated
or unchanged); `write` saves them once the whole file has passed.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Agency, Field, Procedure, ProcedureVersion, procedure_code_validator
from .errors import Invalid
from .keys import AGENCY_FIELDS, AGENCY_KEYS, CREATED, FIELD_KEYS, UNCHANGED, UPDATED
from .serialize import agency_dict, agency_links, values, with_parts
from .validate import Known, assign, check_record, clean, record_list, reference, unique
from .versions import VersionPlan, plan_version

# --- Agencies and fields --------------------------------------------------------------------


@dataclass
class AgencyPlan:
    instance: Agency
    parent: str | None
    successor: str | None
    action: str


@dataclass
class FieldPlan:
    instance: Field
    action: str


def _existing(queryset, records) -> dict:
    codes = [r["code"] for r in records if isinstance(r, dict) and isinstance(r.get("code"), str)]
    return queryset.in_bulk(codes, field_name="code")


def _action(before: dict | None, after: dict) -> str:
    return CREATED if before is None else UNCHANGED if before == after else UPDATED


def _lookup(existing, record):
    code = record.get("code")
    return existing.get(code) if isinstance(code, str) else None


def plan_agencies(records) -> list[AgencyPlan]:
    existing = _existing(Agency.objects.select_related("parent", "successor"), records)
    plans, seen = [], set()
    for index, record in enumerate(records):
        path = ("agencies", index)
        check_record(record, AGENCY_KEYS, path)
        agency = _lookup(existing, record) or Agency()
        before = agency_dict(agency, *agency_links(agency)) if agency.pk else None
        assign(agency, record, AGENCY_FIELDS, path)
        clean(agency, path, exclude=["parent", "successor"])
        unique(seen, agency.code, path, "code")
        links = [_link(record, key, agency.code, path) for key in ("parent", "successor")]
        plans.append(AgencyPlan(agency, *links, _action(before, agency_dict(agency, *links))))
    _check_agency_links(plans)
    return plans


def _link(record, key, own_code, path) -> str | None:
    code = record.get(key) or None
    if code is not None and not isinstance(code, str):
        raise Invalid(path, key, _("cần mã cơ quan"))
    if code == own_code:
        raise Invalid(path, key, _("cơ quan không thể trỏ tới chính nó"))
    return code


def _check_agency_links(plans) -> None:
    known = Known(Agency, [plan.instance.code for plan in plans])
    missing = _("không tìm thấy cơ quan có mã “%(code)s”")
    for index, plan in enumerate(plans):
        for key in ("parent", "successor"):
            if getattr(plan, key):
                reference(getattr(plan, key), known, ("agencies", index), key, missing)
    parents = {plan.instance.code: plan.parent for plan in plans}
    for index, plan in enumerate(plans):
        _check_no_cycle(plan.instance.code, parents, ("agencies", index))


def _check_no_cycle(code, parents, path) -> None:
    """Walk up the parents (the file's, else the database's) and never meet `code` again."""
    seen, current = {code}, parents[code]
    while current:
        if current in seen:
            message = _("cơ quan cấp trên tạo thành vòng lặp qua “%(code)s”")
            raise Invalid(path, "parent", message % {"code": current})
        seen.add(current)
        if current not in parents:
            parents[current] = (
                Agency.objects.filter(code=current).values_list("parent__code", flat=True).first()
            )
        current = parents[current]


def plan_fields(records) -> list[FieldPlan]:
    existing = _existing(Field.objects.all(), records)
    plans, seen = [], set()
    for index, record in enumerate(records):
        path = ("fields", index)
        check_record(record, FIELD_KEYS, path)
        field = _lookup(existing, record) or Field()
        before = values(field, FIELD_KEYS) if field.pk else None
        assign(field, record, FIELD_KEYS, path)
        clean(field, path, exclude=[])
        unique(seen, field.code, path, "code")
        plans.append(FieldPlan(field, _action(before, values(field, FIELD_KEYS))))
    return plans


# --- Procedures -----------------------------------------------------------------------------


@dataclass
class ProcedurePlan:
    code: str
    procedure: Procedure | None
    versions: list[VersionPlan]

    @property
    def action(self) -> str:
        if self.procedure is None:
            return CREATED
        changed = any(plan.action != UNCHANGED for plan in self.versions)
        return UPDATED if changed else UNCHANGED


def plan_procedures(records, known_fields, known_agencies, base_dir, progress):
    existing = _existing(Procedure.objects.all(), records)
    context = (known_fields, known_agencies, base_dir, timezone.now())
    progress.stage(_("Kiểm tra"))
    plans, seen = [], set()
    for index, record in enumerate(records):
        path = ("procedures", index)
        check_record(record, ("code", "versions"), path)
        code = _procedure_code(record, path)
        unique(seen, code, path, "code")
        procedure = existing.get(code)
        olds = _versions_of(procedure)
        versions = [
            plan_version(version, path + ("versions", j), olds, context)
            for j, version in enumerate(record_list(record, "versions", path))
        ]
        _check_unique_numbers(versions, path)
        plans.append(ProcedurePlan(code, procedure, versions))
        progress.step()
    return plans


def _procedure_code(record, path) -> str:
    code = record.get("code")
    if not isinstance(code, str):
        raise Invalid(path, "code", _("cần mã thủ tục"))
    try:
        procedure_code_validator(code)
    except ValidationError as exc:
        raise Invalid(path, "code", exc.messages[0]) from None
    return code


def _versions_of(procedure) -> dict[int, ProcedureVersion]:
    if procedure is None:
        return {}
    versions = with_parts(procedure.versions.select_for_update(of=("self",)))
    return {version.number: version for version in versions}


def _check_unique_numbers(plans, path) -> None:
    seen = set()
    for j, plan in enumerate(plans):
        unique(seen, plan.version.number, path + ("versions", j), "number")
