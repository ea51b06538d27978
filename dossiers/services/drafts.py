"""Drafts and their files: the receiving desk of an agency, a new draft, an attached file."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from citizens.validators import (
    normalise_phone,
    normalise_tax_code,
    validate_contact_phone,
    validate_id_number,
)
from procedures.models import Agency, ChannelKind, Level, OnlineLevel, ProcedureVersion, Role
from procedures.services import version_lock

from .. import permissions as perms
from ..errors import BadInput, Conflict, NotAllowed, NotFound
from ..files import inspect_upload
from ..models import Dossier, DossierEvent, DossierFile, FileKind
from ..states import Actor, ReturnChannel, State
from ._core import _check_open, _locked, _new_file, _refuse_shown_only, _require

# ---- Drafts and files --------------------------------------------------------------------


def receiving_unit_for(agency: Agency) -> Agency:
    """The one-stop desk that receives dossiers for `agency` (ND 118: the service centres
    receive for every agency of the province):

    - the agency's own desk, or the desk of one of its units (a commune's service centre);
    - for a commune-level agency without one (the commune police), the desk of its commune;
    - otherwise the nearest ancestor's desk or centre: a provincial department's dossiers are
      received at the provincial Public Administration Service Centre.
    """
    found = _desk_of(agency)
    if found is None and agency.level == Level.COMMUNE and agency.ward_code:
        found = (
            Agency.objects.filter(
                has_desk=True, level=Level.COMMUNE, ward_code=agency.ward_code, closed_on=None
            )
            .order_by("code")
            .first()
        )
    ancestor = agency.parent
    while found is None and ancestor is not None:
        found = _desk_of(ancestor)
        ancestor = ancestor.parent
    if found is None:
        raise BadInput(
            fields={"agency": [_("Cơ quan này chưa có Bộ phận Một cửa tiếp nhận hồ sơ.")]}
        )
    return found


def _desk_of(agency: Agency) -> Agency | None:
    if agency.has_desk:
        return agency
    return agency.children.filter(has_desk=True, closed_on=None).order_by("code").first()


@transaction.atomic
def dossier_create(
    *,
    actor,
    procedure_code: str,
    channel: str,
    agency_code: str = "",
    applicant_name: str = "",
    applicant_id_number: str = "",
    applicant_phone: str = "",
    applicant_email: str = "",
    applicant_address: str = "",
    delivery_channel: str = ReturnChannel.DESK,
    delivery_address: str = "",
    client_token=None,
) -> Dossier:
    """A draft: by an applicant for themselves, or by a desk officer for a walk-in. The draft
    pins the procedure version in force, which is locked from then on.

    With a `client_token` the call is idempotent: a retried or doubled request by the same user
    with the same token answers the dossier the first one made, whatever else it says."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise NotAllowed(_("Cần đăng nhập để tạo hồ sơ."))
    if client_token:
        earlier = Dossier.objects.filter(created_by=actor, client_token=client_token).first()
        if earlier is not None:
            return earlier
    version = (
        ProcedureVersion.objects.filter(
            procedure__code=procedure_code, procedure__current_version=F("pk")
        )
        .select_related("procedure")
        .first()
    )
    if version is None:
        raise BadInput(fields={"procedure": [_("Không có thủ tục đang áp dụng với mã này.")]})
    if channel not in ChannelKind.values:
        raise BadInput(fields={"channel": [_("Hình thức nộp không hợp lệ.")]})
    if channel == ChannelKind.ONLINE and not version.accepts_online:
        raise BadInput(
            fields={"channel": [_("Thủ tục này chưa cung cấp dịch vụ công trực tuyến.")]}
        )
    if not version.channels.filter(kind=channel).exists():
        raise BadInput(fields={"channel": [_("Thủ tục không áp dụng hình thức nộp này.")]})
    agency = _competent_agency(version, agency_code)
    receiving_unit = receiving_unit_for(agency)
    desk = (receiving_unit.pk, Role.DESK_OFFICER) in perms.memberships(actor)
    if channel == ChannelKind.IN_PERSON and not desk:
        raise BadInput(
            fields={"channel": [_("Hồ sơ nộp trực tiếp do Bộ phận Một cửa tạo khi tiếp nhận.")]}
        )
    if desk and channel == ChannelKind.IN_PERSON:
        applicant = None
        name = _require(applicant_name.strip(), "applicant_name", _("Cần nhập họ tên người nộp."))
    else:
        applicant = actor
        name = applicant_name.strip() or actor.get_full_name()
    delivery_channel, delivery_address = _delivery(
        version, delivery_channel, delivery_address, has_account=applicant is not None
    )
    contact_errors = _contact_errors(
        {
            "applicant_phone": applicant_phone,
            "applicant_email": applicant_email,
            "applicant_id_number": applicant_id_number,
        }
    )
    if contact_errors:
        raise BadInput(fields=contact_errors)
    version_lock(version_id=version.pk)
    fields = dict(
        procedure=version.procedure,
        version=version,
        channel=channel,
        applicant=applicant,
        created_by=actor,
        applicant_name=name,
        # An account's own contacts and identity number stand in for those not typed.
        applicant_id_number=applicant_id_number.strip() or _account_id_number(applicant),
        applicant_phone=applicant_phone.strip() or (applicant.phone if applicant else ""),
        applicant_email=applicant_email.strip() or (actor.email if applicant else ""),
        applicant_address=applicant_address.strip(),
        receiving_unit=receiving_unit,
        competent_agency=agency,
        delivery_channel=delivery_channel,
        delivery_address=delivery_address,
        client_token=client_token or None,
    )
    if not client_token:
        return Dossier.objects.create(**fields)
    try:
        with transaction.atomic():
            return Dossier.objects.create(**fields)
    except IntegrityError:
        # The same request, a moment earlier, in another transaction: answer its dossier.
        return Dossier.objects.get(created_by=actor, client_token=client_token)


def _account_id_number(user) -> str:
    """The identity number an account signs in with (a CCCD or a tax code), if it is one."""
    if user is None:
        return ""
    try:
        validate_id_number(normalise_tax_code(user.get_username()))
    except ValidationError:
        return ""
    return user.get_username()


def online_delivery_allowed(version: ProcedureVersion) -> bool:
    """The electronic result goes to the applicant online only for a full online service."""
    return version.online_level == OnlineLevel.FULL


def delivery_choices(version: ProcedureVersion) -> list[tuple[str, str]]:
    """The ways the applicant may receive the result of a dossier on `version`."""
    return [
        (value, label)
        for value, label in ReturnChannel.choices
        if value != ReturnChannel.ONLINE or online_delivery_allowed(version)
    ]


def _delivery(version, channel, address, *, has_account=True) -> tuple[str, str]:
    channel = channel or ReturnChannel.DESK
    address = (address or "").strip()
    if channel not in dict(delivery_choices(version)):
        raise BadInput(
            fields={
                "delivery_channel": [_("Thủ tục này không trả kết quả theo hình thức đã chọn.")]
            }
        )
    if channel == ReturnChannel.ONLINE and not has_account:
        raise BadInput(
            fields={
                "delivery_channel": [
                    _("Nhận kết quả trực tuyến cần tài khoản trên cổng (kho dữ liệu cá nhân).")
                ]
            }
        )
    if channel == ReturnChannel.POST:
        _require(address, "delivery_address", _("Cần nhập địa chỉ nhận kết quả qua bưu chính."))
        if len(address) > 500:
            raise BadInput(fields={"delivery_address": [_("Địa chỉ dài quá 500 ký tự.")]})
    else:
        address = ""
    return channel, address


DRAFT_FIELDS = (
    "applicant_name",
    "applicant_id_number",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
)
_FIELD_LIMITS = {
    "applicant_name": 255,
    "applicant_id_number": 20,
    "applicant_phone": 20,
    "applicant_email": 254,
    "applicant_address": 500,
}


def _check_email(value):
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(_("Thư điện tử chưa đúng, ví dụ: ten@example.vn.")) from None


def _contact_errors(values: dict) -> dict:
    """The applicant's contacts that cannot be used, as field errors: a phone that is no
    Vietnamese mobile or landline, an e-mail that is not one, an identity number of no known
    shape. Empty values are left to `contacts_missing` (at submission)."""
    checks = {
        "applicant_phone": lambda v: validate_contact_phone(normalise_phone(v)),
        "applicant_email": _check_email,
        "applicant_id_number": lambda v: validate_id_number(normalise_tax_code(v)),
    }
    errors = {}
    for name, check in checks.items():
        value = (values.get(name) or "").strip()
        if not value:
            continue
        try:
            check(value)
        except ValidationError as error:
            errors[name] = list(error.messages)
    return errors


def contacts_missing(dossier) -> dict:
    """What the dossier lacks to be followed and answered (field errors, empty if nothing):
    a way to reach the applicant (a phone or an e-mail), and what tracking by code asks for
    (the last four digits of the phone or of the identity number)."""
    errors = {}
    if not (dossier.applicant_phone or dossier.applicant_email):
        errors["applicant_phone"] = [
            _("Cần ít nhất một cách liên lạc: số điện thoại hoặc thư điện tử.")
        ]
    if not (dossier.applicant_phone or dossier.applicant_id_number):
        errors.setdefault("applicant_id_number", []).append(
            _(
                "Cần số định danh hoặc số điện thoại: 4 số cuối của một trong hai dùng để tra "
                "cứu hồ sơ."
            )
        )
    return errors


@transaction.atomic
def dossier_update_draft(
    *, dossier_id, actor, expected_updated_at: datetime.datetime | None = None, **changes
) -> Dossier:
    """Change a draft's applicant data and the way to receive the result, before it is sent.

    `expected_updated_at` is when the caller last read the draft: if it has changed since (in
    another tab, on another device), nothing is overwritten and 409 says so."""
    dossier = _locked(dossier_id)
    _check_open(dossier, actor)
    if not {Actor.APPLICANT, Actor.DESK} & perms.actors_for(dossier, actor):
        raise NotAllowed()
    if dossier.state != State.DRAFT:
        raise Conflict(_("Hồ sơ đã được gửi: không sửa được thông tin nộp."))
    if expected_updated_at is not None and dossier.updated_at != expected_updated_at:
        raise Conflict(
            _(
                "Bản nháp đã được thay đổi ở nơi khác sau khi bạn mở trang này. "
                "Trang đã hiện nội dung mới nhất; hãy kiểm tra rồi lưu lại."
            )
        )
    unknown = set(changes) - set(DRAFT_FIELDS) - {"delivery_channel", "delivery_address"}
    if unknown:
        raise BadInput(fields={name: [_("Không sửa được trường này.")] for name in unknown})
    errors = _contact_errors(changes)
    for name in DRAFT_FIELDS:
        if name in changes:
            value = (changes[name] or "").strip()
            if len(value) > _FIELD_LIMITS[name]:
                errors[name] = [_("Dài quá %(n)d ký tự.") % {"n": _FIELD_LIMITS[name]}]
            setattr(dossier, name, value)
    if "applicant_name" in changes and not dossier.applicant_name:
        errors["applicant_name"] = [_("Cần nhập họ tên người nộp.")]
    if errors:
        raise BadInput(fields=errors)
    if "delivery_channel" in changes or "delivery_address" in changes:
        dossier.delivery_channel, dossier.delivery_address = _delivery(
            dossier.version,
            changes.get("delivery_channel", dossier.delivery_channel),
            changes.get("delivery_address", dossier.delivery_address),
            has_account=dossier.applicant_id is not None,
        )
    dossier.save()
    return dossier


def _competent_agency(version, agency_code):
    agencies = list(version.implementing_agencies.all())
    if agency_code:
        chosen = next((a for a in agencies if a.code == agency_code), None)
        if chosen is None:
            raise BadInput(fields={"agency": [_("Cơ quan này không thực hiện thủ tục.")]})
        return chosen
    if len(agencies) == 1:
        return agencies[0]
    raise BadInput(fields={"agency": [_("Cần chọn cơ quan giải quyết hồ sơ.")]})


UPLOAD_STATES = {
    State.DRAFT: ({Actor.APPLICANT, Actor.DESK}, FileKind.APPLICATION),
    State.COMPLETION_REQUESTED: ({Actor.APPLICANT, Actor.DESK}, FileKind.APPLICATION),
    State.SUPPLEMENT_REQUESTED: ({Actor.APPLICANT, Actor.DESK}, FileKind.SUPPLEMENT),
    State.IN_PROGRESS: ({Actor.SPECIALIST, Actor.HEAD}, FileKind.ATTACHMENT),
    State.PENDING_APPROVAL: ({Actor.HEAD, Actor.LEADER}, FileKind.RESULT),
}


@transaction.atomic
def dossier_attach_file(*, dossier_id, actor, upload, component_id=None) -> DossierFile:
    """Attach a file: a component of the pinned version (applicant), or working papers and
    draft results (staff), in the states where each may add files."""
    dossier = _locked(dossier_id)
    _check_open(dossier, actor)
    allowed, kind = UPLOAD_STATES.get(State(dossier.state), (set(), None))
    if not allowed & perms.actors_for(dossier, actor):
        if kind is None:
            raise Conflict(_("Không thể thêm tệp ở trạng thái hiện tại của hồ sơ."))
        raise NotAllowed()
    component = None
    if component_id not in (None, ""):
        component = dossier.version.components.filter(pk=component_id).first()
        if component is None:
            raise BadInput(
                fields={"component": [_("Thành phần này không thuộc thủ tục của hồ sơ.")]}
            )
        _refuse_shown_only(dossier, component)
    elif kind in (FileKind.APPLICATION, FileKind.SUPPLEMENT):
        raise BadInput(fields={"component": [_("Cần chọn thành phần hồ sơ cho tệp.")]})
    meta = inspect_upload(upload)
    return _new_file(
        dossier, actor=actor, kind=kind, content=upload, meta=meta, component=component
    )


@transaction.atomic
def dossier_remove_file(*, dossier_id, actor, file_id) -> None:
    """Take back a file the applicant (or the desk) added and has not sent yet: any file of a
    draft; while a completion or supplement is asked, only the files added since the request.
    What has been sent stays in the dossier's history."""
    dossier = _locked(dossier_id)
    _check_open(dossier, actor)
    allowed, _kind = UPLOAD_STATES.get(State(dossier.state), (set(), None))
    if not allowed & perms.actors_for(dossier, actor) & {Actor.APPLICANT, Actor.DESK}:
        raise Conflict(_("Không thể gỡ tệp ở trạng thái hiện tại của hồ sơ."))
    stored = dossier.files.filter(pk=file_id).first() if _is_uuid(file_id) else None
    if stored is None:
        raise NotFound(_("Không tìm thấy tệp."))
    if dossier.state != State.DRAFT:
        asked = (
            DossierEvent.objects.filter(dossier=dossier, to_state=dossier.state)
            .order_by("-at")
            .values_list("at", flat=True)
            .first()
        )
        if stored.events.exists() or (asked is not None and stored.uploaded_at <= asked):
            raise Conflict(_("Tệp đã gửi cùng hồ sơ: không gỡ được."))
    name = stored.file.name
    storage = stored.file.storage
    stored.delete()
    transaction.on_commit(lambda: storage.delete(name))


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
