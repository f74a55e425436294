"""/readyz bei einer Datenbank, die nicht antwortet (Rundgang Betrieb: bis zu 4 s): nach rund 1 s „nicht bereit“
mit dem Grund `antwortet nicht in 1 s` — ob der Verbindungsaufbau hängt (ein Port, der annimmt und schweigt; mit
und ohne Pool) oder eine Abfrage (eine gehaltene Sperre auf django_migrations, nur mit PostgreSQL)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection
from django.test import Client

from kundenportal.betrieb import views
from tests.betrieb.hilfen import betrieb_umgebung, pg_server
from tests.betrieb.test_bereitschaft import ABFRAGEN, _im_prozess


@pytest.fixture
def schweigender_port() -> Iterator[int]:
    """Nimmt Verbindungen an (der Kern erledigt den Handschlag) und antwortet nie — wie ein eingefrorener Server."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(64)
        yield int(s.getsockname()[1])


@pytest.mark.parametrize("pool", ["1", "0"])
def test_haengende_datenbank_nach_einer_sekunde_nicht_bereit(tmp_path: Path, schweigender_port: int, pool: str) -> None:
    umgebung = betrieb_umgebung(tmp_path, KUNDENPORTAL_ENTWICKLUNG="1", DATABASE_POOL=pool,
                                DATABASE_URL=f"postgresql://kp:geheim123@127.0.0.1:{schweigender_port}/kp")
    ergebnis = _im_prozess(umgebung, ABFRAGEN)
    assert ergebnis["status"] == 503 and ergebnis["rumpf"]["gruende"] == ["datenbank"], ergebnis
    assert ergebnis["rumpf"]["pruefungen"]["datenbank"]["info"] == "antwortet nicht in 1 s"
    # vorher bis zu 4 s; dazu kommt im frischen Prozess das Einlesen der Migrationsdateien (vor der Zeitgrenze)
    assert ergebnis["sekunden"] < 2.5, ergebnis
    assert ergebnis["healthz"] == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="braucht PostgreSQL (DATABASE_URL=postgres://…)")
@pytest.mark.django_db(transaction=True)
def test_gesperrte_migrationstabelle_nach_einer_sekunde_nicht_bereit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "_migriert", set())                   # wie ein frisch gestarteter Prozess
    client = Client()
    with psycopg.connect(f"{pg_server()}/{connection.settings_dict['NAME']}", connect_timeout=5) as sperre:
        sperre.execute("LOCK TABLE django_migrations IN ACCESS EXCLUSIVE MODE")       # etwa ein laufendes migrate
        beginn = time.monotonic()
        antwort = client.get("/readyz")
        dauer = time.monotonic() - beginn
        rumpf: dict[str, Any] = antwort.json()
        assert antwort.status_code == 503 and rumpf["pruefungen"]["datenbank"]["info"] == "antwortet nicht in 1 s"
        assert dauer < 1.5, dauer
        sperre.rollback()
    time.sleep(0.2)
    assert client.get("/readyz").status_code == 200
