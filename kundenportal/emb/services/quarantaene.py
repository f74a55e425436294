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
