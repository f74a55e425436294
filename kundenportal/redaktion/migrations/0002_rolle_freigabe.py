"""Legt die Gruppe der Rolle Freigabe an (Redaktion besteht schon, konten/0002_rollen)."""

from typing import Any

from django.db import migrations


def anlegen(apps: Any, schema_editor: Any) -> None:
    apps.get_model("auth", "Group").objects.get_or_create(name="freigabe")


class Migration(migrations.Migration):
    dependencies = [("redaktion", "0001_katalog_und_redaktion"), ("konten", "0002_rollen")]
    operations = [migrations.RunPython(anlegen, migrations.RunPython.noop)]
