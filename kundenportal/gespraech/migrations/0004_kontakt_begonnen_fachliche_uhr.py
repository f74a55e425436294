"""`Kontakt.begonnen` nach der fachlichen Uhr (zeit.jetzt) statt auto_now_add. Nur der Zustand der Modelle ändert
sich: ein Python-Standardwert steht nicht in der Datenbank. Eine AlterField-Operation baute auf SQLite die Tabelle
neu und verlöre dabei den Index auf `geaendert`, den fuehrung/migrations/0001 per SQL anlegt."""

from django.db import migrations, models

import kundenportal.zeit


class Migration(migrations.Migration):

    dependencies = [
        ('gespraech', '0003_kontakt_bearbeitet'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='kontakt',
                    name='begonnen',
                    field=models.DateTimeField(default=kundenportal.zeit.jetzt, verbose_name='Begonnen'),
                ),
            ],
            database_operations=[],
        ),
    ]
