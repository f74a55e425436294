"""`manage.py einzeln NAME -- BEFEHL ...`: BEFEHL nur auf einem Knoten des Verbunds laufen lassen
(betrieb.einzellauf). Ohne Sperre wartet der Befehl in Bereitschaft; verliert er die Sperre (Datenbank
weg), beendet er BEFEHL und wartet neu. Beispiel (systemd-Unit auf jedem Knoten gleich):

    manage.py einzeln celery-beat -- celery -A kundenportal.celery beat
    manage.py einzeln imap-beobachter -- python manage.py emb_imap_beobachten"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kundenportal.betrieb.einzellauf import sperre


class Command(BaseCommand):
    help = "Führt einen Befehl nur auf einem Knoten aus (Advisory-Lock); die anderen warten in Bereitschaft"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="Name der Sperre, z. B. celery-beat")
        parser.add_argument("befehl", nargs="+", help="der Befehl (nach --)")
        parser.add_argument("--takt", type=float, default=5.0, help="Sekunden zwischen zwei Prüfungen")

    def handle(self, *args: Any, **optionen: Any) -> None:
        name, befehl, takt = optionen["name"], optionen["befehl"], optionen["takt"]
        s = sperre(name)
        ende = False

        def beenden(*_: Any) -> None:
            nonlocal ende
            ende = True

        signal.signal(signal.SIGTERM, beenden)
        signal.signal(signal.SIGINT, beenden)
        gemeldet = False
        while not ende:
            if not s.versuchen():
                if not gemeldet:
                    self.stdout.write(f"einzeln {name}: Sperre gehalten von einem anderen Knoten – Bereitschaft.")
                    sys.stdout.flush()
                    gemeldet = True
                time.sleep(takt)
                continue
            self.stdout.write(f"einzeln {name}: Sperre erhalten – starte {' '.join(befehl)}")
            sys.stdout.flush()
            try:
                prozess = subprocess.Popen(befehl)
            except OSError as fehler:
                s.freigeben()
                raise CommandError(f"einzeln {name}: {befehl[0]} lässt sich nicht starten: {fehler}") from None
            while prozess.poll() is None and not ende and s.gehalten():
                time.sleep(min(takt, 1.0))
            if prozess.poll() is None:
                prozess.terminate()
                try:
                    prozess.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    prozess.kill()
            s.freigeben()
            if prozess.returncode not in (0, None, -signal.SIGTERM) and not ende:
                self.stderr.write(f"einzeln {name}: Befehl endete mit {prozess.returncode}")
            gemeldet = False
            if not ende:
                time.sleep(takt)      # anderen Knoten die Übernahme lassen, dann neu versuchen
