"""`manage.py tageszahlen_neu [--je-transaktion 7]`: alle Tageszahlen der Anlagen 5 und 7 aus den Kontakten
neu zählen, Tag für Tag in kurzen Transaktionen — nach einer Änderung der Zählregel (Migration
fuehrung 0003: Abgabe nach dem ausgeführten Abgabe-Schritt), einmal nach dem Deployment, auf einem Knoten."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kundenportal.fuehrung.verdichtung import alle_tage_neu_zaehlen


class Command(BaseCommand):
    help = "Tageszahlen der Anlagen 5 und 7 Tag für Tag neu zählen (kurze Transaktionen)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--je-transaktion", type=int, default=7, help="Tage je Transaktion (Vorgabe 7)")

    def handle(self, *args: Any, **optionen: Any) -> None:
        beginn = time.monotonic()
        tage = alle_tage_neu_zaehlen(max(1, int(optionen["je_transaktion"])))
        self.stdout.write(f"Tageszahlen neu gezählt: {tage} Tage in {time.monotonic() - beginn:.1f} s.")
