"""Format `ohne_schritt` eines Regelpunkts (content/weisungen/*.yaml): eine Begründung, warum kein Schritt den Punkt
umsetzt. Der Lader meldet falsche Werte und den Widerspruch zu einer Umsetzung mit Schritten mit Datei:Zeile und Feld;
ohne das Feld bleibt alles wie bisher ("")."""

from __future__ import annotations

import datetime as dt

import pytest

from kundenportal.leitfaden.fehler import Befund
from kundenportal.leitfaden.katalog import Katalog, Regel, Umsetzung, Weisung
from kundenportal.leitfaden.laden import weisung_aus_text
from kundenportal.leitfaden.weisung import regelspur
from kundenportal.redaktion import neue_weisung

DATEI = "content/weisungen/202612001.yaml"
KOPF = """nummer: "202612001"
titel: "Insolvenzgeld"
datum: 2026-12-01
gueltig_ab: 2027-01-01
regeln:
  - punkt: "2.1"
    titel: "Online-Antrag"
    umsetzung: [{leitfaden: "SC 3.307", schritte: ["erhoehung"]}]
  - punkt: "2.2"
    titel: "Meldung an die Teamleitung"
"""


def _laden(zusatz: str) -> tuple[Weisung | None, list[Befund]]:
    befunde: list[Befund] = []
    return weisung_aus_text(KOPF + zusatz, DATEI, befunde), befunde


def test_begruendung_wird_gelesen_und_getrimmt() -> None:
    w, befunde = _laden('    ohne_schritt: "  Meldepflicht der Teamleitung, nicht Teil des Gesprächs "\n'
                        "    umsetzung: []\n")
    assert befunde == [] and w is not None
    assert [(r.punkt, r.ohne_schritt) for r in w.regeln] == [
        ("2.1", ""), ("2.2", "Meldepflicht der Teamleitung, nicht Teil des Gesprächs")]


def test_ohne_feld_rueckwaertskompatibel() -> None:
    assert Regel("2.1", "t", ()).ohne_schritt == ""
    w, befunde = _laden("    umsetzung: []\n")
    assert befunde == [] and w is not None and all(r.ohne_schritt == "" for r in w.regeln)


@pytest.mark.parametrize("wert", ['""', '"   "', "42", "[Meldepflicht]", "null", "{grund: x}"])
def test_leer_oder_kein_text_ist_ein_befund_mit_zeile_und_feld(wert: str) -> None:
    _, befunde = _laden(f"    ohne_schritt: {wert}\n")
    assert len(befunde) == 1
    b = befunde[0]
    assert (b.datei, b.zeile, b.feld) == (DATEI, 11, "ohne_schritt")
    assert "Punkt 2.2" in b.meldung and "Begründung als Text" in b.meldung
    assert str(b).startswith(f"{DATEI}:11: ohne_schritt: Punkt 2.2:")


def test_widerspruch_zur_umsetzung_mit_schritten() -> None:
    text = KOPF.replace('    umsetzung: [{leitfaden: "SC 3.307", schritte: ["erhoehung"]}]\n',
                        '    ohne_schritt: "organisatorisch"\n'
                        '    umsetzung: [{leitfaden: "SC 3.307", schritte: ["erhoehung"]}]\n')
    befunde: list[Befund] = []
    weisung_aus_text(text, DATEI, befunde)
    assert [(b.zeile, b.feld) for b in befunde] == [(8, "ohne_schritt")]
    assert "Punkt 2.1" in befunde[0].meldung and "widerspricht" in befunde[0].meldung


def test_umsetzung_ohne_schritte_widerspricht_nicht() -> None:
    w, befunde = _laden('    ohne_schritt: "organisatorisch"\n    umsetzung: [{leitfaden: "SC 3.307", schritte: []}]\n')
    assert befunde == [] and w is not None and w.regeln[1].ohne_schritt == "organisatorisch"


def test_katalog_weisung_unveraendert(katalog: Katalog) -> None:
    w = katalog.weisungen["202003006"]
    assert w.regeln and all(r.ohne_schritt == "" for r in w.regeln)


def test_cli_regelspur_nennt_die_begruendung() -> None:
    w = Weisung("202612001", "t", dt.date(2026, 12, 1), dt.date(2027, 1, 1), DATEI,
                regeln=[Regel("2.1", "Meldung", (), ohne_schritt="Meldepflicht"),
                        Regel("2.2", "Offen", ())])
    katalog = type("K", (), {"weisungen": {w.nummer: w}})()
    text = regelspur(katalog, w.nummer, [])  # type: ignore[arg-type]
    assert "Kein Schritt nötig: Meldepflicht" in text and "(noch keinem Schritt zugeordnet)" in text


ANGABEN = {"titel": "Insolvenzgeld", "datum": "2026-12-01", "gueltig_ab": "2027-01-01",
           "regeln": [{"punkt": "2.1", "titel": "Online-Antrag"},
                      {"punkt": "2.2", "titel": "Meldung", "ohne_schritt": "Meldepflicht der Teamleitung"}]}


def test_browser_angaben_werden_zu_yaml_mit_ohne_schritt() -> None:
    text = neue_weisung.weisung_yaml("202612001", ANGABEN)
    assert 'ohne_schritt: "Meldepflicht der Teamleitung"' in text
    w = neue_weisung.weisung_lesen("202612001", ANGABEN)
    assert w is not None and [r.ohne_schritt for r in w.regeln] == ["", "Meldepflicht der Teamleitung"]


def test_setzt_doch_ein_schritt_den_punkt_um_entfaellt_die_begruendung_beim_veroeffentlichen() -> None:
    """Sonst widerspräche sich die veröffentlichte Weisung, und der Katalog ließe sich nicht mehr laden."""
    umsetzung: neue_weisung.Umsetzung = {"2.1": [("SC 3.307", ["erhoehung"])], "2.2": [("SC 3.307", ["stufe"])]}
    text = neue_weisung.weisung_yaml("202612001", ANGABEN, umsetzung)
    befunde: list[Befund] = []
    w = weisung_aus_text(text, DATEI, befunde)
    assert "ohne_schritt" not in text and befunde == [] and w is not None
    assert w.regeln[1].umsetzung == (Umsetzung("SC 3.307", ("stufe",)),)


def test_daten_speichert_nur_eine_angegebene_begruendung() -> None:
    d = neue_weisung.daten(titel="t", datum=dt.date(2026, 12, 1), gueltig_ab=dt.date(2027, 1, 1),
                           regeln=[{"punkt": "2.1", "titel": "a", "ohne_schritt": "  "},
                                   {"punkt": "2.2", "titel": "b", "ohne_schritt": " Meldepflicht "}])
    assert d["regeln"] == [{"punkt": "2.1", "titel": "a"},
                           {"punkt": "2.2", "titel": "b", "ohne_schritt": "Meldepflicht"}]
