"""SMTP-Versand mit smtplib. Die Adresse des Servers steht in settings (EMB_SMTP_HOST/PORT,
Absender EMB_ABSENDER); Standard ist ein lokaler Relay auf 127.0.0.1:25."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import format_datetime

from django.conf import settings

from .models import Antwort


def nachricht(antwort: Antwort) -> EmailMessage:
    m = EmailMessage()
    m["From"] = getattr(settings, "EMB_ABSENDER", "service-center@arbeitsagentur.example")
    m["To"] = antwort.an
    m["Subject"] = antwort.betreff
    m["Message-ID"] = antwort.message_id
    m["Date"] = format_datetime(antwort.erstellt)
    m["In-Reply-To"] = antwort.mail.message_id
    m["References"] = antwort.mail.message_id
    m.set_content(antwort.text)       # UTF-8, bei Bedarf quoted-printable
    return m


def senden(antwort: Antwort) -> None:
    """Übergibt die Antwort dem SMTP-Server; wirft OSError/SMTPException, wenn das nicht gelingt."""
    host = getattr(settings, "EMB_SMTP_HOST", "127.0.0.1")
    port = int(getattr(settings, "EMB_SMTP_PORT", 25))
    with smtplib.SMTP(host, port, timeout=float(getattr(settings, "EMB_SMTP_TIMEOUT", 10))) as smtp:
        smtp.send_message(nachricht(antwort))
