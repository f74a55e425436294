"""Die Rolle „Teamleitung E-Mail“ (konten.rollen: `teamleitung_emb`) als Gruppe: sie sieht die Quarantäne."""

from typing import Any

from django.db import migrations


def anlegen(apps: Any, schema_editor: Any) -> None:
    apps.get_model("auth", "Group").objects.get_or_create(name="teamleitung_emb")


class Migration(migrations.Migration):
    dependencies = [("email_bearbeitung", "0004_index_meine"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(anlegen, migrations.RunPython.noop)]
