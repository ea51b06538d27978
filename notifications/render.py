"""A notification's words: the same templates give the inbox item, the e-mail and the SMS.

A template key names a folder: `<key>/subject.txt` (one line), `<key>/body.txt` (plain text,
paragraphs separated by blank lines) and, optionally, `<key>/sms.txt` (else the subject).
They are rendered in the notification's language with its JSON context, plus `name` (the
recipient's), `link` (the absolute address of its link) and `portal_name`. The HTML e-mail
wraps the plain text in `notifications/email.html`.
"""

from dataclasses import dataclass

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from . import sms


@dataclass(frozen=True)
class Words:
    subject: str
    body: str
    sms: str
    link: str


def absolute(link: str) -> str:
    if not link or link.startswith(("http://", "https://")):
        return link
    return settings.PORTAL_SITE_URL.rstrip("/") + link


def words_of(notification, *, language: str | None = None, inbox: bool = False) -> Words:
    """The words of a message; `inbox`: as the portal shows it (the page has a button for the
    link, so templates leave out the line that prints it, `for_inbox`)."""
    language = language or notification.language or settings.LANGUAGE_CODE
    link = absolute(notification.link)
    context = {
        **(notification.context or {}),
        "for_inbox": inbox,
        "name": notification.name,
        "link": link,
        "portal_name": settings.PORTAL_NAME,
        "portal_url": settings.PORTAL_SITE_URL.rstrip("/"),
    }
    folder = notification.template
    with translation.override(language):
        subject = " ".join(render_to_string(f"{folder}/subject.txt", context).split())
        body = _paragraphs(render_to_string(f"{folder}/body.txt", context))
        try:
            short = render_to_string(f"{folder}/sms.txt", context)
        except TemplateDoesNotExist:  # the subject stands for it
            short = subject
    return Words(subject=subject, body=body, sms=" ".join(short.split()), link=link)


def _paragraphs(text: str) -> str:
    """Lines stripped, runs of blank lines made one."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    result = []
    for line in lines:
        if not line and result and not result[-1]:
            continue
        result.append(line)
    return "\n".join(result)


def email_of(notification) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of the e-mail."""
    words = words_of(notification)
    with translation.override(notification.language or settings.LANGUAGE_CODE):
        html = render_to_string(
            "notifications/email.html",
            {
                "subject": words.subject,
                "paragraphs": [p for p in words.body.split("\n\n") if p.strip()],
                "link": words.link,
                "portal_name": settings.PORTAL_NAME,
                "language": notification.language or settings.LANGUAGE_CODE,
            },
        )
    text = words.body
    if words.link and words.link not in text:
        text += f"\n\n{words.link}"
    return words.subject, text, html


def sms_of(notification) -> str:
    words = words_of(notification)
    return sms.fit(
        words.sms,
        ascii_only=getattr(settings, "PORTAL_SMS_ASCII", False),
        parts=getattr(settings, "PORTAL_SMS_MAX_PARTS", 2),
        keep=words.link,
    )


def digest_email_of(notifications, *, language: str) -> tuple[str, str, str]:
    """One e-mail for several notifications of the same person."""
    items = [words_of(n, language=language) for n in notifications]
    with translation.override(language):
        context = {
            "items": items,
            "count": len(items),
            "portal_name": settings.PORTAL_NAME,
            "inbox": absolute("/thong-bao/"),
            "language": language,
        }
        subject = " ".join(render_to_string("notifications/digest/subject.txt", context).split())
        text = _paragraphs(render_to_string("notifications/digest/body.txt", context))
        html = render_to_string("notifications/digest/email.html", context)
    return subject, text, html


def digest_sms_of(notifications, *, language: str) -> str:
    items = [words_of(n, language=language) for n in notifications]
    with translation.override(language):
        text = render_to_string(
            "notifications/digest/sms.txt", {"count": len(items), "items": items}
        )
    return sms.fit(
        text,
        ascii_only=getattr(settings, "PORTAL_SMS_ASCII", False),
        parts=getattr(settings, "PORTAL_SMS_MAX_PARTS", 2),
        keep=absolute("/thong-bao/"),
    )
