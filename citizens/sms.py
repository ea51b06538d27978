"""Sending text messages (SMS), pluggable like Django's e-mail backends.

The setting PORTAL_SMS_BACKEND names the backend class by its dotted path:

- `citizens.sms.ConsoleBackend` (the default): logs each message on the `citizens.sms`
  logger, for development; nothing leaves the machine.
- `citizens.sms.LocmemBackend`: keeps each message in `citizens.sms.outbox`, for tests (the
  test suite empties it before every test).
- `citizens.sms.HttpBackend`: an SMS gateway reached over HTTP. Each message is one
  `POST PORTAL_SMS_URL` with the JSON body `{"to": "0912345678", "text": "..."}` and, when
  PORTAL_SMS_TOKEN is set, the header `Authorization: Bearer <token>`; any 2xx answer is a
  success. It gives up after PORTAL_SMS_TIMEOUT seconds (10 by default). A refusal, a
  network error or a timeout raises `SmsError`, whose message tells the user to try again
  later; the details go to the log, never to the user.

Any other class with `send_messages(messages) -> int` works as well.

`send_sms(to=..., text=...)` sends one message through the configured backend.
"""

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)

DEFAULT_BACKEND = "citizens.sms.ConsoleBackend"
DEFAULT_TIMEOUT = 10.0

# The messages the locmem backend has "sent", oldest first (like django.core.mail.outbox).
outbox: list["SmsMessage"] = []


@dataclass(frozen=True)
class SmsMessage:
    to: str
    text: str


class SmsError(Exception):
    """A message could not be sent; `message` is fit to show to the user."""

    def __init__(self, message=None):
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
    """Tests: the message goes to `citizens.sms.outbox`."""

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
            raise SmsError() from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            log.error("SMS gateway unreachable for %s: %s", message.to, error)
            raise SmsError() from None
        if not 200 <= status < 300:
            log.error("SMS gateway answered HTTP %s for %s", status, message.to)
            raise SmsError()


def get_backend(path: str | None = None, **kwargs) -> BaseBackend:
    """An instance of the backend named by `path`, or by PORTAL_SMS_BACKEND."""
    path = path or getattr(settings, "PORTAL_SMS_BACKEND", "") or DEFAULT_BACKEND
    return import_string(path)(**kwargs)


def send_sms(*, to: str, text: str, fail_silently: bool = False) -> int:
    """Send one text message; 1 when sent. Raises SmsError unless `fail_silently`."""
    return get_backend(fail_silently=fail_silently).send_messages([SmsMessage(to=to, text=text)])


def mask_phone(phone: str) -> str:
    """'0912345678' → '091****678': enough for the owner to recognise, not to copy."""
    phone = phone or ""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 6) + phone[-3:]
