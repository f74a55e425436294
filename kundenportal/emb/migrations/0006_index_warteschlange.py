"""Teilindizes über die Mails der Warteschlange (offen, in Bearbeitung): die Seite, ihre Zählung und der
Filter nach Anliegen lesen nur den Index statt der ganzen Tabelle (100.000 Mails, PostgreSQL). `status`
steht mit im Index: SQLite liest einen Teilindex nur dann allein, wenn er jede Spalte der Abfrage enthält."""

from django.db import migrations, models

WARTEND = models.Q(("status__in", ("offen", "in_bearbeitung")))


class Migration(migrations.Migration):
    dependencies = [("email_bearbeitung", "0005_rolle_teamleitung_emb"), ("gespraech", "0001_initial")]

    operations = [
        migrations.AddIndex("mail", models.Index(condition=WARTEND, fields=["eingegangen", "id", "status"], name="mail_wartend")),
        migrations.AddIndex("mail", models.Index(condition=WARTEND, fields=["anliegen", "eingegangen", "id", "status"],
                                                 name="mail_wartend_anliegen")),
    ]
