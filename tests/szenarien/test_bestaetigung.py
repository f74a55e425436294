"""Sichere Aktionen im Kern (ohne Datenbank): Bestätigungsschritt vor jeder ändernden Aktion,
Plausibilität von Daten gegen das Kontaktdatum, kein Zurück über eine ausgeführte Aktion
(docs/adr/0008-bestaetigung-vor-aktionen.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from kundenportal.fachverfahren.registry import Gestoert
from kundenportal.fachverfahren.speicher import SpeicherSysteme
from kundenportal.leitfaden.engine import Zug
from kundenportal.leitfaden.fehler import (
    AntwortAbgelehnt,
    KatalogFehler,
    NichtZuBestaetigen,
    SystemFehler,
    ZurueckGesperrt,
)
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.plausibilitaet import monate_verschieben
from kundenportal.leitfaden.sitzung import Sitzung
from kundenportal.leitfaden.vokabular import BERLIN, vokabular_laden

KUNDE = {"kundennummer": "955A200042", "vorname": "Tara", "nachname": "Winter", "geburtsdatum": "1954-04-02",
         "wohnort_agentur": "Nürnberg", "betreuung": "av", "status": "arbeitslos", "online_asu": "keine"}
DATUM = dt.date(2020, 5, 11)


def _start(katalog: Katalog, leitfaden: str = "SC 3.004a", datum: dt.date = DATUM,
           lage: dict[str, Any] | None = None) -> tuple[Sitzung, SpeicherSysteme]:
    test = SpeicherSysteme(katalog.standorte)
    nummer = test.ausgangslage_laden(lage or {"kunde": KUNDE, "colibri": {"alg_bezug": True}})
    sitzung = Sitzung.starten(katalog, test.systeme(), leitfaden, datum=datum,
                              jetzt=dt.datetime.combine(datum, dt.time(9), BERLIN), kanal="sc3",
                              standort="Nürnberg", kundennummer=nummer, benutzer="test", kontakt="k1")
    return sitzung, test


def _rentenbeginn(sitzung: Sitzung, wert: str) -> Zug:
    """Rentenbeginn beantworten; fragt die Fassung danach nach Weitervermittlung (ab 23.03.2020): nein."""
    zug = sitzung.antworten("rentenbeginn", wert)
    if zug.art == "frage" and zug.fakt == "vermittlung_weiter_gewuenscht":
        zug = sitzung.antworten("vermittlung_weiter_gewuenscht", False)
    return zug


def _bis_rentenbeginn(sitzung: Sitzung) -> None:
    for fakt, wert in [("identitaet_geprueft", True), ("anliegen_abmeldung", "rente"),
                       ("rente_status", "bewilligt"), ("rentenart", "regelaltersrente")]:
        zug = sitzung.antworten(fakt, wert)
    assert zug.fakt == "rentenbeginn"


def test_abmeldung_wartet_auf_bestaetigung_mit_lesbaren_werten(katalog: Katalog) -> None:
    sitzung, test = _start(katalog)
    _bis_rentenbeginn(sitzung)
    zug = _rentenbeginn(sitzung, "2020-06-01")
    assert zug.art == "bestaetigung"
    assert sitzung.aktionen() == [] and test.zustand_lesen("955A200042")["kunde"]["status"] == "arbeitslos"
    vorhaben = sitzung.vorhaben()
    assert vorhaben is not None
    assert (vorhaben.was, vorhaben.system) == ("Kundin oder Kunden abmelden", "VerBIS (Vermittlung)")
    assert ("Abmeldedatum", "01.06.2020") in vorhaben.werte
    assert ("Abmeldegrund", "Regelaltersrente") in vorhaben.werte
    # Lesen schreibt nie: stand() und vorhaben() führen nichts aus.
    assert sitzung.stand().art == "bestaetigung" and sitzung.aktionen() == []
    zug = sitzung.bestaetigen(vorhaben.zeichen)
    assert [a["vorgang"] for a in sitzung.aktionen()] == ["abmelden"]
    assert test.zustand_lesen("955A200042")["kunde"]["status"] == "abgemeldet"
    # Die nächste ändernde Aktion (Aufgabe an OS AlgPlus) wartet wieder auf ihre eigene Bestätigung.
    assert zug.art == "bestaetigung"
    folgend = sitzung.vorhaben()
    assert folgend is not None and folgend.system == "Aufgaben (Postkorb)"
    assert sitzung.bestaetigen().ergebnis == "abmeldung_erfasst"


def test_vor_der_bestaetigung_bleibt_jede_antwort_aenderbar(katalog: Katalog) -> None:
    sitzung, test = _start(katalog)
    _bis_rentenbeginn(sitzung)
    _rentenbeginn(sitzung, "2020-06-01")
    alt = sitzung.vorhaben()
    assert alt is not None
    assert sitzung.zuruecknehmen("rentenbeginn").fakt == "rentenbeginn"      # Alt+Z
    _rentenbeginn(sitzung, "2020-07-01")
    neu = sitzung.vorhaben()
    assert neu is not None and ("Abmeldedatum", "01.07.2020") in neu.werte and neu.zeichen != alt.zeichen
    with pytest.raises(NichtZuBestaetigen, match="seit der Anzeige geändert"):
        sitzung.bestaetigen(alt.zeichen)                    # ein veralteter Tab bestätigt nichts
    assert sitzung.aktionen() == []
    sitzung.bestaetigen(neu.zeichen)
    assert test.zustand_lesen("955A200042")["kunde"]["abmeldedatum"] == dt.date(2020, 7, 1)
    with pytest.raises(ZurueckGesperrt):
        sitzung.zuruecknehmen("rentenbeginn")


def test_bestaetigung_gilt_nicht_fuer_geaenderte_antworten(katalog: Katalog) -> None:
    """Bestätigt, aber das System war gestört (nichts ausgeführt): Zurück bleibt möglich und nimmt die
    Bestätigung mit; dieselbe Aktion mit neuen Werten muss wieder bestätigt werden."""
    sitzung, test = _start(katalog)
    _bis_rentenbeginn(sitzung)
    _rentenbeginn(sitzung, "2020-06-01")
    sitzung.systeme = replace(test.systeme(), verbis=Gestoert("verbis"))  # type: ignore[arg-type]
    with pytest.raises(SystemFehler) as fehler:
        sitzung.bestaetigen()
    assert fehler.value.code == "nicht_erreichbar" and sitzung.aktionen() == []
    assert any(k.endswith("#bestaetigt") for k in sitzung.lauf.auftraege)
    sitzung.systeme = test.systeme()
    sitzung.zuruecknehmen("rentenart")
    assert not any(k.endswith("#bestaetigt") for k in sitzung.lauf.auftraege)
    sitzung.antworten("rentenart", "erwerbsminderungsrente_voll")
    assert _rentenbeginn(sitzung, "2020-06-01").art == "bestaetigung"
    vorhaben = sitzung.vorhaben()
    assert vorhaben is not None and ("Abmeldegrund", "Rente wegen voller Erwerbsminderung") in vorhaben.werte


def test_bestaetigen_ohne_anstehende_aktion_ist_ein_klarer_fehler(katalog: Katalog) -> None:
    sitzung, _ = _start(katalog)
    with pytest.raises(NichtZuBestaetigen, match="keine Aktion auf Bestätigung"):
        sitzung.bestaetigen()
    assert sitzung.vorhaben() is None


def test_weiterleiten_aendert_kein_fachverfahren_und_laeuft_ohne_bestaetigung(katalog: Katalog) -> None:
    sitzung, _ = _start(katalog, "SC 3.017", dt.date(2020, 3, 20), {"kunde": KUNDE})
    zug = sitzung.antworten("beratungsbedarf_bns", True)
    assert zug.art == "ende" and zug.ergebnis == "an_bns_weitergeleitet"
    assert [a["system"] for a in sitzung.aktionen()] == ["telefonie"]


def test_durchlaufen_bestaetigt_selbst(katalog: Katalog) -> None:
    sitzung, _ = _start(katalog)
    lauf = sitzung.durchlaufen({"identitaet_geprueft": True, "anliegen_abmeldung": "rente",
                                "rente_status": "bewilligt", "rentenart": "regelaltersrente",
                                "rentenbeginn": dt.date(2020, 6, 1), "vermittlung_weiter_gewuenscht": False})
    assert lauf.halt == "ende" and lauf.zug.ergebnis == "abmeldung_erfasst"
    assert len([k for k in sitzung.lauf.protokoll if k.startswith("bestaetigt:")]) == 2   # Abmeldung, Aufgabe


@pytest.mark.parametrize(("eingabe", "richtung"), [("2019-04-30", "vor"), ("2022-05-12", "nach")])
def test_unplausibler_rentenbeginn_wird_abgelehnt(katalog: Katalog, eingabe: str, richtung: str) -> None:
    sitzung, _ = _start(katalog)
    _bis_rentenbeginn(sitzung)
    with pytest.raises(AntwortAbgelehnt) as fehler:
        _rentenbeginn(sitzung, eingabe)
    assert fehler.value.fakt == "rentenbeginn"
    assert f"zu weit {richtung} dem Kontaktdatum 11.05.2020" in fehler.value.grund
    assert "vom 11.05.2019 bis 11.05.2022" in fehler.value.grund
    assert sitzung.stand().fakt == "rentenbeginn" and "rentenbeginn" not in sitzung.lauf.antworten


@pytest.mark.parametrize("eingabe", ["2019-05-11", "2022-05-11", "2020-05-11"])
def test_rentenbeginn_an_den_grenzen_ist_plausibel(katalog: Katalog, eingabe: str) -> None:
    sitzung, _ = _start(katalog)
    _bis_rentenbeginn(sitzung)
    assert _rentenbeginn(sitzung, eingabe).art == "bestaetigung"


def test_monate_verschieben_kuerzt_am_monatsende() -> None:
    assert monate_verschieben(dt.date(2020, 1, 31), 1) == dt.date(2020, 2, 29)
    assert monate_verschieben(dt.date(2021, 3, 31), -1) == dt.date(2021, 2, 28)
    assert monate_verschieben(dt.date(2026, 12, 2), -12) == dt.date(2025, 12, 2)
    assert monate_verschieben(dt.date(2026, 12, 2), 24) == dt.date(2028, 12, 2)


def test_plausibilitaet_im_vokabular_wird_geprueft(tmp_path: Path) -> None:
    quelle = Path("content/fakten.yaml").read_text(encoding="utf-8")
    datei = tmp_path / "fakten.yaml"
    datei.write_text(quelle + "  identitaet_geprueft: {vor_monaten: 1, nach_monaten: 1}\n"
                     "  au_ende_x: {vor_monaten: 1}\n", encoding="utf-8")
    with pytest.raises(KatalogFehler) as fehler:
        vokabular_laden(datei)
    text = str(fehler.value)
    assert "plausibilitaet.identitaet_geprueft: gilt nur für einen Fakt vom Typ datum oder zeitpunkt" in text
    assert "fakten.yaml:" in text and "plausibilitaet.au_ende_x" in text
    vok = vokabular_laden(Path("content/fakten.yaml"))
    zeitraum = vok.fakten["rentenbeginn"].plausibel
    assert zeitraum is not None and (zeitraum.vor_monaten, zeitraum.nach_monaten) == (12, 24)


def test_durchlaufen_ohne_bestaetigen_haelt_vor_der_ersten_aendernden_aktion(katalog: Katalog) -> None:
    """Eine Antwortliste (eService-Formular) läuft bis vor die Aktion: der Kunde sieht das Vorhaben und
    bestätigt es selbst; erst dann ändert sich etwas im Fachverfahren."""
    antworten = {"identitaet_geprueft": True, "anliegen_abmeldung": "rente", "rente_status": "bewilligt",
                 "rentenart": "regelaltersrente", "rentenbeginn": "2020-06-01", "vermittlung_weiter_gewuenscht": False}
    sitzung, test = _start(katalog)
    lauf = sitzung.durchlaufen(antworten, bestaetigen=False)
    assert lauf.halt == "bestaetigung" and lauf.zug.art == "bestaetigung"
    assert "rentenbeginn" in lauf.fragen and sitzung.aktionen() == []
    assert test.zustand_lesen("955A200042")["kunde"]["status"] == "arbeitslos"
    vorhaben = sitzung.vorhaben(lauf.zug)
    assert vorhaben is not None and ("Abmeldedatum", "01.06.2020") in vorhaben.werte
    sitzung.bestaetigen(vorhaben.zeichen)
    assert test.zustand_lesen("955A200042")["kunde"]["status"] == "abgemeldet"
    # Mit der Standardeinstellung bestätigt die Antwortliste selbst und läuft bis zum Ende.
    zweite, _ = _start(katalog)
    assert zweite.durchlaufen(antworten).halt == "ende"


def test_werte_im_bestaetigungsschritt_kommen_aus_dem_vokabular(katalog: Katalog) -> None:
    """Keine eigene Namensliste im Kern: jeder Code einer Option hat seinen Text in fakten.yaml (wert_texte),
    und der Bestätigungsschritt zeigt genau diesen — nie den Code."""
    from kundenportal.leitfaden import bestaetigung

    assert not hasattr(bestaetigung, "WERT_NAMEN")
    texte = katalog.vokabular.wert_texte
    optionen = {o for a in katalog.vokabular.aufzaehlungen.values() for o in a}
    optionen |= {o for f in katalog.vokabular.fakten.values() if f.typ == "auswahl" for o in f.optionen}
    assert optionen and not sorted(o for o in optionen if o not in texte)
    sitzung, _ = _start(katalog)
    _bis_rentenbeginn(sitzung)
    _rentenbeginn(sitzung, "2020-06-01")
    vorhaben = sitzung.vorhaben()
    assert vorhaben is not None
    assert ("Abmeldegrund", texte["altersrente_regel"]) in vorhaben.werte
    assert not any("_" in wert for _, wert in vorhaben.werte)
