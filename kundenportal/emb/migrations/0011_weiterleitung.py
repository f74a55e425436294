"""Weiterleiten an die zuständige Stelle (services.weiterleitung): eine Zeile je weitergeleiteter Mail — an welchen
Postkorb, mit welchem Hinweis, durch wen, wann, und die Nummer der Aufgabe dort. Eine eigene Tabelle, nicht eine
Spalte der Mail: Die Mail behält ihre Spaltenzahl (das Einlesen schreibt sie stapelweise, tests/email/test_stapel_sql)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("email_bearbeitung", "0010_verworfen"),
    ]

    operations = [
        migrations.CreateModel(
            name="Weiterleitung",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("an", models.CharField(max_length=40)),
                ("hinweis", models.TextField()),
                ("durch", models.CharField(max_length=150)),
                ("zeit", models.DateTimeField()),
                ("aufgabe", models.PositiveIntegerField(blank=True, null=True)),
                ("mail", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE,
                                              related_name="weiterleitung", to="email_bearbeitung.mail")),
            ],
        ),
    ]
