"""Pseudonymisierung freier Texte, geprüft an einem Korpus (tests/qs/korpus_pseudonym.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from kundenportal.qs.pseudonym import pseudonymisieren

KORPUS: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "korpus_pseudonym.yaml").read_text("utf-8"))


@pytest.mark.parametrize("eintrag", KORPUS, ids=[str(i) for i in range(len(KORPUS))])
def test_kein_personenbezug_bleibt_stehen(eintrag: dict[str, Any]) -> None:
    ergebnis = pseudonymisieren(eintrag["text"], eintrag.get("namen", []))
    for verboten in eintrag["verboten"]:
        assert verboten.casefold() not in ergebnis.casefold(), (verboten, ergebnis)
    for bleibt in eintrag.get("bleibt", []):
        assert bleibt in ergebnis, (bleibt, ergebnis)


def test_platzhalter_sagen_was_ersetzt_wurde() -> None:
    assert pseudonymisieren("Erika Mustermann, 955A100001, Tel. 0911/123456", ["Erika", "Mustermann"]) == (
        "[Name] [Name], [Kundennummer], Tel. [Telefon]")
