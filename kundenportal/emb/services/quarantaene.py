"""Die Quarantäne: Mails, an denen die Zerlegung scheiterte, mit Grund und Rohtext — für die
Teamleitung E-Mail, die nach einer Korrektur die Zerlegung neu anstößt."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from ..models import Mail, Protokoll
from .einlesen import mail_zerlegen


def quarantaene_neu_zerlegen(user: Any, mail_id: int, jetzt: dt.datetime) -> Mail:
    """Zerlegt eine Mail aus der Quarantäne noch einmal (etwa nach einem Update des Parsers). Gelingt es,
    steht sie in der Warteschlange; sonst bleibt sie mit dem neuen Grund in der Quarantäne. Jeder Versuch zählt
    (`zerlegungsversuche`)."""
    with transaction.atomic():
        mail = Mail.objects.select_for_update().get(id=mail_id)
        if mail.status != Mail.Status.QUARANTAENE:
            raise ValueError(f"{mail.stand_satz} Neu zerlegt wird nur eine Mail aus der Quarantäne.")
        mail.status, mail.zerlegungsversuche = Mail.Status.EINGANG, mail.zerlegungsversuche + 1
        mail.save(update_fields=["status", "zerlegungsversuche"])
        Protokoll.objects.create(mail=mail, zeit=jetzt, benutzer=user.get_username(), art="neu_zerlegen",
                                 details={"grund_vorher": mail.quarantaene_grund})
    return mail_zerlegen(mail, jetzt)


GRUND_LAENGSTENS = 500


class GrundFehlt(ValueError):
    """„Verwerfen“ ohne Grund (oder mit zu langem): die Meldung steht am Feld „Grund“."""


def quarantaene_verwerfen(user: Any, mail_id: int, grund: str, jetzt: dt.datetime) -> Mail:
    """Verwirft eine Mail aus der Quarantäne (etwa Spam oder ein kaputter Rest, der sich nie zerlegen lässt): Sie
    verlässt die Quarantäne (Status `verworfen`, `verworfen_am`) und zählt nirgends mehr; der Grund steht im
    Protokoll der Mail. Die Rohbytes bleiben, bis die Löschfrist sie entfernt (betrieb/loeschfristen). Eine Mail,
    deren Zerlegung gerade läuft (`eingang`), verwirft sie nicht."""
    grund = " ".join(grund.split())
    if not grund:
        raise GrundFehlt("Grund: Bitte schreiben Sie, warum Sie die Mail verwerfen (etwa „Spam“ oder „Rest ohne "
                         "Inhalt, Absender unbekannt“).")
    if len(grund) > GRUND_LAENGSTENS:
        raise GrundFehlt(f"Grund: Bitte höchstens {GRUND_LAENGSTENS} Zeichen (jetzt {len(grund)}).")
    with transaction.atomic():
        mail = Mail.objects.select_for_update().defer("roh").get(id=mail_id)
        if mail.status != Mail.Status.QUARANTAENE:
            raise ValueError(f"{mail.stand_satz} Verworfen wird nur eine Mail aus der Quarantäne.")
        mail.status, mail.verworfen_am = Mail.Status.VERWORFEN, jetzt
        mail.save(update_fields=["status", "verworfen_am"])
        Protokoll.objects.create(mail=mail, zeit=jetzt, benutzer=user.get_username(), art="verworfen",
                                 details={"grund": grund, "quarantaene_grund": mail.quarantaene_grund})
    return mail
