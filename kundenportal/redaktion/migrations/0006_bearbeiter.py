"""Wer einen Entwurf, ein Freigabepaket oder (über den Entwurf) eine Fassung bearbeitet hat — für das
Vier-Augen-Prinzip (redaktion/mitarbeit.py). Was vor dieser Aufzeichnung bearbeitet wurde, kennt nur seine
Autorin: sie ist die einzige bekannte Bearbeiterin."""

from typing import Any

from django.db import migrations, models


def _eintrag(user: Any, was: str) -> list[dict[str, Any]]:
    return [{"id": user.pk, "name": str(getattr(user, "username", "") or user.pk), "was": [was]}]


def autorin_eintragen(apps: Any, schema_editor: Any) -> None:
    Entwurf = apps.get_model("redaktion", "Entwurf")
    Freigabepaket = apps.get_model("redaktion", "Freigabepaket")
    for e in Entwurf.objects.filter(autor__isnull=False).select_related("autor"):
        e.bearbeiter = _eintrag(e.autor, "Entwurf verfasst")
        e.save(update_fields=["bearbeiter"])
    for p in Freigabepaket.objects.select_related("autor"):
        p.bearbeiter = _eintrag(p.autor, "Paket angelegt")
        p.save(update_fields=["bearbeiter"])


class Migration(migrations.Migration):

    dependencies = [
        ('redaktion', '0005_szenario_version_lauf'),
    ]

    operations = [
        migrations.AddField(
            model_name='entwurf',
            name='bearbeiter',
            field=models.JSONField(blank=True, default=list, verbose_name='Bearbeitet von'),
        ),
        migrations.AddField(
            model_name='freigabepaket',
            name='bearbeiter',
            field=models.JSONField(blank=True, default=list, verbose_name='Bearbeitet von'),
        ),
        migrations.AddField(
            model_name='katalogdatei',
            name='bearbeiter',
            field=models.JSONField(blank=True, default=list, verbose_name='Bearbeitet von'),
        ),
        migrations.RunPython(autorin_eintragen, migrations.RunPython.noop),
    ]
