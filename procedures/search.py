"""Procedure search as Vietnamese users expect: accent-insensitive, typo-tolerant, ranked.

Both backends search the same folded column (`ProcedureVersion.search_text`: lower case, no
diacritics, đ → d) with the same query folding, and rank by the same three terms:

    rank = phrase (1 when the folded query occurs as is) + word_similarity + similarity

On PostgreSQL the trigram functions are pg_trgm's (GIN-indexed); on SQLite (embedded mode)
the same trigram arithmetic runs in Python over the catalog, which holds a few thousand rows
at most. "dang ky khai sinh", "khai sinh" and "khai xinh" all put "Đăng ký khai sinh" first.
"""

from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Cast

from .text import normalize

MIN_WORD_SIMILARITY = 0.4
MAX_PYTHON_MATCHES = 1000


def search_procedures(queryset: QuerySet, query: str) -> QuerySet:
    """Filter `queryset` (of Procedure) by `query` and order it by rank, best first."""
    folded = normalize(query)
    if not folded:
        return queryset
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, folded)
    return _search_python(queryset, folded)


def _search_postgresql(queryset, folded):
    text = "current_version__search_text"
    return (
        queryset.annotate(
            phrase=Case(
                When(**{f"{text}__contains": folded}, then=Value(1.0)),
                default=Value(0.0),
                output_field=FloatField(),
            ),
            word_sim=Cast(TrigramWordSimilarity(folded, text), FloatField()),
            sim=Cast(TrigramSimilarity(text, folded), FloatField()),
        )
        .filter(Q(phrase__gt=0) | Q(word_sim__gte=MIN_WORD_SIMILARITY))
        .annotate(rank=F("phrase") + F("word_sim") + F("sim"))
        .order_by("-rank", "code")
    )


def _search_python(queryset, folded):
    scored = []
    for pk, code, text in queryset.values_list("pk", "code", "current_version__search_text"):
        score = rank(folded, text or "")
        if score is not None:
            scored.append((-score, code, pk))
    scored.sort()
    ids = [pk for _, _, pk in scored[:MAX_PYTHON_MATCHES]]
    order = Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)], output_field=IntegerField())
    return queryset.filter(pk__in=ids).annotate(search_order=order).order_by("search_order")


def rank(folded_query: str, folded_text: str) -> float | None:
    """The rank of a folded text for a folded query, or None when it does not match."""
    phrase = 1.0 if folded_query in folded_text else 0.0
    word_sim = word_similarity(folded_query, folded_text)
    if not phrase and word_sim < MIN_WORD_SIMILARITY:
        return None
    return phrase + word_sim + similarity(folded_query, folded_text)


def trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams: each word padded with two spaces before and one after."""
    result = set()
    for word in text.split():
        padded = f"  {word} "
        result.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return result


def similarity(a: str, b: str) -> float:
    ta, tb = trigrams(a), trigrams(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


def word_similarity(query: str, text: str) -> float:
    """Like pg_trgm's word_similarity: how well the query matches the best run of words."""
    tq = trigrams(query)
    if not tq:
        return 0.0
    words = text.split()
    width = len(query.split())
    best = 0.0
    for size in range(1, width + 2):
        for start in range(0, max(1, len(words) - size + 1)):
            window = trigrams(" ".join(words[start : start + size]))
            shared = len(tq & window)
            score = shared / (len(tq) + len(window - tq)) if window else 0.0
            best = max(best, score)
    return best
