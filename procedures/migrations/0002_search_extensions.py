"""PostgreSQL search: unaccent and pg_trgm, and a trigram index on the folded search text.

On other databases (SQLite in embedded mode) this migration does nothing: search ranks in
Python there (procedures/search.py).
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS procedures_version_search_trgm "
            "ON procedures_procedureversion USING gin (search_text gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS procedures_version_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_initial")]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunPython(create_index, drop_index),
    ]
