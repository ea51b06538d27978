"""The fields the inputs and the outputs share: text fields, and the enum fields whose one choice
set is one component of the schema."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from procedures.models import ChannelKind

from ...states import ReturnChannel, State


def _text(max_length, **kwargs):
    return serializers.CharField(max_length=max_length, **kwargs)


def _optional_text(max_length, **kwargs):
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, default="", **kwargs
    )


# One choice set under several names would become duplicate enum components (and a warning):
# the other names refer to one component. Channels of submission are the catalog's
# ChannelKindEnum (procedures' Channel.kind); tests/portal/test_api_schema.py checks that every
# reference resolves.
STATE_ENUM = {"$ref": "#/components/schemas/StateEnum"}
CHANNEL_KIND_ENUM = {"$ref": "#/components/schemas/ChannelKindEnum"}
RETURN_CHANNEL_ENUM = {"$ref": "#/components/schemas/ReturnChannelEnum"}


@extend_schema_field(STATE_ENUM)
class StateField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=State.choices, **kwargs)


@extend_schema_field(CHANNEL_KIND_ENUM)
class ChannelKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ChannelKind.choices, **kwargs)


@extend_schema_field(RETURN_CHANNEL_ENUM)
class ReturnChannelField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ReturnChannel.choices, **kwargs)


def iso_time(value, zone):
    """A datetime as DRF's DateTimeField writes it: in `zone` (the current time zone, which
    `current_zone` gives), ISO 8601, Z for UTC; None as None. For answers written out by hand
    for speed, which must not differ from the fields' own."""
    if value is None:
        return None
    text = value.astimezone(zone).isoformat() if zone else value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def current_zone():
    return serializers.DateTimeField().default_timezone()
