"""/readyz sagt nur „bereit“, wenn Seiten wirklich gehen: Datenbank erreichbar und migriert, Katalog ohne
Befund, im Betrieb das Manifest der statischen Dateien geladen. Der Broker ist keine Bedingung (eine Störung
dort nähme sonst alle Knoten zugleich heraus): fehlt er, bleibt die Antwort 200, Status „eingeschraenkt“.
Der Rumpf nennt kurze Gründe, keine Fehlertexte oder Pfade; die stehen im Protokoll."""

from __future__ import annotations

import json
import logging
import re
import shutil
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import storages
from django.test import Client
from django.utils.functional import empty

from kundenportal.betrieb import katalogpruefung, views
from kundenportal.verdrahtung import katalog_quelle_setzen
from kundenportal.verdrahtung.katalog import DateiKatalog
from tests.betrieb.hilfen import WURZEL, betrieb_umgebung, freier_port, manage
from tests.conftest import CONTENT

TOT = f"redis://127.0.0.1:{freier_port()}/0"       # dort lauscht niemand


def _bereit(client: Client) -> tuple[int, dict[str, Any]]:
    antwort = client.get("/readyz")
    return antwort.status_code, antwort.json()


@pytest.mark.django_db
def test_alles_da_bereit(client: Client) -> None:
    status, rumpf = _bereit(client)
    assert status == 200 and rumpf["status"] == "bereit", rumpf
    assert set(rumpf["pruefungen"]) == {"datenbank", "broker", "katalog"}     # Entwicklung: ohne Manifest
    assert rumpf["pruefungen"]["broker"]["kritisch"] is False
    # Quelle und Kennzeichen der Fassungen: Knoten mit verschiedenem Katalog sind zu unterscheiden
    assert re.fullmatch(r"\d+ Leitfäden, \d+ Fassungen aus (der Datenbank|content/), Stand [0-9a-f]{8}",
                        rumpf["pruefungen"]["katalog"]["info"]), rumpf["pruefungen"]["katalog"]


def test_katalogstand_unterscheidet_quelle_und_fassungen(settings: Any) -> None:
    from kundenportal.verdrahtung import katalog

    k = katalog()
    settings.KUNDENPORTAL_KATALOG_QUELLE = ""
    aus_content = katalogpruefung.katalog_stand(k)
    settings.KUNDENPORTAL_KATALOG_QUELLE = "kundenportal.redaktion.quelle.DatenbankKatalog"
    aus_datenbank = katalogpruefung.katalog_stand(k)
    assert aus_content.endswith(aus_datenbank.rsplit(", ", 1)[1]) and "aus content/" in aus_content
    assert "aus der Datenbank" in aus_datenbank
    weniger = type("K", (), {"fassungen": lambda self: k.fassungen()[1:]})()
    assert katalogpruefung.katalog_stand(weniger).rsplit(" ", 1)[1] != aus_datenbank.rsplit(" ", 1)[1]


@pytest.mark.django_db
def test_ohne_broker_bereit_aber_eingeschraenkt(client: Client, settings: Any,
                                               caplog: pytest.LogCaptureFixture) -> None:
    settings.CELERY_BROKER_URL = TOT
    beginn = time.monotonic()
    with caplog.at_level(logging.INFO, logger="kundenportal.betrieb"):
        status, rumpf = _bereit(client)
    assert time.monotonic() - beginn < 3.5
    assert status == 200 and rumpf["status"] == "eingeschraenkt" and rumpf["eingeschraenkt"] == ["broker"], rumpf
    assert "gruende" not in rumpf and rumpf["pruefungen"]["datenbank"]["ok"] is True
    assert rumpf["pruefungen"]["broker"] == {**rumpf["pruefungen"]["broker"], "ok": False, "info": "nicht erreichbar"}
    assert "refused" not in json.dumps(rumpf).lower() and "111" not in json.dumps(rumpf)   # Einzelheiten …
    assert any("broker gestört" in r.getMessage() for r in caplog.records)                  # … im Protokoll
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    with caplog.at_level(logging.INFO, logger="kundenportal.betrieb"):
        client.get("/readyz")
    assert any("broker wieder in Ordnung" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db
def test_rumpf_ohne_fehlertext_und_pfade(client: Client, monkeypatch: pytest.MonkeyPatch,
                                        caplog: pytest.LogCaptureFixture) -> None:
    def kaputt() -> str:
        raise RuntimeError("/opt/kundenportal/content/geheim.yaml: Permission denied")

    monkeypatch.setitem(views.PRUEFUNGEN, "katalog", views.Pruefung(kaputt))
    monkeypatch.setattr(views, "_zustand", {})
    status, rumpf = _bereit(client)
    assert status == 503 and rumpf["gruende"] == ["katalog"]
    assert rumpf["pruefungen"]["katalog"]["info"] == "Fehler (siehe Protokoll)"
    assert "/opt/kundenportal" not in json.dumps(rumpf)
    assert "/opt/kundenportal/content/geheim.yaml" in caplog.text         # Einzelheiten im Protokoll
    assert not [r for r in caplog.records if r.name == "django.request"]   # kein ERROR je Abfrage


@pytest.mark.django_db
def test_migrationen_einmal_je_prozess_geprueft(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db.migrations import executor

    aufrufe = []
    echt = executor.MigrationExecutor

    def zaehlend(*args: Any, **kwargs: Any) -> Any:
        aufrufe.append(1)
        return echt(*args, **kwargs)

    monkeypatch.setattr(executor, "MigrationExecutor", zaehlend)
    monkeypatch.setattr(views, "_migriert", set())
    assert _bereit(client)[0] == 200
    assert _bereit(client)[0] == 200
    assert len(aufrufe) == 1


@pytest.mark.django_db
def test_ohne_manifest_nicht_bereit(client: Client, settings: Any, tmp_path: Path) -> None:
    settings.STATIC_ROOT = str(tmp_path)
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
    status, rumpf = _bereit(client)
    assert status == 503 and rumpf["gruende"] == ["statische_dateien"], rumpf
    assert rumpf["pruefungen"]["statische_dateien"]["info"].startswith("Manifest fehlt (collectstatic")
    (tmp_path / "staticfiles.json").write_text(json.dumps(
        {"paths": {"portal/huelle.css": "portal/huelle.0123456789ab.css"}, "version": "1.1", "hash": "x"}))
    storages._storages.pop("staticfiles", None)  # type: ignore[attr-defined]  # wie ein neu gestarteter Prozess
    staticfiles_storage._wrapped = empty  # type: ignore[attr-defined]           # nach collectstatic
    status, rumpf = _bereit(client)
    assert status == 200, rumpf
    assert rumpf["pruefungen"]["statische_dateien"] == {
        "ok": True, "info": "1 Dateien", "ms": rumpf["pruefungen"]["statische_dateien"]["ms"]}


@pytest.fixture
def kaputter_katalog(tmp_path: Path) -> Iterator[Path]:
    """content/ mit einem Verweis ins Leere (`nach:`) in einer veröffentlichten, damit geänderten Fassung."""
    ziel = tmp_path / "content"
    shutil.copytree(CONTENT, ziel, ignore=shutil.ignore_patterns("email-korpus", "szenarien"))
    datei = ziel / "leitfaeden" / "bs" / "terminabsage" / "2020-03-20.yaml"
    datei.write_text(datei.read_text().replace("nach: termin_lesen", "nach: gibt_es_nicht", 1))
    katalog_quelle_setzen(DateiKatalog(ziel))
    try:
        yield ziel
    finally:
        katalog_quelle_setzen(None)


@pytest.mark.django_db
def test_kaputter_katalog_nicht_bereit(client: Client, kaputter_katalog: Path, monkeypatch: pytest.MonkeyPatch,
                                      caplog: pytest.LogCaptureFixture) -> None:
    from kundenportal.leitfaden import pruefen

    laeufe = []
    echt = pruefen.katalog_pruefen
    def zaehlend(k: Any) -> Any:
        laeufe.append(1)
        return echt(k)

    monkeypatch.setattr(pruefen, "katalog_pruefen", zaehlend)
    status, rumpf = _bereit(client)
    assert status == 503 and rumpf["gruende"] == ["katalog"], rumpf
    assert rumpf["pruefungen"]["katalog"]["info"].startswith("Katalog fehlerhaft: ")
    assert "leitfaeden/" not in json.dumps(rumpf)                      # Dateien nur im Protokoll
    assert "gibt_es_nicht" in caplog.text and "veroeffentlicht.yaml" in caplog.text
    assert _bereit(client)[0] == 503 and len(laeufe) == 1              # einmal je geladenem Katalog geprüft


def _im_prozess(umgebung: dict[str, str], code: str) -> dict[str, Any]:
    r = manage(umgebung, "shell", "-c", textwrap.dedent(code))
    assert r.returncode == 0, r.stderr[-3000:]
    return dict(json.loads(r.stdout.strip().splitlines()[-1]))


ABFRAGEN = """
    import json, time
    from django.db import connection
    from django.test import Client
    c = Client(raise_request_exception=False)
    t = time.monotonic(); r = c.get("/readyz"); d = round(time.monotonic() - t, 2)
    t = time.monotonic(); h = c.get("/healthz"); dh = round(time.monotonic() - t, 2)
    print(json.dumps({"status": r.status_code, "rumpf": r.json(), "sekunden": d, "healthz": h.status_code,
                      "healthz_sekunden": dh}))
"""


def test_leere_datenbank_nicht_bereit_bis_eingerichtet(tmp_path: Path) -> None:
    """DATABASE_URL vergessen → leere SQLite-Datei: /readyz sagt 503 (Migrationen fehlen) statt 200."""
    umgebung = betrieb_umgebung(tmp_path, KUNDENPORTAL_ENTWICKLUNG="1")
    ergebnis = _im_prozess(umgebung, ABFRAGEN)
    assert ergebnis["status"] == 503 and ergebnis["rumpf"]["gruende"] == ["datenbank"], ergebnis
    assert ergebnis["rumpf"]["pruefungen"]["datenbank"]["info"] == "Migrationen fehlen (manage.py einrichten)"
    assert manage(umgebung, "migrate", "-v0").returncode == 0
    ergebnis = _im_prozess(umgebung, ABFRAGEN)
    assert ergebnis["status"] == 200, ergebnis


def test_datenbank_weg_readyz_schnell_healthz_ohne_datenbank(tmp_path: Path) -> None:
    """Mit Pool (Standard): /readyz wartet höchstens ~2 s auf eine Verbindung (nicht DATABASE_POOL_TIMEOUT),
    /healthz fragt die Datenbank gar nicht."""
    umgebung = betrieb_umgebung(tmp_path, KUNDENPORTAL_ENTWICKLUNG="1",
                                DATABASE_URL=f"postgresql://kp:geheim123@127.0.0.1:{freier_port()}/kp")
    ergebnis = _im_prozess(umgebung, ABFRAGEN)
    assert ergebnis["status"] == 503 and ergebnis["rumpf"]["gruende"] == ["datenbank"], ergebnis
    assert ergebnis["rumpf"]["pruefungen"]["datenbank"]["info"] == "nicht erreichbar"
    assert ergebnis["rumpf"]["pruefungen"]["katalog"]["ok"] is None       # ohne Datenbank nicht geprüft
    assert ergebnis["sekunden"] < 3.0 and "geheim123" not in json.dumps(ergebnis)
    assert ergebnis["healthz"] == 200 and ergebnis["healthz_sekunden"] < 0.5


@pytest.mark.django_db
def test_healthz_ohne_datenbank(client: Client, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        assert client.get("/healthz").json() == {"status": "ok"}


def test_handbuch_beschreibt_die_bereitschaft() -> None:
    text = (WURZEL / "docs" / "betrieb.md").read_text()
    for stelle in ('"status": "eingeschraenkt"', "`statische_dateien`", "Migrationen fehlen (manage.py einrichten)",
                   "`Katalog fehlerhaft: N Befunde …`",
                   "8. **Zweiter Knoten:** Schritte 3 und 4 mit derselben Umgebung (gleicher `DJANGO_SECRET_KEY`!), dann\n"
                   "   `.venv/bin/python manage.py collectstatic --noinput`"):
        assert stelle in text, stelle
