"""Djangos sqlite3-Backend, dazu eine Dateisperre, an der sich schreibende Transaktionen anstellen.

Warum: Mit WAL und `BEGIN IMMEDIATE` (conf/umgebung.py) nimmt jede Transaktion gleich SQLites Schreibsperre.
Ist sie belegt, wartet der zweite Schreiber in SQLites Busy-Handler, und der schläft gestaffelt 1, 2, 5, 10,
15, 20, 25 … ms zwischen zwei Versuchen — auch wenn die Sperre schon nach 0,3 ms wieder frei ist. Mit zwei
gunicorn-Workern standen die Kerne in `make bench` so ein Viertel bis ein Drittel der Zeit still.

Was jetzt passiert: Bevor eine Transaktion `BEGIN IMMEDIATE` schickt, nimmt ihre Verbindung eine flock-Sperre
auf `<Datenbank>-schreiben.lock`. Ist sie belegt, fragt sie erneut nach 50 µs, dann in doppelten Abständen
bis höchstens 0,5 ms — höchstens so lange, wie SQLite selbst warten würde (OPTIONS `timeout`); danach
„database is locked“ wie zuvor. COMMIT, ROLLBACK und das Schließen der Verbindung geben sie frei; stirbt
der Prozess, gibt der Kern sie frei. Schreiber ohne Transaktion (einzelne Befehle im Autocommit) und andere
Programme stellen sich nicht an; für sie bleibt SQLites Busy-Handler, die Daten schützt weiter SQLites Sperre.

Eine Datenbank im Speicher braucht keine Warteschlange (ein Prozess, eine Verbindung). Lässt sich die
Sperrdatei nicht anlegen oder öffnen (etwa ein anderer Benutzer, ein schreibgeschütztes Verzeichnis), schreibt
die Verbindung ohne Warteschlange weiter — mit einer Warnung im Protokoll, einmal je Verbindung."""

from __future__ import annotations

import fcntl
import logging
import os
import time
from typing import Any

from django.db.backends.sqlite3 import base
from django.db.utils import OperationalError

logger = logging.getLogger("kundenportal.sqlite")
ERSTE_PAUSE = 0.00005        # 50 µs, dann verdoppelt …
LAENGSTE_PAUSE = 0.0005      # … bis 0,5 ms: belegt ist die Sperre für die Dauer einer Transaktion (~1 ms)


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._schreibsperre: int | None = None      # Dateideskriptor der Sperrdatei
        self._schreibsperre_pid = 0                 # der Prozess, der ihn geöffnet hat (nach fork neu öffnen)
        self._schreibsperre_gehalten = False
        self._ohne_warteschlange = False            # Sperrdatei nicht zu öffnen: SQLites Busy-Handler allein

    def schreibsperre_datei(self) -> str | None:
        """Die Sperrdatei neben der Datenbank; None für eine Datenbank im Speicher."""
        return None if self.is_in_memory_db() else f"{self.settings_dict['NAME']}-schreiben.lock"

    def _start_transaction_under_autocommit(self) -> None:
        self._anstellen()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]  # (in den Stubs nicht erklärt)
        except BaseException:
            self._freigeben()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]
        finally:
            self._freigeben()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]
        finally:
            self._freigeben()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]
        finally:
            self._freigeben()
            self._ohne_warteschlange = False        # die nächste Verbindung versucht es wieder
            if self._schreibsperre is not None:
                os.close(self._schreibsperre)
                self._schreibsperre = None

    def _anstellen(self) -> None:
        datei = self.schreibsperre_datei()
        if datei is None or self._schreibsperre_gehalten or self._ohne_warteschlange:
            return
        if self._schreibsperre is None or self._schreibsperre_pid != os.getpid():
            # Nach fork teilt ein geerbter Deskriptor die Sperre mit dem Elternprozess: einen eigenen öffnen
            # (den geerbten nur schließen — freigeben würde die Sperre des Elternprozesses lösen).
            if self._schreibsperre is not None:
                os.close(self._schreibsperre)
                self._schreibsperre = None
            try:     # flock braucht kein Schreibrecht: lesend geöffnet, Rechte wie die Datenbank (umask)
                self._schreibsperre = os.open(datei, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o666)
            except OSError as fehler:
                self._ohne_warteschlange = True
                logger.warning("SQLite: Sperrdatei %s nicht zu öffnen (%s) — diese Verbindung schreibt ohne "
                               "Warteschlange, SQLites Busy-Handler wartet allein", datei, fehler.strerror)
                return
            self._schreibsperre_pid = os.getpid()
        frist = float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))
        ende = time.monotonic() + frist
        pause = ERSTE_PAUSE
        while True:
            try:
                fcntl.flock(self._schreibsperre, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= ende:
                    raise OperationalError(f"database is locked: {frist:g} s auf die Schreibsperre {datei} "
                                           "gewartet (eine andere Transaktion schreibt noch)") from None
                time.sleep(pause)
                pause = min(pause * 2, LAENGSTE_PAUSE)
        self._schreibsperre_gehalten = True

    def _freigeben(self) -> None:
        if self._schreibsperre_gehalten:
            self._schreibsperre_gehalten = False
            if self._schreibsperre is not None and self._schreibsperre_pid == os.getpid():
                fcntl.flock(self._schreibsperre, fcntl.LOCK_UN)
