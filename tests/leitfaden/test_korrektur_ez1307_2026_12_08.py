"""Korrekturfassung EZ 1.307 (Insolvenzgeld, Eingangszone) ab 08.12.2026 — Rundgang zu Weisung 202003006, 2.2 a) 6.

- Ohne Online-Konto (STEP: sicherheitsstufe "kein_konto") fragt die neue Fassung nicht mehr, wie der Kunde die
  Sicherheitsstufe erhöhen will, sondern nennt zuerst die Registrierung auf arbeitsagentur.de (Weg `kein_konto`)
  und bietet danach eID, Vorsprache oder den Papierantrag an.
- Die Ablehnung sagt in ihrer Beschriftung, dass der Papierantrag folgt: neuer Fakt `vorgehen_sicherheitsstufe`
  mit der Option `abgelehnt_papierantrag`; `erhoehung_sicherheitsstufe` und die Beschriftung „abgelehnt“ bleiben,
  wie die gesiegelten Fassungen sie kennen.
- Der Papierantrag steht nur einmal im Vermerk (die Zeile der Aktion; kein `vermerk` mehr am Schritt `papier`).
Am 07.12.2026 gilt noch die Fassung vom 20.03.2020 (jetzt mit gueltig_bis 2026-12-07, außerhalb des Siegels)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kundenportal.fachverfahren.speicher import SpeicherSysteme
from kundenportal.leitfaden.engine import Zug
from kundenportal.leitfaden.gueltigkeit import aufloesen
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.sitzung import Sitzung
from kundenportal.leitfaden.szenario import ausfuehren, szenario_lesen
from kundenportal.leitfaden.vokabular import BERLIN
from kundenportal.leitfaden.wortlaut import frage_text
from tests.conftest import CONTENT

from .korrektur import gesiegelt_und_sauber, gilt_ab_korrektur

LEITFADEN = "EZ 1.307"
KORREKTUR = dt.date(2026, 12, 8)
VORTAG = dt.date(2026, 12, 7)
NEU, ALT = "EZ 1.307@2026-12-08", "EZ 1.307@2020-03-20"
STANDORT = "Berlin Mitte"
KUNDE = {"kundennummer": "955A130790", "vorname": "Greta", "nachname": "Wendt", "geburtsdatum": "1980-05-17",
         "wohnort_agentur": STANDORT, "betreuung": "av", "status": "arbeitsuchend", "online_asu": "keine"}
PAPIER_AKTION = "Versand: Papierantrag (Insolvenzgeld) per Post übersandt."
PAPIER_VERMERK_ALT = "Insolvenzgeld: Papierantrag versandt."
FRAGE = "Wie will der Kunde für den Online-Antrag vorgehen?"       # Beschriftung von vorgehen_sicherheitsstufe


def _sitzung(katalog: Katalog, datum: dt.date, stufe: str | None) -> Sitzung:
    z = SpeicherSysteme(katalog.standorte)
    ausgangslage: dict[str, Any] = {"kunde": KUNDE}
    if stufe is not None:
        ausgangslage["step"] = {"konto": True, "sicherheitsstufe": stufe}
    z.ausgangslage_laden(ausgangslage)
    return Sitzung.starten(katalog, z.systeme(), LEITFADEN, datum=datum,
                           jetzt=dt.datetime.combine(datum, dt.time(9), BERLIN), kanal="ez", standort=STANDORT,
                           kundennummer=KUNDE["kundennummer"], benutzer="test", kontakt="k1")


def _bis_zur_frage(sitzung: Sitzung) -> Zug:
    sitzung.antworten("identitaet_geprueft", True)
    zug = sitzung.antworten("antrag_online_gewuenscht", True)
    while zug.art == "bestaetigung":
        zug = sitzung.bestaetigen()
    return zug


def _zu_ende(sitzung: Sitzung, zug: Zug) -> Zug:
    while zug.art == "bestaetigung":
        zug = sitzung.bestaetigen()
    return zug


def _gefragt(zug: Zug) -> list[str]:
    return [s.schritt.fakt for s in zug.weg if s.schritt.art == "frage"]


# --- Welche Fassung gilt ------------------------------------------------------------------------------------------


def test_neue_fassung_ab_08_12_alte_am_07_12(katalog: Katalog) -> None:
    gilt_ab_korrektur(katalog, LEITFADEN, KORREKTUR, NEU, ALT, (STANDORT, "Köln", None))
    assert aufloesen(katalog, LEITFADEN, dt.date(2020, 3, 19), STANDORT).schluessel == "EZ 1.307@2019-12-20"  # type: ignore[union-attr]


def test_alte_fassung_bleibt_gesiegelt_und_katalog_sauber(katalog: Katalog) -> None:
    """Die Vorgängerin erhält nur `gueltig_bis` (außerhalb des Siegels); die neue Fassung ist gesiegelt."""
    gesiegelt_und_sauber(katalog, NEU, ALT, "1.307")


# --- Ohne Online-Konto: zuerst das Konto ---------------------------------------------------------------------------


def test_ohne_konto_erst_registrierung_nie_die_frage_nach_der_erhoehung(katalog: Katalog) -> None:
    sitzung = _sitzung(katalog, KORREKTUR, None)
    assert sitzung.lauf.fassung == NEU
    zug = _bis_zur_frage(sitzung)
    assert zug.art == "frage" and zug.fakt == "vorgehen_sicherheitsstufe" and zug.schritt.id == "kein_konto"
    assert zug.werte["sicherheitsstufe"] == "kein_konto" and zug.werte["stufe_ausweissicht"] is False
    wortlaut = frage_text(katalog.vokabular, zug.schritt, "ez")  # type: ignore[arg-type]
    assert wortlaut == FRAGE and "erhöhen" not in wortlaut
    assert zug.schritt.text.startswith("Der Kunde hat noch kein Online-Konto. Für den Online-Antrag auf Insolvenzgeld "
                                       "braucht er zuerst ein Konto: Registrierung auf arbeitsagentur.de.")
    assert "Online-Ausweisfunktion" in zug.schritt.text and "Agentur für Arbeit" in zug.schritt.text
    assert "Sicherheitsstufe erhöhen" not in zug.schritt.text
    assert zug.schritt.regel == "2.2 a) 6"
    for wahl, ergebnis in (("eid", "hinweis_sicherheitsstufe"), ("vorsprache", "hinweis_sicherheitsstufe"),
                           ("abgelehnt_papierantrag", "papierantrag_versandt")):
        s = _sitzung(katalog, KORREKTUR, None)
        _bis_zur_frage(s)
        ende = _zu_ende(s, s.antworten("vorgehen_sicherheitsstufe", wahl))
        assert ende.art == "ende" and ende.ergebnis == ergebnis
        assert "erhoehung_sicherheitsstufe" not in _gefragt(ende)
        assert "erhoehung_sicherheitsstufe" not in s.lauf.antworten
        vermerk = s.vermerk(ende)
        assert "STEP-Sicherheitsstufe: kein Konto." in vermerk and FRAGE in vermerk
        assert "Sicherheitsstufe erhöhen?" not in vermerk
        if wahl != "abgelehnt_papierantrag":
            assert "kein Online-Konto; Kunde registriert sich auf arbeitsagentur.de" in vermerk
            assert s.aktionen() == []


def test_am_vortag_fragt_die_alte_fassung_ohne_konto_noch_nach_der_erhoehung(katalog: Katalog) -> None:
    sitzung = _sitzung(katalog, VORTAG, None)
    assert sitzung.lauf.fassung == ALT
    zug = _bis_zur_frage(sitzung)
    assert zug.fakt == "erhoehung_sicherheitsstufe"
    ende = _zu_ende(sitzung, sitzung.antworten("erhoehung_sicherheitsstufe", "abgelehnt"))
    assert ende.ergebnis == "papierantrag_versandt"
    vermerk = sitzung.vermerk(ende)
    assert PAPIER_AKTION in vermerk and PAPIER_VERMERK_ALT in vermerk       # unverändert: die Doppelung von damals


# --- Zu niedrige Stufe, ausreichende Stufe -------------------------------------------------------------------------


@pytest.mark.parametrize("stufe", ["ausweissicht", "eid"])
def test_ausreichende_stufe_online_moeglich(katalog: Katalog, stufe: str) -> None:
    sitzung = _sitzung(katalog, KORREKTUR, stufe)
    zug = _bis_zur_frage(sitzung)
    assert zug.art == "ende" and zug.ergebnis == "online_antrag_moeglich"
    assert _gefragt(zug) == ["identitaet_geprueft", "antrag_online_gewuenscht"]


@pytest.mark.parametrize(("wahl", "ergebnis", "ziel"), [
    ("eid", "hinweis_sicherheitsstufe", "hinweis_eid"),
    ("vorsprache", "hinweis_sicherheitsstufe", "hinweis_vorsprache"),
    ("abgelehnt_papierantrag", "papierantrag_versandt", "versandt")])
def test_basis_stufe_fragt_nach_der_erhoehung(katalog: Katalog, wahl: str, ergebnis: str, ziel: str) -> None:
    sitzung = _sitzung(katalog, KORREKTUR, "basis")
    zug = _bis_zur_frage(sitzung)
    assert zug.fakt == "vorgehen_sicherheitsstufe" and zug.schritt.id == "erhoehung"
    assert frage_text(katalog.vokabular, zug.schritt, "ez") == FRAGE  # type: ignore[arg-type]
    assert "Lehnt der Kunde beides ab, erhält er den Papierantrag." in zug.schritt.text
    ende = _zu_ende(sitzung, sitzung.antworten("vorgehen_sicherheitsstufe", wahl))
    assert ende.ergebnis == ergebnis and ende.schritt.id == ziel


def test_regel_an_den_schritten_der_regel(katalog: Katalog) -> None:
    fassung = katalog.fassung(NEU)
    for schritt in ("stufe", "kein_konto", "erhoehung", "papier"):
        assert fassung.schritt(schritt).regel == "2.2 a) 6"


# --- Die Option sagt, dass der Papierantrag folgt ------------------------------------------------------------------


def test_ablehnung_nennt_den_papierantrag_alte_beschriftung_bleibt(katalog: Katalog) -> None:
    vok = katalog.vokabular
    assert vok.fakten["vorgehen_sicherheitsstufe"].optionen == ("eid", "vorsprache", "abgelehnt_papierantrag")
    assert "Papierantrag" in vok.wert_texte["abgelehnt_papierantrag"]
    # Die gesiegelten Fassungen fragen weiter `erhoehung_sicherheitsstufe` mit ihrer Beschriftung.
    assert vok.fakten["erhoehung_sicherheitsstufe"].optionen == ("eid", "vorsprache", "abgelehnt")
    assert vok.wert_texte["abgelehnt"] == "abgelehnt"
    assert vok.fakten["erhoehung_sicherheitsstufe"].label == "Wie will der Kunde die Sicherheitsstufe erhöhen?"


@pytest.mark.django_db
def test_knopf_im_gespraech_nennt_den_papierantrag(katalog: Katalog) -> None:
    from kundenportal.gespraech.ansicht import optionen

    for stufe, schritt in ((None, "kein_konto"), ("basis", "erhoehung")):
        zug = _bis_zur_frage(_sitzung(katalog, KORREKTUR, stufe))
        assert zug.schritt.id == schritt
        knoepfe, _ = optionen(katalog, zug)
        beschriftung = {w.wert: w.label for w in knoepfe}
        assert list(beschriftung) == ["eid", "vorsprache", "abgelehnt_papierantrag"]
        assert "Papierantrag" in beschriftung["abgelehnt_papierantrag"]
    alt, _ = optionen(katalog, _bis_zur_frage(_sitzung(katalog, VORTAG, "basis")))
    assert [w.wert for w in alt] == ["eid", "vorsprache", "abgelehnt"]          # alte Fassung unverändert


# --- Der Papierantrag einmal im Vermerk ----------------------------------------------------------------------------


@pytest.mark.parametrize(("stufe", "antworten", "grund"), [
    ("basis", {"vorgehen_sicherheitsstufe": "abgelehnt_papierantrag"},
     f"{FRAGE} Kunde lehnt ab: Papierantrag per Post"),
    (None, {"vorgehen_sicherheitsstufe": "abgelehnt_papierantrag"},
     f"{FRAGE} Kunde lehnt ab: Papierantrag per Post"),
    ("eid", {"antrag_online_gewuenscht": False}, "Möchte der Kunde den Antrag online stellen? nein")])
def test_papierweg_ohne_doppelte_zeile(katalog: Katalog, stufe: str | None, antworten: dict[str, Any],
                                       grund: str) -> None:
    sitzung = _sitzung(katalog, KORREKTUR, stufe)
    zug = sitzung.antworten("identitaet_geprueft", True)
    zug = sitzung.antworten("antrag_online_gewuenscht", antworten.get("antrag_online_gewuenscht", True))
    if "vorgehen_sicherheitsstufe" in antworten:
        zug = sitzung.antworten("vorgehen_sicherheitsstufe", antworten["vorgehen_sicherheitsstufe"])
    zug = _zu_ende(sitzung, zug)
    assert zug.ergebnis == "papierantrag_versandt"
    assert [a for a in sitzung.aktionen() if a["system"] == "versand"] == [
        {"system": "versand", "vorgang": "papierantrag", "leistung": "insolvenzgeld"}]
    zeilen = sitzung.vermerk(zug).split("\n")
    assert len(zeilen) == len(set(zeilen))
    assert zeilen.count(PAPIER_AKTION) == 1 and PAPIER_VERMERK_ALT not in zeilen
    assert [z for z in zeilen if "Papierantrag" in z and "versandt" in z.lower()] == ["Ergebnis: Papierantrag versandt."]
    assert grund in zeilen                                                       # der Grund steht in der Frage davor
    assert zeilen[-1] == "Ergebnis: Papierantrag versandt."
    assert "Stand 08.12.2026" in zeilen[0]


# --- Die Szenarien der Korrektur -----------------------------------------------------------------------------------


def test_szenarien_der_korrektur_laufen_auf_der_richtigen_fassung(katalog: Katalog) -> None:
    dateien = sorted((CONTENT / "szenarien" / "ez").glob("ez-1307-*-a[bm]-0[78]-12.yaml"))
    assert {"ez-1307-insg-kein-konto-eid-ab-08-12", "ez-1307-insg-kein-konto-vorsprache-ab-08-12",
            "ez-1307-insg-kein-konto-abgelehnt-ab-08-12", "ez-1307-insg-basis-eid-ab-08-12",
            "ez-1307-insg-basis-vorsprache-ab-08-12", "ez-1307-insg-basis-abgelehnt-ab-08-12",
            "ez-1307-insg-ausweissicht-ab-08-12", "ez-1307-insg-identitaet-nicht-geprueft-ab-08-12",
            "ez-1307-insg-kein-konto-abgelehnt-am-07-12"} <= {d.stem for d in dateien}
    for datei in dateien:
        erg = ausfuehren(katalog, szenario_lesen(datei), SpeicherSysteme(katalog.standorte))
        assert erg.fehler == [] and erg.ok, (datei.name, erg.fehler)
        assert str(erg.stand) == ("2026-12-08" if datei.stem.endswith("ab-08-12") else "2020-03-20"), datei.name
        if datei.stem.endswith("ab-08-12"):
            assert "erhoehung_sicherheitsstufe" not in erg.fragen, datei.name
