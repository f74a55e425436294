"""Zugriffsprotokoll: der Zweck jedes Eintrags (konten/zwecke.py); vorhandene Einträge bekommen ihn aus
ihrer Aktion."""

from django.db import migrations, models

ZWECKE = [("gespraech", "Kundengespräch führen"), ("historie", "Frühere Kontakte einsehen"),
          ("identifizieren", "Kundin oder Kunden finden"), ("email", "Kundenmail bearbeiten"),
          ("quarantaene", "Zerlegung einer Mail prüfen"), ("aufgabe", "Aufgabe im Postkorb bearbeiten"),
          ("qs", "Qualitätssicherung (pseudonymisiert)"), ("redaktion", "Leitfadenänderung prüfen")]


def zwecke_nachtragen(apps, schema_editor):  # type: ignore[no-untyped-def]
    from kundenportal.konten.zwecke import zweck_fuer

    Zugriff = apps.get_model("konten", "Zugriff")
    for aktion in Zugriff.objects.filter(zweck="").values_list("aktion", flat=True).distinct():
        try:
            zweck = zweck_fuer(aktion)
        except ValueError:
            continue                      # unbekannte alte Aktion: der Zweck bleibt leer („–“)
        Zugriff.objects.filter(zweck="", aktion=aktion).update(zweck=zweck)


class Migration(migrations.Migration):

    dependencies = [
        ('konten', '0004_sitzung'),
    ]

    operations = [
        migrations.AddField(
            model_name='zugriff',
            name='zweck',
            field=models.CharField(blank=True, choices=ZWECKE, max_length=30, verbose_name='Zweck'),
        ),
        migrations.RunPython(zwecke_nachtragen, migrations.RunPython.noop),
    ]
