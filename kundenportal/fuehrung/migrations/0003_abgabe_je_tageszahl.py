"""Tageszahlen mit dem Merkmal `abgabe` (Backoffice, an das ein Kontakt abgegeben hat; fuehrung/abgaben.py):
die Anlage 5 zählt als Abgabe jeden Kontakt mit einem ausgeführten Abgabe-Schritt, nicht nur die mit einem
Ergebnis, das eine Abgabe nennt (domain.md A12: Erstkontaktlösung = abgeschlossen ohne Abgabe-Aufgabe).

Bestehende Zeilen bekommen die Abgabe aus dem Ergebnis (mehr wissen gelöschte Kontakte nicht mehr). Das
Wasserzeichen bleibt stehen: ein Neuzählen aller Tage in der Migration oder in der ersten Anfrage danach hielte
die Sperre der Verdichtung minutenlang. Kontakte mit Abgabe-Schritt, aber anderem Ergebnis, zählt erst
`manage.py tageszahlen_neu` nach dem Deployment richtig — Tag für Tag in kurzen Transaktionen (docs/betrieb.md)."""

from django.db import migrations, models

ERGEBNIS_STELLE = {"an_os_algplus_abgegeben": "os_algplus", "an_bns_weitergeleitet": "bns"}   # Stand dieser Migration


def abgaben_nachtragen(apps, schema_editor):
    for modell in ("Tageszahl", "GeloeschteKontakte"):
        zeilen = apps.get_model("fuehrung", modell).objects
        for ergebnis, stelle in ERGEBNIS_STELLE.items():
            zeilen.filter(ergebnis=ergebnis).update(abgabe=stelle)


class Migration(migrations.Migration):

    dependencies = [
        ('fuehrung', '0002_geloeschte_kontakte'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='geloeschtekontakte',
            name='fuehrung_geloescht_merkmale',
        ),
        migrations.AddField(
            model_name='geloeschtekontakte',
            name='abgabe',
            field=models.CharField(blank=True, default='', max_length=60, verbose_name='Abgabe an'),
        ),
        migrations.AddField(
            model_name='tageszahl',
            name='abgabe',
            field=models.CharField(blank=True, default='', max_length=60, verbose_name='Abgabe an'),
        ),
        migrations.AddConstraint(
            model_name='geloeschtekontakte',
            constraint=models.UniqueConstraint(fields=('tag', 'standort', 'kanal', 'leitfaden', 'stand', 'weisung', 'ergebnis', 'abgabe'), name='fuehrung_geloescht_merkmale'),
        ),
        migrations.RunPython(abgaben_nachtragen, migrations.RunPython.noop),
    ]
