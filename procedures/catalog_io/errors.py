"""The import's errors, and how a problem's place in a JSON catalog is put in words."""

from django.utils.translation import gettext as _


class CatalogError(Exception):
    """A catalog that cannot be imported. The message names the record and the field."""


class Invalid(Exception):
    """A problem at `path` (e.g. ("procedures", 3, "versions", 0, "channels", 1)), key `key`."""

    def __init__(self, path, key, message):
        super().__init__(message)
        self.path = tuple(path)
        self.key = key
        self.message = message


# --- Where a problem is, in words -----------------------------------------------------------


def _record_message(record, field, message) -> str:
    if field:
        return _("Bản ghi %(record)s, trường %(field)s: %(message)s") % {
            "record": record,
            "field": field,
            "message": message,
        }
    return _("Bản ghi %(record)s: %(message)s") % {"record": record, "message": message}


def _item(sequence, index):
    if isinstance(sequence, list) and 0 <= index < len(sequence):
        return sequence[index]
    return None


class JsonPlaces:
    """Names a problem by record, e.g. `procedures[3] (1.001193), phiên bản 1`, and field."""

    def __init__(self, data):
        self.data = data

    def describe(self, error: Invalid) -> str:
        if not error.path:
            return error.message
        table, index, *rest = error.path
        record = _item(self.data.get(table), index) if isinstance(self.data, dict) else None
        label = f"{table}[{index}]"
        if isinstance(record, dict) and record.get("code"):
            label += f" ({record['code']})"
        if rest[:1] == ["versions"]:
            version = _item(record.get("versions"), rest[1]) if isinstance(record, dict) else None
            number = version.get("number") if isinstance(version, dict) else None
            if number is not None:
                label = _("%(record)s, phiên bản %(number)s") % {"record": label, "number": number}
            else:
                label += f".versions[{rest[1]}]"
            rest = rest[2:]
        parts = [f"{rest[i]}[{rest[i + 1]}]" for i in range(0, len(rest), 2)]
        field = ".".join(parts + ([error.key] if error.key else []))
        return _record_message(label, field, error.message)
