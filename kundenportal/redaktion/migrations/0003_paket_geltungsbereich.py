"""Standortregeln eines Freigabepakets strukturiert: Verbünde und Agenturen aus standorte.yaml statt Freitext.
Ein alter Freitext wird übernommen, soweit er Namen oder Kennungen aus standorte.yaml enthält."""

from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import migrations, models


def _standorte() -> tuple[dict[str, str], list[str]]:
    pfad = Path(settings.CONTENT_DIR) / "standorte.yaml"
    try:
        roh = yaml.safe_load(pfad.read_text(encoding="utf-8")) or {}
    except OSError:
        return {}, []
    verbuende = {str(v["id"]): str(v.get("name", v["id"])) for v in roh.get("verbuende") or []}
    agenturen = [str(a["name"]) for v in roh.get("verbuende") or [] for a in v.get("agenturen") or []]
    return verbuende, agenturen


def uebernehmen(apps: Any, schema_editor: Any) -> None:
    Freigabepaket = apps.get_model("redaktion", "Freigabepaket")
    verbuende, agenturen = _standorte()
    for p in Freigabepaket.objects.exclude(standortregel=""):
        text = p.standortregel
        v = [k for k, name in verbuende.items() if k in text.lower() or name in text]
        a = [n for n in agenturen if n in text and not any(verbuende[x].endswith(n) for x in v)]
        p.geltungsbereich = {"verbuende": v, "agenturen": a} if v or a else {}
        p.save(update_fields=["geltungsbereich"])


class Migration(migrations.Migration):

    dependencies = [
        ("redaktion", "0002_rolle_freigabe"),
    ]

    operations = [
        migrations.AddField(
            model_name="freigabepaket",
            name="geltungsbereich",
            field=models.JSONField(blank=True, default=dict, verbose_name="Geltungsbereich (Standortregeln)"),
        ),
        migrations.RunPython(uebernehmen, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="freigabepaket",
            name="standortregel",
        ),
    ]
