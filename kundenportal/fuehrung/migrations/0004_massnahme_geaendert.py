"""Maßnahmen der Anlage 7 lassen sich ändern (services.massnahme_aendern): wer den Text zuletzt geändert hat und
wann. Bestehende Maßnahmen bleiben ungeändert (beide Felder leer); wer sie festgehalten hat, bleibt in `user` und
`erstellt`."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('fuehrung', '0003_abgabe_je_tageszahl'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='massnahme',
            name='geaendert',
            field=models.DateTimeField(blank=True, null=True, verbose_name='Zuletzt geändert'),
        ),
        migrations.AddField(
            model_name='massnahme',
            name='geaendert_von',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='Zuletzt geändert von'),
        ),
    ]
