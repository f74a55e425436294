"""Djangos postgresql-Backend; der Pool prüft eine eben zurückgegebene Verbindung ohne Rundlauf zum Server.

Warum: Mit `CONN_HEALTH_CHECKS` gibt Django dem Pool (psycopg-pool, OPTIONS "pool") `ConnectionPool.check_connection`
mit. Das schickt bei jeder Ausleihe — also bei jeder Anfrage — eine leere Abfrage an den Server und wartet auf die
Antwort: ein Rundlauf mehr je Anfrage. Im Prozess gemessen (`make bench`, Issue 15): die Ausleihe allein kostete so
68 µs CPU und ~100 µs Wanduhr, jetzt 19 µs; eine Anfrage ohne Sicht 0,70 statt 0,60 ms CPU.

Was jetzt passiert (`verbindung_pruefen`): Ohne Rundlauf verleiht der Pool eine Verbindung nur, wenn alles davon
zutrifft: Django hat sie vor weniger als `FRISCH` Sekunden nach einer Anfrage zurückgegeben (`_close`), sie ist im
Autocommit und ruht (IDLE), und ihr Socket ist still. Ein Server, der eine Verbindung beendet (Neustart,
`pg_terminate_backend`, `idle_session_timeout`), schickt eine FATAL-Meldung und schließt — dann ist der Socket
lesbar. In jedem anderen Fall prüft die Funktion wie Django mit der leeren Abfrage; schlägt die fehl, verwirft der
Pool die Verbindung und nimmt eine neue, die Anfrage merkt davon nichts. Die Frist deckt, was ein stiller Socket
nicht zeigt: eine Firewall, ein NAT oder eine umgezogene Failover-Adresse, die eine länger ruhende Verbindung
vergessen hat und erst auf das nächste Paket mit einem Reset antwortet. Unter Last kommt eine Verbindung nach
Millisekunden wieder an die Reihe; nach einer ruhigen Pause wird wie bisher nachgefragt.

Ohne `CONN_HEALTH_CHECKS` oder ohne Pool verhält sich das Backend wie Djangos."""

from __future__ import annotations

import select
import time
from typing import Any

from django.db.backends.postgresql import base

FRISCH = 2.0                     # s: so lange nach der Rückgabe gilt eine still ruhende Verbindung als geprüft
_ZURUECK = "_kundenportal_zurueck"   # Zeitpunkt (monotonic) der letzten Rückgabe durch Django


def verbindung_pruefen(verbindung: Any) -> None:
    """Für psycopg-pool (`check`): kehrt still zurück, wenn die Verbindung taugt, sonst eine Ausnahme."""
    from psycopg import pq
    from psycopg_pool import ConnectionPool

    zurueck = getattr(verbindung, _ZURUECK, None)
    if (zurueck is not None and time.monotonic() - zurueck < FRISCH and not verbindung.closed
            and not verbindung.broken and verbindung.autocommit
            and verbindung.pgconn.transaction_status == pq.TransactionStatus.IDLE):
        try:
            horcher = select.poll()
            horcher.register(verbindung.fileno(), select.POLLIN | select.POLLPRI)
            still = not horcher.poll(0)       # auch POLLERR, POLLHUP: nicht still
        except (OSError, ValueError):
            still = False
        if still:
            return
    ConnectionPool.check_connection(verbindung)


class DatabaseWrapper(base.DatabaseWrapper):
    @property
    def pool(self) -> Any:
        neu = self.alias not in self._connection_pools  # type: ignore[attr-defined]
        pool = super().pool
        if neu and pool is not None and self.settings_dict["CONN_HEALTH_CHECKS"]:
            # Django übergibt `check` fest (ConnectionPool.check_connection); psycopg-pool liest ihn bei jeder
            # Ausleihe aus `_check`. tests/postgresql prüft am neu gebauten Pool, dass eine eben zurückgegebene
            # Verbindung ohne Djangos Prüfung verliehen wird.
            pool._check = verbindung_pruefen
        return pool

    def _close(self) -> Any:
        if self.connection is not None and self.pool:
            setattr(self.connection, _ZURUECK, time.monotonic())
        return super()._close()  # type: ignore[misc]
