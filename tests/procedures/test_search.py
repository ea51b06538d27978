"""Procedure search: Vietnamese folding, typo tolerance and ranking, the same on both backends.

On PostgreSQL these run through pg_trgm; on SQLite through the Python trigram code.
"""

import random
import unicodedata

import pytest
from django.db import connection

from procedures import search
from procedures.models import Procedure
from procedures.search import search_procedures, similarity, word_similarity
from procedures.text import normalize
from tests.factories import FieldFactory, VersionFactory, make_procedure

CATALOG = {
    "1.001193": "Đăng ký khai sinh",
    "1.000656": "Đăng ký lại khai sinh",
    "2.000528": "Đăng ký khai sinh có yếu tố nước ngoài",
    "1.000419": "Đăng ký khai tử",
    "1.000894": "Đăng ký kết hôn",
    "2.000815": "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
    "1.009972": "Cấp giấy phép xây dựng",
}


@pytest.fixture
def catalog(db):
    civil_status = FieldFactory(code="ho-tich", name="Hộ tịch")
    others = FieldFactory(code="khac", name="Khác")
    for code, name in CATALOG.items():
        make_procedure(code, name, field=civil_status if "Đăng ký" in name else others)


def names(query: str) -> list[str]:
    results = search_procedures(Procedure.objects.select_related("current_version"), query)
    return [p.current_version.name for p in results]


# --- Folding ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đăng ký khai sinh", "dang ky khai sinh"),
        ("ĐĂNG KÝ KHAI SINH", "dang ky khai sinh"),
        ("đường", "duong"),
        ("Chứng thực bản sao", "chung thuc ban sao"),
        ("Cấp giấy phép xây dựng", "cap giay phep xay dung"),
        ("Ủy ban nhân dân", "uy ban nhan dan"),
        ("Hồ sơ, giấy tờ!", "ho so giay to"),
        ("  nhiều   khoảng\ttrắng \n", "nhieu khoang trang"),
        ("mã 1.001193", "ma 1 001193"),
        ("", ""),
    ],
)
def test_normalize_folds_vietnamese_to_plain_lower_case_words(text, folded):
    assert normalize(text) == folded


def test_normalize_folds_composed_and_decomposed_spellings_alike():
    composed = unicodedata.normalize("NFC", "Đăng ký khai sinh")
    decomposed = unicodedata.normalize("NFD", "Đăng ký khai sinh")

    assert composed != decomposed
    assert normalize(decomposed) == normalize(composed) == "dang ky khai sinh"


# --- Ranking ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["dang ky khai sinh", "khai sinh", "khai xinh", "Đăng ký khai sinh", "KHAI SINH"],
)
def test_khai_sinh_queries_put_dang_ky_khai_sinh_first(catalog, query):
    results = names(query)

    assert results[0] == "Đăng ký khai sinh"
    assert "Đăng ký lại khai sinh" in results
    assert "Đăng ký khai sinh có yếu tố nước ngoài" in results
    assert "Cấp giấy phép xây dựng" not in results


def test_chung_thuc_ban_sao_finds_the_certification_procedure_first(catalog):
    assert names("chung thuc ban sao")[0] == "Chứng thực bản sao từ bản chính giấy tờ, văn bản"


def test_a_query_by_code_finds_that_procedure(catalog):
    results = search_procedures(Procedure.objects.all(), "1.001193")

    assert [p.code for p in results][:1] == ["1.001193"]


@pytest.mark.parametrize("query", ["qwxzvbn", "zzzz yyyy", "!!!"])
def test_gibberish_finds_nothing(catalog, query):
    if normalize(query):
        assert names(query) == []
    else:  # nothing left to search for: the list is not filtered
        assert len(names(query)) == len(CATALOG)


def test_a_phrase_match_ranks_before_a_fuzzy_one(catalog):
    results = names("khai tu")

    assert results[0] == "Đăng ký khai tử"
    assert "Đăng ký khai sinh" in results  # found through "khai", ranked after


def test_a_phrase_match_in_a_long_name_ranks_before_a_partial_match_in_a_short_one(catalog):
    results = names("giay to")

    assert results == [
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",  # "giấy tờ" as is
        "Cấp giấy phép xây dựng",  # only "giấy"
    ]


def test_results_are_ordered_by_rank_then_code(catalog):
    results = search_procedures(Procedure.objects.all(), "dang ky")

    assert [p.code for p in results] == [
        "1.000419",  # Đăng ký khai tử      } the shortest names first,
        "1.000894",  # Đăng ký kết hôn      } equal ranks by code
        "1.001193",  # Đăng ký khai sinh
        "1.000656",  # Đăng ký lại khai sinh
        "2.000528",  # Đăng ký khai sinh có yếu tố nước ngoài
    ]


def test_search_only_looks_at_current_versions(catalog):
    procedure = Procedure.objects.get(code="1.000894")
    VersionFactory(procedure=procedure, number=2, name="Đăng ký giám hộ", draft=True)

    assert "Đăng ký kết hôn" in names("ket hon")
    assert names("giam ho") == []


def test_search_keeps_the_filters_of_the_given_queryset(catalog):
    civil_status_only = Procedure.objects.filter(current_version__field__code="ho-tich")

    results = search_procedures(civil_status_only, "chung thuc ban sao")

    assert "2.000815" not in [p.code for p in results]


QUERIES = [
    "dang ky khai sinh",
    "khai sinh",
    "khai xinh",
    "khai tu",
    "chung thuc ban sao",
    "1 001193",
    "dang ki ket hon",
    "cap phep xay dung",
    "giay to",
    "qwxzvbn",
    "a",
]


LONGER_TEXTS = [
    "cap giay chung nhan quyen su dung dat quyen so huu nha o va tai san khac gan lien voi dat",
    "dang ky thay doi cai chinh bo sung thong tin ho tich xac dinh lai dan toc 1 004859",
    "cap ban sao trich luc ho tich dang ky khai sinh ket hop nhan cha me con",
]
WORDS = (
    "dang ky khai sinh tu ket hon chung thuc ban sao giay phep xay dung nha o dat xinh kai".split()
)


def pairs():
    """Catalog texts against the queries above, then random word salads, seeded."""
    texts = [normalize(f"{name} {code}") for code, name in CATALOG.items()] + LONGER_TEXTS
    yield from ((query, text) for query in QUERIES for text in texts)
    rng = random.Random(1193)
    for _ in range(300):
        query = " ".join(rng.choices(WORDS, k=rng.randint(1, 4)))
        text = " ".join(rng.choices(WORDS, k=rng.randint(1, 14)))
        yield query, text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares with pg_trgm itself")
def test_the_python_trigram_arithmetic_is_the_same_as_pg_trgm(db):
    with connection.cursor() as cursor:
        for query, text in pairs():
            cursor.execute(
                "SELECT word_similarity(%s, %s)::float8, similarity(%s, %s)::float8",
                [query, text, text, query],
            )
            expected = cursor.fetchone()
            assert (word_similarity(query, text), similarity(query, text)) == expected, (
                query,
                text,
            )


def test_the_python_word_similarity_matches_within_words_like_pg_trgm():
    # pg_trgm's documented example: an extent may end inside a word.
    assert word_similarity("word", "two words") == pytest.approx(0.8)
    assert word_similarity("khai sinh", "dang ky khai sinh") == 1.0
    assert word_similarity("xyz", "dang ky khai sinh") == 0.0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares with pg_trgm itself")
@pytest.mark.parametrize(
    "query", ["khai sinh", "khai xinh", "dang ki ket hon", "1.001193", "giay", "khai tu"]
)
def test_both_backends_return_the_same_rows_in_the_same_order(catalog, query):
    queryset = Procedure.objects.all()
    folded = normalize(query)

    columns = search.TEXT_COLUMNS[:1]
    in_sql = [p.code for p in search._search_postgresql(queryset, folded, columns)]
    in_python = [p.code for p in search._search_python(queryset, folded, columns)]

    assert in_sql == in_python
    assert in_sql


@pytest.fixture
def kept_rankings(settings):
    if connection.vendor != "postgresql" or "Redis" not in settings.CACHES["default"]["BACKEND"]:
        pytest.skip("rankings are kept on PostgreSQL with a shared cache")
    settings.PORTAL_SEARCH_CACHE_SECONDS = 600


@pytest.mark.parametrize("query", ["khai sinh", "khai xinh", "dang ki ket hon", "1.001193"])
def test_a_kept_ranking_answers_as_the_ranking_itself(
    catalog, kept_rankings, query, django_assert_num_queries
):
    queryset = Procedure.objects.filter(current_version__isnull=False)
    folded = normalize(query)
    ranked = [p.code for p in search._search_postgresql(queryset, folded, search.TEXT_COLUMNS[:1])]

    first = [p.code for p in search_procedures(queryset, query)]
    with django_assert_num_queries(1):  # the ranked ids come from the cache
        again = [p.code for p in search_procedures(queryset, query)]

    assert first == again == ranked
    filtered = queryset.filter(code__startswith="1.")
    assert [p.code for p in search_procedures(filtered, query)] == [
        code for code in ranked if code.startswith("1.")
    ]


def test_a_catalog_change_is_searched_at_once(catalog, kept_rankings):
    queryset = Procedure.objects.filter(current_version__isnull=False)
    before = [p.code for p in search_procedures(queryset, "khai sinh")]

    make_procedure("9.999001", "Đăng ký khai sinh lưu động")
    VersionFactory(procedure=Procedure.objects.get(code="1.001193"), name="Thủ tục khác", number=7)

    after = [p.code for p in search_procedures(queryset, "khai sinh")]
    assert "9.999001" in after and "9.999001" not in before
    assert "1.001193" in before and "1.001193" not in after


# --- The English interface ----------------------------------------------------------------------

ENGLISH = {
    "1.001193": "Birth registration",
    "1.000656": "Re-registration of a birth",
    "2.000528": "Registration of a birth with a foreign element",
    "1.000419": "Death registration",
    "1.000894": "Marriage registration",
    # 2.000815 and 1.009972 have no English name.
}


@pytest.fixture
def bilingual(catalog):
    for code, name_en in ENGLISH.items():
        version = Procedure.objects.get(code=code).current_version
        version.name_en = name_en
        version.save()


def english_names(query: str) -> list[str]:
    queryset = Procedure.objects.select_related("current_version")
    return [p.current_version.name for p in search_procedures(queryset, query, english=True)]


def test_the_english_interface_finds_procedures_by_their_english_name(bilingual):
    assert english_names("birth registration")[0] == "Đăng ký khai sinh"
    assert english_names("marriage")[0] == "Đăng ký kết hôn"
    assert english_names("brith registraton")[0] == "Đăng ký khai sinh"  # typos forgiven


def test_the_english_interface_still_finds_vietnamese_words(bilingual):
    assert english_names("khai sinh")[0] == "Đăng ký khai sinh"
    assert english_names("chung thuc ban sao") == [
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản"
    ]


def test_the_vietnamese_interface_does_not_read_english_names(bilingual):
    assert names("birth registration") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares with pg_trgm itself")
@pytest.mark.parametrize(
    "query", ["birth registration", "birth", "regstration", "khai sinh", "death", "giay"]
)
def test_both_backends_rank_two_names_alike(bilingual, query):
    queryset = Procedure.objects.all()
    folded = normalize(query)

    in_sql = [p.code for p in search._search_postgresql(queryset, folded, search.TEXT_COLUMNS)]
    in_python = [p.code for p in search._search_python(queryset, folded, search.TEXT_COLUMNS)]

    assert in_sql == in_python
    assert in_sql
