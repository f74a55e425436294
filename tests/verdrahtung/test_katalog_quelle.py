"""Die Katalogquelle der Wurzel: austauschbar (Einstellung oder Registrierung), mit billiger
Generationsprüfung je Aufruf; neu geladen wird nur bei einer neuen Generation."""

from __future__ import annotations

import gc
import importlib
import logging
import os
import subprocess
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError

from kundenportal import verdrahtung
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.laden import katalog_laden
from kundenportal.verdrahtung import DateiKatalog
from tests.conftest import CONTENT, WURZEL


class Zaehlend:
    """Eine Quelle wie die der Redaktion: die Generation ist ein Zähler, Laden wird mitgezählt."""

    def __init__(self, katalog: Katalog) -> None:
        self.katalog, self.stand, self.geladen, self.gefragt = katalog, 1, 0, 0

    def generation(self) -> str:
        self.gefragt += 1
        return f"db:{self.stand}"

    def laden(self) -> Katalog:
        self.geladen += 1
        return self.katalog


QUELLE = Zaehlend(katalog_laden(CONTENT))


def quelle_aus_einstellung() -> Zaehlend:
    return QUELLE


@pytest.fixture(autouse=True)
def _zuruecksetzen() -> Iterator[None]:
    yield
    verdrahtung.katalog_quelle_setzen(None)


def test_standard_sind_die_dateien_einmal_je_prozess(settings: Any) -> None:
    quelle = verdrahtung.katalog_quelle()
    assert isinstance(quelle, DateiKatalog) and quelle.wurzel == settings.CONTENT_DIR
    assert verdrahtung.katalog() is verdrahtung.katalog()
    assert verdrahtung.katalog_generation() == f"dateien:{settings.CONTENT_DIR}"


def test_neue_generation_laedt_neu_und_meldet_es(monkeypatch: pytest.MonkeyPatch) -> None:
    modul = importlib.import_module("kundenportal.verdrahtung.katalog")   # `verdrahtung.katalog` ist die Funktion
    monkeypatch.setattr(modul, "_beobachter", list(modul._beobachter))   # der Beobachter des Tests bleibt im Test
    quelle = Zaehlend(katalog_laden(CONTENT))
    gemeldet: list[Katalog] = []
    verdrahtung.bei_neuem_katalog(gemeldet.append)
    verdrahtung.katalog_quelle_setzen(quelle)
    erster = verdrahtung.katalog()
    verdrahtung.katalog()
    assert (quelle.geladen, verdrahtung.katalog_generation()) == (1, "db:1")
    quelle.stand = 2
    assert verdrahtung.katalog() is erster and quelle.geladen == 2
    assert verdrahtung.katalog_generation() == "db:2" and gemeldet[-2:] == [erster, erster]


def test_quelle_aus_der_einstellung(settings: Any) -> None:
    settings.KUNDENPORTAL_KATALOG_QUELLE = "tests.verdrahtung.test_katalog_quelle.quelle_aus_einstellung"
    assert verdrahtung.katalog_quelle() is QUELLE
    assert verdrahtung.katalog() is QUELLE.katalog


@pytest.mark.django_db          # request_finished schließt alte Datenbankverbindungen
def test_in_einer_anfrage_wird_die_generation_einmal_geprueft() -> None:
    from django.core.signals import request_finished, request_started

    quelle = Zaehlend(katalog_laden(CONTENT))
    verdrahtung.katalog_quelle_setzen(quelle)
    request_started.send(sender=None)
    try:
        for _ in range(5):
            verdrahtung.katalog()
        assert (quelle.gefragt, quelle.geladen) == (1, 1)
        quelle.stand = 2                       # neue Generation mitten in der Anfrage: gilt ab der nächsten
        verdrahtung.katalog()
        assert (quelle.gefragt, quelle.geladen) == (1, 1)
    finally:
        request_finished.send(sender=None)
    request_started.send(sender=None)
    try:
        verdrahtung.katalog()
        assert (quelle.gefragt, quelle.geladen) == (2, 2)
    finally:
        request_finished.send(sender=None)
    verdrahtung.katalog()
    verdrahtung.katalog()
    assert quelle.gefragt == 4                 # außerhalb einer Anfrage: je Aufruf


class Kaputt:
    def generation(self) -> str:
        return "kaputt:1"

    def laden(self) -> Katalog:
        raise OSError("Datenbank noch nicht erreichbar")


def test_vorwaermen_laedt_den_katalog_vor_der_ersten_anfrage() -> None:
    quelle = Zaehlend(QUELLE.katalog)
    verdrahtung.katalog_quelle_setzen(quelle)
    verdrahtung.vorwaermen()
    assert quelle.geladen == 1
    assert verdrahtung.katalog() is QUELLE.katalog and quelle.geladen == 1


def test_server_prozess_hat_nach_dem_start_die_url_tabelle_mit_allen_sichten(tmp_path: Path) -> None:
    """Ein gunicorn-Worker importiert kundenportal.wsgi: danach sind die URL-Tabelle und die Sichten geladen
    (nicht erst in der ersten Anfrage) — in einem eigenen Prozess, weil dieser die Tabelle längst kennt."""
    pruefung = ("import sys, kundenportal.wsgi\n"
                "from django.conf import settings\n"
                "print(settings.ROOT_URLCONF in sys.modules, 'kundenportal.gespraech.views' in sys.modules,"
                " 'kundenportal.api.app' in sys.modules)")
    umgebung = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "KUNDENPORTAL_KATALOG_QUELLE")}
    umgebung.update(KUNDENPORTAL_ENTWICKLUNG="1", KUNDENPORTAL_VAR=str(tmp_path), KUNDENPORTAL_VORWAERMEN="1",
                    DJANGO_SETTINGS_MODULE="kundenportal.conf.settings")     # Katalog aus content/, SQLite in tmp_path
    lauf = subprocess.run([sys.executable, "-c", pruefung], cwd=WURZEL, capture_output=True, text=True, timeout=120,
                          env=umgebung)
    assert lauf.returncode == 0, lauf.stderr[-2000:]
    assert lauf.stdout.split() == ["True", "True", "True"], lauf.stdout + lauf.stderr[-2000:]
    assert "Vorwärmen nicht möglich" not in lauf.stderr


def test_vorwaermen_scheitert_leise_dann_laedt_die_erste_anfrage(caplog: pytest.LogCaptureFixture) -> None:
    verdrahtung.katalog_quelle_setzen(Kaputt())
    verdrahtung.vorwaermen()                     # der Prozess startet trotzdem
    assert "Vorwärmen nicht möglich" in caplog.text
    verdrahtung.katalog_quelle_setzen(QUELLE)
    assert verdrahtung.katalog() is QUELLE.katalog


class JedesMalNeu:
    """Eine Quelle, die je Generation einen neuen Katalog lädt und keinen behält."""

    def __init__(self) -> None:
        self.stand = 1

    def generation(self) -> str:
        return f"neu:{self.stand}"

    def laden(self) -> Katalog:
        return katalog_laden(CONTENT)


@pytest.fixture
def aufgetaut() -> Iterator[None]:
    yield
    gc.unfreeze()


def test_startbestand_eingefroren_und_alter_katalog_geht_bei_neuer_generation(aufgetaut: None) -> None:
    """Der Server friert nach dem Vorwärmen ein, was lebt (wsgi.py): der Katalog ist dann nicht mehr in der
    zyklischen Müllsammlung. Eine neue Generation taut auf — der alte Katalog wird freigegeben, nicht für
    immer eingefroren —, und der neue ist wieder eingefroren."""
    quelle = JedesMalNeu()
    verdrahtung.katalog_quelle_setzen(quelle)
    alt = verdrahtung.katalog()
    verdrahtung.startbestand_einfrieren()
    assert gc.get_freeze_count() > 0
    assert not any(o is alt for o in gc.get_objects())       # eingefroren: die Sammlung geht es nicht mehr durch
    weg = weakref.ref(alt)
    del alt
    quelle.stand = 2
    neu = verdrahtung.katalog()
    assert weg() is None                                      # der alte Katalog ist freigegeben
    assert gc.get_freeze_count() > 0
    assert not any(o is neu for o in gc.get_objects())        # der neue ist eingefroren


class OhneDatenbank(Kaputt):
    """Eine Quelle, deren Datenbank beim Start nicht erreichbar ist."""

    def laden(self) -> Katalog:
        raise OperationalError("connection failed: Connection refused\n\tIs the server running on that host?")


def test_vorwaermen_ohne_datenbank_eine_zeile_mit_dem_grund(caplog: pytest.LogCaptureFixture) -> None:
    """Der Betrieb um 3 Uhr: startet ein Knoten vor seiner Datenbank, steht eine Zeile mit dem Grund im Protokoll,
    kein Traceback über 60 Zeilen."""
    verdrahtung.katalog_quelle_setzen(OhneDatenbank())
    try:
        with caplog.at_level(logging.WARNING, logger="kundenportal.start"):
            verdrahtung.vorwaermen()
    finally:
        verdrahtung.katalog_quelle_setzen(QUELLE)
    [zeile] = [r for r in caplog.records if r.name == "kundenportal.start"]
    assert zeile.getMessage() == ("Vorwärmen nicht möglich, die erste Anfrage lädt: Datenbank: connection failed: "
                                  "Connection refused")
    assert zeile.exc_info is None
