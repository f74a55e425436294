"""Die Arbeitshilfe einer Mail läuft jetzt als `gespraech.Kontakt` (dieselbe Engine und derselbe
Kontaktvermerk wie am Telefon). Laufende und abgeschlossene Läufe an Mails werden zu Kontakten; danach
fallen `lauf`, `ergebnis` und `vermerk` an der Mail weg."""

from typing import Any

from django.db import migrations, models


def _weisung(leitfaden: str, stand: str) -> str:
    """Die Weisung der gepinnten Fassung aus dem Katalog; "" wenn sie dort nicht (mehr) steht."""
    try:
        from kundenportal.katalog.queries import katalog

        return katalog().fassung(f"{leitfaden}@{stand}").weisung
    except (KeyError, ValueError, OSError):   # Katalog nicht ladbar oder Fassung entfernt
        return ""


def laeufe_zu_kontakten(apps: Any, schema_editor: Any) -> None:
    Mail = apps.get_model("email_bearbeitung", "Mail")
    Kontakt = apps.get_model("gespraech", "Kontakt")
    User = apps.get_model("auth", "User")
    for mail in Mail.objects.exclude(lauf=None).iterator():
        user = User.objects.filter(username__in=[mail.bearbeiter or mail.bestaetigt_von]).first()
        fassung = str(mail.lauf.get("fassung", ""))
        if user is None or "@" not in fassung:
            continue    # ohne Benutzer kein Kontakt; die Schritte stehen weiter im Protokoll der Mail
        leitfaden, stand = fassung.split("@", 1)
        erledigt = mail.status == "erledigt"
        mail.kontakt = Kontakt.objects.create(
            user=user, kanal="emb", standort=mail.lauf.get("standort") or "", kundennummer=mail.kundennummer,
            leitfaden=leitfaden, stand=stand, weisung=_weisung(leitfaden, stand), lauf=mail.lauf,
            status="abgeschlossen" if erledigt else "offen", ergebnis=mail.ergebnis or ("abgebrochen" if erledigt else ""),
            vermerk=mail.vermerk or ("E-Mail-Bearbeitung (übernommen aus der Mail)" if erledigt else ""),
            abgeschlossen=mail.erledigt_am if erledigt else None)
        mail.save(update_fields=["kontakt"])


class Migration(migrations.Migration):

    dependencies = [
        ("email_bearbeitung", "0001_mails"),
        ("gespraech", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="mail",
            name="kontakt",
            field=models.OneToOneField(blank=True, null=True, on_delete=models.deletion.PROTECT,
                                       related_name="mail", to="gespraech.kontakt"),
        ),
        migrations.RunPython(laeufe_zu_kontakten, migrations.RunPython.noop),
        migrations.RemoveField(model_name="mail", name="lauf"),
        migrations.RemoveField(model_name="mail", name="ergebnis"),
        migrations.RemoveField(model_name="mail", name="vermerk"),
    ]
