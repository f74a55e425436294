"""Die Pool-Prüfung des PostgreSQL-Backends (kundenportal/postgresql/base.py): ohne Rundlauf für eine ruhende,
gesunde Verbindung; eine vom Server beendete Verbindung wird erkannt und ersetzt, ohne dass die Anfrage scheitert."""

from __future__ import annotations

import select
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection as _verbindung

from kundenportal.postgresql.base import verbindung_pruefen

pytestmark = pytest.mark.django_db(transaction=True)
connection: Any = _verbindung        # Djangos postgresql-Wrapper (pool, close_pool), den die Stubs nicht kennen


@pytest.fixture(autouse=True)
def _nur_postgresql_mit_pool() -> None:
    if connection.vendor != "postgresql" or connection.pool is None:
        pytest.skip("nur auf PostgreSQL mit Pool (DATABASE_URL, DATABASE_POOL nicht 0)")


def _pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


@pytest.fixture
def gefragt(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Djangos Prüfung (eine leere Abfrage) als Spion — eingesetzt, bevor der Pool neu gebaut wird: hätte Django
    den Pool mit seiner Prüfung gebaut, liefe jede Ausleihe hier durch."""
    from psycopg_pool import ConnectionPool

    from kundenportal.postgresql import base

    monkeypatch.setattr(base, "FRISCH", 60.0)    # „eben“ auch auf einer voll ausgelasteten Maschine
    liste: list[Any] = []
    echt = ConnectionPool.check_connection

    def spion(verbindung: Any) -> None:
        liste.append(verbindung)
        echt(verbindung)

    monkeypatch.setattr(ConnectionPool, "check_connection", staticmethod(spion))
    connection.close()
    connection.close_pool()
    connection.ensure_connection()               # baut und öffnet den Pool neu (mit dem Spion)
    connection.close()
    connection.pool.wait(timeout=10)             # alle min_size Verbindungen stehen
    liste.clear()
    yield liste
    connection.close()
    connection.close_pool()


def _ausleihen_und_zurueck(mal: int) -> None:
    for _ in range(mal):
        connection.ensure_connection()
        _pid()
        connection.close()                       # zurück in den Pool (von Django, mit Zeitstempel)


def test_eben_zurueckgegebene_verbindung_ohne_rundlauf(gefragt: list[Any]) -> None:
    """Gefragt wird nur noch bei Verbindungen, die Django noch nie zurückgegeben hat (der Pool legt im
    Hintergrund neue an); jede, die eben aus einer Anfrage zurückkam, wird ohne Rundlauf verliehen."""
    assert connection.settings_dict["ENGINE"] == "kundenportal.postgresql"
    _ausleihen_und_zurueck(10)
    gesehen = {id(c) for c in gefragt}
    assert len(gefragt) == len(gesehen)          # jede Verbindung höchstens einmal gefragt: bei ihrer ersten Ausleihe
    assert len(gefragt) <= connection.pool.get_stats()["pool_size"] < 10


def test_nach_einer_pause_wird_wie_bisher_gefragt(gefragt: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Länger als FRISCH geruht (eine Firewall könnte die Verbindung vergessen haben): die leere Abfrage."""
    from kundenportal.postgresql import base

    monkeypatch.setattr(base, "FRISCH", 0.0)
    _ausleihen_und_zurueck(4)
    assert len(gefragt) == 4                     # jede Ausleihe mit der leeren Abfrage, wie Djangos Prüfung


def test_in_einer_transaktion_wird_gefragt(gefragt: list[Any]) -> None:
    import psycopg

    with connection.pool.connection() as verbindung:
        verbindung._kundenportal_zurueck = time.monotonic()
        gefragt.clear()
        verbindung_pruefen(verbindung)
        assert gefragt == []
        verbindung.autocommit = False            # in einer Transaktion: dann doch mit Rundlauf
        verbindung.execute("SELECT 1")
        with pytest.raises(psycopg.ProgrammingError):  # wie mit Djangos Prüfung: der Pool verwirft sie
            verbindung_pruefen(verbindung)
        assert gefragt == [verbindung]
        verbindung.rollback()
        verbindung.autocommit = True


def test_ungefragte_meldung_des_servers_fuehrt_zur_pruefung(gefragt: list[Any]) -> None:
    """Was immer der Server ungefragt schickt (hier eine NOTIFY-Meldung): die Prüfung fragt nach, statt die
    Verbindung ungeprüft auszuleihen."""
    import psycopg

    params = {k: v for k, v in connection.get_connection_params().items() if k not in ("context", "cursor_factory")}
    with connection.pool.connection() as verbindung, psycopg.connect(**params, autocommit=True) as andere:
        verbindung._kundenportal_zurueck = time.monotonic()
        verbindung.execute("LISTEN kundenportal_test")
        andere.execute("NOTIFY kundenportal_test")
        frist = time.monotonic() + 5
        while not select.select([verbindung.fileno()], [], [], 0.05)[0] and time.monotonic() < frist:
            pass
        verbindung_pruefen(verbindung)
        assert gefragt[-1:] == [verbindung]
        verbindung.execute("UNLISTEN *")


def test_vom_server_beendete_verbindung_wird_ersetzt() -> None:
    """pg_terminate_backend (wie ein Neustart des Servers): die nächste Anfrage bekommt eine neue Verbindung
    und merkt nichts."""
    import psycopg

    connection.ensure_connection()
    alt = _pid()
    connection.close()                           # zurück in den Pool
    params = {k: v for k, v in connection.get_connection_params().items() if k not in ("context", "cursor_factory")}
    with psycopg.connect(**params, autocommit=True) as andere:
        andere.execute("SELECT pg_terminate_backend(%s)", [alt])
    frist = time.monotonic() + 5
    while time.monotonic() < frist:              # die FATAL-Meldung liegt gleich im Socket; kurz warten
        time.sleep(0.01)
        with connection.pool.connection() as probe:
            if probe.info.backend_pid != alt:    # die Prüfung hat die beendete verworfen
                break
    neu = _pid()
    assert neu != alt
    assert connection.is_usable()
