"""Datenbank weg während einer Anfrage (Rundgang Betrieb: ein Neustart von PostgreSQL gab ~3 s lang 500): 503 mit
Retry-After und deutscher Seite, die ehrlich sagt, was mit der Eingabe ist; htmx bekommt einen Abschnitt für
static/portal/htmx-fehler.js, /api/ das JSON der API; eine Protokollzeile `datenbank_nicht_erreichbar` statt
Traceback; die nächste Anfrage verbindet neu; eine Transaktion ist ganz oder gar nicht geschrieben.

Echte Störungen statt Attrappen: gunicorn mit der Betriebs-Konfiguration gegen einen PostgreSQL-Port, an dem niemand
lauscht (läuft überall), und — nur mit PostgreSQL (DATABASE_URL=postgres://…, sonst übersprungen) — die
Verbindung der Anfrage mit `pg_terminate_backend` mitten in der Transaktion und zwischen zwei Anfragen beendet."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import requests
from django.db import connection
from django.test import Client

import kundenportal.urls
from kundenportal.betrieb.datenbankausfall import datenbank_weg
from tests.betrieb.hilfen import HOST, WURZEL, betrieb_umgebung, freier_port, manage

SITZUNG = "abcdefghijklmnopqrstuvwxyz012345"
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
BETRIEB_KONFIG = ["-c", "python:kundenportal.conf.gunicorn"]      # wie deploy/systemd/kundenportal-web.service
MIT_POSTGRESQL = connection.vendor == "postgresql"
nur_postgresql = pytest.mark.skipif(not MIT_POSTGRESQL, reason="braucht PostgreSQL (DATABASE_URL=postgres://…)")


def test_handler500_ist_eingehaengt() -> None:
    assert getattr(kundenportal.urls, "handler500", None) == "kundenportal.betrieb.fehlerseiten.serverfehler", (
        'kundenportal/urls.py: handler500 = "kundenportal.betrieb.fehlerseiten.serverfehler" fehlt')


def test_nur_verbindungsverlust_ist_datenbank_weg() -> None:
    from django.db import IntegrityError, OperationalError
    from psycopg import errors
    from psycopg_pool import PoolTimeout

    def django(ursache: Exception) -> Exception:
        fehler = OperationalError(str(ursache))
        fehler.__cause__ = ursache
        return fehler

    for weg in (PoolTimeout("couldn't get a connection after 3.00 sec"), errors.AdminShutdown("terminating"),
                errors.CannotConnectNow("starting up"), psycopg.OperationalError("server closed the connection"),
                errors.TooManyConnections("sorry, too many clients already"), psycopg.InterfaceError("closed")):
        assert datenbank_weg(django(weg)), weg
    for da in (errors.DeadlockDetected("deadlock"), errors.QueryCanceled("statement timeout"),
               errors.LockNotAvailable("lock"), IntegrityError("doppelt"), OperationalError("database is locked")):
        assert not datenbank_weg(django(da) if isinstance(da, psycopg.Error) else da), da


# --- gunicorn im Betrieb, die Datenbank lehnt ab -----------------------------------------------------------

@pytest.fixture(scope="module")
def knoten_ohne_datenbank(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    tmp = tmp_path_factory.mktemp("ausfall")
    umgebung = betrieb_umgebung(tmp)
    r = manage(umgebung, "collectstatic", "--noinput", "-v0")
    assert r.returncode == 0, r.stderr[-2000:]
    umgebung = {k: v for k, v in umgebung.items() if k != "KUNDENPORTAL_SQLITE"}
    umgebung["DATABASE_URL"] = f"postgresql://kp:geheim123@127.0.0.1:{freier_port()}/kundenportal"
    port, protokoll = freier_port(), tmp / "gunicorn.log"
    with protokoll.open("w") as datei:
        prozess = subprocess.Popen([GUNICORN, "kundenportal.wsgi", *BETRIEB_KONFIG, "--bind", f"127.0.0.1:{port}",
                                    "--workers", "1"], cwd=WURZEL, env=umgebung, stdout=datei, stderr=subprocess.STDOUT)
        try:
            ende = time.monotonic() + 60
            while time.monotonic() < ende:
                assert prozess.poll() is None, protokoll.read_text()[-3000:]
                try:
                    requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                    break
                except requests.RequestException:
                    time.sleep(0.2)
            yield f"http://127.0.0.1:{port}", protokoll
        finally:
            prozess.terminate()
            prozess.wait(timeout=30)


KOPF = {"Host": HOST, "X-Forwarded-Proto": "https", "Cookie": f"sessionid={SITZUNG}"}


def _zeilen(protokoll: Path, kennung: str) -> list[dict[str, Any]]:
    time.sleep(0.3)
    return [z for z in map(json.loads, protokoll.read_text().splitlines()) if z.get("anfrage") == kennung]


def test_seite_503_mit_retry_after_statt_500(knoten_ohne_datenbank: tuple[str, Path]) -> None:
    url, protokoll = knoten_ohne_datenbank
    antwort = requests.get(f"{url}/arbeitsplatz/", headers=KOPF, allow_redirects=False, timeout=30)
    assert antwort.status_code == 503 and antwort.headers["Retry-After"] == "5"
    assert "no-store" in antwort.headers["Cache-Control"]
    text = antwort.text
    assert "<h1 id=\"fehler-titel\">Die Datenbank ist gerade nicht erreichbar</h1>" in text
    assert "Es ist nichts verloren gegangen. Bitte laden Sie die Seite in einigen Sekunden neu." in text
    assert "Traceback" not in text and "geheim123" not in text and "Abmelden" not in text   # ohne Benutzer
    kennung = antwort.headers["X-Request-ID"]
    assert f"Fehlernummer: <strong><code>{kennung}</code></strong>" in text
    eigene = _zeilen(protokoll, kennung)
    assert [(z["logger"], z["stufe"]) for z in eigene] == [("kundenportal.betrieb", "WARNING"),
                                                           ("kundenportal.anfrage", "INFO")], eigene
    ereignis = eigene[0]
    assert (ereignis["ereignis"], ereignis["phase"], ereignis["methode"], ereignis["art"]) == (
        "datenbank_nicht_erreichbar", "verbinden", "GET", "PoolTimeout")
    assert "fehler" not in ereignis and eigene[1]["status"] == 503


def test_formular_eingabe_nicht_gespeichert_steht_noch_im_formular(knoten_ohne_datenbank: tuple[str, Path]) -> None:
    url, _ = knoten_ohne_datenbank
    antwort = requests.post(f"{url}/kontakt/starten/", data={"leitfaden": "SC 3.004a"}, headers=KOPF,
                            allow_redirects=False, timeout=30)
    assert antwort.status_code == 503
    assert ("Ihre Eingabe wurde nicht gespeichert, ist aber nicht verloren: Sie steht noch im Formular. Bitte senden "
            "Sie sie in einigen Sekunden erneut.") in antwort.text
    assert "Laden Sie diese Seite nicht neu" in antwort.text


def test_htmx_bekommt_den_abschnitt_fuer_die_fehleranzeige(knoten_ohne_datenbank: tuple[str, Path]) -> None:
    url, _ = knoten_ohne_datenbank
    antwort = requests.post(f"{url}/kontakt/00000000-0000-0000-0000-000000000001/antwort/",
                            data={"fakt": "x", "wert": "y"}, headers={**KOPF, "HX-Request": "true"}, timeout=30)
    assert antwort.status_code == 503 and antwort.headers["Retry-After"] == "5"
    assert antwort.text.lstrip().startswith("{#") is False and "<html" not in antwort.text
    teil = re.search(r"<p data-htmx-fehler>(.*?)</p>", antwort.text, re.S)
    assert teil and "Ihre Eingabe wurde nicht gespeichert" in teil.group(1)
    assert 'data-titel="Der Schritt wurde nicht ausgeführt"' in antwort.text
    js = (WURZEL / "kundenportal" / "static" / "portal" / "htmx-fehler.js").read_text()
    assert 'querySelector("[data-htmx-fehler]")' in js and 'getAttribute("data-titel")' in js


def test_api_antwortet_json(knoten_ohne_datenbank: tuple[str, Path]) -> None:
    url, _ = knoten_ohne_datenbank
    antwort = requests.get(f"{url}/api/katalog/suche?q=Termin", headers=KOPF, timeout=30)
    assert antwort.status_code == 503 and antwort.headers["Retry-After"] == "5"
    assert antwort.json() == {"code": "datenbank_nicht_erreichbar", "meldung": (
        "Die Datenbank ist gerade nicht erreichbar. Die Anfrage wurde nicht ausgeführt; bitte in einigen Sekunden "
        "erneut senden.")}


def test_kundenseite_in_ihrer_huelle(knoten_ohne_datenbank: tuple[str, Path]) -> None:
    url, _ = knoten_ohne_datenbank
    antwort = requests.get(f"{url}/kunde/termine/", headers=KOPF, allow_redirects=False, timeout=30)
    assert antwort.status_code == 503
    assert "eServices der Bundesagentur für Arbeit" in antwort.text and "Der Dienst ist gerade nicht erreichbar" in antwort.text
    assert "für Beschäftigte" not in antwort.text


def test_jede_zeile_von_gunicorn_ist_json(knoten_ohne_datenbank: tuple[str, Path]) -> None:
    """Master und Arbeiter (Rundgang Betrieb: Textzeilen des Masters zwischen den JSON-Zeilen)."""
    _, protokoll = knoten_ohne_datenbank
    zeilen = [json.loads(z) for z in protokoll.read_text().splitlines()]     # jede Zeile JSON
    meldungen = [z["meldung"] for z in zeilen if z["logger"] == "gunicorn.error"]
    assert any(m.startswith("Starting gunicorn") for m in meldungen)
    assert any(m.startswith("Booting worker") for m in meldungen)
    assert not [m for m in meldungen if "control" in m.lower()]                  # kein Steuer-Socket unter HOME


# --- PostgreSQL: die Verbindung wird beendet ---------------------------------------------------------------

def _beenden(pid: int) -> None:
    from tests.betrieb.hilfen import pg_server

    name = connection.settings_dict["NAME"]
    with psycopg.connect(f"{pg_server()}/{name}", autocommit=True, connect_timeout=5) as verwaltung:
        verwaltung.execute("SELECT pg_terminate_backend(%s)", [pid])


@nur_postgresql
@pytest.mark.django_db(transaction=True)
def test_verbindung_bricht_mitten_im_schritt_ab_nichts_halb_gespeichert(
        benutzer: Callable[..., Any], kunde: str, caplog: pytest.LogCaptureFixture) -> None:
    from kundenportal.gespraech.models import Kontakt

    client = Client(raise_request_exception=False)
    client.force_login(benutzer("agent_sc3"))
    assert client.get("/arbeitsplatz/").status_code == 200
    schreibend: list[str] = []

    def abreissen(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE")) and context["connection"].in_atomic_block:
            schreibend.append(sql)
            if len(schreibend) == 2:          # die erste Zeile der Transaktion ist geschrieben, die zweite nicht
                _beenden(context["connection"].connection.info.backend_pid)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(abreissen):
        antwort = client.post("/kontakt/starten/", {"leitfaden": "SC 3.004a", "kundennummer": kunde})
    assert len(schreibend) >= 2, schreibend
    assert antwort.status_code == 503 and antwort["Retry-After"] == "5"
    text = antwort.content.decode()
    assert "ob Ihre letzte Eingabe schon gespeichert war, ist aber offen" in text      # ehrlich: mitten drin
    assert Kontakt.objects.count() == 0                                              # ganz oder gar nicht
    assert [r.ereignis for r in caplog.records if hasattr(r, "ereignis")] == ["datenbank_nicht_erreichbar"]
    assert not [r for r in caplog.records if r.name == "django.request"]
    assert client.get("/arbeitsplatz/").status_code == 200                         # die nächste Anfrage verbindet neu
    ort = client.post("/kontakt/starten/", {"leitfaden": "SC 3.004a", "kundennummer": kunde})
    assert ort.status_code == 302 and Kontakt.objects.count() == 1                  # erneut gesendet: einmal da


@nur_postgresql
@pytest.mark.django_db(transaction=True)
def test_verbindung_zwischen_anfragen_beendet_keine_fehlerseite(benutzer: Callable[..., Any]) -> None:
    """Neustart zwischen zwei Anfragen (pg_terminate_backend jeder Verbindung der App): der Pool prüft und ersetzt.
    Wie gunicorn gibt `close_old_connections` die Verbindung nach jeder Anfrage zurück (der Test-Client tut es nicht)."""
    from django.db import close_old_connections

    from tests.betrieb.hilfen import pg_server

    client = Client(raise_request_exception=False)
    client.force_login(benutzer("agent_sc3"))
    for _ in range(3):
        close_old_connections()
        assert client.get("/arbeitsplatz/").status_code == 200
        close_old_connections()
        with psycopg.connect(f"{pg_server()}/{connection.settings_dict['NAME']}", autocommit=True) as verwaltung:
            verwaltung.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        time.sleep(0.05)
