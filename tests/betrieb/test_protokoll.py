"""Keine Kundennummern im Protokoll — in jeder Schreibweise, die das Portal annimmt (klein, mit Leerzeichen,
URL-kodiert), und in jedem Prozess: gunicorn wie der Celery-Worker (dort dieselben JSON-Zeilen statt Celerys
Format). Ein falscher Host-Kopf ist eine Zeile WARNING ohne Traceback."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client

from kundenportal.celery import app
from kundenportal.conf.protokoll import JsonFormat
from kundenportal.conf.protokollfilter import maskieren
from tests.betrieb.hilfen import WURZEL, betrieb_umgebung, freier_port


@pytest.mark.parametrize("text", [
    "/kunden/955D100001/", "/kunden/955d100001/", "955 D 100001", "955 d 100 001", "955-D-100001",
    "GET /suche/?q=955%20d100001 HTTP/1.1", "?kundennummer=955+d+100001&x=1", "['955d100001']",
])
def test_jede_schreibweise_maskiert(text: str) -> None:
    maskiert = maskieren(text)
    assert "<Kundennummer>" in maskiert and "100001" not in maskiert and "100 001" not in maskiert, maskiert


@pytest.mark.parametrize("text", [
    "anfrage 3f9e955d1000012a9b7c", "Kontakt 1f3e955d-1000-4a2b-9c3d-955a10000123", "2026-12-05T21:52:11",
    "Dauer 955 ms, 100001 Bytes",
])
def test_anderes_bleibt_stehen(text: str) -> None:
    assert maskieren(text) == text


@pytest.mark.django_db
def test_zugriffszeile_mit_kleingeschriebener_kundennummer(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="kundenportal.anfrage"):
        client.get("/kunden/955d100001/")
    zeile = next(r for r in caplog.records if r.name == "kundenportal.anfrage")
    eintrag = JsonFormat().format(zeile)
    assert json.loads(eintrag)["pfad"] == "/kunden/<Kundennummer>/" and "955d100001" not in eintrag


@pytest.mark.django_db
def test_falscher_host_ist_eine_warnung_ohne_traceback(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        assert Client().get("/anmelden/", HTTP_HOST="boese.example").status_code == 400
    host = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert len(host) == 1 and host[0].levelname == "WARNING" and host[0].exc_info is None
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.django_db
def test_verweigert_ist_eine_zeile_ohne_traceback(benutzer: object, caplog: pytest.LogCaptureFixture) -> None:
    """Prüfrundgang: jedes erwartete 403 schrieb einen ganzen Traceback ins Protokoll."""
    client = Client()
    client.force_login(benutzer("agent_sc3"))  # type: ignore[operator]
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/verwaltung/protokoll/").status_code in (302, 403)
        assert client.get("/fuehrung/anlage-5/").status_code == 403
    zeilen = [r for r in caplog.records if r.name == "django.request"]
    assert zeilen and all(r.exc_info is None and not r.exc_text for r in zeilen)
    assert all("Forbidden" in r.getMessage() or "Not Found" in r.getMessage() for r in zeilen)


def test_celery_uebernimmt_djangos_protokoll() -> None:
    assert app.conf.worker_hijack_root_logger is False


@pytest.fixture
def redis_port(tmp_path: Path) -> Iterator[int]:
    programm = shutil.which("redis-server")
    assert programm, "redis-server fehlt: `make test` installiert das Debian-Paket redis-server"
    port = freier_port()
    prozess = subprocess.Popen([programm, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ende = time.monotonic() + 20
        import redis

        while time.monotonic() < ende:
            try:
                if redis.Redis(port=port, socket_connect_timeout=0.5).ping():
                    break
            except redis.exceptions.ConnectionError:
                time.sleep(0.1)
        yield port
    finally:
        prozess.terminate()
        prozess.wait(10)


def test_worker_schreibt_json_ohne_kundennummern(redis_port: int, tmp_path: Path) -> None:
    """Ein echter Worker im Betriebsmodus bekommt eine Aufgabe, deren Name und Argumente Kundennummern tragen
    (Celery protokolliert die unbekannte Aufgabe samt Nachricht als ERROR)."""
    broker = f"redis://127.0.0.1:{redis_port}/0"
    umgebung = betrieb_umgebung(tmp_path, CELERY_BROKER_URL=broker,    # Testläufe als root: Celerys Warnung
                                PYTHONWARNINGS="ignore:You're running the worker with superuser privileges")
    celery = str(Path(sys.executable).with_name("celery"))
    protokoll = tmp_path / "worker.log"
    with protokoll.open("w") as datei:
        worker = subprocess.Popen([celery, "-A", "kundenportal.celery", "worker", "--pool=solo", "-Q", "kp-test",
                                   "--without-heartbeat", "--without-mingle", "--without-gossip"],
                                  cwd=WURZEL, env=umgebung, stdout=subprocess.DEVNULL, stderr=datei)
        try:
            vorher = app.conf.broker_url
            app.conf.broker_url = broker
            try:
                with app.connection_for_write() as verbindung:
                    app.send_task("/kunden/955d100001/", args=["955 D 100001"], queue="kp-test",
                                  connection=verbindung)
            finally:
                app.conf.broker_url = vorher
            ende = time.monotonic() + 60
            while time.monotonic() < ende and "unregistered" not in protokoll.read_text():
                assert worker.poll() is None, protokoll.read_text()[-3000:]
                time.sleep(0.2)
        finally:
            worker.terminate()
            worker.wait(30)
    text = protokoll.read_text()
    zeilen = [json.loads(z) for z in text.splitlines() if z.strip()]        # jede Zeile JSON
    meldung = next(z for z in zeilen if "unregistered" in z["meldung"])
    assert meldung["stufe"] == "ERROR" and "<Kundennummer>" in meldung["meldung"]
    assert "955d100001" not in text and "955 D 100001" not in text and "100001" not in text
    assert any(z["logger"].startswith("celery") and z["stufe"] == "INFO" for z in zeilen)   # "ready." u. a.
