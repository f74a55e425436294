"""Die Pool-Prüfung des PostgreSQL-Backends (kundenportal/postgresql/base.py): ohne Rundlauf für eine ruhende,
gesunde Verbindung; eine vom Server beendete Verbindung wird erkannt und ersetzt, ohne dass die Anfrage scheitert."""

from __future__ import annotations

import select
import time
from typing import Any

import pytest
from django.db import connection

from kundenportal.postgresql.base import verbindung_pruefen

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _nur_postgresql_mit_pool() -> None:
    if connection.vendor != "postgresql" or connection.pool is None:
        pytest.skip("nur auf PostgreSQL mit Pool (DATABASE_URL, DATABASE_POOL nicht 0)")


def _pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def test_der_pool_prueft_mit_verbindung_pruefen() -> None:
    assert connection.settings_dict["ENGINE"] == "kundenportal.postgresql"
    assert connection.pool._check is verbindung_pruefen


def test_ruhende_gesunde_verbindung_ohne_rundlauf(monkeypatch: pytest.MonkeyPatch) -> None:
    from psycopg_pool import ConnectionPool

    gefragt: list[Any] = []
    monkeypatch.setattr(ConnectionPool, "check_connection", staticmethod(gefragt.append))
    with connection.pool.connection() as verbindung:
        verbindung_pruefen(verbindung)
        assert gefragt == []
        verbindung.autocommit = False            # in einer Transaktion: dann doch mit Rundlauf
        verbindung.execute("SELECT 1")
        verbindung_pruefen(verbindung)
        assert gefragt == [verbindung]
        verbindung.rollback()
        verbindung.autocommit = True


def test_ungefragte_meldung_des_servers_fuehrt_zur_pruefung(monkeypatch: pytest.MonkeyPatch) -> None:
    """Was immer der Server ungefragt schickt (hier eine NOTIFY-Meldung): die Prüfung fragt nach, statt die
    Verbindung ungeprüft auszuleihen."""
    import psycopg
    from psycopg_pool import ConnectionPool

    gefragt: list[Any] = []
    monkeypatch.setattr(ConnectionPool, "check_connection", staticmethod(gefragt.append))
    params = {k: v for k, v in connection.get_connection_params().items() if k not in ("context", "cursor_factory")}
    with connection.pool.connection() as verbindung, psycopg.connect(**params, autocommit=True) as andere:
        verbindung.execute("LISTEN kundenportal_test")
        andere.execute("NOTIFY kundenportal_test")
        frist = time.monotonic() + 5
        while not select.select([verbindung.fileno()], [], [], 0.05)[0] and time.monotonic() < frist:
            pass
        verbindung_pruefen(verbindung)
        assert gefragt == [verbindung]
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
