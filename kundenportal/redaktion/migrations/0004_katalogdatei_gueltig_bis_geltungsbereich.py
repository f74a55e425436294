"""Katalogdateien tragen `gueltig_bis` (außerhalb des Siegels, nachträglich bei Ablösung) und den
Geltungsbereich (im Siegel) als Spalten — abgeleitet aus dem Text jeder vorhandenen Fassung."""

import datetime as dt
from typing import Any

import yaml
from django.db import migrations, models


def ableiten(apps: Any, schema_editor: Any) -> None:
    Katalogdatei = apps.get_model("redaktion", "Katalogdatei")
    for d in Katalogdatei.objects.filter(art="fassung"):
        try:
            roh = yaml.safe_load(d.text) or {}
        except yaml.YAMLError:
            continue
        bis = roh.get("gueltig_bis") if isinstance(roh, dict) else None
        bereich = roh.get("geltungsbereich") if isinstance(roh, dict) else None
        Katalogdatei.objects.filter(pk=d.pk).update(
            gueltig_bis=bis if isinstance(bis, dt.date) else None,
            geltungsbereich=bereich if isinstance(bereich, dict) else {})


class Migration(migrations.Migration):

    dependencies = [
        ("redaktion", "0003_paket_geltungsbereich"),
    ]

    operations = [
        migrations.AddField(
            model_name="katalogdatei",
            name="gueltig_bis",
            field=models.DateField(blank=True, null=True, verbose_name="Gültig bis"),
        ),
        migrations.AddField(
            model_name="katalogdatei",
            name="geltungsbereich",
            field=models.JSONField(blank=True, default=dict, verbose_name="Geltungsbereich"),
        ),
        migrations.RunPython(ableiten, migrations.RunPython.noop),
    ]
