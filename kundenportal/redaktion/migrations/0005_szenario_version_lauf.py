"""Szenarien der Redaktion tragen eine Version (Löschen nur auf dem gesehenen Stand) und das Ergebnis
ihres letzten Laufs (Aufzeichnung oder Szenario-Tor)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('redaktion', '0004_katalogdatei_gueltig_bis_geltungsbereich'),
    ]

    operations = [
        migrations.AddField(
            model_name='szenario',
            name='letzter_lauf',
            field=models.JSONField(blank=True, default=dict, verbose_name='Letzter Lauf'),
        ),
        migrations.AddField(
            model_name='szenario',
            name='version',
            field=models.PositiveIntegerField(default=1, verbose_name='Version'),
        ),
    ]
