"""The dossier API's serializers: query parameters and action bodies in, dossiers out.

Inputs only validate the shape of a request (types, lengths, dates, ids) and turn it into the
keyword arguments of a selector or a service; every rule of the procedure lives in
`dossiers.services`. Errors are answered in Vietnamese (DRF's own catalog lacks most of its
messages), and errors of list and dict items are flattened into the field's own list so the
one error shape stays `{"field": ["message", ...]}`.

The modules of this package:

- `fields`: the text fields and the enum fields the others share;
- `inputs`: the list's query parameters, the bodies that create or change a draft and upload
  a file;
- `actions`: the body of each action (`ACTION_BODIES`);
- `outputs`: dossiers out (list item, whole dossier, files, results, events);
- `track`: tracking without an account (GET /track/).
"""

from common.api import Input

from .actions import (
    ACTION_BODIES,
    REASON,
    ActionSerializer,
    ApproveSerializer,
    CheckField,
    ClaimSerializer,
    DenySerializer,
    ReceiveSerializer,
    RecordPaymentSerializer,
    RefuseSerializer,
    RequestCompletionSerializer,
    RequestPaymentSerializer,
    RequestSupplementSerializer,
    RequestWithdrawalSerializer,
    RescheduleSerializer,
    ReturnDetailsField,
    ReturnDetailsSerializer,
    ReturnSerializer,
    SendBackSerializer,
    StopSerializer,
    SubmitForApprovalSerializer,
    SubmitSerializer,
    SupplementSerializer,
    TransferSerializer,
)
from .fields import (
    CHANNEL_KIND_ENUM,
    RETURN_CHANNEL_ENUM,
    STATE_ENUM,
    ChannelKindField,
    ReturnChannelField,
    StateField,
)
from .inputs import (
    DossierCreateSerializer,
    DossierListParams,
    DraftUpdateSerializer,
    FileUploadSerializer,
)
from .outputs import (
    ActionRefSerializer,
    AgencyRefSerializer,
    DossierListItemSerializer,
    DossierSerializer,
    EventDataField,
    EventFileSerializer,
    EventSerializer,
    FileSerializer,
    ProcedureRefSerializer,
    ResultSerializer,
    UserRefSerializer,
)
from .track import TrackedDossierSerializer, TrackedStepSerializer, TrackParams

__all__ = [
    "ACTION_BODIES",
    "CHANNEL_KIND_ENUM",
    "REASON",
    "RETURN_CHANNEL_ENUM",
    "STATE_ENUM",
    "ActionRefSerializer",
    "ActionSerializer",
    "AgencyRefSerializer",
    "ApproveSerializer",
    "ChannelKindField",
    "CheckField",
    "ClaimSerializer",
    "DenySerializer",
    "DossierCreateSerializer",
    "DossierListItemSerializer",
    "DossierListParams",
    "DossierSerializer",
    "DraftUpdateSerializer",
    "EventDataField",
    "EventFileSerializer",
    "EventSerializer",
    "FileSerializer",
    "FileUploadSerializer",
    "Input",
    "ProcedureRefSerializer",
    "ReceiveSerializer",
    "RecordPaymentSerializer",
    "RefuseSerializer",
    "RequestCompletionSerializer",
    "RequestPaymentSerializer",
    "RequestSupplementSerializer",
    "RequestWithdrawalSerializer",
    "RescheduleSerializer",
    "ResultSerializer",
    "ReturnChannelField",
    "ReturnDetailsField",
    "ReturnDetailsSerializer",
    "ReturnSerializer",
    "SendBackSerializer",
    "StateField",
    "StopSerializer",
    "SubmitForApprovalSerializer",
    "SubmitSerializer",
    "SupplementSerializer",
    "TrackParams",
    "TrackedDossierSerializer",
    "TrackedStepSerializer",
    "TransferSerializer",
    "UserRefSerializer",
]
