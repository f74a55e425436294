"""Die Rolle „Teamleitung Familienkasse“ (konten.rollen: `teamleitung_fk`) als Gruppe: Kennzahlen und
Qualitätssicherung der Kontakte der Familienkasse (QS-Anlage 2.2.4)."""

from typing import Any

from django.db import migrations


def anlegen(apps: Any, schema_editor: Any) -> None:
    apps.get_model("auth", "Group").objects.get_or_create(name="teamleitung_fk")


class Migration(migrations.Migration):
    dependencies = [("konten", "0005_zweck"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(anlegen, migrations.RunPython.noop)]
