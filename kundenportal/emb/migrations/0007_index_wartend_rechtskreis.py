"""Die Teilindizes der Warteschlange enthalten auch `kontakt_id`: die Rechtskreis-Bedingung (ohne Kontakt
SGB III, sonst EXISTS auf den Kontakt, emb/zugriff.py) braucht die Spalte. Ohne sie las PostgreSQL für die
Zählung mit Filter nach Anliegen die ganze Tabelle (Seq Scan) und für eine hintere Seite jede übersprungene
Zeile aus der Tabelle; mit ihr bleiben Zählung und Seite im Index (index-only, auch auf SQLite)."""

from django.db import migrations, models

WARTEND = models.Q(("status__in", ("offen", "in_bearbeitung")))


class Migration(migrations.Migration):
    dependencies = [("email_bearbeitung", "0006_index_warteschlange")]

    operations = [
        migrations.RemoveIndex("mail", "mail_wartend"),
        migrations.RemoveIndex("mail", "mail_wartend_anliegen"),
        migrations.AddIndex("mail", models.Index(condition=WARTEND, fields=["eingegangen", "id", "status", "kontakt"],
                                                 name="mail_wartend_rk")),
        migrations.AddIndex("mail", models.Index(condition=WARTEND,
                                                 fields=["anliegen", "eingegangen", "id", "status", "kontakt"],
                                                 name="mail_wartend_anliegen_rk")),
    ]
