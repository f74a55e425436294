"""Betrieb: Einstellungen aus der Umgebung. Ohne Schlüssel kein Start; `check --deploy` besteht allein mit
den Pflichtvariablen; DATABASE_URL behält jeden Parameter; JSON-Protokoll mit Anfragekennung."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from kundenportal.conf.protokoll import ANFRAGE_KENNUNG, JsonFormat
from kundenportal.conf.umgebung import datenbank
from tests.conf.betrieb_werkzeug import BETRIEB_DB, betrieb_umgebung, manage


def test_ohne_geheimen_schluessel_startet_der_betrieb_nicht() -> None:
    umgebung = betrieb_umgebung()
    del umgebung["DJANGO_SECRET_KEY"]
    ergebnis = manage("check", umgebung=umgebung)
    assert ergebnis.returncode != 0
    assert "DJANGO_SECRET_KEY fehlt" in ergebnis.stderr
    assert "Traceback" not in ergebnis.stderr and ergebnis.stderr.startswith("kundenportal: DJANGO_SECRET_KEY fehlt")


def test_check_deploy_besteht_mit_den_pflichtvariablen() -> None:
    ergebnis = manage("check", "--deploy", "--fail-level", "WARNING", umgebung=betrieb_umgebung(DATABASE_URL=BETRIEB_DB))
    assert ergebnis.returncode == 0, ergebnis.stderr + ergebnis.stdout
    assert "no issues" in ergebnis.stdout


def test_check_deploy_meldet_abgeschaltetes_https() -> None:
    """Die Prüfung greift wirklich: wer HSTS abschaltet, fällt durch."""
    ergebnis = manage("check", "--deploy", "--fail-level", "WARNING",
                      umgebung=betrieb_umgebung(DJANGO_HSTS_SECONDS="0", DATABASE_URL=BETRIEB_DB))
    assert ergebnis.returncode != 0 and "security.W004" in ergebnis.stderr


def test_geheimnis_aus_datei(tmp_path: Path) -> None:
    """`<NAME>_FILE` (systemd-Credentials, Container-Secrets) statt des Werts in der Umgebung."""
    datei = tmp_path / "schluessel"
    umgebung = betrieb_umgebung(DATABASE_URL=BETRIEB_DB)
    datei.write_text(umgebung.pop("DJANGO_SECRET_KEY"))
    umgebung["DJANGO_SECRET_KEY_FILE"] = str(datei)
    ergebnis = manage("check", "--deploy", "--fail-level", "WARNING", umgebung=umgebung)
    assert ergebnis.returncode == 0, ergebnis.stderr


def test_database_url_behaelt_alle_parameter(tmp_path: Path) -> None:
    db = datenbank("postgresql://kp:g%40heim@db.intern:6432/kundenportal?sslmode=verify-full"
                   "&sslrootcert=/etc/ssl/ca.pem&connect_timeout=5", tmp_path)
    assert (db["HOST"], db["PORT"], db["USER"], db["PASSWORD"], db["NAME"]) == (
        "db.intern", 6432, "kp", "g@heim", "kundenportal")
    assert db["OPTIONS"] == {"sslmode": "verify-full", "sslrootcert": "/etc/ssl/ca.pem", "connect_timeout": 5}
    sockel = datenbank("postgresql://kp@%2Fvar%2Frun%2Fpostgresql/kundenportal", tmp_path)
    assert sockel["HOST"] == "/var/run/postgresql"
    abfrage = datenbank("postgresql:///kundenportal?host=/run/postgresql", tmp_path)
    assert abfrage["OPTIONS"]["host"] == "/run/postgresql" and abfrage["HOST"] == ""


def test_database_url_nur_postgresql(tmp_path: Path) -> None:
    with pytest.raises(ImproperlyConfigured, match="nur postgresql://"):
        datenbank("mysql://x@y/z", tmp_path)


@pytest.mark.django_db
def test_healthz_und_readyz(client: Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    bereit = client.get("/readyz")
    daten = bereit.json()
    assert bereit.status_code == 200, daten
    assert set(daten["pruefungen"]) == {"datenbank", "broker", "katalog"}
    assert all(p["ok"] for p in daten["pruefungen"].values())


@pytest.mark.django_db
def test_readyz_meldet_den_fehlenden_broker(client: Client, settings: object) -> None:
    """Ohne Broker laufen Seiten weiter (nur Versand und Zeitpläne warten): bereit, aber eingeschränkt — sonst
    nähme der Lastverteiler alle Knoten zugleich heraus."""
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"   # type: ignore[attr-defined]
    antwort = client.get("/readyz")
    assert antwort.status_code == 200 and antwort.json()["status"] == "eingeschraenkt"
    assert antwort.json()["pruefungen"]["broker"]["ok"] is False
    assert antwort.json()["pruefungen"]["datenbank"]["ok"] is True


@pytest.mark.django_db
def test_anfragekennung_geht_zurueck_und_steht_im_protokoll(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="kundenportal.anfrage"):
        antwort = client.get("/kunden/955T000001/", HTTP_X_REQUEST_ID="lb-4711")
    assert antwort["X-Request-ID"] == "lb-4711"
    assert client.get("/healthz")["X-Request-ID"]                 # ohne Vorgabe: neu erzeugt
    zeile = next(r for r in caplog.records if r.name == "kundenportal.anfrage")
    eintrag = json.loads(JsonFormat().format(zeile))
    assert eintrag["pfad"] == "/kunden/<Kundennummer>/" and "955T000001" not in json.dumps(eintrag)
    assert eintrag["status"] == 302 and eintrag["logger"] == "kundenportal.anfrage"


def test_json_zeile_traegt_die_anfragekennung_und_maskiert() -> None:
    token = ANFRAGE_KENNUNG.set("abc123")
    try:
        zeile = logging.LogRecord("kundenportal.x", logging.WARNING, __file__, 1, "Kunde %s", ("955T000001",), None)
        eintrag = json.loads(JsonFormat().format(zeile))
    finally:
        ANFRAGE_KENNUNG.reset(token)
    assert eintrag["anfrage"] == "abc123" and eintrag["meldung"] == "Kunde <Kundennummer>"
    assert eintrag["stufe"] == "WARNING"


@pytest.mark.parametrize(("zusatz", "erwartet"), [
    ({"DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/x"}, (0, {"min_size": 2, "max_size": 20, "timeout": 10.0})),
    ({"DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/x", "DATABASE_POOL": "0"}, (600, None)),
    ({}, (600, None)),
])
def test_verbindungen_pool_auf_postgresql_sonst_dauerhaft(zusatz: dict[str, str],
                                                         erwartet: tuple[int, object]) -> None:
    """Keine neue Verbindung je Anfrage: PostgreSQL mit Pool (Django verlangt dann CONN_MAX_AGE 0), ohne Pool
    und auf SQLite bleiben Verbindungen 600 s offen."""
    ergebnis = manage("shell", "-c", "from django.conf import settings; d = settings.DATABASES['default']; "
                      "print(repr((d['CONN_MAX_AGE'], d.get('OPTIONS', {}).get('pool'))))",
                      umgebung=betrieb_umgebung(**zusatz))
    assert ergebnis.returncode == 0, ergebnis.stderr
    assert ergebnis.stdout.strip().splitlines()[-1] == repr(erwartet)
