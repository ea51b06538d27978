"""Reading an event's `data`: one typed accessor per fact, instead of string keys read (and
parsed) wherever the fact is needed. The services write these keys (`services/*`)."""

import datetime
from decimal import Decimal, InvalidOperation


def _moment(value) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def official_reception_at(event) -> datetime.datetime | None:
    """Of a submission: the official reception time the law counts from (outside office
    hours, the next opening); the moment it was sent when the event does not say."""
    return _moment((event.data or {}).get("official_reception_at")) or event.at


def missing(event) -> list[str]:
    """Of a completion or supplement request: every paper asked for."""
    return [str(item) for item in (event.data or {}).get("missing") or []]


def amount(event) -> Decimal | None:
    """Of a payment request or record: the amount in đồng."""
    try:
        value = (event.data or {}).get("amount")
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def result_code(event) -> str:
    """Of an approval or denial: the result's code `<dossier code>-KQn`."""
    return str((event.data or {}).get("result_code") or "")
