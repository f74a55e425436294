from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from kundenportal import zeit
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.konten.services import benutzer_anlegen

KUNDENNUMMER = "955T000001"


@pytest.fixture
def benutzer(db: Any) -> Callable[..., Any]:
    def anlegen(rolle: str, name: str = "", standort: str = "Nürnberg") -> Any:
        return benutzer_anlegen(name or f"t-{rolle}", "geheim-123", [rolle] if rolle else [], standort=standort)
    return anlegen


@pytest.fixture
def kunde(db: Any) -> str:
    """Ein Kunde in Nürnberg mit einem geplanten Termin in fünf Tagen und ALG-Bezug."""
    tag = zeit.heute() + dt.timedelta(days=5)
    ausgangslage_laden({
        "kunde": {"kundennummer": KUNDENNUMMER, "vorname": "Erika", "nachname": "Mustermann",
                  "geburtsdatum": "1980-02-03", "wohnort_agentur": "Nürnberg", "betreuung": "av",
                  "status": "arbeitslos"},
        "termine": [{"id": "T-1", "bereich": "av", "beginn": f"{tag.isoformat()}T09:00", "agentur": "Nürnberg"}],
        "step": {"sicherheitsstufe": "basis"},
        "colibri": {"alg_bezug": True},
    })
    return KUNDENNUMMER
