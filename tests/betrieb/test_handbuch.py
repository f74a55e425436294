"""Das Betriebshandbuch (docs/betrieb.md) beim Wort genommen: seine Befehle laufen hier wirklich, als
eigene Prozesse im Betriebsmodus — nur mit den Pflichtvariablen aus „Pflicht im Betrieb“, ohne
`KUNDENPORTAL_ENTWICKLUNG` und ohne Debug. Was einen zweiten Rechner braucht (Proxy, systemd), bleibt
außen vor; alles, was auf einer Maschine läuft, steht hier: `check --deploy`, `einrichten` (ohne
Demo-Konten), `collectstatic`, `benutzer`, `api_schluessel`, `loeschfristen --dry-run`, `gunicorn` mit
`/healthz` und `/readyz` (Datenbank, Broker, Katalog, statische Dateien), HTTPS hinter dem Proxy, Sicherung und
Wiederherstellung mit `pg_dump`/`pg_restore` (PostgreSQL).

Datenbank: ist `DATABASE_URL` eine PostgreSQL-Adresse (make test-postgres), eine eigene Datenbank
`<name>_handbuch` daneben; sonst SQLite in einem temporären Ordner. Broker: ein eigener `redis-server`
auf einem freien Port (Debian-Paket redis-server, vom Makefile installiert)."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import WURZEL

HANDBUCH = WURZEL / "docs" / "betrieb.md"
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
HOST = "portal.agentur.example"


def _frei() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _warten(port: int, sekunden: float = 30) -> None:
    ende = time.monotonic() + sekunden
    while time.monotonic() < ende:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"Port {port} nicht erreichbar nach {sekunden} s")


def _pg_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _pg_admin(url: str, sql: str) -> None:
    import psycopg

    basis = url.split("?", 1)[0].rsplit("/", 1)[0]
    with psycopg.connect(f"{basis}/postgres", autocommit=True, connect_timeout=5) as verbindung:
        verbindung.execute(sql)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def redis_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    programm = shutil.which("redis-server")
    assert programm, "redis-server fehlt: `make test` installiert das Debian-Paket redis-server"
    port = _frei()
    ordner = tmp_path_factory.mktemp("redis")
    prozess = subprocess.Popen([programm, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(ordner)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _warten(port)
        yield port
    finally:
        prozess.terminate()
        prozess.wait(10)


@pytest.fixture(scope="module")
def betrieb(tmp_path_factory: pytest.TempPathFactory, redis_port: int) -> Iterator[dict[str, str]]:
    """Die Umgebung aus „Pflicht im Betrieb“ (und die beschreibbaren Ordner); sonst nichts vom Testlauf."""
    ordner = tmp_path_factory.mktemp("betrieb")
    umgebung = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")}
    umgebung |= {
        "DJANGO_SETTINGS_MODULE": "kundenportal.conf.settings",
        "DJANGO_SECRET_KEY": "handbuch-" + "x7Kq2" * 10,
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis_port}/0",
        "KUNDENPORTAL_ESERVICE_DATENSCHUTZ_KONTAKT": "Datenschutzbeauftragte, datenschutz@agentur.example",
        "KUNDENPORTAL_ESERVICE_BARRIEREN_KONTAKT": "barrierefreiheit@agentur.example",
        "KUNDENPORTAL_ESERVICE_IMPRESSUM": "Bundesagentur für Arbeit",
        "KUNDENPORTAL_VAR": str(ordner / "var"),
        "DJANGO_STATIC_ROOT": str(ordner / "static"),
        "PYTHONPATH": str(WURZEL),
    }
    pg = _pg_url()
    if pg:
        basis, _, abfrage = pg.partition("?")
        name = basis.rsplit("/", 1)[1] + "_handbuch" + os.environ.get("PYTEST_XDIST_WORKER", "")   # je Worker
        _pg_admin(pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _pg_admin(pg, f'CREATE DATABASE "{name}"')
        umgebung["DATABASE_URL"] = basis.rsplit("/", 1)[0] + f"/{name}" + (f"?{abfrage}" if abfrage else "")
    else:
        umgebung["KUNDENPORTAL_SQLITE"] = str(ordner / "kundenportal.sqlite3")
    try:
        yield umgebung
    finally:
        if pg:
            _pg_admin(pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _lauf(umgebung: dict[str, str], *befehl: str, eingabe: str | None = None, ok: bool = True,
          zeit: int = 300) -> subprocess.CompletedProcess[str]:
    r = subprocess.run(befehl, cwd=WURZEL, env=umgebung, capture_output=True, text=True, input=eingabe,
                       timeout=zeit, check=False)
    if ok:
        assert r.returncode == 0, f"{' '.join(befehl)} → {r.returncode}\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}"
    return r


def _manage(umgebung: dict[str, str], *argumente: str, **kw: Any) -> subprocess.CompletedProcess[str]:
    return _lauf(umgebung, PYTHON, "manage.py", *argumente, **kw)


@pytest.fixture(scope="module")
def eingerichtet(betrieb: dict[str, str]) -> dict[str, str]:
    """Schritt 5 des Handbuchs, in seiner Reihenfolge."""
    _manage(betrieb, "check", "--deploy", "--fail-level", "WARNING")
    _manage(betrieb, "einrichten")
    _manage(betrieb, "collectstatic", "--noinput")
    return betrieb


def test_das_handbuch_nennt_die_geprueften_befehle() -> None:
    """Ändert sich ein Befehl im Handbuch, fällt es hier auf (und der Test dazu wird angepasst)."""
    text = HANDBUCH.read_text(encoding="utf-8")
    for befehl in ("manage.py check --deploy --fail-level WARNING", "manage.py einrichten",
                   "manage.py collectstatic --noinput",
                   "manage.py benutzer anlegen admin1 --rolle administration --standort Nürnberg",
                   "benutzer sperren NAME", "benutzer liste", "manage.py loeschfristen --dry-run",
                   'manage.py api_schluessel anlegen BENUTZER --name "Terminsystem Köln"', "api_schluessel liste",
                   "gunicorn kundenportal.wsgi --bind 127.0.0.1:8000", "GET /healthz", "/readyz",
                   "pg_dump --format=custom", "pg_restore --clean --if-exists", "axes_reset_username NAME",
                   "DJANGO_SECRET_KEY fehlt", "benutzer passwort NAME", "benutzer entsperren NAME",
                   "DJANGO_SECRET_KEY_FALLBACKS_FILE"):
        assert befehl in text, befehl


def test_ohne_schluessel_startet_der_betrieb_nicht(betrieb: dict[str, str]) -> None:
    ohne = {k: v for k, v in betrieb.items() if k != "DJANGO_SECRET_KEY"}
    r = _manage(ohne, "check", ok=False)
    assert r.returncode != 0 and "DJANGO_SECRET_KEY fehlt" in r.stderr


def test_einrichten_legt_keine_demo_konten_an(eingerichtet: dict[str, str]) -> None:
    assert _manage(eingerichtet, "benutzer", "liste").stdout.strip() == ""
    assert _manage(eingerichtet, "migrate", "--check").returncode == 0      # alles migriert


def test_statische_dateien_mit_gehashten_namen(eingerichtet: dict[str, str]) -> None:
    manifest = json.loads((Path(eingerichtet["DJANGO_STATIC_ROOT"]) / "staticfiles.json").read_text())
    assert any(re.search(r"\.[0-9a-f]{12}\.css$", ziel) for ziel in manifest["paths"].values())


def test_benutzer_anlegen_liste_sperren(eingerichtet: dict[str, str]) -> None:
    r = _manage(eingerichtet, "benutzer", "anlegen", "admin1", "--rolle", "administration", "--standort", "Nürnberg")
    assert "Erstpasswort (einmalig angezeigt):" in r.stdout
    zeile = _manage(eingerichtet, "benutzer", "liste").stdout
    assert zeile.startswith("admin1\t") and "Administration" in zeile
    _manage(eingerichtet, "benutzer", "anlegen", "agent1", "--rolle", "agent_sc3", "--standort", "Nürnberg")
    assert "gesperrt" in _manage(eingerichtet, "benutzer", "sperren", "agent1").stdout
    _manage(eingerichtet, "axes_reset_username", "agent1")                   # Sperre aufheben (rc 0)
    falsch = _manage(eingerichtet, "benutzer", "anlegen", "x", "--rolle", "gibtsnicht", ok=False)
    assert falsch.returncode != 0 and "Traceback" not in falsch.stderr


def test_loeschfristen_probelauf(eingerichtet: dict[str, str]) -> None:
    r = _manage(eingerichtet, "loeschfristen", "--dry-run")
    assert r.stdout.startswith("Probelauf – gelöscht würden:")
    assert "Zugriffsprotokoll" in r.stdout or "Protokoll" in r.stdout


@pytest.fixture(scope="module")
def gunicorn(eingerichtet: dict[str, str]) -> Iterator[int]:
    port = _frei()
    prozess = subprocess.Popen([GUNICORN, "kundenportal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
                               cwd=WURZEL, env=eingerichtet, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    try:
        _warten(port, 60)
        yield port
    finally:
        prozess.terminate()
        ausgabe, _ = prozess.communicate(timeout=30)
        assert "Traceback" not in ausgabe, ausgabe[-3000:]


def _holen(port: int, pfad: str, **kopf: str) -> tuple[int, dict[str, str], bytes]:
    anfrage = urllib.request.Request(f"http://127.0.0.1:{port}{pfad}", headers={"Host": HOST, **kopf})

    class OhneUmleitung(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    try:
        with urllib.request.build_opener(OhneUmleitung).open(anfrage, timeout=20) as antwort:
            return antwort.status, dict(antwort.headers), antwort.read()
    except urllib.error.HTTPError as fehler:
        return fehler.code, dict(fehler.headers), fehler.read()


def test_gunicorn_gesund_und_bereit(gunicorn: int) -> None:
    status, _, rumpf = _holen(gunicorn, "/healthz")
    assert status == 200
    status, _, rumpf = _holen(gunicorn, "/readyz")
    bericht = json.loads(rumpf)
    assert status == 200 and bericht["status"] == "bereit", bericht
    assert {n: p["ok"] for n, p in bericht["pruefungen"].items()} == {"datenbank": True, "broker": True,
                                                                       "katalog": True, "statische_dateien": True}


def test_https_hinter_dem_proxy(gunicorn: int) -> None:
    status, kopf, _ = _holen(gunicorn, "/anmelden/")                         # ohne Proxy-Kopf: nach HTTPS
    assert status == 301 and kopf["Location"] == f"https://{HOST}/anmelden/"
    status, kopf, rumpf = _holen(gunicorn, "/anmelden/", **{"X-Forwarded-Proto": "https"})
    assert status == 200 and "Strict-Transport-Security" in kopf and "Content-Security-Policy" in kopf
    assert "Anmelden" in rumpf.decode()
    css = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', rumpf.decode())
    assert css, "kein gehashtes Stylesheet in der Anmeldeseite"
    status, kopf, _ = _holen(gunicorn, css.group(1), **{"X-Forwarded-Proto": "https"})
    assert status == 200 and "max-age=" in kopf.get("Cache-Control", "")
    status, _, _ = _holen(gunicorn, "/healthz", Host="unbekannt.example")      # Lastverteiler ohne Host-Prüfung
    assert status == 200


def test_api_schluessel_wie_im_handbuch(eingerichtet: dict[str, str], gunicorn: int) -> None:
    _manage(eingerichtet, "benutzer", "anlegen", "terminsystem", "--rolle", "agent_sc3", "--standort", "Köln")
    r = _manage(eingerichtet, "api_schluessel", "anlegen", "terminsystem", "--name", "Terminsystem Köln")
    token = r.stdout.strip().splitlines()[-1]
    assert token.startswith("kp_")
    assert "Terminsystem Köln" in _manage(eingerichtet, "api_schluessel", "liste").stdout
    kopf = {"X-Forwarded-Proto": "https"}
    assert _holen(gunicorn, "/api/katalog/suche?q=Termin", **kopf)[0] == 401
    status, _, rumpf = _holen(gunicorn, "/api/katalog/suche?q=Termin", Authorization=f"Bearer {token}", **kopf)
    assert status == 200, rumpf[:500]


@pytest.mark.skipif(_pg_url() is None or not shutil.which("pg_dump"), reason="Sicherung nur mit PostgreSQL")
def test_sicherung_und_wiederherstellung(eingerichtet: dict[str, str], tmp_path: Path) -> None:
    """„Sicherung“: pg_dump im Custom-Format, pg_restore --clean --if-exists, danach einrichten."""
    url = eingerichtet["DATABASE_URL"]
    _manage(eingerichtet, "benutzer", "anlegen", "gesichert", "--rolle", "redaktion", "--standort", "Nürnberg")
    datei = tmp_path / "kundenportal.dump"
    _lauf(eingerichtet, "pg_dump", "--format=custom", f"--file={datei}", f"--dbname={url}")
    _manage(eingerichtet, "benutzer", "sperren", "gesichert")
    _lauf(eingerichtet, "pg_restore", "--clean", "--if-exists", "--no-owner", f"--dbname={url}", str(datei))
    _manage(eingerichtet, "einrichten")
    zeilen = [z for z in _manage(eingerichtet, "benutzer", "liste").stdout.splitlines() if z.startswith("gesichert\t")]
    assert zeilen and "gesperrt" not in zeilen[0]                              # der Stand der Sicherung
