"""Korrekturfassung SC 3.004a (Abmeldung und Statuswechsel) ab 09.12.2026 — Rundgang im Browser.

Der Kontaktvermerk nennt jede Angabe einmal. Bis zum 08.12.2026 wiederholte die Vermerkzeile eines Schritts, was die
Aktionszeile darüber schon sagte („VerBIS: Abmeldung erfasst, Grund …, zum …“ und „Abmeldung wegen … zum …“; der
Statuswechsel; „Colibri: Arbeitsunfähigkeit vom … bis … erfasst“ und „AU vom … bis … in Colibri erfasst“; die Absage im
ATV und „Geplante Termine im AU-Zeitraum abgesagt“). Diese Aktionen haben keinen eigenen `vermerk:` mehr; Rentenart,
Rentenbeginn, Wunsch nach weiterer Vermittlung und AU-Zeitraum stehen in den Zeilen der Fragen. Die Enden
rente_beantragt, em_teilweise und au_ohne_alg nennen Antwort und Ergebnis nicht noch einmal, nur was dazukommt. Die
Abgaben an OS AlgPlus behalten ihre Zeile (sie ist der Text der Aufgabe). Ablauf, Aktionen und Enden sind unverändert.
Am 08.12.2026 gilt noch die Fassung vom 08.12.2026 (jetzt mit gueltig_bis 2026-12-08, außerhalb des Siegels)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from kundenportal.fachverfahren.speicher import SpeicherSysteme
from kundenportal.leitfaden.engine import Zug
from kundenportal.leitfaden.gueltigkeit import aufloesen
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.modell import Frage
from kundenportal.leitfaden.sitzung import Sitzung
from kundenportal.leitfaden.szenario import ausfuehren, szenario_lesen
from kundenportal.leitfaden.vokabular import BERLIN
from kundenportal.leitfaden.wortlaut import frage_text
from tests.conftest import CONTENT

from .korrektur import gesiegelt_und_sauber, gilt_ab_korrektur

LEITFADEN = "SC 3.004a"
KORREKTUR = dt.date(2026, 12, 9)
VORTAG = dt.date(2026, 12, 8)
NEU, ALT = "SC 3.004a@2026-12-09", "SC 3.004a@2026-12-08"
STANDORT = "Köln"
KUNDE = {"kundennummer": "955A300490", "vorname": "Greta", "nachname": "Wendt", "geburtsdatum": "1958-05-17",
         "wohnort_agentur": STANDORT, "betreuung": "av", "status": "arbeitslos", "online_asu": "keine"}
TERMIN = {"id": "T1", "bereich": "av", "beginn": "2027-01-05T10:00", "agentur": STANDORT, "status": "geplant"}
DANACH = {"id": "T2", "bereich": "av", "beginn": "2027-03-10T10:00", "agentur": STANDORT, "status": "geplant"}
BEGINN = dt.date(2027, 1, 1)

RENTE = [("identitaet_geprueft", True), ("anliegen_abmeldung", "rente"), ("rente_status", "bewilligt")]
AU = [("identitaet_geprueft", True), ("anliegen_abmeldung", "arbeitsunfaehigkeit"), ("au_beginn", dt.date(2027, 1, 4))]
KURZ, LANG = [*AU, ("au_ende", dt.date(2027, 1, 8))], [*AU, ("au_ende", dt.date(2027, 2, 28))]
ABSAGE = ("ATV: als abgesagt gekennzeichnet (Grund: Arbeitsunfähigkeit): 05.01.2027 10:00 Uhr, Arbeitsvermittlung, "
          "Agentur Köln (Termin T1).")
COLIBRI = "Colibri: Arbeitsunfähigkeit vom 04.01.2027 bis 08.01.2027 erfasst."
TERMINE_ALT = "Geplante Termine im AU-Zeitraum abgesagt."
ALG_RENTE = "Arbeitslosengeld: Aufgabe an OS AlgPlus (Rentenbeginn 01.01.2027)."
AU_LANG = "AU vom 04.01.2027 bis 28.02.2027 (über 42 Kalendertage) an OS AlgPlus abgegeben."
KEIN_ALG = "Kein Arbeitslosengeld: keine Erfassung in Colibri, keine Abgabe an OS AlgPlus."


def _abmeldung(grund: str) -> str:
    return f"VerBIS: Abmeldung erfasst, Grund {grund}, zum 01.01.2027."


# Weg → (Arbeitslosengeld, Antworten, Termine, entfallene Zeilen → neue Zeile oder None, was im neuen Vermerk stehen
# muss). Jede Angabe einer entfallenen Zeile steht in der letzten Liste: in der Aktionszeile oder einer Frage.
WEGE: dict[str, tuple[bool, list[tuple[str, Any]], list[dict[str, str]], dict[str, str | None], list[str]]] = {
    "rente_beantragt": (
        True, [*RENTE[:2], ("rente_status", "beantragt")], [],
        {"Rente beantragt, noch nicht bewilligt: keine Abmeldung; Kunde teilt den Bescheid mit.":
         "Kunde teilt den Rentenbescheid mit, sobald er vorliegt."},
        ["Ist die Rente schon bewilligt? beantragt", "Kunde teilt den Rentenbescheid mit",
         "Ergebnis: Keine Abmeldung."]),
    "em_teilweise": (
        True, [*RENTE, ("rentenart", "erwerbsminderungsrente_teilweise")], [],
        {"Rente wegen teilweiser Erwerbsminderung bewilligt: keine Abmeldung.": "Vermittlung bzw. Reha laufen weiter."},
        ["Ist die Rente schon bewilligt? bewilligt", "Welche Rente wurde bewilligt? Rente wegen teilweiser "
         "Erwerbsminderung", "Ergebnis: Keine Abmeldung."]),
    "abmelden_regel": (
        False, [*RENTE, ("rentenart", "regelaltersrente"), ("rentenbeginn", BEGINN),
                ("vermittlung_weiter_gewuenscht", False)], [],
        {"Abmeldung wegen Regelaltersrente zum 01.01.2027.": None},
        [_abmeldung("Regelaltersrente")]),
    "abmelden_regel_alg": (
        True, [*RENTE, ("rentenart", "regelaltersrente"), ("rentenbeginn", BEGINN),
               ("vermittlung_weiter_gewuenscht", False)], [],
        {"Abmeldung wegen Regelaltersrente zum 01.01.2027.": None},
        [_abmeldung("Regelaltersrente"), ALG_RENTE]),
    "abmelden_vorzeitig_alg": (
        True, [*RENTE, ("rentenart", "altersrente_langjaehrig"), ("rentenbeginn", BEGINN),
               ("vermittlung_weiter_gewuenscht", False)], [],
        {"Abmeldung wegen vorzeitiger Altersrente (Altersrente für langjährig Versicherte) zum 01.01.2027.": None},
        ["Welche Rente wurde bewilligt? Altersrente für langjährig Versicherte",
         _abmeldung("vorzeitige Altersrente"), ALG_RENTE]),
    "abmelden_vorzeitig_sonstige": (
        False, [*RENTE, ("rentenart", "altersrente_sonstige"), ("rentenbeginn", BEGINN),
                ("vermittlung_weiter_gewuenscht", False)], [],
        {"Abmeldung wegen vorzeitiger Altersrente (sonstige Altersrente) zum 01.01.2027.": None},
        ["Welche Rente wurde bewilligt? sonstige Altersrente",
         _abmeldung("vorzeitige Altersrente")]),
    "abmelden_schwerbehindert": (
        False, [*RENTE, ("rentenart", "altersrente_schwerbehindert"), ("rentenbeginn", BEGINN),
                ("vermittlung_weiter_gewuenscht", False)], [],
        {"Abmeldung wegen Altersrente für schwerbehinderte Menschen zum 01.01.2027.": None},
        [_abmeldung("Altersrente für schwerbehinderte Menschen")]),
    "abmelden_em_voll_alg": (
        True, [*RENTE, ("rentenart", "erwerbsminderungsrente_voll"), ("rentenbeginn", BEGINN)], [],
        {"Abmeldung wegen Rente wegen voller Erwerbsminderung zum 01.01.2027.": None},
        [_abmeldung("Rente wegen voller Erwerbsminderung"), ALG_RENTE]),
    "statuswechsel_alg": (
        True, [*RENTE, ("rentenart", "regelaltersrente"), ("rentenbeginn", BEGINN),
               ("vermittlung_weiter_gewuenscht", True)], [],
        {"Statuswechsel: Altersrente (Regelaltersrente) ab 01.01.2027; Kunde wünscht weiter Vermittlung und bleibt "
         "arbeitsuchend.": None},
        ["Welche Rente wurde bewilligt? Regelaltersrente", "Ab wann wird die Rente gezahlt? 01.01.2027",
         "Möchte der Kunde trotz Rente weiter vermittelt werden? ja",
         "VerBIS: Statuswechsel auf arbeitsuchend zum 01.01.2027 (statt Abmeldung).", ALG_RENTE]),
    "statuswechsel_ohne_alg": (
        False, [*RENTE, ("rentenart", "altersrente_besonders_langjaehrig"), ("rentenbeginn", BEGINN),
                ("vermittlung_weiter_gewuenscht", True)], [],
        {"Statuswechsel: Altersrente (Altersrente für besonders langjährig Versicherte) ab 01.01.2027; Kunde "
         "wünscht weiter Vermittlung und bleibt arbeitsuchend.": None},
        ["Welche Rente wurde bewilligt? Altersrente für besonders langjährig Versicherte",
         "Ab wann wird die Rente gezahlt? 01.01.2027", "Möchte der Kunde trotz Rente weiter vermittelt werden? ja",
         "VerBIS: Statuswechsel auf arbeitsuchend zum 01.01.2027 (statt Abmeldung)."]),
    "au_erfasst_mit_termin": (
        True, KURZ, [TERMIN, DANACH],
        {"AU vom 04.01.2027 bis 08.01.2027 in Colibri erfasst.": None, TERMINE_ALT: None},
        ["Arbeitsunfähig seit: 04.01.2027", "Voraussichtlich arbeitsunfähig bis: 08.01.2027", COLIBRI, ABSAGE]),
    "au_erfasst_ohne_termin": (
        True, KURZ, [DANACH],
        {"AU vom 04.01.2027 bis 08.01.2027 in Colibri erfasst.": None},
        ["Arbeitsunfähig seit: 04.01.2027", "Voraussichtlich arbeitsunfähig bis: 08.01.2027", COLIBRI]),
    "au_abgegeben_mit_termin": (
        True, LANG, [TERMIN, DANACH],
        {TERMINE_ALT: None},
        ["Voraussichtlich arbeitsunfähig bis: 28.02.2027", AU_LANG, ABSAGE]),
    "au_ohne_alg_mit_termin": (
        False, KURZ, [TERMIN, DANACH],
        {TERMINE_ALT: None,
         "AU vom 04.01.2027 bis 08.01.2027 gemeldet; kein Arbeitslosengeld, keine Erfassung in Colibri.": KEIN_ALG},
        ["Arbeitsunfähigkeit", "Arbeitsunfähig seit: 04.01.2027", "Voraussichtlich arbeitsunfähig bis: 08.01.2027",
         ABSAGE, KEIN_ALG]),
    "au_ohne_alg_ohne_termin": (
        False, KURZ, [],
        {"AU vom 04.01.2027 bis 08.01.2027 gemeldet; kein Arbeitslosengeld, keine Erfassung in Colibri.": KEIN_ALG},
        ["Arbeitsunfähig seit: 04.01.2027", "Voraussichtlich arbeitsunfähig bis: 08.01.2027", KEIN_ALG]),
}
# Zeilen, die den Vorgang der Aktionszeile oder Antwort und Ergebnis wiederholten: in keinem Vermerk der neuen Fassung.
WIEDERHOLUNG = re.compile(r"^Abmeldung wegen |in Colibri erfasst|^Geplante Termine im AU-Zeitraum abgesagt|"
                          r"^Statuswechsel: |bleibt arbeitsuchend|gemeldet;|noch nicht bewilligt|: keine Abmeldung")
AKTIONEN_OHNE_VERMERK = {"statuswechsel", "abmelden_regel", "abmelden_vorzeitig", "abmelden_schwerbehindert",
                         "abmelden_em_voll", "au_erfassen", "au_absagen_ohne_alg", "au_absagen_erfasst",
                         "au_absagen_abgegeben"}
ENDEN_GEKUERZT = {"rente_beantragt", "em_teilweise", "au_ohne_alg"}
DATUM = re.compile(r"\d\d\.\d\d\.\d{4}")


def _lauf(katalog: Katalog, datum: dt.date, weg: str) -> tuple[Sitzung, Zug, SpeicherSysteme]:
    alg, antworten, termine, _, _ = WEGE[weg]
    z = SpeicherSysteme(katalog.standorte)
    z.ausgangslage_laden({"kunde": KUNDE, "colibri": {"alg_bezug": alg}, "termine": [dict(t) for t in termine]})
    sitzung = Sitzung.starten(katalog, z.systeme(), LEITFADEN, datum=datum,
                              jetzt=dt.datetime.combine(datum, dt.time(9), BERLIN), kanal="sc3", standort=STANDORT,
                              kundennummer=KUNDE["kundennummer"], benutzer="test", kontakt="k1")
    zug = sitzung.weiter()
    for fakt, wert in antworten:
        zug = sitzung.antworten(fakt, wert)
        while zug.art == "bestaetigung":
            zug = sitzung.bestaetigen()
    assert zug.art == "ende", (weg, zug.art)
    return sitzung, zug, z


def _fragezeilen(katalog: Katalog, zug: Zug, zeilen: list[str]) -> list[str]:
    labels = [frage_text(katalog.vokabular, s.schritt, "sc3") for s in zug.weg if isinstance(s.schritt, Frage)]
    return [z for z in zeilen if any(z.startswith(label) for label in labels)]


# --- Welche Fassung gilt ------------------------------------------------------------------------------------------


def test_neue_fassung_ab_09_12_alte_am_08_12(katalog: Katalog) -> None:
    gilt_ab_korrektur(katalog, LEITFADEN, KORREKTUR, NEU, ALT, (STANDORT, "Nürnberg", "Brühl", None))
    for standort in (STANDORT, "Nürnberg", "Brühl", None):
        davor = aufloesen(katalog, LEITFADEN, dt.date(2026, 12, 7), standort)
        assert davor is not None and davor.schluessel == "SC 3.004a@2026-12-07"


def test_alte_fassung_bleibt_gesiegelt_und_katalog_sauber(katalog: Katalog) -> None:
    """Die Vorgängerin erhält nur `gueltig_bis` (außerhalb des Siegels); die neue Fassung ist gesiegelt."""
    gesiegelt_und_sauber(katalog, NEU, ALT, "3.004a")


def test_nur_vermerke_geaendert(katalog: Katalog) -> None:
    """Ablauf, Aktionen, Enden, Texte und Regeln bleiben; nur `vermerk` der Aktionen und der drei Enden ändert sich.
    Die Weisung (202003006.yaml) nennt deshalb weiter dieselben Schritte."""
    alt, neu = katalog.fassung(ALT), katalog.fassung(NEU)
    assert list(alt.schritte) == list(neu.schritte) and alt.daten.start == neu.daten.start
    geaendert = set()
    for sid, schritt in neu.schritte.items():
        vorher = alt.schritte[sid]
        assert schritt.model_dump(exclude={"vermerk"}) == vorher.model_dump(exclude={"vermerk"}), sid
        if schritt.vermerk != vorher.vermerk:
            geaendert.add(sid)
    assert geaendert == AKTIONEN_OHNE_VERMERK | ENDEN_GEKUERZT
    assert [s for s in neu.schritte.values() if s.art == "aktion" and s.vermerk] == []
    for sid in ("os_algplus", "sw_os_algplus", "au_os_algplus"):            # der Text der Aufgabe bleibt
        assert neu.schritte[sid].art == "abgabe" and neu.schritte[sid].vermerk == alt.schritte[sid].vermerk != ""


# --- Jeder korrigierte Weg: keine Angabe geht verloren, keine Zeile wiederholt die Aktionszeile --------------------


@pytest.mark.parametrize("weg", list(WEGE))
def test_vermerk_verliert_nichts_und_wiederholt_nichts(katalog: Katalog, weg: str) -> None:
    _, _, _, ersetzt, bleibt = WEGE[weg]
    s_alt, z_alt, _ = _lauf(katalog, VORTAG, weg)
    s_neu, z_neu, _ = _lauf(katalog, KORREKTUR, weg)
    assert s_alt.lauf.fassung == ALT and s_neu.lauf.fassung == NEU
    assert z_neu.ergebnis == z_alt.ergebnis and z_neu.schritt.id == z_alt.schritt.id
    assert [s.schluessel for s in z_neu.weg] == [s.schluessel for s in z_alt.weg]
    assert s_neu.aktionen() == s_alt.aktionen()
    alt, neu = s_alt.vermerk(z_alt).split("\n"), s_neu.vermerk(z_neu).split("\n")
    assert "Stand 08.12.2026" in alt[0] and "Stand 09.12.2026" in neu[0]
    # Genau die genannten Zeilen entfallen oder werden kürzer; alles andere steht unverändert in derselben Folge.
    assert set(ersetzt) <= set(alt[1:]) and all(WIEDERHOLUNG.search(z) for z in ersetzt)
    erwartet = [ersetzt.get(z, z) for z in alt[1:] if ersetzt.get(z, z) is not None]
    assert neu[1:] == erwartet
    # Keine Angabe geht verloren: was die entfallene Zeile sagte, steht in der Aktionszeile oder in einer Frage.
    text = "\n".join(neu)
    for teil in bleibt:
        assert teil in text, (weg, teil)
    for zeile in ersetzt:
        assert set(DATUM.findall(zeile)) <= set(DATUM.findall(text)), (weg, zeile)
    # Jede Zeile einmal, keine Wiederholung der Aktionszeile oder von Antwort und Ergebnis.
    assert len(neu) == len(set(neu))
    assert [z for z in neu if WIEDERHOLUNG.search(z)] == []
    # Ein Datum der Aktionszeile steht sonst nur in den Fragen (wann, bis wann) und in der Abgabe an OS AlgPlus.
    fragen = _fragezeilen(katalog, z_neu, neu)
    for aktion in (z for z in neu if z.startswith(("VerBIS:", "Colibri:"))):
        for datum in DATUM.findall(aktion):
            andere = [z for z in neu if datum in z and z != aktion and z not in fragen and "OS AlgPlus" not in z]
            assert andere == [], (weg, aktion, andere)


@pytest.mark.parametrize("weg", [w for w in WEGE if WEGE[w][0] and ("alg" in w or w.startswith("au_abgegeben"))])
def test_aufgabe_an_os_algplus_behaelt_ihren_text(katalog: Katalog, weg: str) -> None:
    """Die Abgaben behalten ihre Vermerkzeile: sie ist der Text der Aufgabe (ausfuehrung._mit_abgabetext)."""
    _, _, neu = _lauf(katalog, KORREKTUR, weg)
    _, _, alt = _lauf(katalog, VORTAG, weg)
    [aufgabe] = neu.systeme().aufgaben.liste("os_algplus")
    [vorher] = alt.systeme().aufgaben.liste("os_algplus")
    assert aufgabe.text == vorher.text and aufgabe.text in (ALG_RENTE, AU_LANG)
    assert aufgabe.betreff == vorher.betreff


@pytest.mark.parametrize("weg", ["rente_beantragt", "em_teilweise", "au_ohne_alg_ohne_termin"])
def test_enden_vermerken_nur_was_dazukommt(katalog: Katalog, weg: str) -> None:
    sitzung, zug, _ = _lauf(katalog, KORREKTUR, weg)
    zeilen = sitzung.vermerk(zug).split("\n")
    ende = zeilen[-2]
    assert zeilen[-1].startswith("Ergebnis: ") and ende == katalog.fassung(NEU).schritte[zug.schritt.id].vermerk
    assert "Abmeldung" not in ende and not DATUM.search(ende)          # weder Ergebnis noch AU-Zeitraum noch einmal
    assert ende not in _fragezeilen(katalog, zug, zeilen)


def test_abgesagte_termine_stehen_einmal_da(katalog: Katalog) -> None:
    sitzung, zug, z = _lauf(katalog, KORREKTUR, "au_erfasst_mit_termin")
    zeilen = sitzung.vermerk(zug).split("\n")
    assert [i for i, zeile in enumerate(zeilen) if "Termin" in zeile and "abgesagt" in zeile] == [zeilen.index(ABSAGE)]
    assert zeilen[zeilen.index(ABSAGE) - 1] == COLIBRI and zeilen[zeilen.index(ABSAGE) + 1].startswith("Ergebnis: ")
    termine = {t.id: t for t in z.systeme().atv.termine(KUNDE["kundennummer"])}
    assert termine["T1"].status == "abgesagt" and termine["T2"].status == "geplant"


def test_am_vortag_noch_die_doppelten_zeilen(katalog: Katalog) -> None:
    sitzung, zug, _ = _lauf(katalog, VORTAG, "au_erfasst_mit_termin")
    vermerk = sitzung.vermerk(zug)
    assert "AU vom 04.01.2027 bis 08.01.2027 in Colibri erfasst." in vermerk and TERMINE_ALT in vermerk   # unverändert
    sitzung, zug, _ = _lauf(katalog, VORTAG, "statuswechsel_alg")
    assert "Statuswechsel: Altersrente (Regelaltersrente) ab 01.01.2027" in sitzung.vermerk(zug)


# --- Die Szenarien der Korrektur -----------------------------------------------------------------------------------

VERSCHOBEN = {   # am 14.12.2026: früher Stand 08.12.2026, jetzt die Korrektur vom 09.12.2026
    "sc-3004a-altersrente-besonders-langjaehrig-ohne-alg-ab-08-12", "sc-3004a-altersrente-langjaehrig-alg-ab-08-12",
    "sc-3004a-altersrente-schwerbehindert-alg-ab-08-12", "sc-3004a-altersrente-schwerbehindert-ohne-alg-ab-08-12",
    "sc-3004a-erwerbsminderungsrente-voll-alg-ab-08-12", "sc-3004a-erwerbsminderungsrente-voll-ohne-alg-ab-08-12",
    "sc-3004a-regelaltersrente-ohne-alg-ab-08-12", "sc-3004a-statuswechsel-alg-ab-08-12",
    "sc-3004a-terminabsage-nicht-erforderlich-ab-08-12", "sc-3004a-terminabsage-nicht-erforderlich-neuer-termin-ab-08-12",
    "sc-3004a-terminabsage-termin-bleibt-ab-08-12", "sc-3004a-terminabsage-trotz-vorteilsuebersetzung-ab-08-12"}


def test_szenarien_der_korrektur_laufen_auf_der_richtigen_fassung(katalog: Katalog) -> None:
    ordner = CONTENT / "szenarien" / "sc"
    dateien = sorted({*ordner.glob("sc-3004a-*-ab-08-12.yaml"), *ordner.glob("sc-3004a-*-ab-09-12.yaml"),
                      *ordner.glob("sc-3004a-*-am-08-12.yaml")})
    namen = {d.stem for d in dateien}
    assert VERSCHOBEN | {"sc-3004a-statuswechsel-ohne-alg-ab-09-12", "sc-3004a-au-termin-abgesagt-ab-09-12",
                         "sc-3004a-rente-beantragt-ab-09-12", "sc-3004a-au-termin-abgesagt-am-08-12"} <= namen
    for datei in dateien:
        szenario = szenario_lesen(datei)
        erg = ausfuehren(katalog, szenario, SpeicherSysteme(katalog.standorte))
        assert erg.fehler == [] and erg.ok, (datei.name, erg.fehler)
        ab_korrektur = szenario.datum >= KORREKTUR
        assert ab_korrektur == (datei.stem in VERSCHOBEN or datei.stem.endswith("ab-09-12")), datei.name
        assert str(erg.stand) == ("2026-12-09" if ab_korrektur else "2026-12-08"), datei.name
        if ab_korrektur:
            zeilen = erg.vermerk.split("\n")
            assert len(zeilen) == len(set(zeilen)), datei.name
            assert [z for z in zeilen if WIEDERHOLUNG.search(z)] == [], datei.name
