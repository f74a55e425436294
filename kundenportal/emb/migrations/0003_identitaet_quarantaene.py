"""Identität einer Mail über den Hash des normalisierten Inhalts statt über die Message-ID allein,
Rohtext zuerst (Status `eingang`), Quarantäne für Mails, an denen die Zerlegung scheitert, die
References-Kette für Antworten und ein Index für die seitenweise Warteschlange.

Gespeicherte Mails bekommen ihren Hash; ein unplausibles Datum (Jahr 9999) wird zur Eingangszeit."""

import datetime as dt
from typing import Any

from django.db import migrations, models


def hash_und_datum(apps: Any, schema_editor: Any) -> None:
    from kundenportal.emb.identitaet import inhalt_hash

    Mail = apps.get_model("email_bearbeitung", "Mail")
    gesehen: dict[str, int] = {}
    for mail in Mail.objects.order_by("id").iterator():
        h = inhalt_hash(bytes(mail.roh))
        if h in gesehen:      # früher doppelt gespeichert (CRLF/LF): der Hash macht sie unterscheidbar
            h = f"{h[:56]}{mail.id:08x}"[:64]
        gesehen[h] = mail.id
        mail.inhalt_hash = h
        mail.anliegen = mail.klasse or mail.vorschlag
        felder = ["inhalt_hash", "anliegen"]
        if mail.datum is not None and not (dt.datetime(1990, 1, 1, tzinfo=dt.UTC) <= mail.datum
                                           <= mail.eingegangen + dt.timedelta(days=2)):
            mail.datum = mail.eingegangen
            mail.warnungen = [*mail.warnungen, "Datum unplausibel: Eingangszeit verwendet"]
            felder += ["datum", "warnungen"]
        mail.save(update_fields=felder)


class Migration(migrations.Migration):
    dependencies = [("email_bearbeitung", "0002_mail_kontakt")]

    operations = [
        migrations.AddField("mail", "inhalt_hash", models.CharField(max_length=64, default="")),
        migrations.AddField("mail", "message_id_mehrfach", models.BooleanField(default=False)),
        migrations.AddField("mail", "verweise", models.TextField(blank=True)),
        migrations.AddField("mail", "anliegen", models.CharField(max_length=20, blank=True)),
        migrations.AddField("mail", "zerlegungsversuche", models.PositiveSmallIntegerField(default=0)),
        migrations.AddField("mail", "quarantaene_grund", models.TextField(blank=True)),
        migrations.AlterField("mail", "message_id", models.CharField(max_length=998, db_index=True)),
        migrations.AlterField("mail", "vorschlag", models.CharField(max_length=20, blank=True)),
        migrations.AlterField("mail", "status", models.CharField(
            choices=[("eingang", "wird zerlegt"), ("quarantaene", "Quarantäne"), ("offen", "offen"),
                     ("in_bearbeitung", "in Bearbeitung"), ("erledigt", "erledigt")],
            db_index=True, default="offen", max_length=20)),
        migrations.RunPython(hash_und_datum, migrations.RunPython.noop),
        migrations.AlterField("mail", "inhalt_hash", models.CharField(max_length=64, unique=True)),
        migrations.AddIndex("mail", models.Index(fields=["status", "eingegangen", "id"], name="mail_warteschlange")),
        migrations.AddIndex("mail", models.Index(fields=["anliegen", "eingegangen", "id"],
                                                 name="mail_warteschlange_anliegen")),
    ]
