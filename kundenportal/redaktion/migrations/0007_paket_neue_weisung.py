from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("redaktion", "0006_bearbeiter")]

    operations = [
        migrations.AddField(
            model_name="freigabepaket", name="neue_weisung",
            field=models.JSONField(blank=True, default=dict, verbose_name="Neue Weisung (im Browser erfasst)"),
        ),
    ]
