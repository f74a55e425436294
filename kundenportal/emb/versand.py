"""SMTP-Versand mit smtplib an das Relay aus settings (EMB_SMTP_HOST, EMB_SMTP_PORT, EMB_SMTP_TIMEOUT;
Absender EMB_ABSENDER)."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import format_datetime

from django.conf import settings

from .models import Antwort


def nachricht(antwort: Antwort) -> EmailMessage:
    m = EmailMessage()
    m["From"] = settings.EMB_ABSENDER
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
    with smtplib.SMTP(settings.EMB_SMTP_HOST, settings.EMB_SMTP_PORT, timeout=settings.EMB_SMTP_TIMEOUT) as smtp:
        smtp.send_message(nachricht(antwort))
