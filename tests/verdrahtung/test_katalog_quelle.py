"""Die Katalogquelle der Wurzel: austauschbar (Einstellung oder Registrierung), mit billiger
Generationsprüfung je Aufruf; neu geladen wird nur bei einer neuen Generation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kundenportal import verdrahtung
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.laden import katalog_laden
from kundenportal.verdrahtung import DateiKatalog
from tests.conftest import CONTENT


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


def test_neue_generation_laedt_neu_und_meldet_es() -> None:
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


def test_vorwaermen_scheitert_leise_dann_laedt_die_erste_anfrage(caplog: pytest.LogCaptureFixture) -> None:
    verdrahtung.katalog_quelle_setzen(Kaputt())
    verdrahtung.vorwaermen()                     # der Prozess startet trotzdem
    assert "Vorwärmen nicht möglich" in caplog.text
    verdrahtung.katalog_quelle_setzen(QUELLE)
    assert verdrahtung.katalog() is QUELLE.katalog
