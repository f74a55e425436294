"""Demo-Mails für `make run` (einrichten --demo): einige Mails der Demo-Kundschaft in der Warteschlange der
E-Mail-Bearbeitung — Terminabsagen mit Kundennummer, Meldungen einer Arbeitsunfähigkeit und eine Anfrage ohne
bekannte Absenderadresse —, damit die Rolle E-Mail-Bearbeitung nach dem Start etwas zu tun hat. Die Absender
sind die in VerBIS hinterlegten Adressen (gespraech.demodaten.demo_adresse): Antworten mit Kundendaten gehen nach
bestätigter Identität an genau diese Adresse. Eingelesen wie jede Mail (`mail_einlesen`): gesendet in den zwei
Stunden vor `jetzt`, eingegangen um `jetzt`. Einmal: Liegen schon Demo-Mails vor, kommen keine neuen dazu."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.utils import format_datetime

from kundenportal.fachverfahren.referenz import models as referenz

from .models import Mail
from .services import mail_einlesen

AN = "service-center@arbeitsagentur.example"
TERMINABSAGEN, AU_MELDUNGEN = 4, 3


def _mail(nummer: int, von: str, name: str, betreff: str, text: str, zeit: dt.datetime) -> bytes:
    m = EmailMessage()
    m["From"] = f"{name} <{von}>"
    m["To"] = f"Agentur für Arbeit <{AN}>"
    m["Subject"] = betreff
    m["Date"] = format_datetime(zeit)
    m["Message-ID"] = f"<demo-{nummer}@demo.example>"
    m.set_content(text)
    return bytes(m)


def demo_mails_anlegen(jetzt: dt.datetime) -> int:
    """Liest die Demo-Mails ein (die Demo-Kundschaft muss angelegt sein); gibt die Zahl neuer Mails zurück."""
    if Mail.objects.filter(message_id__endswith="@demo.example>", message_id__startswith="<demo-").exists():
        return 0
    tag = jetzt.replace(second=0, microsecond=0) - dt.timedelta(hours=2)
    geplant = referenz.Termin.objects.filter(status="geplant", kundennummer__startswith="900D").order_by("termin_id")
    mit_termin = {t.kundennummer: t for t in geplant}
    kunden = list(referenz.Kunde.objects.filter(kundennummer__in=list(mit_termin), email__gt="")
                  .order_by("kundennummer")[:TERMINABSAGEN + AU_MELDUNGEN])
    roh: list[bytes] = []
    for n, k in enumerate(kunden):
        name, termin = f"{k.vorname} {k.nachname}", mit_termin[k.kundennummer]
        am = termin.beginn.astimezone(jetzt.tzinfo).strftime("%d.%m.%Y um %H:%M Uhr")
        if n < TERMINABSAGEN:
            text = (f"Sehr geehrte Damen und Herren,\n\nich kann meinen Termin am {am} leider nicht wahrnehmen und "
                    f"sage ihn hiermit ab.\n\nMeine Kundennummer: {k.kundennummer}\n\nMit freundlichen Grüßen\n{name}\n")
            roh.append(_mail(n + 1, k.email, name, f"Terminabsage {k.kundennummer}", text, tag + dt.timedelta(minutes=7 * n)))
        else:
            text = (f"Hallo,\n\nich bin seit gestern arbeitsunfähig krankgeschrieben, voraussichtlich für zwei Wochen. "
                    f"Die Bescheinigung schicke ich per Post.\n\nKundennummer {k.kundennummer}\n\nViele Grüße\n{name}\n")
            roh.append(_mail(n + 1, k.email, name, "Krankmeldung", text, tag + dt.timedelta(minutes=7 * n)))
    roh.append(_mail(99, "unbekannt.absender@demo.example", "Unbekannt", "Frage zu meinem Antrag",
                     "Guten Tag,\n\nwann bekomme ich Bescheid zu meinem Antrag?\n\nGruß\n", tag + dt.timedelta(hours=1)))
    return sum(mail_einlesen(r, quelle="demo", jetzt=jetzt).neu for r in roh)
