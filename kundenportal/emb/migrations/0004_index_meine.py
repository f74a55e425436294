"""Index für „meine Mails“ (bearbeiter + status): die Zählung der Warteschlange liest sonst alle Mails
in Bearbeitung."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("email_bearbeitung", "0003_identitaet_quarantaene")]

    operations = [
        migrations.AddIndex("mail", models.Index(fields=["bearbeiter", "status"], name="mail_meine")),
    ]
