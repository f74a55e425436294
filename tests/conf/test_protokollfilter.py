"""Keine Kundennummern in Server-Protokollen: 403 und 404 auf Pfaden mit Kundennummer werden
protokolliert, die Kundennummer aber maskiert."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.conf.protokollfilter import maskieren

pytestmark = pytest.mark.django_db


def test_verbotener_pfad_mit_kundennummer_ohne_kundennummer_im_protokoll(
        benutzer: Callable[..., Any], kunde: str, client: Client, caplog: pytest.LogCaptureFixture) -> None:
    client.force_login(benutzer("redaktion"))      # etwa ein altes Lesezeichen mit der Kundennummer im Pfad
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(f"/kontakt/anliegen/{kunde}/").status_code == 403
    assert [r.getMessage() for r in caplog.records if r.name == "django.request"] == [
        "Forbidden (Permission denied): /kontakt/anliegen/<Kundennummer>/"]
    assert kunde not in caplog.text


def test_unbekannter_pfad_mit_kundennummer_ohne_kundennummer_im_protokoll(
        client: Client, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/kunden/955T000001/gibt-es-nicht/?kundennummer=900D000123").status_code == 404
    assert [r.getMessage() for r in caplog.records if r.name == "django.request"] == [
        "Not Found: /kunden/<Kundennummer>/gibt-es-nicht/"]
    assert "955T000001" not in caplog.text


def test_entwicklungsserver_protokolliert_die_anfragezeile_maskiert(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("django.server")
    logger.addHandler(caplog.handler)          # django.server gibt nicht an die Wurzel weiter
    try:
        logger.info('"%s" %s %s', "GET /kontakt/anliegen/?kundennummer=955T000001 HTTP/1.1", "200", "512")
    finally:
        logger.removeHandler(caplog.handler)
    assert [r.getMessage() for r in caplog.records] == [
        '"GET /kontakt/anliegen/?kundennummer=<Kundennummer> HTTP/1.1" 200 512']


def test_maskiert_jede_kundennummer_und_laesst_anderes_stehen() -> None:
    assert maskieren("955T000001, 900D000123 und 123-45 bleiben") == "<Kundennummer>, <Kundennummer> und 123-45 bleiben"


def test_gleiche_meldungen_des_pools_einmal_je_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rundgang Betrieb: ohne Datenbank schrieb `psycopg.pool` alle 1–2 s „error connecting …“. Jetzt geht dieselbe
    Meldung einmal je Minute durch, die nächste sagt, wie viele wegfielen; eine andere Meldung geht sofort durch."""
    from kundenportal.conf import protokollfilter
    from kundenportal.conf.protokoll import protokoll_konfiguration

    assert protokoll_konfiguration("json", "INFO")["loggers"]["psycopg.pool"] == {"filters": ["wiederholungen"]}
    uhr = [1000.0]
    monkeypatch.setattr(protokollfilter.time, "monotonic", lambda: uhr[0])
    f = protokollfilter.Wiederholungen()

    def zeile(msg: str, *args: Any, stufe: int = logging.WARNING) -> logging.LogRecord:
        return logging.LogRecord("psycopg.pool", stufe, __file__, 1, msg, args, None)

    durch = []
    for sekunde in range(0, 130, 2):                 # alle 2 s ein Versuch, 130 s lang
        uhr[0] = 1000.0 + sekunde
        r = zeile("error connecting in %r: %s", "pool-1", "connection refused")
        if f.filter(r):
            durch.append(r.getMessage())
    assert durch == ["error connecting in 'pool-1': connection refused",
                     "error connecting in 'pool-1': connection refused (29 gleiche Meldungen in den 60 s davor "
                     "weggelassen)",
                     "error connecting in 'pool-1': connection refused (29 gleiche Meldungen in den 60 s davor "
                     "weggelassen)"]
    assert f.filter(zeile("pool %r is already closed", "pool-1"))           # eine andere Meldung sofort
    assert f.filter(zeile("error connecting in %r: %s", "pool-1", "x", stufe=logging.ERROR))   # andere Stufe
