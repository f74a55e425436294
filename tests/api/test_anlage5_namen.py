"""Die API der Anlage 5 nennt die Spalten wie Seite und CSV (Bericht.spalten_namen): mit gewähltem Standort nach
ihm („Nürnberg vor dem 20.03.2020“), nicht nach seiner Vergleichsgruppe. Die Schlüssel in `werte` bleiben die der
Vergleichsgruppe (Vertrag mit den Clients); `spalten` ordnet jedem Schlüssel Gruppe, Zeit zur Weisung und Namen zu.
Das Schema beschreibt das Feld."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.fuehrung.demo import demo_kontakte_anlegen

pytestmark = pytest.mark.django_db
API = {"von": "2020-02-01", "bis": "2020-04-30"}
SEITE = {"von": "01.02.2020", "bis": "30.04.2020"}


@pytest.fixture
def demo(db: Any) -> int:
    return demo_kontakte_anlegen(anzahl=80, qs=False)


def _csv_spalten(antwort: Any) -> list[str]:
    zeilen = list(csv.reader(io.StringIO(antwort.content.decode("utf-8-sig")), delimiter=";"))
    kopf = next(z for z in zeilen if z[:2] == ["Kennzahl", "Einheit"])
    return kopf[2:-1:3]


@pytest.mark.parametrize(("standort", "erwartet"), [
    ("", [("Pilotstandorte vor dem 20.03.2020", "pilot", "vor", "Pilotstandorte vor dem 20.03.2020"),
          ("Pilotstandorte ab 20.03.2020", "pilot", "ab", "Pilotstandorte ab 20.03.2020"),
          ("Andere Standorte vor dem 20.03.2020", "andere", "vor", "Andere Standorte vor dem 20.03.2020"),
          ("Andere Standorte ab 20.03.2020", "andere", "ab", "Andere Standorte ab 20.03.2020")]),
    ("Nürnberg", [("Andere Standorte vor dem 20.03.2020", "andere", "vor", "Nürnberg vor dem 20.03.2020"),
                  ("Andere Standorte ab 20.03.2020", "andere", "ab", "Nürnberg ab 20.03.2020")]),
    ("Fürth", [("Pilotstandorte vor dem 20.03.2020", "pilot", "vor", "Fürth vor dem 20.03.2020"),
               ("Pilotstandorte ab 20.03.2020", "pilot", "ab", "Fürth ab 20.03.2020")]),
])
def test_spalten_heissen_wie_auf_seite_und_csv(demo: int, anmelden: Callable[..., Client], standort: str,
                                               erwartet: list[tuple[str, str, str, str]]) -> None:
    client = anmelden("teamleitung", standort="Nürnberg")
    api = client.get("/api/fuehrung/anlage5", {**API, "standort": standort}).json()
    assert [(s["schluessel"], s["gruppe"], s["phase"], s["name"]) for s in api["spalten"]] == erwartet
    # die Schlüssel der Werte bleiben die der Vergleichsgruppe, in derselben Reihenfolge wie `spalten`
    assert all(list(z["werte"]) == [s["schluessel"] for s in api["spalten"]] for z in api["kennzahlen"])
    # die Namen sind die der CSV (und damit der Seite: tests/fuehrung/test_anlage5_standort_api.py)
    csv_spalten = _csv_spalten(client.get("/fuehrung/anlage-5/", {**SEITE, "standort": standort, "format": "csv"}))
    assert [s["name"] for s in api["spalten"]] == csv_spalten


def test_schema_beschreibt_die_spalten(anmelden: Callable[..., Client]) -> None:
    schema = anmelden("teamleitung").get("/api/schema/").json()
    schemas = schema["components"]["schemas"]
    antwort = schemas["Anlage5Antwort"]
    assert "spalten" in antwort["required"] and "wie auf der Seite" in antwort["properties"]["spalten"]["description"]
    spalte = schemas["Spalte"]
    assert set(spalte["required"]) == {"schluessel", "gruppe", "phase", "name"}
    assert all(p.get("description") for p in spalte["properties"].values())
    # die bisherigen Felder bleiben (keine Änderung für Clients)
    assert {"von", "bis", "standort", "gruppe", "phase", "kennzahlen", "je_anliegen",
            "email_rueckstand_mails"} <= set(antwort["properties"])
    assert set(schemas["KennzahlZeile"]["properties"]) == {"kennzahl", "titel", "einheit", "werte", "hinweis"}
