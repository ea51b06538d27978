"""Procedure search as Vietnamese users expect: accent-insensitive, typo-tolerant, ranked.

Both backends search the same folded column (`ProcedureVersion.search_text`: lower case, no
diacritics, đ → d) with the same query folding, and rank by the same three terms:

    rank = phrase (1 when the folded query occurs as is) + word_similarity + similarity

On PostgreSQL the trigram functions are pg_trgm's (GIN-indexed); on SQLite (embedded mode)
the same trigram arithmetic runs in Python over the catalog, which holds a few thousand rows
at most: a port of pg_trgm's similarity and word_similarity, down to its single-precision
results, so both backends return the same rows in the same order (tests/procedures/
test_search.py compares the two on PostgreSQL). "dang ky khai sinh", "khai sinh" and
"khai xinh" all put "Đăng ký khai sinh" first.

On the English interface a second folded column, the English name (`search_text_en`, empty
where the catalog has none), is ranked the same way and a procedure takes the better of its
two ranks: "birth registration" finds "Đăng ký khai sinh", and "khai sinh" still does.
"""

import hashlib
import json
import struct

from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Greatest

from .text import normalize

MIN_WORD_SIMILARITY = 0.4
MAX_PYTHON_MATCHES = 1000


def search_procedures(queryset: QuerySet, query: str, *, english: bool = False) -> QuerySet:
    """Filter `queryset` (of Procedure) by `query` and order it by rank, best first.

    `english` (the English interface): a procedure also matches by its English name, where
    the catalog has one, and ranks by the better of its two names."""
    folded = normalize(query)
    if not folded:
        return queryset
    columns = TEXT_COLUMNS if english else TEXT_COLUMNS[:1]
    if connection.vendor == "postgresql":
        ranking = _kept_ranking(folded, english, columns)
        if ranking is not None:
            return _in_order(queryset, ranking)
        return _search_postgresql(queryset, folded, columns)
    return _search_python(queryset, folded, columns)


def _kept_ranking(folded, english, columns) -> list[int] | None:
    """The ids of every procedure in force matching `folded`, best first, as
    `_search_postgresql` ranks them, from the cache (`kept`) or computed once for the whole
    catalog and kept; None when nothing is kept (no shared cache)."""
    from . import kept
    from .models import Procedure

    if not kept.search_seconds():
        return None
    generation = kept.generation()
    if generation is None:
        return None
    name = kept.key("search", generation, "en" if english else "vi", _digest(folded))
    ranking = cache.get(name)
    if ranking is None:
        everything = Procedure.objects.filter(current_version__isnull=False)
        ranking = list(_search_postgresql(everything, folded, columns).values_list("pk", flat=True))
        cache.set(name, ranking, timeout=kept.search_seconds())
    return ranking


def _in_order(queryset, ranking):
    """`queryset` restricted to the ranked ids, in their order: the ids as one array
    parameter, each row's position looked up in a JSON object (a thousand ids cost a
    thousand-entry IN list to plan and array_position's scan per row otherwise)."""
    table = queryset.model._meta.db_table
    positions = json.dumps({str(pk): n for n, pk in enumerate(ranking)})
    ranked = RawSQL(f"{table}.id = ANY(%s)", (list(ranking),), output_field=BooleanField())
    position = RawSQL(
        f"(%s::jsonb ->> {table}.id::text)::int", (positions,), output_field=IntegerField()
    )
    return (
        queryset.alias(ranked=ranked)
        .filter(ranked=True)
        .annotate(search_order=position)
        .order_by("search_order")
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


# The folded columns searched: the official name with the code, then the English name.
TEXT_COLUMNS = ("current_version__search_text", "current_version__search_text_en")
NO_MATCH = -1.0


def _search_postgresql(queryset, folded, columns):
    """`rank()` in SQL, per column: the three terms where the column matches, else NO_MATCH;
    the procedure's rank is the best of its columns'.

    The candidates come first from the trigram indexes: the folded query as a phrase (LIKE)
    or word-similar at the bar (`%>`, pg_trgm's threshold set to MIN_WORD_SIMILARITY on every
    connection, procedures/apps.py): exactly the rows `rank` keeps, found without computing
    the rank of the whole catalog."""
    candidates = Q()
    for text in columns:
        candidates |= Q(**{f"{text}__contains": folded})
        candidates |= Q(**{f"{text}__trigram_word_similar": folded})
    queryset = queryset.filter(candidates)
    terms, ranks = {}, {}
    for i, text in enumerate(columns):
        terms[f"phrase_{i}"] = Case(
            When(**{f"{text}__contains": folded}, then=Value(1.0)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        terms[f"word_sim_{i}"] = Cast(TrigramWordSimilarity(folded, text), FloatField())
        terms[f"sim_{i}"] = Cast(TrigramSimilarity(text, folded), FloatField())
        matches = Q(**{f"phrase_{i}__gt": 0}) | Q(**{f"word_sim_{i}__gte": MIN_WORD_SIMILARITY})
        ranks[f"rank_{i}"] = Case(
            When(matches, then=F(f"phrase_{i}") + F(f"word_sim_{i}") + F(f"sim_{i}")),
            default=Value(NO_MATCH),
            output_field=FloatField(),
        )
    best = Greatest(*[F(name) for name in ranks]) if len(ranks) > 1 else F("rank_0")
    return (
        queryset.annotate(**terms)
        .annotate(**ranks)
        .annotate(rank=best)
        .filter(rank__gt=NO_MATCH)
        .order_by("-rank", "code")
    )


def _search_python(queryset, folded, columns):
    scored = []
    for pk, code, *texts in queryset.values_list("pk", "code", *columns):
        ranks = [rank(folded, text) for text in texts if text]
        ranks = [r for r in ranks if r is not None]
        if ranks:
            scored.append((-max(ranks), code, pk))
    scored.sort()
    ids = [pk for _, _, pk in scored[:MAX_PYTHON_MATCHES]]
    order = Case(
        *[When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)], output_field=IntegerField()
    )
    return queryset.filter(pk__in=ids).annotate(search_order=order).order_by("search_order")


def rank(folded_query: str, folded_text: str) -> float | None:
    """The rank of a folded text for a folded query, or None when it does not match."""
    phrase = 1.0 if folded_query in folded_text else 0.0
    if not phrase and _word_similarity_bound(folded_query, folded_text) < MIN_WORD_SIMILARITY:
        return None  # cheap exit for most rows: even the best extent could not reach the bar
    word_sim = word_similarity(folded_query, folded_text)
    if not phrase and word_sim < MIN_WORD_SIMILARITY:
        return None
    return phrase + word_sim + similarity(folded_query, folded_text)


def trigram_list(text: str) -> list[str]:
    """pg_trgm's trigrams in text order: each word padded with two spaces before, one after."""
    result = []
    for word in text.split():
        padded = f"  {word} "
        result.extend(padded[i : i + 3] for i in range(len(padded) - 2))
    return result


def trigrams(text: str) -> set[str]:
    return set(trigram_list(text))


def _float4(value: float) -> float:
    """pg_trgm computes in single precision: round the same way so ranks tie alike."""
    return struct.unpack("f", struct.pack("f", value))[0]


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(): shared trigrams over all trigrams of both texts."""
    ta, tb = trigrams(a), trigrams(b)
    if not ta or not tb:
        return 0.0
    shared = len(ta & tb)
    return _float4(shared / (len(ta) + len(tb) - shared))


def _word_similarity_bound(query: str, text: str) -> float:
    """An upper bound of word_similarity: every shared trigram in an extent of nothing else."""
    wanted = trigrams(query)
    return len(wanted & trigrams(text)) / len(wanted) if wanted else 0.0


def word_similarity(query: str, text: str) -> float:
    """pg_trgm's word_similarity(): the query against the best extent of the text's trigrams.

    A port of calc_word_similarity / iterate_word_similarity (contrib/pg_trgm/trgm_op.c),
    plain mode: an extent is any run of consecutive trigrams of the text, not only whole
    words, and its lower bound is tightened greedily as the upper bound moves right.
    Comparisons run in double precision (for catalog-sized texts the order of the fractions
    is the same as in single precision) and the result is rounded like pg_trgm's float4.
    """
    wanted = trigrams(query)
    sequence = trigram_list(text)
    if not wanted or not sequence:
        return 0.0
    ids: dict[str, int] = {}
    indexes = [ids.setdefault(trigram, len(ids)) for trigram in sequence]
    found = [False] * len(ids)
    for trigram, index in ids.items():
        found[index] = trigram in wanted
    ulen1 = len(wanted)
    last_position = [-1] * len(ids)
    ulen2 = count = 0
    lower = -1
    best = 0.0
    for i, index in enumerate(indexes):
        if lower >= 0 or found[index]:
            if last_position[index] < 0:
                ulen2 += 1
                if found[index]:
                    count += 1
            last_position[index] = i
        if not found[index]:
            continue
        upper = i
        if lower == -1:
            lower = i
            ulen2 = 1
        current = count / (ulen1 + ulen2 - count)
        tmp_count, tmp_ulen2, previous_lower = count, ulen2, lower
        for tmp_lower in range(lower, upper + 1):
            candidate = tmp_count / (ulen1 + tmp_ulen2 - tmp_count)
            if candidate > current:
                current, ulen2, lower, count = candidate, tmp_ulen2, tmp_lower, tmp_count
            dropped = indexes[tmp_lower]
            if last_position[dropped] == tmp_lower:
                tmp_ulen2 -= 1
                if found[dropped]:
                    tmp_count -= 1
        best = max(best, current)
        for tmp_lower in range(previous_lower, lower):
            dropped = indexes[tmp_lower]
            if last_position[dropped] == tmp_lower:
                last_position[dropped] = -1
    return _float4(best)
