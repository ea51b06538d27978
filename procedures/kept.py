"""What the public catalog keeps in the cache.

- A published version never changes, so what is shown of it (its page, its API answer) is
  kept by version and language for `PORTAL_PROCEDURE_PAGE_SECONDS` (bounded, since the
  agencies' names and addresses it shows may change), and a new version in force is a new
  key at once.
- The search's ranking of the whole catalog for a query (`search.search_procedures`) is kept
  under the catalog's generation, which any change to a procedure or a version bumps (at
  once, and again after the commit): `PORTAL_SEARCH_CACHE_SECONDS`, in the shared cache only.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

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


# ---- The catalog's generation --------------------------------------------------------------

GENERATION_SECONDS = 24 * 3600


def _generation_key() -> str:
    return key("generation")


def generation() -> int | None:
    """The catalog's current generation; None when the cache does not answer."""
    value = cache.get(_generation_key())
    if value is None:
        cache.add(_generation_key(), 0, timeout=GENERATION_SECONDS)
        value = cache.get(_generation_key())
    return value if isinstance(value, int) else None


def catalog_changed() -> None:
    """A procedure or a version changed: rankings kept so far are not served again (now, for
    this transaction's own reads, and after its commit, for a ranking read meanwhile)."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.incr(_generation_key())
        cache.touch(_generation_key(), GENERATION_SECONDS)
    except ValueError:  # never read since it last expired: nothing kept under it
        pass


def search_seconds() -> int:
    return int(getattr(settings, "PORTAL_SEARCH_CACHE_SECONDS", 0) or 0)
