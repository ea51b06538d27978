from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def _sqlite_unaccent(sender, connection, **kwargs):
    """SQLite (the embedded mode) gets PostgreSQL's UNACCENT, so that the `__unaccent`
    lookups of the staff's searches forgive accents there too."""
    if connection.vendor == "sqlite":
        from common.text import without_accents

        connection.connection.create_function("UNACCENT", 1, without_accents, deterministic=True)


def _trigram_threshold(sender, connection, **kwargs):
    """PostgreSQL: pg_trgm's word-similarity operator (`%>`, which the trigram index serves)
    answers at the search's own bar, so that it finds by index the candidates the ranking then
    orders (procedures/search.py)."""
    if connection.vendor == "postgresql":
        from .search import MIN_WORD_SIMILARITY

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                [str(MIN_WORD_SIMILARITY)],
            )


class ProceduresConfig(AppConfig):
    name = "procedures"
    verbose_name = _("Danh mục thủ tục hành chính")

    def ready(self):
        connection_created.connect(_sqlite_unaccent, dispatch_uid="procedures.sqlite_unaccent")
        connection_created.connect(_trigram_threshold, dispatch_uid="procedures.trigram_threshold")
