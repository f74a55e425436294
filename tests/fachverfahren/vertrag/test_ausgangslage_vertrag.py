"""Ausgangslage und Zustand (die Sprache der Szenarien): Referenz und Zwilling lesen dieselbe
Ausgangslage gleich ein und geben denselben Zustand zurück; Fehler nennen den Pfad."""

from __future__ import annotations

from typing import Any

import pytest

from kundenportal.fachverfahren.ausgangslage import AusgangslageFehler
from kundenportal.fachverfahren.speicher import SpeicherSysteme
from kundenportal.leitfaden.standorte import standorte_laden
from tests.conftest import CONTENT

LAGE: dict[str, Any] = {
    "kunde": {"kundennummer": "955A810001", "vorname": "Jana", "nachname": "Roth", "geburtsdatum": "1980-02-29",
              "wohnort_agentur": "Köln", "betreuung": "reha_beratung", "status": "arbeitslos",
              "online_asu": "abgeschlossen", "email": "jana.roth@example.org"},
    "verbis": {"fuehrerscheine": ["B"], "sprachkenntnisse": [{"sprache": "Englisch", "niveau": "B2"}]},
    "termine": [{"id": "T1", "bereich": "av", "beginn": "2020-04-16T10:00", "agentur": "Köln"},
                {"id": "T2", "bereich": "reha_beratung", "beginn": "2020-04-02T09:30", "agentur": "Köln",
                 "status": "abgesagt"}],
    "step": {"konto": True, "sicherheitsstufe": "eid"},
    "colibri": {"alg_bezug": True},
    "kiwi": {"kindergeldnummer": "123FK9", "familienkasse": "Köln",
             "kinder": [{"id": "K2", "vorname": "Mia", "geburtsdatum": "2010-05-01"}, {"id": "K1", "vorname": "Ben"}]},
    "aufgaben": [{"an": "os_algplus", "betreff": "Regelaltersrente"}],
}


def _speicher() -> SpeicherSysteme:
    return SpeicherSysteme(standorte_laden(CONTENT / "standorte.yaml"))


@pytest.mark.django_db
def test_referenz_und_zwilling_geben_denselben_zustand() -> None:
    from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden, zustand_lesen

    assert ausgangslage_laden(LAGE) == "955A810001"
    speicher = _speicher()
    assert speicher.ausgangslage_laden(LAGE) == "955A810001"
    referenz, zwilling = zustand_lesen("955A810001"), speicher.zustand_lesen("955A810001")
    for z in (referenz, zwilling):
        for a in z["aufgaben"]:
            a.pop("id")                       # Schlüssel der Datenbank
    assert zwilling == referenz
    assert zwilling["kunde"]["email"] == "jana.roth@example.org"
    assert [k["id"] for k in zwilling["kiwi"]["kinder"]] == ["K1", "K2"]


@pytest.mark.parametrize(("lage", "meldung"), [
    ({"kunde": {"vorname": "X"}}, "ausgangslage.kunde.kundennummer: Pflichtfeld fehlt"),
    ({"kunde": {"kundennummer": "1", "haarfarbe": "rot"}}, "ausgangslage.kunde.haarfarbe: unbekanntes Feld"),
    ({"termine": [{"id": "T1"}]}, "ausgangslage.termine[0].beginn:"),
    ({"kiwi": {"kinder": [{"id": "K1", "geburtsdatum": "gestern"}]}}, "kein Datum: 'gestern'"),
])
def test_fehler_nennen_den_pfad(lage: dict[str, Any], meldung: str) -> None:
    with pytest.raises(AusgangslageFehler, match=meldung.replace("[", r"\[").replace("]", r"\]")):
        _speicher().ausgangslage_laden(lage)


def test_isoliert_beginnt_leer_und_stellt_den_zustand_wieder_her() -> None:
    speicher = _speicher()
    speicher.ausgangslage_laden(LAGE)
    with speicher.isoliert():
        assert speicher.systeme().verbis.kunde("955A810001") is None
        speicher.ausgangslage_laden({"kunde": {"kundennummer": "955A810002", "wohnort_agentur": "Köln"}})
    assert speicher.systeme().verbis.kunde("955A810001") is not None
    assert speicher.systeme().verbis.kunde("955A810002") is None
