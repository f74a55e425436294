"""Eine Korrektur ist eine neue Fassung; die gesiegelte Vorgängerin darf nur `gueltig_bis` erhalten
(house style, Gewohnheit 6; docs/leitfaden-format.md)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from kundenportal.leitfaden.laden import katalog_laden
from kundenportal.leitfaden.pruefen import katalog_pruefen
from tests.leitfaden.conftest import KOPF
from tests.leitfaden.test_laden_und_pruefen import GUT

Anlegen = Callable[[dict[str, str]], Path]


def _korrektur(alt: str) -> str:
    return alt.replace("stand: 2020-03-20\ngueltig_ab: 2020-03-20", "stand: 2020-03-23\ngueltig_ab: 2020-03-23")


def test_gesiegelte_vorgaengerin_erhaelt_gueltig_bis_ohne_befund(content_kopie: Anlegen) -> None:
    siegel = hashlib.sha256(GUT.encode()).hexdigest()
    beendet = GUT.replace("gueltig_ab: 2020-03-20\n", "gueltig_ab: 2020-03-20\ngueltig_bis: 2020-03-22\n")
    wurzel = content_kopie({"leitfaeden/sc/9.001/leitfaden.yaml": KOPF, "leitfaeden/sc/9.001/2020-03-20.yaml": beendet,
                            "leitfaeden/sc/9.001/2020-03-23.yaml": _korrektur(GUT),
                            "veroeffentlicht.yaml": f'"SC 9.001@2020-03-20": {siegel}\n'})
    assert katalog_pruefen(katalog_laden(wurzel)) == []


def test_andere_aenderung_neben_gueltig_bis_bleibt_ein_befund(content_kopie: Anlegen) -> None:
    siegel = hashlib.sha256(GUT.encode()).hexdigest()
    geaendert = GUT.replace("gueltig_ab: 2020-03-20\n", "gueltig_ab: 2020-03-20\ngueltig_bis: 2020-03-22\n").replace(
        "auskunft_erteilt", "termin_bleibt")
    wurzel = content_kopie({"leitfaeden/sc/9.001/leitfaden.yaml": KOPF, "leitfaeden/sc/9.001/2020-03-20.yaml": geaendert,
                            "leitfaeden/sc/9.001/2020-03-23.yaml": _korrektur(GUT),
                            "veroeffentlicht.yaml": f'"SC 9.001@2020-03-20": {siegel}\n'})
    befunde = [str(b) for b in katalog_pruefen(katalog_laden(wurzel))]
    assert len(befunde) == 1
    assert "veröffentlichte Fassung SC 9.001@2020-03-20 wurde geändert" in befunde[0]
