"""Einstellungen aus der Umgebung im Betrieb: ein strenger Schalter für alle Wahrheitswerte (an/aus, ja/nein,
true/false, 1/0, on/off; sonst Startfehler mit Name und erlaubten Werten), bekannte Systeme in
KUNDENPORTAL_STOERUNG, ein gültiger KUNDENPORTAL_STICHTAG, `_FILE` ohne Zeilenumbruch und mit klarer Meldung,
frühere Schlüssel für den Wechsel, Celery mit demselben Broker wie /readyz, Dienste nicht ohne DATABASE_URL,
application_name je Prozess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from kundenportal.conf import umgebung as u
from tests.betrieb.hilfen import WURZEL, betrieb_umgebung, manage, nur_mit_postgresql

EINSTELLUNGEN = ("import json; from django.conf import settings as s; d = s.DATABASES['default']; "
                 "print(json.dumps({'ssl': s.SECURE_SSL_REDIRECT, 'preload': s.SECURE_HSTS_PRELOAD, "
                 "'proxy': s.SECURE_PROXY_SSL_HEADER is not None, 'pool': 'pool' in d.get('OPTIONS', {}), "
                 "'schluessel': s.SECRET_KEY, 'alte': s.SECRET_KEY_FALLBACKS, 'stoerung': s.FACHVERFAHREN_STOERUNG, "
                 "'stichtag': s.KUNDENPORTAL_STICHTAG, 'imap_ssl': s.EMB_IMAP.get('ssl')}))")


def _einstellungen(tmp_path: Path, **variablen: str) -> dict[str, Any]:
    r = manage(betrieb_umgebung(tmp_path, **variablen), "shell", "-c", EINSTELLUNGEN)
    assert r.returncode == 0, r.stderr[-2000:]
    return dict(json.loads(r.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize(("roh", "wert"), [
    ("an", True), ("AUS", False), ("ja", True), ("Nein", False), ("true", True), ("False", False),
    ("1", True), ("0", False), ("on", True), ("OFF", False), (" an ", True)])
def test_schalter_versteht_die_erlaubten_werte(roh: str, wert: bool) -> None:
    assert u.schalter("X", roh) is wert


@pytest.mark.parametrize("roh", ["foo", "jein", "2", "yes please", "wahr"])
def test_schalter_lehnt_anderes_ab(roh: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=r"DATABASE_POOL=.* ist kein Schalter: erlaubt sind an/aus, "
                                                   r"ja/nein, true/false, 1/0, on/off"):
        u.schalter("DATABASE_POOL", roh)


def test_leer_heisst_standard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KP_TEST_SCHALTER", "")
    assert u.env.bool("KP_TEST_SCHALTER", default=True) is True
    monkeypatch.setenv("KP_TEST_SCHALTER", "aus")
    assert u.env.bool("KP_TEST_SCHALTER", default=True) is False


def test_schalter_wie_im_handbuch_wirken_im_betrieb(tmp_path: Path) -> None:
    werte = _einstellungen(tmp_path, DJANGO_SECURE_SSL_REDIRECT="aus", DJANGO_HSTS_PRELOAD="nein",
                           KUNDENPORTAL_PROXY_SSL_HEADER="aus", EMB_IMAP_HOST="imap.example", EMB_IMAP_SSL="an",
                           DATABASE_URL="postgresql://kp@127.0.0.1:5432/kp", DATABASE_POOL="ja")
    assert (werte["ssl"], werte["preload"], werte["proxy"], werte["imap_ssl"], werte["pool"]) == (
        False, False, False, True, True)


@pytest.mark.parametrize(("variable", "wert", "meldung"), [
    ("DATABASE_POOL", "vielleicht", "DATABASE_POOL='vielleicht' ist kein Schalter: erlaubt sind an/aus"),
    ("DJANGO_SECURE_SSL_REDIRECT", "an!", "DJANGO_SECURE_SSL_REDIRECT='an!' ist kein Schalter"),
    ("KUNDENPORTAL_STOERUNG", "atv,foo", "KUNDENPORTAL_STOERUNG: unbekannte(s) System(e) foo; bekannt sind atv, aufgaben, colibri"),
    ("KUNDENPORTAL_STICHTAG", "2020-13-45", "KUNDENPORTAL_STICHTAG='2020-13-45' ist kein Datum: erwartet JJJJ-MM-TT"),
])
def test_falsche_werte_sind_ein_startfehler(tmp_path: Path, variable: str, wert: str, meldung: str) -> None:
    r = manage(betrieb_umgebung(tmp_path, **{variable: wert}), "check")
    assert r.returncode != 0 and meldung in r.stderr, r.stderr[-1500:]


def test_stoerung_und_stichtag_gueltig(tmp_path: Path) -> None:
    werte = _einstellungen(tmp_path, KUNDENPORTAL_STOERUNG="ATV, kiwi", KUNDENPORTAL_STICHTAG="2020-03-02")
    assert werte["stoerung"] == ["atv", "kiwi"] and werte["stichtag"] == "2020-03-02"


def test_geheimnisdateien_ohne_zeilenumbruch(tmp_path: Path) -> None:
    (tmp_path / "schluessel").write_text("neuer-schluessel-" + "k" * 40 + "\n")
    (tmp_path / "alt").write_text("alter-schluessel-1\nalter-schluessel-2\n")
    werte = _einstellungen(tmp_path, DJANGO_SECRET_KEY_FILE=str(tmp_path / "schluessel"),
                           DJANGO_SECRET_KEY_FALLBACKS_FILE=str(tmp_path / "alt"))
    assert werte["schluessel"] == "neuer-schluessel-" + "k" * 40
    assert werte["alte"] == ["alter-schluessel-1", "alter-schluessel-2"]


def test_fehlende_geheimnisdatei_nennt_die_variable(tmp_path: Path) -> None:
    umgebung = betrieb_umgebung(tmp_path, DJANGO_SECRET_KEY_FILE=str(tmp_path / "gibt-es-nicht"))
    del umgebung["DJANGO_SECRET_KEY"]
    r = manage(umgebung, "check")
    assert r.returncode != 0
    assert f"DJANGO_SECRET_KEY_FILE={tmp_path / 'gibt-es-nicht'}: Datei nicht lesbar" in r.stderr
    assert "FileNotFoundError" not in r.stderr


@pytest.mark.django_db
def test_schluesselwechsel_mit_frueheren_schluesseln(benutzer: Any, settings: Any) -> None:
    """Wie im Handbuch („Schlüssel wechseln“): mit dem alten Schlüssel in DJANGO_SECRET_KEY_FALLBACKS bleibt eine
    Sitzung gültig (Django signiert sie dabei neu), ohne ihn ist sie beendet."""
    alt, neu = "alter-schluessel-" + "a" * 40, "neuer-schluessel-" + "n" * 40
    settings.SECRET_KEY = alt
    mit, ohne, user = Client(), Client(), benutzer("agent_sc3")
    for client in (mit, ohne):
        client.force_login(user)
        assert client.get("/arbeitsplatz/").status_code == 200
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = neu, [alt]
    assert mit.get("/arbeitsplatz/").status_code == 200
    settings.SECRET_KEY_FALLBACKS = []
    assert mit.get("/arbeitsplatz/").status_code == 200             # schon mit dem neuen Schlüssel signiert
    assert ohne.get("/arbeitsplatz/").status_code == 302            # ohne Fallback: neu anmelden


def test_celery_liest_den_broker_wie_readyz(tmp_path: Path) -> None:
    (tmp_path / "broker").write_text("redis://redis.intern:6390/3\n")
    r = manage(betrieb_umgebung(tmp_path, CELERY_BROKER_URL_FILE=str(tmp_path / "broker")), "shell", "-c",
               "from django.conf import settings; from kundenportal.celery import app; "
               "print(repr((app.conf.broker_url, settings.CELERY_BROKER_URL, app.conf.worker_hijack_root_logger)))")
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip().splitlines()[-1] == repr(("redis://redis.intern:6390/3",) * 2 + (False,))


def test_dienste_im_betrieb_nicht_ohne_database_url(tmp_path: Path) -> None:
    umgebung = betrieb_umgebung(tmp_path, KUNDENPORTAL_VORWAERMEN="aus")
    ohne = {k: v for k, v in umgebung.items() if k != "KUNDENPORTAL_SQLITE"}
    for start in ("import kundenportal.wsgi", "import kundenportal.asgi",
                  "from kundenportal.celery import datenbank_pruefen; datenbank_pruefen()"):
        r = manage(ohne, "shell", "-c", start)
        assert r.returncode != 0 and "DATABASE_URL fehlt" in r.stderr, r.stderr[-1500:]
        assert manage(umgebung, "shell", "-c", start).returncode == 0     # eingebettet: ausdrücklich SQLite
    assert manage(ohne, "check").returncode == 0                           # Befehle (check, collectstatic) gehen
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL fehlt"):
        u.datenbank_fuer_dienst(False, {})
    u.datenbank_fuer_dienst(True, {})                                      # Entwicklung: SQLite unter var/


@nur_mit_postgresql
@pytest.mark.parametrize("einstieg", ["wsgi", "asgi"])
def test_beide_einstiege_warten_kurz_auf_den_pool(tmp_path: Path, einstieg: str) -> None:
    """Web-Anfragen warten DATABASE_POOL_TIMEOUT_ANFRAGE auf eine Verbindung, über gunicorn wie über ASGI."""
    umgebung = betrieb_umgebung(tmp_path, KUNDENPORTAL_VORWAERMEN="aus", DATABASE_POOL_TIMEOUT_ANFRAGE="1.5",
                                DATABASE_URL="postgresql://postgres@127.0.0.1:5432/postgres")
    r = manage(umgebung, "shell", "-c", f"import kundenportal.{einstieg}; from django.conf import settings; print("
               "settings.DATABASES['default']['OPTIONS']['pool']['timeout'])")
    assert r.returncode == 0, r.stderr[-1500:]
    assert r.stdout.strip().splitlines()[-1] == "1.5"


def test_anwendungsname_je_prozess() -> None:
    assert u.anwendungsname(["/opt/kp/.venv/bin/gunicorn", "kundenportal.wsgi"]).startswith("kundenportal web@")
    assert u.anwendungsname(["celery", "-A", "kundenportal.celery", "worker"]).startswith("kundenportal celery-worker@")
    assert u.anwendungsname(["manage.py", "einzeln", "celery-beat"]).startswith("kundenportal einzeln@")
    assert len(u.anwendungsname(["manage.py", "x" * 100])) <= 63


@nur_mit_postgresql
def test_application_name_in_pg_stat_activity(tmp_path: Path) -> None:
    from tests.betrieb.hilfen import wegwerf_datenbank

    with wegwerf_datenbank() as url:
        r = manage(betrieb_umgebung(tmp_path, DATABASE_URL=url), "shell", "-c",
                   "from django.db import connection; c = connection.cursor(); "
                   "c.execute('SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()'); "
                   "print(c.fetchone()[0])")
        assert r.returncode == 0, r.stderr[-1500:]
        assert r.stdout.strip().splitlines()[-1].startswith("kundenportal shell@")


def test_celery_worker_startet_im_betrieb_nicht_ohne_database_url(tmp_path: Path) -> None:
    """Ein echter Worker: Celery fängt Ausnahmen in Signal-Handlern ab und meldete sonst trotzdem „ready“."""
    umgebung = {k: v for k, v in betrieb_umgebung(tmp_path, KUNDENPORTAL_VORWAERMEN="aus",
                                                  CELERY_BROKER_URL="memory://").items()
                if k != "KUNDENPORTAL_SQLITE"}
    r = subprocess.run([sys.executable, "-m", "celery", "-A", "kundenportal.celery", "worker", "--pool", "solo",
                        "--without-mingle", "--without-gossip", "--without-heartbeat"],
                       cwd=WURZEL, env=umgebung, capture_output=True, text=True, timeout=120, check=False)
    assert r.returncode != 0, r.stderr[-1500:]
    assert "DATABASE_URL fehlt" in r.stderr + r.stdout and "ready" not in r.stderr + r.stdout
