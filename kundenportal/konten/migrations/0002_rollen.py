"""Legt je Rolle eine Gruppe an (Schlüssel wie in kundenportal/konten/rollen.py)."""

from typing import Any

from django.db import migrations

ROLLEN = ["agent_ez", "agent_sc3", "agent_scfk", "agent_emb", "os_algplus", "fk_direktion", "teamleitung",
          "redaktion", "administration"]


def anlegen(apps: Any, schema_editor: Any) -> None:
    group = apps.get_model("auth", "Group")
    for name in ROLLEN:
        group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("konten", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(anlegen, migrations.RunPython.noop)]
