"""Datensparsamkeit nach Rechtskreis: eine Rolle sieht Kundendaten nur aus den Fachverfahren ihres
Bereichs (Sozialdatenschutz, § 35 SGB I) — und liest die anderen gar nicht erst."""

from __future__ import annotations

from typing import Any

import pytest

from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.gespraech import services

pytestmark = pytest.mark.django_db
NUMMER = "955K000001"


@pytest.fixture
def kunde_mit_allem(db: Any) -> str:
    ausgangslage_laden({
        "kunde": {"kundennummer": NUMMER, "vorname": "Ida", "nachname": "Kraus", "geburtsdatum": "1985-01-01",
                  "wohnort_agentur": "Köln", "status": "arbeitslos"},
        "verbis": {"fuehrerscheine": ["B"], "stellengesuch": "Lager"},
        "step": {"sicherheitsstufe": "eid"}, "colibri": {"alg_bezug": True},
        "kiwi": {"kindergeldnummer": "123FK9", "familienkasse": "Köln", "kinder": [{"id": "K1", "vorname": "Mo"}]}})
    return NUMMER


def test_service_center_sgb_iii_sieht_kein_kindergeld(benutzer: Any, kunde_mit_allem: str) -> None:
    daten, _ = services.kundenhistorie_lesen(benutzer("agent_sc3"), kunde_mit_allem)
    assert daten is not None
    assert (daten.sicherheitsstufe, daten.alg_bezug) == ("eid", True)
    assert daten.profil is not None and daten.profil.fuehrerscheine == ["B"]
    assert daten.kiwi is None


def test_familienkasse_sieht_kein_alg_keine_stufe_und_kein_profil(benutzer: Any, kunde_mit_allem: str) -> None:
    daten, _ = services.kundenhistorie_lesen(benutzer("agent_scfk"), kunde_mit_allem)
    assert daten is not None and daten.kiwi is not None and daten.kiwi.kindergeldnummer == "123FK9"
    assert (daten.sicherheitsstufe, daten.alg_bezug, daten.profil) == (None, None, None)
