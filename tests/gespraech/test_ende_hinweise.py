"""Ein Hinweis direkt vor dem Ende eines Leitfadens (FK 4.406 „Sachstand“: „Geben Sie den Bearbeitungsstand aus
KIWI bekannt …“) steht auf der Abschlussseite wie mitten im Gespräch als „Im Gespräch:“ — nicht nur grau im
bisherigen Weg, wo ihn die Agentin am Telefon übersieht."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.gespraech import services

pytestmark = pytest.mark.django_db
ANTWORTEN = {"identitaet_geprueft": "ja", "oeffentlicher_dienst": "ja", "oed_zustaendigkeit": "ba",
             "oed_anliegen": "sachstand"}


def test_hinweis_vor_dem_ende_steht_auf_der_abschlussseite(benutzer: Callable[..., Any], client: Client) -> None:
    ausgangslage_laden({"kunde": {"kundennummer": "955F000088", "vorname": "Dimitri", "nachname": "Lang",
                                  "wohnort_agentur": "Nürnberg"},
                        "kiwi": {"kindergeldnummer": "123FK88", "familienkasse": "Nürnberg",
                                 "kinder": [{"id": "K1", "vorname": "Mia", "geburtsdatum": "2014-04-09"}]}})
    agent = benutzer("agent_scfk", "fk-ende")
    k = services.kontakt_starten(agent, "FK 4.406", "955F000088")
    ansicht = services.kontakt_stand(agent, k)
    for _ in range(20):
        if ansicht.art == "frage":
            ansicht = services.kontakt_beantworten(agent, k, ansicht.fakt, ANTWORTEN[ansicht.fakt])
        elif ansicht.art == "bestaetigung":
            ansicht = services.kontakt_bestaetigen(agent, k, None)
        else:
            break
    assert ansicht.art == "ende"
    client.force_login(agent)
    seite = client.get(f"/kontakt/{k.pk}/").content.decode()
    assert "<strong>Im Gespräch:</strong> Fälle des öffentlichen Dienstes prüft die Familienkasse Direktion" in seite
