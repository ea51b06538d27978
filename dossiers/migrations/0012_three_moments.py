"""Three moments, one meaning each: `submitted_at` (which held the official reception time) is
renamed `official_reception_at`, and `sent_at` records when the dossier was sent. Dossiers sent
before this migration get the best value known, their official reception time."""

from django.db import migrations, models
from django.db.models import F


def backfill_sent_at(apps, schema_editor):
    Dossier = apps.get_model("dossiers", "Dossier")
    Dossier.objects.filter(sent_at=None).exclude(official_reception_at=None).update(
        sent_at=F("official_reception_at")
    )


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0011_assign_action")]

    operations = [
        migrations.RenameField("dossier", "submitted_at", "official_reception_at"),
        migrations.AlterField(
            model_name="dossier",
            name="official_reception_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="Thời điểm tiếp nhận chính thức"
            ),
        ),
        migrations.AddField(
            model_name="dossier",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="Thời điểm gửi hồ sơ"),
        ),
        migrations.AlterField(
            model_name="dossier",
            name="received_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="Thời điểm kiểm tra xong"
            ),
        ),
        migrations.RunPython(backfill_sent_at, migrations.RunPython.noop),
    ]
