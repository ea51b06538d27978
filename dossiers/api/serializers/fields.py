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
