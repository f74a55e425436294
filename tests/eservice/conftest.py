from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from kundenportal.eservice.services import kundenkonto_anlegen
from kundenportal.eservice.zugang import SITZUNG_KUNDE
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.fachverfahren.registry import systeme

BERLIN = ZoneInfo("Europe/Berlin")
PASSWORT = "Geheim-2020!"


def kunde_anlegen(kundennummer: str = "955A100002", *, online_asu: str = "abgeschlossen",
                  wohnort: str = "Köln", stufe: str = "basis") -> str:
    ausgangslage_laden({"kunde": {"kundennummer": kundennummer, "vorname": "Aylin", "nachname": "Demir",
                                  "wohnort_agentur": wohnort, "online_asu": online_asu},
                        "step": {"konto": True, "sicherheitsstufe": stufe}})
    kundenkonto_anlegen(kundennummer, PASSWORT)
    return kundennummer


def termin_buchen(kundennummer: str, beginn: str, kalender: str = "Köln/av") -> str:
    zeitpunkt = dt.datetime.fromisoformat(beginn).replace(tzinfo=BERLIN)
    agentur, _, bereich = kalender.partition("/")
    return systeme().atv.termin_buchen(kundennummer, bereich, agentur, zeitpunkt, kalender, "test").id


@pytest.fixture(name="kunde_anlegen")
def _kunde_anlegen_fixture(db: None) -> object:
    return kunde_anlegen


@pytest.fixture(name="termin_buchen")
def _termin_buchen_fixture(db: None) -> object:
    return termin_buchen


@pytest.fixture
def passwort() -> str:
    return PASSWORT


@pytest.fixture
def stichtag(settings: pytest.FixtureRequest) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"  # type: ignore[attr-defined]


@pytest.fixture
def kunde(db: None, stichtag: None) -> str:
    return kunde_anlegen()


@pytest.fixture
def angemeldet(client: Client, kunde: str) -> Client:
    sitzung = client.session
    sitzung[SITZUNG_KUNDE] = kunde
    sitzung.save()
    return client
