"""`manage.py emb_imap_beobachten [--sekunden N]`: das Kundenpostfach (settings.EMB_IMAP) mit IMAP IDLE
beobachten und jede neue Mail sofort einlesen — die Alternative zum Abholen im Takt (celery beat).

Bricht die Verbindung ab (Server-Neustart, Netz), verbindet der Befehl nach einer Pause neu; was
dazwischen ankam, bleibt ungelesen im Postfach und wird beim nächsten Abholen eingelesen."""

from __future__ import annotations

import imaplib
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kundenportal.emb import imap

PAUSE_SEKUNDEN = 10.0


class Command(BaseCommand):
    help = "Beobachtet das Kundenpostfach (EMB_IMAP) mit IMAP IDLE und liest neue Mails ein"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sekunden", type=float, default=None,
                            help="nach so vielen Sekunden enden (Standard: ohne Ende, für einen Dienst)")
        parser.add_argument("--idle", type=float, default=300.0,
                            help="IDLE spätestens nach so vielen Sekunden erneuern (Standard 300)")

    def handle(self, *args: Any, **optionen: Any) -> None:
        zugang = imap.zugang_aus_einstellungen()
        if zugang is None:
            raise CommandError("EMB_IMAP ist nicht gesetzt: EMB_IMAP_HOST (und _PORT, _BENUTZER, _PASSWORT) angeben.")
        sekunden: float | None = optionen["sekunden"]
        ende = None if sekunden is None else time.monotonic() + sekunden
        neu = 0
        while True:
            rest = None if ende is None else max(ende - time.monotonic(), 0.0)
            try:
                neu += imap.beobachten(zugang, sekunden=rest, idle_sekunden=optionen["idle"])
            except (OSError, imaplib.IMAP4.error) as fehler:
                self.stderr.write(f"IMAP {zugang.host}:{zugang.port}: {type(fehler).__name__}: {fehler} "
                                  f"– neuer Versuch in {PAUSE_SEKUNDEN:.0f} s")
                time.sleep(PAUSE_SEKUNDEN if ende is None else min(PAUSE_SEKUNDEN, max(ende - time.monotonic(), 0)))
            if ende is not None and time.monotonic() >= ende:
                break
        self.stdout.write(f"{neu} neue Mails eingelesen.")
