"""Korrekturfassung FK 4.001 (Gesprächseröffnung Familienkasse) ab 08.12.2026 — Rundgang im Browser.

- Allein gestartet endete die Eröffnung mit „Auskunft erteilt“, obwohl nur Identität und öffentlicher Dienst geprüft
  und kein Anliegen bearbeitet waren. Jetzt endet sie allein mit `eroeffnung_ohne_anliegen` („Nur Gesprächseröffnung,
  kein Anliegen bearbeitet“). Eingebunden (jeder FK-Leitfaden) kehrt sie wie bisher zum Aufrufer zurück, dessen Ende
  das Ergebnis bestimmt.
- Der Vermerk nennt jede Angabe einmal: keine Zeile „Zugehörigkeit zum öffentlichen Dienst geprüft: …“ mehr neben der
  Aktionszeile „KIWI: öffentlicher Dienst erfasst: …“, keine zweite Zeile zur Aufgabe an die Familienkasse Direktion
  (ihr Text steht jetzt als Parameter `text` an der Aufgabe), „unbekannt“ nicht noch einmal als „als unbekannt erfasst“.
Am 07.12.2026 gilt noch die Fassung vom 20.03.2020 (jetzt mit gueltig_bis 2026-12-07, außerhalb des Siegels)."""

from __future__ import annotations

import datetime as dt

import pytest

from kundenportal.fachverfahren.speicher import SpeicherSysteme
from kundenportal.leitfaden.engine import Zug
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.sitzung import Sitzung
from kundenportal.leitfaden.szenario import ausfuehren, szenario_lesen
from kundenportal.leitfaden.vokabular import BERLIN
from tests.conftest import CONTENT

from .korrektur import gesiegelt_und_sauber, gilt_ab_korrektur

LEITFADEN = "FK 4.001"
KORREKTUR = dt.date(2026, 12, 8)
VORTAG = dt.date(2026, 12, 7)
NEU, ALT = "FK 4.001@2026-12-08", "FK 4.001@2020-03-20"
STANDORT = "Nürnberg"
KUNDE = {"kundennummer": "955A400190", "vorname": "Ida", "nachname": "Lorenz", "geburtsdatum": "1985-03-03",
         "wohnort_agentur": STANDORT}
KIWI = {"kindergeldnummer": "123FK400190", "familienkasse": STANDORT,
        "kinder": [{"id": "K1", "vorname": "Ben", "geburtsdatum": "2015-06-12", "haushalt": "eltern"}]}
NUR_EROEFFNUNG = "Ergebnis: Nur Gesprächseröffnung, kein Anliegen bearbeitet."
QS_AKTION = ("Aufgabe an Familienkasse Direktion (Qualitätsprüfung), Betreff „Qualitätsprüfung: Fall mit Bezug zum "
             "öffentlichen Dienst“.")
QS_TEXT = "Fall öffentlicher Dienst: Aufgabe zur Qualitätsprüfung an die Familienkasse Direktion."
WEGE = [("ja", "ba"), ("ja", "arbeitgeber_familienkasse"), ("nein", None), ("unbekannt", None)]


def _sitzung(katalog: Katalog, datum: dt.date, leitfaden: str = LEITFADEN) -> tuple[Sitzung, SpeicherSysteme]:
    z = SpeicherSysteme(katalog.standorte)
    z.ausgangslage_laden({"kunde": KUNDE, "kiwi": KIWI})
    sitzung = Sitzung.starten(katalog, z.systeme(), leitfaden, datum=datum,
                              jetzt=dt.datetime.combine(datum, dt.time(9), BERLIN), kanal="scfk", standort=STANDORT,
                              kundennummer=KUNDE["kundennummer"], benutzer="test", kontakt="k1")
    return sitzung, z


def _bestaetigt(sitzung: Sitzung, zug: Zug) -> Zug:
    while zug.art == "bestaetigung":
        zug = sitzung.bestaetigen()
    return zug


def _eroeffnung(sitzung: Sitzung, oed: str, zustaendigkeit: str | None) -> Zug:
    sitzung.antworten("identitaet_geprueft", True)
    zug = _bestaetigt(sitzung, sitzung.antworten("oeffentlicher_dienst", oed))
    if zustaendigkeit is not None:
        zug = _bestaetigt(sitzung, sitzung.antworten("oed_zustaendigkeit", zustaendigkeit))
    return zug


# --- Welche Fassung gilt ------------------------------------------------------------------------------------------


def test_neue_fassung_ab_08_12_alte_am_07_12(katalog: Katalog) -> None:
    gilt_ab_korrektur(katalog, LEITFADEN, KORREKTUR, NEU, ALT, (STANDORT, "Köln", None))


def test_alte_fassung_bleibt_gesiegelt_und_katalog_sauber(katalog: Katalog) -> None:
    gesiegelt_und_sauber(katalog, NEU, ALT, "4.001")


def test_regeln_an_denselben_schritten(katalog: Katalog) -> None:
    """Die Weisung nennt dieselben Schritte; die neue Fassung hat sie alle mit ihrer Regel."""
    neu, alt = katalog.fassung(NEU), katalog.fassung(ALT)
    for schritt in ("oed", "oed_erfassen", "qs_abgabe", "zustaendigkeit", "arbeitgeber_fk"):
        assert neu.schritt(schritt).regel == alt.schritt(schritt).regel


# --- Befund 1: allein gestartet nicht „Auskunft erteilt“ ----------------------------------------------------------


@pytest.mark.parametrize(("oed", "zustaendigkeit"), WEGE)
def test_allein_gestartet_endet_mit_nur_eroeffnung(katalog: Katalog, oed: str, zustaendigkeit: str | None) -> None:
    sitzung, _ = _sitzung(katalog, KORREKTUR)
    assert sitzung.lauf.fassung == NEU
    zug = _eroeffnung(sitzung, oed, zustaendigkeit)
    assert zug.art == "ende" and zug.ergebnis == "eroeffnung_ohne_anliegen" and zug.schritt.id == "zurueck"
    vermerk = sitzung.vermerk(zug)
    assert vermerk.split("\n")[-1] == NUR_EROEFFNUNG and "Auskunft erteilt" not in vermerk
    assert katalog.vokabular.ergebnisse["eroeffnung_ohne_anliegen"] == "Nur Gesprächseröffnung, kein Anliegen bearbeitet"
    assert katalog.vokabular.ergebnisse["auskunft_erteilt"] == "Auskunft erteilt"        # Code bleibt für die anderen


def test_identitaet_nicht_bestaetigt_unveraendert(katalog: Katalog) -> None:
    sitzung, _ = _sitzung(katalog, KORREKTUR)
    zug = sitzung.antworten("identitaet_geprueft", False)
    assert zug.ergebnis == "abbruch_identitaet" and sitzung.aktionen() == []


def test_am_vortag_noch_auskunft_erteilt(katalog: Katalog) -> None:
    sitzung, _ = _sitzung(katalog, VORTAG)
    assert sitzung.lauf.fassung == ALT
    zug = _eroeffnung(sitzung, "nein", None)
    assert zug.ergebnis == "auskunft_erteilt"


def test_eingebunden_bestimmt_weiter_der_aufrufer_das_ergebnis(katalog: Katalog) -> None:
    """FK 4.404 bindet die Eröffnung ein: ab 08.12.2026 die neue Fassung, danach geht es mit dem Anliegen weiter —
    das Ergebnis der Eröffnung erscheint nie als Ergebnis des Kontakts."""
    sitzung, _ = _sitzung(katalog, KORREKTUR, "FK 4.404")
    assert sitzung.lauf.eingebunden[LEITFADEN] == NEU
    zug = _eroeffnung(sitzung, "nein", None)            # kein Kind ab 18 im KIWI-Fall: Ende in FK 4.404
    assert zug.art == "ende" and zug.fassung.leitfaden_id == "FK 4.404" and zug.schritt.id == "kein_volljaehriges_kind"
    assert "zurueck" not in zug.schluessel and zug.ergebnis != "eroeffnung_ohne_anliegen"
    assert "eroeffnung/zurueck" in [s.schluessel for s in zug.weg]
    assert "Nur Gesprächseröffnung" not in sitzung.vermerk(zug)


# --- Befund 2: jede Angabe einmal im Vermerk ----------------------------------------------------------------------


@pytest.mark.parametrize(("oed", "zustaendigkeit"), WEGE)
def test_vermerk_ohne_doppelte_angaben(katalog: Katalog, oed: str, zustaendigkeit: str | None) -> None:
    sitzung, _ = _sitzung(katalog, KORREKTUR)
    zug = _eroeffnung(sitzung, oed, zustaendigkeit)
    zeilen = sitzung.vermerk(zug).split("\n")
    assert len(zeilen) == len(set(zeilen))
    assert not [z for z in zeilen if z.startswith("Zugehörigkeit zum öffentlichen Dienst geprüft")]
    assert [z for z in zeilen if z.startswith("KIWI: öffentlicher Dienst erfasst:")] != []
    assert len([z for z in zeilen if "beschäftigt?" in z]) == 1
    assert len([z for z in zeilen if "Familienkasse Direktion" in z]) == (1 if zustaendigkeit == "ba" else 0)
    assert not [z for z in zeilen if "als unbekannt erfasst" in z]
    assert "Stand 08.12.2026" in zeilen[0]


def test_aufgabe_an_die_direktion_behaelt_ihren_text(katalog: Katalog) -> None:
    sitzung, z = _sitzung(katalog, KORREKTUR)
    zug = _eroeffnung(sitzung, "ja", "ba")
    zeilen = sitzung.vermerk(zug).split("\n")
    assert zeilen.count(QS_AKTION) == 1 and QS_TEXT not in zeilen
    [aufgabe] = z.systeme().aufgaben.liste("fk_direktion_qs")
    assert aufgabe.text == QS_TEXT and aufgabe.betreff == "Qualitätsprüfung: Fall mit Bezug zum öffentlichen Dienst"


def test_informationen_bleiben(katalog: Katalog) -> None:
    """Was nur in den entfallenen Zeilen stand, steht weiter da: Kunde informiert, Nachreichung erbeten."""
    sitzung, _ = _sitzung(katalog, KORREKTUR)
    vermerk = sitzung.vermerk(_eroeffnung(sitzung, "ja", "arbeitgeber_familienkasse"))
    assert "Familienkasse des öffentlichen Arbeitgebers" in vermerk
    assert "Kunde über die zuständige Stelle informiert; Kinderzuschlag weiter bei der Familienkasse der BA." in vermerk
    sitzung, _ = _sitzung(katalog, KORREKTUR)
    vermerk = sitzung.vermerk(_eroeffnung(sitzung, "unbekannt", None))
    assert "KIWI: öffentlicher Dienst erfasst: unbekannt (keine Angabe)." in vermerk
    assert "Angabe zum öffentlichen Dienst verweigert; Nachreichung erbeten." in vermerk


def test_am_vortag_noch_die_doppelten_zeilen(katalog: Katalog) -> None:
    sitzung, _ = _sitzung(katalog, VORTAG)
    vermerk = sitzung.vermerk(_eroeffnung(sitzung, "ja", "ba"))
    assert "Zugehörigkeit zum öffentlichen Dienst geprüft: ja." in vermerk and QS_TEXT in vermerk   # unverändert


# --- Die Szenarien der Korrektur -----------------------------------------------------------------------------------


def test_szenarien_der_korrektur_laufen_auf_der_richtigen_fassung(katalog: Katalog) -> None:
    dateien = sorted((CONTENT / "szenarien" / "fk").glob("fk-4001-*-a[bm]-0[78]-12.yaml"))
    assert {"fk-4001-allein-oed-nein-ab-08-12", "fk-4001-allein-oed-ja-ba-ab-08-12",
            "fk-4001-allein-oed-ja-arbeitgeber-ab-08-12", "fk-4001-allein-oed-unbekannt-ab-08-12",
            "fk-4001-allein-identitaet-nicht-geprueft-ab-08-12", "fk-4001-allein-oed-ja-ba-am-07-12",
            "fk-4001-allein-oed-unbekannt-am-07-12"} <= {d.stem for d in dateien}
    for datei in dateien:
        erg = ausfuehren(katalog, szenario_lesen(datei), SpeicherSysteme(katalog.standorte))
        assert erg.fehler == [] and erg.ok, (datei.name, erg.fehler)
        assert str(erg.stand) == ("2026-12-08" if datei.stem.endswith("ab-08-12") else "2020-03-20"), datei.name
