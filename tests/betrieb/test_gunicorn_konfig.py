"""gunicorn mit der Betriebs-Konfiguration (`-c python:kundenportal.conf.gunicorn`, wie in der systemd-Unit), kurz
gestartet gegen SQLite in einem temporären Ordner: jede Zeile auf stderr/stdout ist JSON (Rundgang Betrieb:
Textzeilen des Masters zwischen den JSON-Zeilen), und der Steuer-Socket von gunicorn 27 liegt unter systemds
RuntimeDirectory statt unter einem nur lesbaren HOME (ProtectHome) — ohne RuntimeDirectory gibt es keinen."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.betrieb.hilfen import WURZEL, betrieb_umgebung, freier_port, manage

BIN = Path(sys.executable).parent
UNIT = WURZEL / "deploy" / "systemd" / "kundenportal-web.service"


def _befehl_der_unit() -> list[str]:
    """Die Argumente von gunicorn aus ExecStart der Unit — ohne --bind und --workers (die setzt der Test)."""
    zeile = next(z for z in UNIT.read_text().splitlines() if z.startswith("ExecStart="))
    teile = zeile.split("=", 1)[1].split()[1:]
    ohne = []
    while teile:
        teil = teile.pop(0)
        if teil in ("--bind", "--workers"):
            teile.pop(0)
        else:
            ohne.append(teil)
    return ohne


def _starten(umgebung: dict[str, str], protokoll: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = freier_port()
    with protokoll.open("w") as datei:
        prozess = subprocess.Popen([str(BIN / "gunicorn"), *_befehl_der_unit(), "--bind", f"127.0.0.1:{port}",
                                    "--workers", "2"], cwd=WURZEL, env=umgebung, stdout=datei, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    ende = time.monotonic() + 60
    while time.monotonic() < ende:
        assert prozess.poll() is None, protokoll.read_text()[-3000:]
        try:
            if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                break
        except requests.RequestException:
            time.sleep(0.2)
    time.sleep(1.0)                      # beide Arbeiter gestartet (und der Steuer-Socket nach dem fork neu)
    return prozess, url


@pytest.fixture
def knoten(tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    laufzeit = tmp_path / "run"
    laufzeit.mkdir(mode=0o700)
    umgebung = betrieb_umgebung(tmp_path, HOME="/dev/null", RUNTIME_DIRECTORY=str(laufzeit))   # HOME nicht beschreibbar
    assert manage(umgebung, "collectstatic", "--noinput", "-v0").returncode == 0          # die Seite 404 braucht es
    protokoll = tmp_path / "gunicorn.log"
    prozess, url = _starten(umgebung, protokoll)
    try:
        yield url, laufzeit, protokoll
    finally:
        prozess.terminate()
        prozess.wait(timeout=30)


def test_unit_startet_mit_der_konfiguration() -> None:
    assert _befehl_der_unit()[:3] == ["kundenportal.wsgi", "-c", "python:kundenportal.conf.gunicorn"]
    text = UNIT.read_text()
    assert "RuntimeDirectory=kundenportal-web" in text and "ProtectHome=read-only" in text


def test_jede_zeile_json_und_steuer_socket_unter_runtime_directory(knoten: tuple[str, Path, Path]) -> None:
    url, laufzeit, protokoll = knoten
    assert requests.get(f"{url}/gibt-es-nicht/", headers={"Host": "portal.example", "X-Forwarded-Proto": "https"},
                        timeout=20).status_code == 404                          # eine Zugriffszeile der App
    socket = laufzeit / "gunicorn.ctl"
    assert socket.is_socket() and (socket.stat().st_mode & 0o777) == 0o600
    arbeiter = subprocess.run([str(BIN / "gunicornc"), "-s", str(socket), "-c", "show workers", "-j"],
                              capture_output=True, text=True, timeout=20, check=False)
    assert arbeiter.returncode == 0 and len(json.loads(arbeiter.stdout)["workers"]) == 2, arbeiter
    time.sleep(0.3)
    zeilen = [json.loads(z) for z in protokoll.read_text().splitlines()]     # jede Zeile JSON
    meldungen = [z["meldung"] for z in zeilen if z["logger"] == "gunicorn.error"]
    assert any(m.startswith("Starting gunicorn") for m in meldungen), meldungen
    assert sum(m.startswith("Booting worker") for m in meldungen) == 2
    assert not [z for z in zeilen if z["stufe"] in ("ERROR", "CRITICAL")], zeilen       # kein „Control server error“
    assert not [z for z in zeilen if z["logger"] == "gunicorn.access"]                   # Zugriffszeilen: die App
    assert [z["status"] for z in zeilen if z["logger"] == "kundenportal.anfrage"] == [404]


def test_ohne_runtime_directory_kein_steuer_socket(tmp_path: Path) -> None:
    umgebung = betrieb_umgebung(tmp_path, HOME=str(tmp_path / "home"))
    protokoll = tmp_path / "gunicorn.log"
    prozess, _ = _starten(umgebung, protokoll)
    prozess.terminate()
    prozess.wait(timeout=30)
    assert not (tmp_path / "home").exists()                                      # nichts unter HOME angelegt
    assert all(json.loads(z)["stufe"] != "ERROR" for z in protokoll.read_text().splitlines())
