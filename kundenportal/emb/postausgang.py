"""Der Postausgang der Demo (`make run`): ein E-Mail-Backend, das jede Antwort als .eml-Datei in einen Ordner legt
(`var/postausgang/`, settings.VAR_DIR), statt sie einem SMTP-Relay zu übergeben. Ohne Relay ginge in der Demo nichts
hinaus (Standard EMAIL_HOST 127.0.0.1, Port 25), und die Antwort stünde auf „fehlgeschlagen“. Die Dateien öffnet
jedes Mailprogramm; der Dateiname ist die Message-ID der Antwort. Im Betrieb: Djangos SMTP-Backend (docs/betrieb.md)."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)
ORDNER = "postausgang"


class DateiPostausgang(BaseEmailBackend):
    """`EMAIL_BACKEND=kundenportal.emb.postausgang.DateiPostausgang`: je Nachricht eine Datei `<Message-ID>.eml`
    (ein weiterer Versand derselben Antwort bekommt `-2`, `-3` …)."""

    def __init__(self, fail_silently: bool = False, ordner: str | Path | None = None, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.ordner = Path(ordner) if ordner is not None else Path(settings.VAR_DIR) / ORDNER

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        self.ordner.mkdir(parents=True, exist_ok=True)
        for nachricht in email_messages:
            roh = nachricht.message()
            pfad = self._frei(re.sub(r"[^\w.@-]", "", str(roh["Message-ID"] or "")) or "antwort")
            pfad.write_bytes(roh.as_bytes())
            logger.info("Antwort abgelegt: %s (Demo-Postausgang statt SMTP)", pfad)
        return len(email_messages)

    def _frei(self, name: str) -> Path:
        pfad, n = self.ordner / f"{name}.eml", 1
        while pfad.exists():
            n += 1
            pfad = self.ordner / f"{name}-{n}.eml"
        return pfad
