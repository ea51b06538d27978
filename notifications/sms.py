"""Sending text messages (SMS), pluggable like Django's e-mail backends.

The setting PORTAL_SMS_BACKEND names the backend class by its dotted path:

- `notifications.sms.ConsoleBackend` (the default): logs each message on the
  `notifications.sms` logger, for development; nothing leaves the machine.
- `notifications.sms.LocmemBackend`: keeps each message in `notifications.sms.outbox`, for
  tests (the test suite empties it before every test).
- `notifications.sms.HttpBackend`: an SMS gateway reached over HTTP. Each message is one
  `POST PORTAL_SMS_URL` with the JSON body `{"to": "0912345678", "text": "..."}` and, when
  PORTAL_SMS_TOKEN is set, the header `Authorization: Bearer <token>`; any 2xx answer is a
  success. It gives up after PORTAL_SMS_TIMEOUT seconds (10 by default). A refusal, a
  network error or a timeout raises `SmsError`, whose message tells the user to try again
  later; the details go to the log, never to the user. `SmsError.permanent` says whether the
  gateway refused the message itself (4xx: do not retry) or failed for now (retry).

Any other class with `send_messages(messages) -> int` works as well.

`send_sms(to=..., text=...)` sends one message through the configured backend; `fit` makes a
text that fits in a given number of SMS parts, accent-free when PORTAL_SMS_ASCII is set.
"""

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from common.text import without_accents

log = logging.getLogger(__name__)

DEFAULT_BACKEND = "notifications.sms.ConsoleBackend"
DEFAULT_TIMEOUT = 10.0

# The messages the locmem backend has "sent", oldest first (like django.core.mail.outbox).
outbox: list["SmsMessage"] = []


@dataclass(frozen=True)
class SmsMessage:
    to: str
    text: str


class SmsError(Exception):
    """A message could not be sent; `message` is fit to show to the user. `permanent`: the
    gateway refused this message (HTTP 4xx other than 408 and 429), so sending it again will
    not help; otherwise the failure is temporary (network, timeout, 5xx) and worth a retry.
    `reason` says what happened in plain words, for the staff who read delivery statuses."""

    def __init__(self, message=None, *, permanent=False, reason=""):
        self.permanent = permanent
        self.reason = reason
        self.message = message or _(
            "Không gửi được tin nhắn SMS lúc này. Vui lòng thử lại sau ít phút hoặc xác minh "
            "bằng thư điện tử."
        )
        super().__init__(str(self.message))


class BaseBackend:
    def __init__(self, fail_silently: bool = False, **kwargs):
        self.fail_silently = fail_silently

    def send_messages(self, messages: list[SmsMessage]) -> int:
        """Send the messages; the number sent."""
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    """Development: the message goes to the log."""

    def send_messages(self, messages):
        for message in messages:
            log.info("SMS to %s: %s", message.to, message.text)
        return len(messages)


class LocmemBackend(BaseBackend):
    """Tests: the message goes to `notifications.sms.outbox`."""

    def send_messages(self, messages):
        outbox.extend(messages)
        return len(messages)


class HttpBackend(BaseBackend):
    """An HTTP SMS gateway: one JSON POST per message (see the module's docstring)."""

    def __init__(self, fail_silently=False, *, url=None, token=None, timeout=None, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.url = url if url is not None else getattr(settings, "PORTAL_SMS_URL", "")
        self.token = token if token is not None else getattr(settings, "PORTAL_SMS_TOKEN", "")
        self.timeout = timeout or getattr(settings, "PORTAL_SMS_TIMEOUT", DEFAULT_TIMEOUT)

    def send_messages(self, messages):
        sent = 0
        for message in messages:
            try:
                self._post(message)
            except SmsError:
                if not self.fail_silently:
                    raise
            else:
                sent += 1
        return sent

    def _post(self, message: SmsMessage) -> None:
        if not self.url:
            log.error("SMS not sent: PORTAL_SMS_URL is not set")
            raise SmsError()
        body = json.dumps({"to": message.to, "text": message.text}).encode()
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            log.error("SMS gateway refused the message to %s: HTTP %s", message.to, error.code)
            raise _refused(error.code) from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            log.error("SMS gateway unreachable for %s: %s", message.to, error)
            raise SmsError(reason=_("Không kết nối được cổng SMS.")) from None
        if not 200 <= status < 300:
            log.error("SMS gateway answered HTTP %s for %s", status, message.to)
            raise _refused(status)


def _refused(status: int) -> SmsError:
    permanent = 400 <= status < 500 and status not in (408, 429)
    if permanent:
        reason = _("Cổng SMS từ chối tin nhắn (HTTP %(status)s).") % {"status": status}
    else:
        reason = _("Cổng SMS tạm thời không nhận tin (HTTP %(status)s).") % {"status": status}
    return SmsError(permanent=permanent, reason=reason)


def get_backend(path: str | None = None, **kwargs) -> BaseBackend:
    """An instance of the backend named by `path`, or by PORTAL_SMS_BACKEND."""
    path = path or getattr(settings, "PORTAL_SMS_BACKEND", "") or DEFAULT_BACKEND
    return import_string(path)(**kwargs)


def send_sms(*, to: str, text: str, fail_silently: bool = False) -> int:
    """Send one text message; 1 when sent. Raises SmsError unless `fail_silently`."""
    return get_backend(fail_silently=fail_silently).send_messages([SmsMessage(to=to, text=text)])


# GSM 7-bit messages hold 160 characters (153 a part when split); with any character outside
# that alphabet, as in Vietnamese with its diacritics, UCS-2 holds 70 (67 a part).
GSM_SINGLE, GSM_PART, UCS2_SINGLE, UCS2_PART = 160, 153, 70, 67
_GSM = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)


def is_gsm(text: str) -> bool:
    return all(c in _GSM for c in text)


def capacity(text: str, parts: int) -> int:
    """How many characters `parts` messages hold for a text of this alphabet."""
    if is_gsm(text):
        return GSM_SINGLE if parts == 1 else GSM_PART * parts
    return UCS2_SINGLE if parts == 1 else UCS2_PART * parts


def fit(text: str, *, ascii_only: bool = False, parts: int = 2, keep: str = "") -> str:
    """The text of one SMS of at most `parts` parts: without accents when the gateway needs
    it, spaces folded, cut at a word with "…" when too long; `keep` (a link, a code) is
    always kept whole at the end."""
    text = " ".join(text.split())
    keep = keep.strip()
    if ascii_only:
        text, keep = without_accents(text), without_accents(keep)
    tail = f" {keep}" if keep else ""
    room = capacity(text + tail, parts) - len(tail)
    if len(text) > room:
        ellipsis = "..." if is_gsm(text + tail) else "…"
        cut = text[: max(0, room - len(ellipsis))]
        if " " in cut:
            cut = cut.rsplit(" ", 1)[0]
        text = cut.rstrip(" ,.;:") + ellipsis
    return text + tail


def mask_phone(phone: str) -> str:
    """'0912345678' → '091****678': enough for the owner to recognise, not to copy."""
    phone = phone or ""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 6) + phone[-3:]
