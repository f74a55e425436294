"""Die Regel „die Administration behält sich selbst“ (services.letzte_administration) hält auch, wenn zwei
Administratoren sich gleichzeitig gegenseitig die Rolle oder „Aktiv“ nehmen: Prüfen und Ändern sind eine
Transaktion, die Zeilen der aktiven Konten der Administration sind vor dem Zählen gesperrt (SELECT … FOR UPDATE).
Ohne die Sperre bestanden beide die Prüfung, und es blieb keine Administration.

Der Ablauf ist erzwungen, nicht dem Zufall überlassen: die erste Änderung hält nach ihrer Prüfung an, bis die
zweite nachweislich an der Sperre wartet (PostgreSQL: pg_locks; SQLite: BEGIN IMMEDIATE reiht sie ohnehin ein,
dort eine kurze Pause) — erst dann schreibt und bestätigt die erste. Läuft in `make test-postgres` auf
PostgreSQL und in `make test-sqlite` auf SQLite (Testdatenbank als Datei)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from kundenportal.konten import services
from kundenportal.konten.services import LETZTE_ADMINISTRATION, LetzteAdministration, benutzer_anlegen

pytestmark = pytest.mark.django_db(transaction=True)

FRIST = 20.0


def _aktive_administration() -> list[str]:
    return sorted(get_user_model().objects.filter(is_active=True, groups__name="administration")
                  .values_list("username", flat=True))


def _wartet_an_einer_sperre() -> bool:
    """Wartet eine andere Verbindung auf eine Zeilensperre? (PostgreSQL: pg_locks ist nicht je Transaktion
    eingefroren wie pg_stat_activity.)"""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return int(cursor.fetchone()[0]) > 0


def _bis_die_zweite_wartet() -> None:
    if connection.vendor != "postgresql":
        time.sleep(0.5)          # SQLite: die zweite steht schon bei BEGIN IMMEDIATE an
        return
    ende = time.monotonic() + 10
    while time.monotonic() < ende and not _wartet_an_einer_sperre():
        time.sleep(0.02)
    # wartet sie nach 10 s nicht, gibt es keine Sperre: dann bestehen beide die Prüfung, der Test schlägt fehl


AENDERUNGEN: dict[str, Callable[[Any], Any]] = {
    "rolle": lambda user: services.rollen_setzen(user, [], standort=""),
    "sperren": lambda user: services.benutzer_sperren(user.username),
}


@pytest.mark.parametrize(("erste", "zweite"), [("rolle", "rolle"), ("rolle", "sperren"), ("sperren", "sperren")])
def test_zwei_administratoren_nehmen_sich_gleichzeitig_die_administration_genau_einer_bleibt(
        erste: str, zweite: str, monkeypatch: pytest.MonkeyPatch) -> None:
    anna = benutzer_anlegen("anna", "geheim-123", ["administration"])
    bernd = benutzer_anlegen("bernd", "geheim-123", ["administration"])
    assert _aktive_administration() == ["anna", "bernd"]

    geprueft = threading.Event()     # die erste hat geprüft (und hält die Sperre)
    weiter = threading.Event()       # die zweite wartet an der Sperre: die erste darf schreiben
    echt = services.letzte_administration
    erster_thread: list[threading.Thread] = []

    def angehalten(user: Any, **kwargs: Any) -> str:
        meldung = echt(user, **kwargs)
        if erster_thread and threading.current_thread() is erster_thread[0]:
            geprueft.set()
            assert weiter.wait(FRIST)
        return meldung

    monkeypatch.setattr(services, "letzte_administration", angehalten)

    def aendern(art: str, wem: Any, als_erste: bool) -> str:
        try:
            if als_erste:
                erster_thread.append(threading.current_thread())
            AENDERUNGEN[art](get_user_model().objects.get(pk=wem.pk))
            return "geändert"
        except LetzteAdministration as fehler:
            return str(fehler)
        finally:
            connection.close()   # jeder Thread hat seine eigene Verbindung

    with ThreadPoolExecutor(max_workers=2) as pool:
        a = pool.submit(aendern, erste, bernd, True)          # Anna nimmt Bernd die Administration …
        assert geprueft.wait(FRIST)
        b = pool.submit(aendern, zweite, anna, False)         # … und Bernd im selben Moment Anna
        try:
            _bis_die_zweite_wartet()
        finally:
            weiter.set()
        ergebnisse = Counter([a.result(timeout=FRIST), b.result(timeout=FRIST)])

    assert ergebnisse == {"geändert": 1, LETZTE_ADMINISTRATION: 1}
    assert a.result() == "geändert"                            # die erste gewinnt, die zweite hat neu gezählt
    assert _aktive_administration() == ["anna"]


def test_die_sperre_liegt_vor_dem_zaehlen_auf_den_zeilen_der_administration() -> None:
    """Auf PostgreSQL ist nach der Frage, ob das Konto zur Administration gehört, die erste Abfrage der Regel ein
    SELECT … FOR UPDATE auf auth_user (nur diese Tabelle: OF); auf SQLite lässt Django FOR UPDATE weg (dort reiht
    BEGIN IMMEDIATE die Schreiber)."""
    from django.db import transaction
    from django.test.utils import CaptureQueriesContext

    anna = benutzer_anlegen("anna", "geheim-123", ["administration"])
    with transaction.atomic(), CaptureQueriesContext(connection) as abfragen:
        assert services.letzte_administration(anna, rollen=[]) == LETZTE_ADMINISTRATION
    # zuerst nur die Frage, ob Anna zur Administration gehört (ohne Sperre), dann die Sperre, dann das Zählen
    vorab, sperre = abfragen.captured_queries[0]["sql"], abfragen.captured_queries[1]["sql"]
    assert "auth_user" in vorab and "auth_user" in sperre and "FOR UPDATE" not in vorab
    if connection.vendor == "postgresql":
        assert 'FOR UPDATE OF "auth_user"' in sperre
        assert all("FOR UPDATE" not in q["sql"] for q in abfragen.captured_queries[2:])
