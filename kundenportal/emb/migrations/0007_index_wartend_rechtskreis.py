"""Die Teilindizes der Warteschlange enthalten auch `kontakt_id`: die Rechtskreis-Bedingung (ohne Kontakt
SGB III, sonst der Kanal des Kontakts über einen LEFT JOIN, emb/zugriff.py) braucht die Spalte. Ohne sie las
PostgreSQL für die Zählung mit Filter nach Anliegen die ganze Tabelle (Seq Scan) und für eine hintere Seite
jede übersprungene Zeile aus der Tabelle; mit ihr bleiben Zählung und Seite im Index (index-only). SQLite
nutzt die Teilindizes bei gebundenen Parametern nicht (`status IN (?, ?)` beweist die Bedingung nicht): für
den Filter nach Anliegen deckt deshalb auch der volle Index (anliegen, eingegangen, id) jetzt `status` und
`kontakt_id` ab."""

from django.db import migrations, models

WARTEND = models.Q(("status__in", ("offen", "in_bearbeitung")))


class Migration(migrations.Migration):
    dependencies = [("email_bearbeitung", "0006_index_warteschlange")]

    operations = [
        migrations.RemoveIndex("mail", "mail_wartend"),
        migrations.RemoveIndex("mail", "mail_wartend_anliegen"),
        migrations.RemoveIndex("mail", "mail_warteschlange_anliegen"),
        migrations.AddIndex("mail", models.Index(fields=["anliegen", "eingegangen", "id", "status", "kontakt"],
                                                 name="mail_warteschlange_anl_rk")),
        migrations.AddIndex("mail", models.Index(condition=WARTEND, fields=["eingegangen", "id", "status", "kontakt"],
                                                 name="mail_wartend_rk")),
        migrations.AddIndex("mail", models.Index(condition=WARTEND,
                                                 fields=["anliegen", "eingegangen", "id", "status", "kontakt"],
                                                 name="mail_wartend_anliegen_rk")),
    ]
