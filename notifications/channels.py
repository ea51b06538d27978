"""Sending through one channel, with every failure sorted into temporary or permanent.

Temporary (worth a retry with backoff): the server or gateway could not be reached, timed
out, or answered "try later" (SMTP 4xx, HTTP 5xx, 408, 429). Permanent (retrying will not
help; the message falls back to the next channel): the address was refused (SMTP 5xx, HTTP
4xx) or is not an address at all. Each failure carries its reason in plain words.
"""

import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils.translation import gettext as _

from . import sms


class SendFailure(Exception):
    def __init__(self, reason: str, *, permanent: bool):
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


def send_email(*, to: str, subject: str, text: str, html: str, reference: str) -> None:
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.extra_headers["X-Portal-Notification"] = reference
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused:
        raise SendFailure(
            _("Máy chủ thư từ chối địa chỉ %(to)s.") % {"to": to}, permanent=True
        ) from None
    except smtplib.SMTPResponseException as error:
        permanent = 500 <= error.smtp_code < 600
        raise SendFailure(
            _("Máy chủ thư trả lời %(code)s.") % {"code": error.smtp_code}, permanent=permanent
        ) from None
    except (smtplib.SMTPException, OSError) as error:
        raise SendFailure(
            _("Không kết nối được máy chủ thư (%(error)s).") % {"error": type(error).__name__},
            permanent=False,
        ) from None
    except (ValueError, UnicodeError):
        raise SendFailure(
            _("Địa chỉ thư không hợp lệ: %(to)s.") % {"to": to}, permanent=True
        ) from None


def send_text(*, to: str, text: str) -> None:
    try:
        sent = sms.send_sms(to=to, text=text)
    except sms.SmsError as error:
        raise SendFailure(
            str(error.reason or _("Không gửi được tin nhắn SMS.")), permanent=error.permanent
        ) from None
    if not sent:
        raise SendFailure(_("Cổng SMS không nhận tin nhắn."), permanent=False)


def max_attempts() -> int:
    return getattr(settings, "PORTAL_OUTBOX_MAX_ATTEMPTS", 8)
