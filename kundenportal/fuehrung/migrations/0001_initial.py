import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Die Kennzahlen der Anlage 5 rechnet die Datenbank über die Kontakte (Zeitraum + Standort); dieser Index
# deckt die gruppierten Spalten ab (auf PostgreSQL Index-Only-Scan). Die Tabelle gehört gespraech; der Index
# gehört zu dieser Auswertung und wird mit ihr entfernt.
INDEX = ("CREATE INDEX IF NOT EXISTS fuehrung_kontakt_auswertung ON gespraech_kontakt "
         "(abgeschlossen, standort, kanal, leitfaden, stand, ergebnis)")
INDEX_WEG = "DROP INDEX IF EXISTS fuehrung_kontakt_auswertung"


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("gespraech", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Massnahme",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("weisung", models.CharField(max_length=20, verbose_name="Weisung")),
                ("regel", models.CharField(max_length=20, verbose_name="Regel")),
                ("standort", models.CharField(max_length=100, verbose_name="Standort")),
                ("text", models.CharField(max_length=500, verbose_name="Vereinbarte Maßnahme")),
                ("erstellt", models.DateTimeField(verbose_name="Erstellt")),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="massnahmen",
                                           to=settings.AUTH_USER_MODEL)),
            ],
            options={"verbose_name": "Maßnahme", "verbose_name_plural": "Maßnahmen",
                     "ordering": ["weisung", "regel", "erstellt"]},
        ),
        migrations.RunSQL(INDEX, INDEX_WEG),
    ]
