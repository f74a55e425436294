"""Djangos sqlite3-Backend, dazu eine Dateisperre, an der sich die Schreiber anstellen.

Warum: Mit WAL und `BEGIN IMMEDIATE` (conf/umgebung.py) nimmt jede Transaktion gleich SQLites Schreibsperre.
Ist sie belegt, wartet der zweite Schreiber in SQLites Busy-Handler, und der schläft gestaffelt 1, 2, 5, 10,
15, 20, 25 … ms zwischen zwei Versuchen — auch wenn die Sperre schon nach 0,3 ms wieder frei ist. Mit zwei
gunicorn-Workern standen die Kerne in `make bench` so ein Viertel bis ein Drittel der Zeit still.

Was jetzt passiert: Bevor eine Transaktion `BEGIN IMMEDIATE` schickt, nimmt ihre Verbindung eine flock-Sperre
auf `<Datenbank>-schreiben.lock`; ein einzelner schreibender Befehl ohne Transaktion (Autocommit, etwa
`save()` eines Modells) nimmt sie für die Dauer des Befehls. Ist sie belegt, fragt der Schreiber erneut nach
50 µs, dann in doppelten Abständen bis höchstens 0,5 ms — höchstens so lange wie SQLites `timeout` (OPTIONS);
danach „database is locked“ wie zuvor. COMMIT, ROLLBACK und das Schließen der Verbindung geben sie frei;
stirbt der Prozess oder wird die Verbindung ohne Schließen verworfen, ist sie auch frei (der Kern gibt sie
mit dem Deskriptor frei, `weakref.finalize` schließt ihn mit dem Objekt). Andere Programme (etwa `sqlite3` auf der Konsole) stellen sich nicht an; auf
sie wartet SQLites Busy-Handler wie bisher — im ungünstigsten Fall wartet ein Schreiber dann zweimal `timeout`.
Die Daten schützt in jedem Fall SQLites eigene Sperre; die Warteschlange entscheidet nur, wer als Nächster
fragt.

Eine Datenbank im Speicher braucht keine Warteschlange (ein Prozess, eine Verbindung). Lässt sich die
Sperrdatei nicht anlegen oder öffnen (etwa ein anderer Benutzer, ein schreibgeschütztes Verzeichnis), schreibt
die Verbindung ohne Warteschlange weiter — mit einer Warnung im Protokoll, einmal je Verbindung."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import logging
import os
import time
import weakref
from collections.abc import Iterator
from typing import Any

from django.db.backends.sqlite3 import base, creation
from django.db.utils import OperationalError

logger = logging.getLogger("kundenportal.sqlite")
ERSTE_PAUSE = 0.00005        # 50 µs, dann verdoppelt …
LAENGSTE_PAUSE = 0.0005      # … bis 0,5 ms: belegt ist die Sperre für die Dauer einer Transaktion (~1 ms)
# Befehle, die nichts schreiben (oder eine Transaktion steuern): ohne Warteschlange.
LESEND = ("SELECT", "PRAGMA", "EXPLAIN", "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE")


def sperrdatei_zu(datenbank: str) -> str:
    return f"{datenbank}-schreiben.lock"


class DatabaseCreation(creation.DatabaseCreation):
    def _destroy_test_db(self, test_database_name: str, verbosity: int) -> None:
        super()._destroy_test_db(test_database_name, verbosity)  # type: ignore[misc]
        if test_database_name and not self.is_in_memory_db(test_database_name):
            with contextlib.suppress(FileNotFoundError):      # die Sperrdatei geht mit der Testdatenbank
                os.remove(sperrdatei_zu(test_database_name))


class _Cursor(base.SQLiteCursorWrapper):
    """Djangos Cursor; ein schreibender Befehl außerhalb einer Transaktion stellt sich an."""

    warteschlange: DatabaseWrapper | None = None

    def execute(self, query: str, params: Any = None) -> Any:
        if self.warteschlange is not None and not self.connection.in_transaction and _schreibt(query):
            with self.warteschlange.einzeln():
                return super().execute(query, params)
        return super().execute(query, params)

    def convert_query(self, query: str, *, param_names: Any = None) -> str:
        """Wie Django („%s“ → „?“), aber je SQL-Text nur einmal: Djangos regulärer Ausdruck mit Rückschau lief
        bei jeder Ausführung über den ganzen Text (10–17 µs bei 380 Zeichen, ein Schritt hat 6–12 Befehle)."""
        if param_names is None:
            return _fragezeichen(query)
        return str(super().convert_query(query, param_names=param_names))

    def executemany(self, query: str, param_list: Any) -> Any:
        if self.warteschlange is not None and not self.connection.in_transaction and _schreibt(query):
            with self.warteschlange.einzeln():
                return super().executemany(query, param_list)
        return super().executemany(query, param_list)


@functools.lru_cache(maxsize=2048)
def _fragezeichen(query: str) -> str:
    """Ein SQL-Text im „format“-Stil mit „?“ statt „%s“ (wie `SQLiteCursorWrapper.convert_query`), gemerkt: die
    Texte des ORM wiederholen sich (vorbereitete Abfragen halten sogar dasselbe Objekt, dessen Hash Python
    sich merkt); Texte mit wechselnder Länge (etwa `IN (…)`) verdrängen sich höchstens gegenseitig."""
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


def _schreibt(query: str) -> bool:
    return not query.lstrip()[:9].upper().startswith(LESEND)


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sperrdatei: int | None = None         # Deskriptor der Sperrdatei …
        self._sperrdatei_zu: weakref.finalize[Any, Any] | None = None   # … geschlossen spätestens mit dem Objekt
        self._sperrdatei_pid = 0                   # der Prozess, der sie geöffnet hat (nach fork neu öffnen)
        self._sperre_gehalten = False
        self._ohne_warteschlange = False           # Sperrdatei nicht zu öffnen: SQLites Busy-Handler allein

    def schreibsperre_datei(self) -> str | None:
        """Die Sperrdatei neben der Datenbank; None für eine Datenbank im Speicher."""
        return None if self.is_in_memory_db() else sperrdatei_zu(str(self.settings_dict["NAME"]))

    def create_cursor(self, name: str | None = None) -> Any:
        cursor = self.connection.cursor(factory=_Cursor)
        cursor.warteschlange = self
        return cursor

    def _start_transaction_under_autocommit(self) -> None:
        try:
            self._anstellen()
            super()._start_transaction_under_autocommit()  # type: ignore[misc]  # (in den Stubs nicht erklärt)
        except BaseException:
            self._freigeben()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]
        finally:
            if self.connection is None or not self.connection.in_transaction:   # sonst folgt ROLLBACK
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
            self._sperrdatei_schliessen()

    @contextlib.contextmanager
    def einzeln(self) -> Iterator[None]:
        """Für einen schreibenden Befehl ohne Transaktion: angestellt für die Dauer des Befehls."""
        if self._sperre_gehalten:
            yield
            return
        try:
            self._anstellen()
            yield
        finally:
            self._freigeben()

    def _anstellen(self) -> None:
        datei = self.schreibsperre_datei()
        if datei is None or self._ohne_warteschlange:
            return
        if self._sperrdatei is None or self._sperrdatei_pid != os.getpid():
            # Nach fork teilt eine geerbte Datei die Sperre mit dem Elternprozess: eine eigene öffnen; die
            # geerbte nur schließen — freigeben würde die Sperre des Elternprozesses lösen.
            self._sperre_gehalten = False
            self._sperrdatei_schliessen()
            try:     # flock braucht kein Schreibrecht: lesend geöffnet, Rechte wie die Datenbank (umask)
                fd = os.open(datei, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o666)
            except OSError as fehler:
                self._ohne_warteschlange = True
                logger.warning("SQLite: Sperrdatei %s nicht zu öffnen (%s) — diese Verbindung schreibt ohne "
                               "Warteschlange, SQLites Busy-Handler wartet allein", datei, fehler.strerror)
                return
            self._sperrdatei, self._sperrdatei_pid = fd, os.getpid()
            self._sperrdatei_zu = weakref.finalize(self, os.close, fd)
        if self._sperre_gehalten:
            return
        frist = float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))
        ende = time.monotonic() + frist
        pause = ERSTE_PAUSE
        while True:
            try:
                fcntl.flock(self._sperrdatei, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= ende:
                    raise OperationalError(f"database is locked: {frist:g} s auf die Schreibsperre {datei} "
                                           "gewartet (ein anderer Schreiber ist noch dran)") from None
                time.sleep(pause)
                pause = min(pause * 2, LAENGSTE_PAUSE)
        self._sperre_gehalten = True

    def _freigeben(self) -> None:
        """Gibt die Sperre frei — auch wenn die Marke fehlt (eine Ausnahme zwischen flock und Marke):
        eine nicht gehaltene Sperre freizugeben ändert nichts."""
        self._sperre_gehalten = False
        if self._sperrdatei is not None and self._sperrdatei_pid == os.getpid():
            fcntl.flock(self._sperrdatei, fcntl.LOCK_UN)

    def _sperrdatei_schliessen(self) -> None:
        """Schließen gibt eine gehaltene Sperre frei — nach fork nur die des Kindes (die geerbte Datei zu
        schließen löst die Sperre des Elternprozesses nicht; freigeben würde es)."""
        if self._sperrdatei_zu is not None:
            self._sperrdatei_zu()
        self._sperrdatei, self._sperrdatei_zu = None, None
