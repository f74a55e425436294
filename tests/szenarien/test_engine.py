"""Die Engine über die Sitzung, mit den Zwillingen der Referenzsysteme im Speicher (ohne Datenbank):
Fassung bleibt gepinnt, Zurückgehen, Ablehnung, Vermerk, Störung und „erneut versuchen“."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from kundenportal.fachverfahren.registry import Gestoert
from kundenportal.fachverfahren.speicher import SpeicherSysteme
from kundenportal.leitfaden.fehler import AntwortAbgelehnt, SystemFehler, ZurueckGesperrt
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.sitzung import Sitzung
from kundenportal.leitfaden.vokabular import BERLIN

KUNDE = {"kundennummer": "955A900001", "vorname": "Paul", "nachname": "Wagner", "geburtsdatum": "1990-06-01",
         "wohnort_agentur": "Nürnberg", "betreuung": "av", "status": "arbeitslos", "online_asu": "keine"}



def _start(katalog: Katalog, leitfaden: str, datum: dt.date, lage: dict[str, Any]) -> tuple[Sitzung, SpeicherSysteme]:
    test = SpeicherSysteme(katalog.standorte)
    nummer = test.ausgangslage_laden(lage)
    sitzung = Sitzung.starten(katalog, test.systeme(), leitfaden, datum=datum,
                              jetzt=dt.datetime.combine(datum, dt.time(9), BERLIN), kanal="sc3", standort="Nürnberg",
                              kundennummer=nummer, benutzer="test", kontakt="k1")
    return sitzung, test


def test_gespraech_bleibt_auf_seiner_fassung(katalog: Katalog) -> None:
    sitzung, _ = _start(katalog, "SC 3.307", dt.date(2020, 3, 19),
                        {"kunde": KUNDE, "step": {"konto": True, "sicherheitsstufe": "basis"}})
    assert sitzung.lauf.fassung == "SC 3.307@2019-12-20"
    sitzung.antworten("identitaet_geprueft", True)
    # Mitternacht: seit 20.03. gilt die neue Fassung — das laufende Gespräch bleibt auf der alten.
    sitzung.kontext = replace(sitzung.kontext, datum=dt.date(2020, 3, 20))
    zug = sitzung.antworten("antrag_online_gewuenscht", True)
    assert zug.art == "ende" and zug.ergebnis == "online_antrag_moeglich"
    assert sitzung.lauf.fassung == "SC 3.307@2019-12-20"


def test_zurueckgehen_wertet_den_weg_neu_aus(katalog: Katalog) -> None:
    sitzung, _ = _start(katalog, "SC 3.307", dt.date(2020, 4, 6),
                        {"kunde": KUNDE, "step": {"konto": True, "sicherheitsstufe": "basis"}})
    sitzung.antworten("identitaet_geprueft", True)
    zug = sitzung.antworten("antrag_online_gewuenscht", True)
    assert zug.art == "frage" and zug.fakt == "erhoehung_sicherheitsstufe"
    assert sitzung.zuruecknehmen("antrag_online_gewuenscht").fakt == "antrag_online_gewuenscht"
    assert sitzung.stand().fakt == "antrag_online_gewuenscht"
    zug = sitzung.antworten("antrag_online_gewuenscht", False)
    assert zug.art == "bestaetigung" and sitzung.aktionen() == []     # erst nach der Bestätigung
    zug = sitzung.bestaetigen()
    assert zug.ergebnis == "papierantrag_versandt"
    assert [a["vorgang"] for a in sitzung.aktionen()] == ["papierantrag"]


def test_nach_einer_aktion_ist_zurueckgehen_gesperrt(katalog: Katalog) -> None:
    sitzung, _ = _start(katalog, "SC 3.307", dt.date(2020, 4, 6), {"kunde": KUNDE})
    sitzung.antworten("identitaet_geprueft", True)
    sitzung.antworten("antrag_online_gewuenscht", False)
    sitzung.bestaetigen()
    with pytest.raises(ZurueckGesperrt, match="Nach einer ausgeführten Aktion"):
        sitzung.zuruecknehmen("antrag_online_gewuenscht")


def test_antwort_ausserhalb_der_optionen_wird_abgelehnt(katalog: Katalog) -> None:
    lage = {"kunde": KUNDE, "termine": [{"id": "T1", "bereich": "av", "beginn": "2020-04-16T10:00",
                                          "agentur": "Nürnberg", "status": "geplant"}]}
    sitzung, _ = _start(katalog, "SC 3.003", dt.date(2020, 4, 14), lage)
    sitzung.antworten("identitaet_geprueft", True)
    with pytest.raises(AntwortAbgelehnt, match="keine der Optionen"):
        sitzung.antworten("terminanliegen", "stornieren")
    sitzung.antworten("terminanliegen", "absagen")
    with pytest.raises(AntwortAbgelehnt, match="keine der angebotenen Optionen"):
        sitzung.antworten("termin_id", "T99")


def test_absage_kennzeichnet_den_termin_und_schreibt_den_vermerk(katalog: Katalog) -> None:
    lage = {"kunde": KUNDE, "termine": [{"id": "T1", "bereich": "av", "beginn": "2020-04-16T10:00",
                                          "agentur": "Nürnberg", "status": "geplant"}]}
    sitzung, test = _start(katalog, "SC 3.003", dt.date(2020, 4, 14), lage)
    lauf = sitzung.durchlaufen({"identitaet_geprueft": True, "terminanliegen": "absagen", "termin_id": "T1",
                                "teilnahme_erforderlich": False, "absagegrund": "Arbeitsaufnahme",
                                "neuer_termin_gewuenscht": False})
    zug = lauf.zug
    assert lauf.halt == "ende" and zug.ergebnis == "termin_abgesagt"
    termine = test.zustand_lesen("955A900001")["termine"]
    assert [(t["id"], t["status"], t["absagegrund"]) for t in termine] == [("T1", "abgesagt", "Arbeitsaufnahme")]
    vermerk = sitzung.vermerk(zug)
    assert "SC 3.003, Stand 20.03.2020, Weisung 202003006" in vermerk
    assert "ATV: Termin T1 als abgesagt gekennzeichnet (Grund: Arbeitsaufnahme)." in vermerk
    assert vermerk.endswith("Ergebnis: Termin abgesagt.")


def test_zurueck_mit_anderem_termin_liest_den_neuen_termin(katalog: Katalog) -> None:
    lage = {"kunde": KUNDE, "termine": [
        {"id": "T1", "bereich": "av", "beginn": "2020-04-16T10:00", "agentur": "Nürnberg", "status": "geplant"},
        {"id": "T2", "bereich": "reha_beratung", "beginn": "2020-04-17T10:00", "agentur": "Nürnberg",
         "status": "geplant"}]}
    sitzung, _ = _start(katalog, "SC 3.003", dt.date(2020, 4, 14), lage)
    for fakt, wert in [("identitaet_geprueft", True), ("terminanliegen", "absagen"), ("termin_id", "T1")]:
        zug = sitzung.antworten(fakt, wert)
    assert zug.werte["termin_bereich"] == "av"
    sitzung.zuruecknehmen("termin_id")
    zug = sitzung.antworten("termin_id", "T2")
    assert zug.fakt == "teilnahme_erforderlich"
    assert zug.werte["termin_bereich"] == "reha_beratung"


def test_gestoertes_system_bricht_nichts_ab_und_erneut_versuchen_setzt_fort(katalog: Katalog) -> None:
    lage = {"kunde": KUNDE, "termine": [{"id": "T1", "bereich": "av", "beginn": "2020-04-16T10:00",
                                          "agentur": "Nürnberg", "status": "geplant"}]}
    sitzung, test = _start(katalog, "SC 3.003", dt.date(2020, 4, 14), lage)
    sitzung.antworten("identitaet_geprueft", True)
    sitzung.systeme = replace(test.systeme(), atv=Gestoert("atv"))  # type: ignore[arg-type]
    with pytest.raises(SystemFehler, match="ATV ist zurzeit nicht erreichbar") as fehler:
        sitzung.antworten("terminanliegen", "absagen")
    assert fehler.value.code == "nicht_erreichbar"
    assert sitzung.stand().art == "optionen"         # die Antwort ist da, die Terminliste steht noch an
    sitzung.systeme = test.systeme()
    zug = sitzung.weiter()
    assert zug.fakt == "termin_id" and [o.wert for o in zug.optionen or []] == ["T1"]


def test_optionen_mit_filter_und_antwort_pruefen_lesen_nur(katalog: Katalog) -> None:
    lage = {"kunde": {**KUNDE, "wohnort_agentur": "Ansbach-Weißenburg", "betreuung": "bb_im_erwerbsleben"}}
    sitzung, _ = _start(katalog, "SC 3.003", dt.date(2020, 4, 15), lage)
    assert sitzung.optionen() == []                  # noch steht keine Frage mit Optionen-Quelle an
    lauf = sitzung.durchlaufen({"identitaet_geprueft": True, "terminanliegen": "vereinbaren",
                                "wunschagentur": "Nürnberg"}, halt_bei="wunschtermin")
    assert (lauf.halt, lauf.zug.fakt) == ("frage", "wunschtermin")
    vorher = sitzung.lauf.als_json()
    ab_mai = sitzung.optionen(ab_tag=dt.date(2020, 5, 4), agentur="Fürth")
    assert len(ab_mai) == 10 and ab_mai[0].wert == dt.datetime(2020, 5, 4, 8, 0, tzinfo=BERLIN)
    assert sitzung.antwort_pruefen("wunschagentur", "Fürth") is None
    grund = sitzung.antwort_pruefen("wunschagentur", "Köln")
    assert grund and "Köln" in grund
    assert sitzung.lauf.als_json() == vorher and sitzung.stand().fakt == "wunschtermin"


def test_durchlaufen_haelt_bei_fehlender_und_bei_abgelehnter_antwort(katalog: Katalog) -> None:
    lage = {"kunde": KUNDE, "termine": [{"id": "T1", "bereich": "av", "beginn": "2020-04-16T10:00",
                                          "agentur": "Nürnberg"}]}
    sitzung, _ = _start(katalog, "SC 3.003", dt.date(2020, 4, 14), lage)
    fehlt = sitzung.durchlaufen({"identitaet_geprueft": True})
    assert (fehlt.halt, fehlt.zug.fakt, fehlt.fragen) == ("unbeantwortet", "terminanliegen",
                                                          ["identitaet_geprueft", "terminanliegen"])
    abgelehnt = sitzung.durchlaufen({"terminanliegen": "absagen", "termin_id": "T99"})
    assert abgelehnt.halt == "abgelehnt" and abgelehnt.abgelehnt is not None
    assert (abgelehnt.abgelehnt.fakt, abgelehnt.zug.fakt) == ("termin_id", "termin_id")
    assert "T99" not in str(sitzung.lauf.als_json()["antworten"])       # abgelehnt heißt: nicht gespeichert


def test_lange_szenario_ids_passen_in_den_kontaktverweis_der_fachverfahren() -> None:
    from kundenportal.leitfaden.szenario import KENNUNG_MAX, kontakt_kennung

    lang = "sc-3004a-erwerbsminderungsrente-voll-alg-fassung-20200320"
    assert kontakt_kennung("kurz") == "szenario:kurz"
    assert len(kontakt_kennung(lang)) == KENNUNG_MAX
    assert kontakt_kennung(lang) != kontakt_kennung(lang.replace("voll", "teil"))
