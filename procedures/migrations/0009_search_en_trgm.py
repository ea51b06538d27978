"""PostgreSQL: a trigram index on the English folded name too, so that the search's prefilter
(procedures/search.py) finds its candidates by index on both columns. Nothing elsewhere."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS procedures_version_search_en_trgm "
            "ON procedures_procedureversion USING gin (search_text_en gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS procedures_version_search_en_trgm")


class Migration(migrations.Migration):
    dependencies = [("procedures", "0008_signed_results")]

    operations = [migrations.RunPython(create_index, drop_index)]
