"""Ein Zeitfenster kann nie doppelt belegt werden — auch nicht bei gleichzeitigen Buchungen
(Datenbank-Bedingung termin_zeitfenster_einmal). Läuft auf SQLite (Testdatenbank als Datei, WAL,
BEGIN IMMEDIATE) und auf PostgreSQL (`make test-postgres`)."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from kundenportal.fachverfahren.ports.atv import TerminNichtFrei
from kundenportal.fachverfahren.referenz import models as m
from kundenportal.fachverfahren.referenz.adapter import AtvReferenz

BERLIN = ZoneInfo("Europe/Berlin")
KALENDER = "Köln/av"
GLEICHZEITIG = 20


@pytest.mark.django_db(transaction=True)
def test_zwanzig_gleichzeitige_buchungen_des_letzten_freien_zeitfensters_genau_eine_gewinnt() -> None:
    atv = AtvReferenz()
    tag = dt.date(2020, 4, 22)
    fenster = [dt.datetime.combine(tag, dt.time(8), BERLIN) + i * dt.timedelta(minutes=30) for i in range(16)]
    *belegt, letztes = fenster
    for i, beginn in enumerate(belegt):
        atv.termin_buchen(f"955B{i:06d}", "av", "Köln", beginn, KALENDER, "vorbereitung")
    assert atv.freie_termine(KALENDER, dt.datetime.combine(tag, dt.time(0), BERLIN), 1) == [letztes]

    start = threading.Barrier(GLEICHZEITIG)

    def buchen(nummer: int) -> str:
        try:
            start.wait()
            atv.termin_buchen(f"955C{nummer:06d}", "av", "Köln", letztes, KALENDER, f"kunde:{nummer}")
            return "gebucht"
        except TerminNichtFrei as fehler:
            return str(fehler)
        finally:
            connection.close()   # jeder Thread hat seine eigene Verbindung

    with ThreadPoolExecutor(max_workers=GLEICHZEITIG) as pool:
        ergebnisse = Counter(pool.map(buchen, range(GLEICHZEITIG)))

    assert ergebnisse == {"gebucht": 1, "Termin nicht mehr frei": GLEICHZEITIG - 1}
    assert m.Termin.objects.filter(kalender=KALENDER, beginn=letztes, status="geplant").count() == 1
    assert atv.freie_termine(KALENDER, dt.datetime.combine(tag, dt.time(0), BERLIN), 1)[0].date() > tag
