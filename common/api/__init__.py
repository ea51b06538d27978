"""The API's shared parts: the one error shape and its handler, pagination, request inputs."""

from .errors import (
    ACTION_ERRORS,
    BAD_INPUT,
    CONFLICT,
    NOT_ALLOWED,
    NOT_FOUND,
    NOT_SIGNED_IN,
    Conflict,
    ErrorSerializer,
    error_doc,
    error_response,
    exception_handler,
)
from .inputs import CommaSeparatedChoices, FlatDictField, FlatListField, Input
from .pagination import PageNumberPagination

__all__ = [
    "ACTION_ERRORS",
    "BAD_INPUT",
    "CONFLICT",
    "NOT_ALLOWED",
    "NOT_FOUND",
    "NOT_SIGNED_IN",
    "CommaSeparatedChoices",
    "Conflict",
    "ErrorSerializer",
    "FlatDictField",
    "FlatListField",
    "Input",
    "PageNumberPagination",
    "error_doc",
    "error_response",
    "exception_handler",
]
