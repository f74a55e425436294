"""Abgeschlossene Kontakte für die Qualitätssicherung: Identität bestätigt (Termin gebucht) oder nicht."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kundenportal.gespraech import services
from kundenportal.gespraech.models import Kontakt


@pytest.fixture
def kontakt_abschliessen(benutzer: Callable[..., Any], kunde: str) -> Callable[..., Kontakt]:
    """Führt einen Kontakt nach SC 3.003: `identitaet` ja → Termin vereinbaren und buchen, nein → Abbruch."""
    agenten: dict[str, Any] = {}

    def fuehren(identitaet: bool = True, standort: str = "Nürnberg", vermerk: str | None = None) -> Kontakt:
        agent = agenten.get(standort) or agenten.setdefault(
            standort, benutzer("agent_sc3", f"agent-{standort}", standort=standort))
        k = services.kontakt_starten(agent, "SC 3.003", kunde)
        ansicht = services.kontakt_beantworten(agent, k, "identitaet_geprueft", "ja" if identitaet else "nein")
        if identitaet:
            ansicht = services.kontakt_beantworten(agent, k, "terminanliegen", "vereinbaren")
            ansicht = services.kontakt_beantworten(agent, k, "wunschtermin", ansicht.optionen[0].wert)
            ansicht = services.kontakt_bestaetigen(agent, k, None)     # Bestätigungsschritt vor der Buchung
        return services.kontakt_abschliessen(agent, k, vermerk if vermerk is not None else
                                             f"{ansicht.vermerk}\nKundin Erika Mustermann ({kunde}) informiert.")
    return fuehren
