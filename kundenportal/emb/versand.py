"""Versand einer Antwort über Djangos E-Mail-Backend (settings.EMAIL_*: Relay, Port, TLS/SSL,
Anmeldung; Absender EMB_ABSENDER).

Kopfzeilen nach RFC 5322, Abschnitt 3.6.4: `In-Reply-To` ist die Message-ID der Kundenmail,
`References` die ganze Kette (References der Kundenmail plus ihre Message-ID), damit Mailprogramme den
Verlauf zeigen. `Date` ist der Zeitpunkt des Sendens, nicht der des Entwurfs. Die Message-ID der Antwort
ist ihr Idempotenzschlüssel: sie bleibt bei jedem neuen Versuch gleich."""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from .models import Antwort

ERSATZ_ID = "@ohne-message-id.kundenportal>"      # selbst vergebene Kennung einer Mail ohne Message-ID


def kette(antwort: Antwort) -> list[str]:
    """References der Antwort: die Kette der Kundenmail und deren Message-ID, ohne Dopplungen."""
    ids = [*antwort.mail.verweise.split(), antwort.mail.message_id]
    return [i for i in dict.fromkeys(ids) if i and not i.endswith(ERSATZ_ID)]


def nachricht(antwort: Antwort, jetzt: dt.datetime) -> EmailMessage:
    kopf = {"Message-ID": antwort.message_id, "Date": format_datetime(jetzt)}
    verweise = kette(antwort)
    if verweise:
        kopf["In-Reply-To"] = verweise[-1]
        kopf["References"] = " ".join(verweise)
    return EmailMessage(subject=antwort.betreff, body=antwort.text, from_email=settings.EMB_ABSENDER,
                        to=[antwort.an], headers=kopf)


def senden(antwort: Antwort, jetzt: dt.datetime) -> None:
    """Übergibt die Antwort dem Relay; wirft OSError/SMTPException, wenn das nicht gelingt."""
    with get_connection(fail_silently=False) as verbindung:
        verbindung.send_messages([nachricht(antwort, jetzt)])
