"""Loader und statische Prüfungen: jeder Fehler mit Datei:Zeile und Feld."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kundenportal.leitfaden.fehler import KatalogFehler
from kundenportal.leitfaden.laden import katalog_laden
from kundenportal.leitfaden.pruefen import katalog_pruefen
from tests.leitfaden.conftest import KOPF

Anlegen = Callable[[dict[str, str]], Path]

GUT = """stand: 2020-03-20
gueltig_ab: 2020-03-20
weisung: "202003006"
start: frage
schritte:
  - id: frage
    art: frage
    fakt: identitaet_geprueft
    je_antwort: {ja: ende_ok, nein: ende_abbruch}
  - id: ende_ok
    art: ende
    ergebnis: auskunft_erteilt
  - id: ende_abbruch
    art: ende
    ergebnis: abbruch_identitaet
"""


def _befunde(anlegen: Anlegen, text: str, weitere: dict[str, str] | None = None) -> list[str]:
    wurzel = anlegen({"leitfaeden/sc/9.001/leitfaden.yaml": KOPF, "leitfaeden/sc/9.001/2020-03-20.yaml": text,
                      **(weitere or {})})
    try:
        katalog = katalog_laden(wurzel)
    except KatalogFehler as fehler:
        return [str(b).split("content/", 1)[-1] for b in fehler.befunde]
    return [str(b).split("content/", 1)[-1] for b in katalog_pruefen(katalog)]


def test_der_projektkatalog_hat_keinen_fehler(katalog: object) -> None:
    from kundenportal.leitfaden.katalog import Katalog

    assert isinstance(katalog, Katalog)
    assert katalog_pruefen(katalog) == []


def test_ein_korrekter_leitfaden_hat_keinen_befund(content_kopie: Anlegen) -> None:
    assert _befunde(content_kopie, GUT) == []


def test_kaputtes_yaml_nennt_datei_und_zeile(content_kopie: Anlegen) -> None:
    befunde = _befunde(content_kopie, GUT.replace("    art: ende\n    ergebnis: auskunft", "    art: ende\n  ergebnis: [x"))
    assert len(befunde) == 1
    assert befunde[0].startswith("leitfaeden/sc/9.001/2020-03-20.yaml:")
    assert "kein gültiges YAML" in befunde[0]


def test_unbekanntes_feld_nennt_zeile_und_feld(content_kopie: Anlegen) -> None:
    befunde = _befunde(content_kopie, GUT.replace("    fakt: identitaet_geprueft\n",
                                                   "    fakt: identitaet_geprueft\n    farbe: rot\n"))
    assert befunde == ["leitfaeden/sc/9.001/2020-03-20.yaml:9: schritte.0.farbe: unbekanntes Feld"]


def test_unbekannter_fakt(content_kopie: Anlegen) -> None:
    befunde = _befunde(content_kopie, GUT.replace("fakt: identitaet_geprueft", "fakt: identitaet_gepruft"))
    assert befunde == ["leitfaeden/sc/9.001/2020-03-20.yaml:6: schritte.frage.fakt: unbekannter Fakt "
                       "identitaet_gepruft: erst in content/fakten.yaml anlegen"]


def test_option_ohne_ausgang(content_kopie: Anlegen) -> None:
    befunde = _befunde(content_kopie, GUT.replace("{ja: ende_ok, nein: ende_abbruch}", "{ja: ende_ok}"))
    assert "schritte.frage.je_antwort: Option nein von identitaet_geprueft hat keinen Ausgang" in befunde[0]
    assert any("ende_abbruch ist vom Start frage aus nicht erreichbar" in b for b in befunde)


def test_unbekanntes_ergebnis_und_ziel(content_kopie: Anlegen) -> None:
    text = GUT.replace("ergebnis: auskunft_erteilt", "ergebnis: erledigt").replace("nein: ende_abbruch", "nein: nirgends")
    befunde = _befunde(content_kopie, text)
    assert any("unbekanntes Ergebnis erledigt" in b for b in befunde)
    assert any("Ziel-Schritt nirgends gibt es nicht" in b for b in befunde)


def test_typfehler_in_bedingung(content_kopie: Anlegen) -> None:
    text = GUT.replace("    je_antwort: {ja: ende_ok, nein: ende_abbruch}",
                       "    weiter:\n      - {wenn: \"identitaet_geprueft + 1\", nach: ende_ok}\n      - sonst: ende_abbruch")
    befunde = _befunde(content_kopie, text)
    assert len(befunde) == 1
    assert "schritte.frage.weiter.wenn: Bedingung 'identitaet_geprueft + 1'" in befunde[0]
    assert "no matching overload" in befunde[0]


def test_weg_ohne_sonst_endet_ohne_ergebnis(content_kopie: Anlegen) -> None:
    text = GUT.replace("    je_antwort: {ja: ende_ok, nein: ende_abbruch}",
                       "    weiter:\n      - {wenn: \"identitaet_geprueft\", nach: ende_ok}\n"
                       "      - {wenn: \"!identitaet_geprueft\", nach: ende_abbruch}")
    befunde = _befunde(content_kopie, text)
    assert any("der letzte Zweig braucht '- sonst: <schritt>'" in b for b in befunde)


def test_schleife_ohne_frage(content_kopie: Anlegen) -> None:
    text = GUT + "  - id: a\n    art: hinweis\n    nach: b\n  - id: b\n    art: hinweis\n    nach: a\n"
    text = text.replace("nein: ende_abbruch", "nein: a")
    befunde = _befunde(content_kopie, text)
    assert any("Schleife ohne Frage: a → b → a" in b for b in befunde)


def test_colibri_vorgang_ohne_recht(content_kopie: Anlegen) -> None:
    text = GUT.replace("nein: ende_abbruch", "nein: aufheben") + (
        "  - id: aufheben\n    art: aktion\n    system: colibri\n    vorgang: leistung_aufheben\n"
        "    parameter: {grund: rente, ab: 2020-05-01}\n    nach: ende_ok\n")
    befunde = _befunde(content_kopie, text)
    assert any("braucht das Recht grosses_anordnen" in b and "os_algplus" in b for b in befunde)


def test_ueberlappung_und_luecke(content_kopie: Anlegen) -> None:
    alt = GUT.replace("stand: 2020-03-20", "stand: 2019-12-20").replace("gueltig_ab: 2020-03-20",
                                                                        "gueltig_ab: 2020-01-01\ngueltig_bis: 2020-03-25")
    befunde = _befunde(content_kopie, GUT, {"leitfaeden/sc/9.001/2019-12-20.yaml": alt})
    assert any("überlappt mit" in b and "gueltig_bis auf 2020-03-19 setzen" in b for b in befunde)
    alt = alt.replace("gueltig_bis: 2020-03-25", "gueltig_bis: 2020-03-10")
    befunde = _befunde(content_kopie, GUT, {"leitfaeden/sc/9.001/2019-12-20.yaml": alt})
    assert any("Lücke vom 11.03.2020 bis 19.03.2020" in b for b in befunde)


def test_einbindung_muss_an_denselben_tagen_gelten(content_kopie: Anlegen) -> None:
    text = GUT.replace("ja: ende_ok", "ja: sub") + '  - id: sub\n    art: einbinden\n    leitfaden: "SC 9.002"\n'
    sub = GUT.replace("gueltig_ab: 2020-03-20", "gueltig_ab: 2020-03-20\ngueltig_bis: 2020-03-31")
    befunde = _befunde(content_kopie, text, {
        "leitfaeden/sc/9.002/leitfaden.yaml": KOPF.replace("9.001", "9.002"),
        "leitfaeden/sc/9.002/2020-03-20.yaml": sub})
    assert any("SC 9.002 gilt nicht an denselben Tagen" in b and "01.04.2020" in b for b in befunde)


def test_dateiname_muss_zum_stand_passen(content_kopie: Anlegen) -> None:
    wurzel = content_kopie({"leitfaeden/sc/9.001/leitfaden.yaml": KOPF, "leitfaeden/sc/9.001/2020-03-21.yaml": GUT})
    with pytest.raises(KatalogFehler) as fehler:
        katalog_laden(wurzel)
    assert "Dateiname 2020-03-21.yaml passt nicht zum Stand 2020-03-20" in str(fehler.value)


def test_veroeffentlichte_fassung_ist_unveraenderlich(content_kopie: Anlegen) -> None:
    import hashlib

    siegel = hashlib.sha256(GUT.encode()).hexdigest()
    wurzel = content_kopie({"leitfaeden/sc/9.001/leitfaden.yaml": KOPF, "leitfaeden/sc/9.001/2020-03-20.yaml": GUT,
                            "veroeffentlicht.yaml": f'"SC 9.001@2020-03-20": {siegel}\n'})
    assert katalog_pruefen(katalog_laden(wurzel)) == []
    (wurzel / "leitfaeden/sc/9.001/2020-03-20.yaml").write_text(GUT.replace("auskunft_erteilt", "termin_bleibt"),
                                                                encoding="utf-8")
    befunde = [str(b) for b in katalog_pruefen(katalog_laden(wurzel))]
    assert len(befunde) == 1
    assert "veröffentlichte Fassung SC 9.001@2020-03-20 wurde geändert" in befunde[0]
    assert "eine Korrektur ist eine neue Datei" in befunde[0]


def test_bedingung_mit_fakt_der_auf_einem_weg_noch_nicht_erhoben_ist(content_kopie: Anlegen) -> None:
    text = GUT.replace("je_antwort: {ja: ende_ok, nein: ende_abbruch}", "je_antwort: {ja: online, nein: pruefen}") + (
        "  - id: online\n    art: frage\n    fakt: antrag_online_gewuenscht\n    nach: pruefen\n"
        "  - id: pruefen\n    art: hinweis\n    weiter:\n"
        "      - {wenn: \"antrag_online_gewuenscht\", nach: ende_ok}\n      - sonst: ende_abbruch\n")
    befunde = _befunde(content_kopie, text)
    assert befunde == ["leitfaeden/sc/9.001/2020-03-20.yaml:20: schritte.pruefen.weiter.wenn: "
                       "'antrag_online_gewuenscht' ist auf dem Weg frage → pruefen noch nicht erhoben "
                       "(vorher fragen oder mit art: pruefung lesen)"]


def test_abfrage_variablen_gelten_ab_ihrer_pruefung(content_kopie: Anlegen) -> None:
    text = GUT.replace("je_antwort: {ja: ende_ok, nein: ende_abbruch}", "je_antwort: {ja: stufe, nein: ende_abbruch}") + (
        "  - id: stufe\n    art: pruefung\n    abfrage: sicherheitsstufe\n    weiter:\n"
        "      - {wenn: \"stufe_ausweissicht\", nach: ende_ok}\n      - sonst: ende_abbruch\n")
    assert _befunde(content_kopie, text) == []


def test_pruefung_laesst_die_speicherbereinigung_wie_sie_war(katalog: object) -> None:
    """Die Prüfung schaltet die zyklische Speicherbereinigung nur für ihre Dauer ab — an bleibt an, aus bleibt aus."""
    import gc

    from kundenportal.leitfaden.katalog import Katalog

    assert isinstance(katalog, Katalog)
    war_an = gc.isenabled()
    try:
        gc.enable()
        assert katalog_pruefen(katalog) == [] and gc.isenabled() and gc.get_freeze_count() == 0
        gc.disable()
        assert katalog_pruefen(katalog) == [] and not gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        if war_an:
            gc.enable()


def test_pruefung_taut_eingefrorene_objekte_nicht_auf(katalog: object) -> None:
    """Hat der Prozess Objekte eingefroren (gc.freeze, etwa vor dem Fork der Worker), bleiben sie es nach der
    Prüfung; sonst friert sie nichts dauerhaft ein."""
    import gc

    from kundenportal.leitfaden.katalog import Katalog

    assert isinstance(katalog, Katalog)
    war_an = gc.isenabled()
    gc.enable()
    gc.freeze()
    try:
        eingefroren = gc.get_freeze_count()
        assert eingefroren > 0
        assert katalog_pruefen(katalog) == []
        # (einige eingefrorene Objekte sterben dabei über ihren Referenzzähler; aufgetaut wäre der Zähler 0)
        assert gc.get_freeze_count() > eingefroren // 2 and gc.isenabled()
    finally:
        gc.unfreeze()
        if not war_an:
            gc.disable()
    assert katalog_pruefen(katalog) == [] and gc.get_freeze_count() == 0


def test_pruefung_hinterlaesst_keine_kreise(katalog: object) -> None:
    """Die Wege-Aufzählung und die Schleifensuche laufen ohne verschachtelte rekursive Funktionen: die hielten
    sich über ihre Zelle selbst, und jede Prüfung ließe ihre Wegpunkte (bei 1.000 Leitfäden über 100.000
    Objekte) für die zyklische Speicherbereinigung liegen."""
    import gc

    from kundenportal.leitfaden.katalog import Katalog

    assert isinstance(katalog, Katalog)
    katalog_pruefen(katalog)            # einmal vorweg: gemerkte Umgebungen und Schritte liegen dann schon
    war_an = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        assert katalog_pruefen(katalog) == []
        assert gc.collect() <= 20, "die Prüfung hinterlässt Kreise"
    finally:
        if war_an:
            gc.enable()


def test_unbekannter_platzhalter_auch_neben_bekannten(content_kopie: Anlegen) -> None:
    text = GUT.replace("    fakt: identitaet_geprueft\n",
                       '    fakt: identitaet_geprueft\n    text: "Am {datum} für {kanal}: {unbekannt_x}?"\n', 1)
    assert text != GUT
    befunde = _befunde(content_kopie, text)
    assert len(befunde) == 1 and "unbekannter Platzhalter {unbekannt_x}" in befunde[0]
