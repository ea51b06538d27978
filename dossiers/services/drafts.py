"""Drafts and their files: the receiving desk of an agency, a new draft, an attached file."""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from procedures.models import Agency, ChannelKind, Level, ProcedureVersion, Role
from procedures.services import version_lock

from .. import permissions as perms
from ..errors import BadInput, Conflict, NotAllowed
from ..files import inspect_upload
from ..models import Dossier, DossierFile, FileKind
from ..states import Actor, State
from ._core import _check_open, _locked, _require

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
) -> Dossier:
    """A draft: by an applicant for themselves, or by a desk officer for a walk-in. The draft
    pins the procedure version in force, which is locked from then on."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise NotAllowed(_("Cần đăng nhập để tạo hồ sơ."))
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
    version_lock(version_id=version.pk)
    return Dossier.objects.create(
        procedure=version.procedure,
        version=version,
        channel=channel,
        applicant=applicant,
        created_by=actor,
        applicant_name=name,
        applicant_id_number=applicant_id_number.strip(),
        applicant_phone=applicant_phone.strip(),
        applicant_email=applicant_email.strip() or (actor.email if applicant else ""),
        applicant_address=applicant_address.strip(),
        receiving_unit=receiving_unit,
        competent_agency=agency,
    )


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
    elif kind in (FileKind.APPLICATION, FileKind.SUPPLEMENT):
        raise BadInput(fields={"component": [_("Cần chọn thành phần hồ sơ cho tệp.")]})
    meta = inspect_upload(upload)
    stored = DossierFile(dossier=dossier, component=component, kind=kind, uploaded_by=actor, **meta)
    stored.file.save(meta["original_name"], upload, save=False)
    stored.save()
    return stored
