"""Ein vergangenes „Gültig ab“ im Entwurf ist ein eigener Befund an seiner Zeile — keine „Überlappung“ mit einer
anderen Fassung, die nur aus dem vergangenen Datum entsteht. Eine echte Überlappung bleibt ein Befund. Der
veröffentlichte Katalog (historische Fassungen mit vergangenen Daten) bleibt ohne Befund."""

from __future__ import annotations

from typing import Any

import pytest

from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.pruefen import katalog_pruefen
from kundenportal.redaktion.pruefung import entwurf_pruefen
from tests.conftest import CONTENT

ORDNER = "leitfaeden/sc/3.307"
V2 = "content/leitfaeden/sc/3.307/2020-03-20.yaml"      # gültig ab 20.03.2020, unbefristet


def _entwurf(stand: str, gueltig_ab: str) -> str:
    text = (CONTENT / ORDNER / "2020-03-20.yaml").read_text(encoding="utf-8")
    return text.replace("stand: 2020-03-20\ngueltig_ab: 2020-03-20", f"stand: {stand}\ngueltig_ab: {gueltig_ab}")


def _befunde(katalog: Katalog, text: str) -> list[str]:
    return [str(b) for b in entwurf_pruefen(katalog, "SC 3.307", ORDNER, text).befunde]


@pytest.mark.parametrize(("gueltig_ab", "datum"), [("2019-06-01", "01.06.2019"), ("2020-02-01", "01.02.2020")])
def test_ein_vergangenes_gueltig_ab_vor_anderen_fassungen_ist_kein_ueberlappen(
        katalog: Katalog, settings: Any, gueltig_ab: str, datum: str) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-07"
    assert _befunde(katalog, _entwurf("2026-12-07", gueltig_ab)) == [
        f"content/leitfaeden/sc/3.307/2026-12-07.yaml:5: gueltig_ab: „Gültig ab“ ({datum}) liegt in der "
        "Vergangenheit: eine neue Fassung kann nicht rückwirkend gelten — „Gültig ab“ auf heute (07.12.2026) oder einen "
        "späteren Tag setzen"]


@pytest.mark.parametrize("gueltig_ab", ["2026-12-07", "2027-01-01"])
def test_ein_gueltig_ab_ab_heute_ist_ohne_befund(katalog: Katalog, settings: Any, gueltig_ab: str) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-07"
    assert _befunde(katalog, _entwurf("2026-12-07", gueltig_ab)) == []


def test_eine_echte_ueberlappung_bleibt_ein_befund(katalog: Katalog, settings: Any) -> None:
    """Heute ist der 01.02.2020: ein Entwurf ab heute ohne Ende überlappt die ab 20.03.2020 geplante Fassung."""
    settings.KUNDENPORTAL_STICHTAG = "2020-02-01"
    ueberlappung = ("content/leitfaeden/sc/3.307/2020-02-01.yaml:5: gueltig_bis: Der Entwurf gilt ohne „Gültig bis“ auch "
                    "ab dem 20.03.2020, dem ersten Tag von SC 3.307, Stand 20.03.2020 (gilt ab 20.03.2020): ab dann "
                    "gilt sie (neuerer Stand), nicht der Entwurf — „Gültig bis“ auf 19.03.2020 setzen.")
    assert _befunde(katalog, _entwurf("2020-02-01", "2020-02-01")) == [ueberlappung]


def test_ein_vergangenes_gueltig_ab_mit_echter_ueberlappung_nennt_beides(katalog: Katalog, settings: Any) -> None:
    """Heute ist der 10.02.2020; auch ab heute überlappt der Entwurf die geplante Fassung: beides ist ein Befund."""
    settings.KUNDENPORTAL_STICHTAG = "2020-02-10"
    assert _befunde(katalog, _entwurf("2020-02-01", "2020-01-15")) == [
        "content/leitfaeden/sc/3.307/2020-02-01.yaml:5: gueltig_ab: „Gültig ab“ (15.01.2020) liegt in der "
        "Vergangenheit: eine neue Fassung kann nicht rückwirkend gelten — „Gültig ab“ auf heute (10.02.2020) oder "
        "einen späteren Tag setzen",
        "content/leitfaeden/sc/3.307/2020-02-01.yaml:5: gueltig_bis: Der Entwurf gilt ohne „Gültig bis“ auch ab dem "
        "20.03.2020, dem ersten Tag von SC 3.307, Stand 20.03.2020 (gilt ab 20.03.2020): ab dann gilt sie (neuerer "
        "Stand), nicht der Entwurf — „Gültig bis“ auf 19.03.2020 setzen."]


def test_der_veroeffentlichte_katalog_mit_vergangenen_daten_bleibt_ohne_befund(katalog: Katalog, settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-07"
    assert katalog_pruefen(katalog) == []
