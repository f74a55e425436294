"""Djangos postgresql-Backend; der Pool prüft eine Verbindung vor dem Ausleihen ohne Rundlauf zum Server.

Warum: Mit `CONN_HEALTH_CHECKS` gibt Django dem Pool (psycopg-pool, OPTIONS "pool") `ConnectionPool.check_connection`
mit. Das schickt bei jeder Ausleihe — also bei jeder Anfrage — eine leere Abfrage an den Server und wartet auf die
Antwort: ein Rundlauf mehr je Anfrage, gemessen rund 55 µs CPU im Worker und 45 µs Warten (`make bench`, Issue 15).

Was jetzt passiert (`verbindung_pruefen`): Eine ruhende Verbindung im Autocommit bekommt vom Server nichts, worum
sie nicht gebeten hat — es sei denn, er beendet sie (Neustart, `pg_terminate_backend`, `idle_session_timeout`):
dann schickt er eine FATAL-Meldung und schließt, und der Socket wird lesbar. Ist er lesbar, ist die Verbindung zu,
gebrochen oder nicht im Ruhezustand, prüft die Funktion wie Django mit der leeren Abfrage; schlägt die fehl,
verwirft der Pool die Verbindung und nimmt eine neue — die Anfrage merkt davon nichts. Eine ruhende Verbindung
mit stillem Socket gilt ohne Rundlauf als gesund. Was ohne ein einziges Paket verschwindet (der Rechner des
Servers fällt aus), hätte auch die leere Abfrage erst nach dem TCP-Zeitlimit bemerkt.

Ohne `CONN_HEALTH_CHECKS` oder ohne Pool verhält sich das Backend wie Djangos."""

from __future__ import annotations

import select
from typing import Any

from django.db.backends.postgresql import base


def verbindung_pruefen(verbindung: Any) -> None:
    """Für psycopg-pool (`check`): kehrt still zurück, wenn die Verbindung taugt, sonst eine Ausnahme."""
    from psycopg import pq
    from psycopg_pool import ConnectionPool

    if (not verbindung.closed and not verbindung.broken and verbindung.autocommit
            and verbindung.pgconn.transaction_status == pq.TransactionStatus.IDLE):
        try:
            lesbar, _, fehler = select.select([verbindung.fileno()], [], [verbindung.fileno()], 0)
        except (OSError, ValueError):
            lesbar, fehler = [verbindung], []
        if not lesbar and not fehler:
            return
    ConnectionPool.check_connection(verbindung)


class DatabaseWrapper(base.DatabaseWrapper):
    @property
    def pool(self) -> Any:
        neu = self.alias not in self._connection_pools  # type: ignore[attr-defined]
        pool = super().pool
        if neu and pool is not None and self.settings_dict["CONN_HEALTH_CHECKS"]:
            # Django übergibt `check` fest (ConnectionPool.check_connection); psycopg-pool liest ihn bei jeder
            # Ausleihe aus `_check`. tests/postgresql prüft, dass er dort ankommt und wirkt.
            pool._check = verbindung_pruefen
        return pool
