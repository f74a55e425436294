"""Datenbank weg: jede Seite scheitert schnell (Wartezeit der Anfrage auf den Pool: DATABASE_POOL_TIMEOUT_ANFRAGE,
3 s) statt nach zweimal 10 s, die Sitzung wird nicht ein zweites Mal geladen (die Zugriffszeile nimmt nur, was
schon geladen ist), die Fehlerseite trägt Anfragekennung, Fehlernummer und Sicherheitsköpfe, /readyz antwortet
in ~1 s mit 503 `datenbank`, /healthz ohne Datenbank; ist die Datenbank weg, heißt die Seite 503 mit Retry-After. Im Prozess (Sitzung zerbricht) und mit gunicorn im
Betriebsmodus gegen einen PostgreSQL-Port, an dem niemand lauscht."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from django.db import OperationalError
from django.test import Client

from kundenportal.conf.protokoll import JsonFormat
from tests.betrieb.hilfen import HOST, WURZEL, betrieb_umgebung, freier_port, manage

SITZUNG = "abcdefghijklmnopqrstuvwxyz012345"
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


@pytest.mark.django_db
def test_datenbank_weg_sitzung_einmal_geladen_fehlerseite_mit_nummer(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    from kundenportal.konten.sitzungsspeicher import SessionStore

    geladen = []

    def laden(self: Any) -> dict[str, Any]:
        geladen.append(1)
        raise OperationalError("couldn't get a connection after 3.00 sec")

    monkeypatch.setattr(SessionStore, "load", laden)
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = SITZUNG
    with caplog.at_level(logging.INFO, logger="kundenportal.anfrage"):
        antwort = client.get("/arbeitsplatz/", HTTP_X_REQUEST_ID="lb-fehler-4711")
    assert antwort.status_code == 500
    assert len(geladen) == 1                                   # nicht noch einmal für die Zugriffszeile
    assert antwort["X-Request-ID"] == "lb-fehler-4711"
    assert "Fehlernummer: <strong><code>lb-fehler-4711</code></strong>" in antwort.content.decode()
    for kopf in ("X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "Content-Security-Policy"):
        assert kopf in antwort, kopf
    zeilen = [json.loads(JsonFormat().format(r)) for r in caplog.records if r.name == "kundenportal.anfrage"]
    assert [(z["status"], z["benutzer"], z["pfad"]) for z in zeilen] == [(500, None, "/arbeitsplatz/")]


@pytest.mark.django_db
def test_zugriffszeile_mit_geladenem_benutzer(client: Client, benutzer: Any,
                                              caplog: pytest.LogCaptureFixture) -> None:
    user = benutzer("agent_sc3")
    client.force_login(user)
    with caplog.at_level(logging.INFO, logger="kundenportal.anfrage"):
        assert client.get("/arbeitsplatz/").status_code == 200
    zeile = next(r for r in caplog.records if r.name == "kundenportal.anfrage")
    assert zeile.benutzer == user.pk  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def statisch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Betriebsumgebung mit gesammelten statischen Dateien (die Fehlerseite braucht das Manifest)."""
    umgebung = betrieb_umgebung(tmp_path_factory.mktemp("stoerung"))
    r = manage(umgebung, "collectstatic", "--noinput", "-v0")
    assert r.returncode == 0, r.stderr[-2000:]
    return umgebung


@pytest.fixture
def knoten_ohne_datenbank(statisch: dict[str, str], tmp_path: Path) -> Iterator[tuple[int, Path]]:
    umgebung = {k: v for k, v in statisch.items() if k != "KUNDENPORTAL_SQLITE"}
    umgebung["DATABASE_URL"] = f"postgresql://kp:geheim123@127.0.0.1:{freier_port()}/kundenportal"
    port, protokoll = freier_port(), tmp_path / "gunicorn.log"
    with protokoll.open("w") as datei:
        prozess = subprocess.Popen([GUNICORN, "kundenportal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                                   cwd=WURZEL, env=umgebung, stdout=datei, stderr=subprocess.STDOUT)
        try:
            ende = time.monotonic() + 60
            while time.monotonic() < ende:
                assert prozess.poll() is None, protokoll.read_text()[-3000:]
                try:
                    requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                    break
                except requests.RequestException:
                    time.sleep(0.2)
            yield port, protokoll
        finally:
            prozess.terminate()
            prozess.wait(timeout=30)


def test_gunicorn_ohne_datenbank_scheitert_schnell_und_meldet_die_fehlernummer(
        knoten_ohne_datenbank: tuple[int, Path]) -> None:
    port, protokoll = knoten_ohne_datenbank
    url = f"http://127.0.0.1:{port}"
    kopf = {"Host": HOST, "X-Forwarded-Proto": "https", "Cookie": f"sessionid={SITZUNG}"}
    ergebnis: dict[str, Any] = {}

    def seite() -> None:
        beginn = time.monotonic()
        ergebnis["antwort"] = requests.get(f"{url}/arbeitsplatz/", headers=kopf, allow_redirects=False, timeout=30)
        ergebnis["sekunden"] = time.monotonic() - beginn

    faden = threading.Thread(target=seite)
    faden.start()
    time.sleep(0.3)
    lebt = requests.get(f"{url}/healthz", timeout=10)          # wartet höchstens hinter der einen Anfrage
    faden.join(30)
    assert lebt.status_code == 200
    antwort, sekunden = ergebnis["antwort"], ergebnis["sekunden"]
    # 503 mit Retry-After (betrieb/datenbankausfall.py; vorher 500), nach höchstens der Wartezeit des Pools (3 s)
    assert antwort.status_code == 503 and antwort.headers["Retry-After"] == "5" and sekunden < 6, sekunden
    kennung = antwort.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", kennung)
    assert f"Fehlernummer: <strong><code>{kennung}</code></strong>" in antwort.text
    for name in ("Strict-Transport-Security", "X-Frame-Options", "X-Content-Type-Options", "Content-Security-Policy"):
        assert name in antwort.headers, name

    beginn = time.monotonic()
    bereit = requests.get(f"{url}/readyz", timeout=10)
    assert time.monotonic() - beginn < 2.0
    assert bereit.status_code == 503 and bereit.json()["gruende"] == ["datenbank"]
    assert "geheim123" not in bereit.text

    time.sleep(0.5)
    zeilen = [json.loads(z) for z in protokoll.read_text().splitlines() if z.startswith("{")]
    eigene = [z for z in zeilen if z.get("anfrage") == kennung]
    assert [(z["logger"], z.get("ereignis", z.get("status"))) for z in eigene] == [
        ("kundenportal.betrieb", "datenbank_nicht_erreichbar"), ("kundenportal.anfrage", 503)], eigene   # kein Traceback
    assert eigene[1]["benutzer"] is None
    assert not [z for z in zeilen if z["logger"] == "django.request" and "readyz" in z["meldung"]]
    assert "geheim123" not in protokoll.read_text()
