from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def _sqlite_unaccent(sender, connection, **kwargs):
    """SQLite (the embedded mode) gets PostgreSQL's UNACCENT, so that the `__unaccent`
    lookups of the staff's searches forgive accents there too."""
    if connection.vendor == "sqlite":
        from common.text import without_accents

        connection.connection.create_function("UNACCENT", 1, without_accents, deterministic=True)


class ProceduresConfig(AppConfig):
    name = "procedures"
    verbose_name = _("Danh mục thủ tục hành chính")

    def ready(self):
        connection_created.connect(_sqlite_unaccent, dispatch_uid="procedures.sqlite_unaccent")
