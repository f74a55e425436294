"""`manage.py einzeln NAME -- BEFEHL ...`: BEFEHL nur auf einem Knoten des Verbunds laufen lassen
(betrieb.einzellauf). Ohne Sperre wartet der Befehl in Bereitschaft; verliert er die Sperre (Datenbank
weg), beendet er BEFEHL und wartet neu. Beispiel (systemd-Unit auf jedem Knoten gleich):

    manage.py einzeln celery-beat -- celery -A kundenportal.celery beat
    manage.py einzeln --nur-wenn EMB_IMAP imap-beobachter -- python manage.py emb_imap_beobachten

Zwei Zustände sind getrennt gemeldet: "Sperre gehalten von einem anderen Knoten – Bereitschaft" (alles in
Ordnung, ein anderer arbeitet) und "Datenbank nicht erreichbar: <Ursache>" (falscher Port, Benutzer,
Passwort, Server weg) — dann neue Versuche mit wachsendem Abstand (bis 60 s). Endet BEFEHL mit einem Fehler,
wartet `einzeln` vor dem nächsten Start ebenso wachsend (bis 5 Minuten) statt ihn im Takt neu zu starten.

`--nur-wenn EINSTELLUNG`: ist die Django-Einstellung leer (etwa EMB_IMAP ohne EMB_IMAP_HOST: kein Postfach an
diesem Standort), startet nichts — eine Zeile im Protokoll, dann Ruhe bis zum Beenden (kein Neustart-Kreisel
unter systemd, kein Ende, das honcho alle Prozesse stoppen ließe)."""

from __future__ import annotations

import ctypes
import functools
import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kundenportal.betrieb.einzellauf import DatenbankNichtErreichbar, sperre

PAUSE_DATENBANK_MAX = 60.0      # s: längster Abstand zwischen zwei Verbindungsversuchen
PAUSE_FEHLER_MAX = 300.0        # s: längster Abstand, bevor ein gescheiterter Befehl neu startet
LAEUFT_STABIL = 60.0            # s: ein Befehl, der so lange lief, gilt nicht als Startfehler



def _mit_eltern_enden(eltern: int) -> None:
    """Im Kind vor dem Start des Befehls: endet `einzeln` (auch durch kill -9), bekommt der Befehl SIGTERM (Linux,
    prctl PR_SET_PDEATHSIG). Rundgang Betrieb: nach kill -9 lief celery beat als Waise weiter, der andere Knoten
    übernahm die Sperre — zwei beat schickten jede geplante Aufgabe doppelt. Ohne Linux: nichts (systemd räumt ab)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM, 0, 0, 0)        # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != eltern:                        # der Elternprozess war schon weg, bevor prctl galt
        os.kill(os.getpid(), signal.SIGTERM)

class Command(BaseCommand):
    help = "Führt einen Befehl nur auf einem Knoten aus (Advisory-Lock); die anderen warten in Bereitschaft"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="Name der Sperre, z. B. celery-beat")
        parser.add_argument("befehl", nargs="+", help="der Befehl (nach --)")
        parser.add_argument("--takt", type=float, default=5.0, help="Sekunden zwischen zwei Prüfungen")
        parser.add_argument("--nur-wenn", dest="nur_wenn", default="",
                            help="Django-Einstellung (etwa EMB_IMAP); ist sie leer, startet nichts")

    def _zeile(self, text: str, fehler: bool = False) -> None:
        (self.stderr if fehler else self.stdout).write(text)
        sys.stdout.flush()
        sys.stderr.flush()

    def handle(self, *args: Any, **optionen: Any) -> None:
        name, befehl, takt = optionen["name"], optionen["befehl"], optionen["takt"]
        ende = False

        def beenden(*_: Any) -> None:
            nonlocal ende
            ende = True

        def schlafen(sekunden: float) -> None:
            bis = time.monotonic() + sekunden
            while not ende and time.monotonic() < bis:
                time.sleep(min(0.2, max(bis - time.monotonic(), 0.0)))

        signal.signal(signal.SIGTERM, beenden)
        signal.signal(signal.SIGINT, beenden)
        if optionen["nur_wenn"] and not getattr(settings, optionen["nur_wenn"], None):
            self._zeile(f"einzeln {name}: {optionen['nur_wenn']} ist nicht eingestellt – nichts zu tun an diesem "
                        "Standort; warte ohne Arbeit bis zum Beenden.")
            while not ende:
                schlafen(3600)
            return
        s = sperre(name)
        gemeldet = False
        pause_db, pause_fehler = takt, takt
        db_gestoert = False
        while not ende:
            try:
                erhalten = s.versuchen()
            except DatenbankNichtErreichbar as fehler:
                self._zeile(f"einzeln {name}: Datenbank nicht erreichbar: {fehler} – neuer Versuch in "
                            f"{pause_db:.0f} s", fehler=True)
                db_gestoert, gemeldet = True, False
                schlafen(pause_db)
                pause_db = min(pause_db * 2, PAUSE_DATENBANK_MAX)
                continue
            if db_gestoert:
                self._zeile(f"einzeln {name}: Datenbank wieder erreichbar.")
                db_gestoert = False
            pause_db = takt
            if not erhalten:
                if not gemeldet:
                    self._zeile(f"einzeln {name}: Sperre gehalten von einem anderen Knoten – Bereitschaft.")
                    gemeldet = True
                schlafen(takt)
                continue
            self._zeile(f"einzeln {name}: Sperre erhalten – starte {' '.join(befehl)}")
            beginn = time.monotonic()
            try:
                prozess = subprocess.Popen(befehl, preexec_fn=functools.partial(_mit_eltern_enden, os.getpid()))
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
            gemeldet = False
            if ende:
                break
            if prozess.returncode not in (0, None, -signal.SIGTERM):
                if time.monotonic() - beginn >= LAEUFT_STABIL:
                    pause_fehler = takt
                self._zeile(f"einzeln {name}: Befehl endete mit {prozess.returncode} – neuer Start in "
                            f"{pause_fehler:.0f} s", fehler=True)
                schlafen(pause_fehler)       # der Sperre frei: ein anderer Knoten kann übernehmen
                pause_fehler = min(pause_fehler * 2, PAUSE_FEHLER_MAX)
            else:
                pause_fehler = takt
                schlafen(takt)      # anderen Knoten die Übernahme lassen, dann neu versuchen
