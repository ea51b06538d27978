"""What the public catalog keeps in the cache: a published version never changes, so what is
shown of it (its page, its API answer) is kept by version and language for
`PORTAL_PROCEDURE_PAGE_SECONDS` (bounded, since the agencies' names and addresses it shows may
change), and a new version in force is a new key at once.
"""

from django.conf import settings
from django.core.cache import cache

# Part of every key: change it when what is kept changes shape in a release.
NAMESPACE = "v1"


def seconds() -> int:
    return int(settings.PORTAL_PROCEDURE_PAGE_SECONDS)


def key(kind: str, *parts) -> str:
    return ":".join(["procedure", NAMESPACE, kind, *map(str, parts)])


def get(kind: str, *parts):
    return cache.get(key(kind, *parts)) if seconds() else None


def keep(kind: str, value, *parts) -> None:
    if seconds():
        cache.set(key(kind, *parts), value, timeout=seconds())
