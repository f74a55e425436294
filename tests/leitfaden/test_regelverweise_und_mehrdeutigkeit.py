"""Regelverweise (`regel:`) nennen einen Punkt der Weisung ihrer Fassung; zwei Fassungen, von denen die neuere die
ältere an jedem Tag und jedem Standort verdeckt, sind mehrdeutig — beides meldet die Prüfung am Feld des Schritts
bzw. an „gueltig_ab“, mit Datei:Zeile (leitfaden/pruefungen/regelverweise.py, zeitachse.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kundenportal.leitfaden.laden import katalog_laden
from kundenportal.leitfaden.pruefen import katalog_pruefen
from tests.leitfaden.conftest import KOPF
from tests.leitfaden.test_laden_und_pruefen import GUT

Anlegen = Callable[[dict[str, str]], Path]
WEISUNG = """nummer: "202612001"
titel: "Neue Weisung"
datum: 2026-12-01
gueltig_ab: 2027-01-01
regeln:
  - punkt: "2.1"
    titel: "Erste Regel"
    umsetzung: []
"""


def _befunde(anlegen: Anlegen, dateien: dict[str, str]) -> list[str]:
    wurzel = anlegen({"leitfaeden/sc/9.001/leitfaden.yaml": KOPF, "weisungen/202612001.yaml": WEISUNG, **dateien})
    return [str(b) for b in katalog_pruefen(katalog_laden(wurzel))]


def _mit_regel(regel: str) -> str:
    return (GUT.replace('weisung: "202003006"', 'weisung: "202612001"').replace("2020-03-20", "2027-01-01")
            .replace("    fakt: identitaet_geprueft\n", f"    fakt: identitaet_geprueft\n    regel: \"{regel}\"\n"))


def test_regelverweis_ohne_punkt_einer_weisung_ist_ein_befund_am_schritt(content_kopie: Anlegen) -> None:
    assert _befunde(content_kopie, {"leitfaeden/sc/9.001/2027-01-01.yaml": _mit_regel("1")}) == [
        "content/leitfaeden/sc/9.001/2027-01-01.yaml:6: schritte.frage.regel: Regelverweis „1“ nennt keinen Punkt "
        "einer Weisung: einen Punkt der Weisung 202612001 eintragen (Form wie „2.1“ oder „2.2 a) 6“; vorhanden: 2.1)"]


def test_regelverweis_auf_einen_punkt_den_die_weisung_nicht_hat(content_kopie: Anlegen) -> None:
    assert _befunde(content_kopie, {"leitfaeden/sc/9.001/2027-01-01.yaml": _mit_regel("2.2 a) 6")}) == [
        "content/leitfaeden/sc/9.001/2027-01-01.yaml:6: schritte.frage.regel: Regelverweis „2.2 a) 6“: die Weisung "
        "202612001 hat keinen Punkt 2.2 a) 6 (vorhanden: 2.1) — einen vorhandenen Punkt eintragen oder den Punkt in "
        "der Weisung ergänzen"]


def test_regelverweis_auf_einen_vorhandenen_punkt_ist_in_ordnung(content_kopie: Anlegen) -> None:
    assert _befunde(content_kopie, {"leitfaeden/sc/9.001/2027-01-01.yaml": _mit_regel("2.1")}) == []


def test_inhalt_des_projekts_hat_keine_unbekannten_regelverweise() -> None:
    """content/ prüft sauber — bis auf die gemeldete Altlast (regelverweise.ALTLAST), die nur genau ihre sechs
    Schritte betrifft."""
    from kundenportal.leitfaden.pruefungen.regelverweise import ALTLAST
    from tests.conftest import CONTENT

    katalog = katalog_laden(CONTENT)
    assert katalog_pruefen(katalog) == []
    assert len(ALTLAST) == 6 and all(katalog.fassung(f).schritt(s).regel == "2.1" for f, s in ALTLAST)


def _fassung(stand: str, ab: str, bereich: str = "") -> str:
    return GUT.replace("stand: 2020-03-20", f"stand: {stand}").replace(
        "gueltig_ab: 2020-03-20", f"gueltig_ab: {ab}" + (f"\ngeltungsbereich: {bereich}" if bereich else ""))


def test_neuere_fassung_mit_demselben_gueltig_ab_an_denselben_standorten_ist_mehrdeutig(content_kopie: Anlegen) -> None:
    nuernberg = "{verbuende: [nuernberg]}"
    befunde = _befunde(content_kopie, {
        "leitfaeden/sc/9.001/2020-03-20.yaml": _fassung("2020-03-20", "2020-03-20"),
        "leitfaeden/sc/9.001/2026-12-01.yaml": _fassung("2026-12-01", "2027-01-01", nuernberg),
        "leitfaeden/sc/9.001/2027-03-01.yaml": _fassung("2027-03-01", "2027-01-01", nuernberg)})
    assert befunde == [
        "content/leitfaeden/sc/9.001/2027-03-01.yaml:1: gueltig_ab: gilt ab 01.01.2027 an denselben Standorten wie "
        "SC 9.001, Stand 01.12.2026 (gültig ab 01.01.2027): der neuere Stand gewinnt an jedem Tag, die ältere "
        "Fassung gälte nie — unklar, welche gelten soll. gueltig_ab nach dem 01.01.2027 setzen (dann löst diese "
        "Fassung die ältere ab) oder die ältere zurückrufen"]


def test_abloesung_und_andere_standorte_sind_nicht_mehrdeutig(content_kopie: Anlegen) -> None:
    befunde = _befunde(content_kopie, {
        "leitfaeden/sc/9.001/2020-03-20.yaml": _fassung("2020-03-20", "2020-03-20"),
        # später beginnend: löst ab (die ältere gilt bis dahin)
        "leitfaeden/sc/9.001/2026-12-01.yaml": _fassung("2026-12-01", "2027-01-01", "{verbuende: [nuernberg]}"),
        "leitfaeden/sc/9.001/2027-03-01.yaml": _fassung("2027-03-01", "2027-02-01", "{verbuende: [nuernberg]}"),
        # derselbe Tag, aber nur ein Teil der Standorte der älteren: dort gilt die ältere weiter
        "leitfaeden/sc/9.001/2027-04-01.yaml": _fassung("2027-04-01", "2027-02-01", '{agenturen: ["Nürnberg"]}')})
    assert befunde == []
