"""Die Engine mit den Referenzsystemen: Fassung bleibt gepinnt, Zurückgehen, Ablehnung, Vermerk."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden, zustand_lesen
from kundenportal.fachverfahren.registry import systeme
from kundenportal.leitfaden import ausfuehrung
from kundenportal.leitfaden.engine import naechstes
from kundenportal.leitfaden.fehler import AntwortAbgelehnt, LaufFehler
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.kontext import Kontext
from kundenportal.leitfaden.lauf import Lauf
from kundenportal.leitfaden.vermerk import vermerk_schreiben
from kundenportal.leitfaden.vokabular import BERLIN

KUNDE = {"kundennummer": "955A900001", "vorname": "Paul", "nachname": "Wagner", "geburtsdatum": "1990-06-01",
         "wohnort_agentur": "Nürnberg", "betreuung": "av", "status": "arbeitslos", "online_asu": "keine"}

pytestmark = pytest.mark.django_db


def _start(katalog: Katalog, leitfaden: str, datum: dt.date, lage: dict[str, Any]) -> tuple[Lauf, Kontext]:
    nummer = ausgangslage_laden(lage)
    jetzt = dt.datetime.combine(datum, dt.time(9), BERLIN)
    lauf = ausfuehrung.starten(katalog, leitfaden, datum=datum, jetzt=jetzt, kanal="sc3", standort="Nürnberg",
                               kundennummer=nummer)
    kontext = Kontext(datum=datum, jetzt=jetzt, kanal="sc3", standort="Nürnberg", kundennummer=nummer,
                      benutzer="test", kontakt="k1", standorte=katalog.standorte)
    return lauf, kontext


def test_gespraech_bleibt_auf_seiner_fassung(katalog: Katalog) -> None:
    lauf, kontext = _start(katalog, "SC 3.307", dt.date(2020, 3, 19),
                           {"kunde": KUNDE, "step": {"konto": True, "sicherheitsstufe": "basis"}})
    assert lauf.fassung == "SC 3.307@2019-12-20"
    s = systeme()
    ausfuehrung.beantworten(katalog, lauf, s, kontext, "identitaet_geprueft", True)
    # Mitternacht: seit 20.03. gilt die neue Fassung — das laufende Gespräch bleibt auf der alten.
    danach = Kontext(**{**kontext.__dict__, "datum": dt.date(2020, 3, 20)})
    zug = ausfuehrung.beantworten(katalog, lauf, s, danach, "antrag_online_gewuenscht", True)
    assert zug.art == "ende" and zug.ergebnis == "online_antrag_moeglich"
    assert lauf.fassung == "SC 3.307@2019-12-20"


def test_zurueckgehen_wertet_den_weg_neu_aus(katalog: Katalog) -> None:
    lauf, kontext = _start(katalog, "SC 3.307", dt.date(2020, 4, 6),
                           {"kunde": KUNDE, "step": {"konto": True, "sicherheitsstufe": "basis"}})
    s = systeme()
    ausfuehrung.beantworten(katalog, lauf, s, kontext, "identitaet_geprueft", True)
    zug = ausfuehrung.beantworten(katalog, lauf, s, kontext, "antrag_online_gewuenscht", True)
    assert zug.art == "frage" and zug.fakt == "erhoehung_sicherheitsstufe"
    ausfuehrung.zuruecknehmen(lauf, "antrag_online_gewuenscht")
    assert naechstes(katalog, lauf).fakt == "antrag_online_gewuenscht"
    zug = ausfuehrung.beantworten(katalog, lauf, s, kontext, "antrag_online_gewuenscht", False)
    assert zug.ergebnis == "papierantrag_versandt"
    assert [a["vorgang"] for a in ausfuehrung.aktionen(lauf)] == ["papierantrag"]


def test_nach_einer_aktion_ist_zurueckgehen_gesperrt(katalog: Katalog) -> None:
    lauf, kontext = _start(katalog, "SC 3.307", dt.date(2020, 4, 6), {"kunde": KUNDE})
    s = systeme()
    ausfuehrung.beantworten(katalog, lauf, s, kontext, "identitaet_geprueft", True)
    ausfuehrung.beantworten(katalog, lauf, s, kontext, "antrag_online_gewuenscht", False)
    with pytest.raises(LaufFehler, match="Nach einer ausgeführten Aktion"):
        ausfuehrung.zuruecknehmen(lauf, "antrag_online_gewuenscht")


def test_antwort_ausserhalb_der_optionen_wird_abgelehnt(katalog: Katalog) -> None:
    lage = {"kunde": KUNDE, "termine": [{"id": "T1", "bereich": "av", "beginn": "2020-04-16T10:00",
                                          "agentur": "Nürnberg", "status": "geplant"}]}
    lauf, kontext = _start(katalog, "SC 3.003", dt.date(2020, 4, 14), lage)
    s = systeme()
    ausfuehrung.beantworten(katalog, lauf, s, kontext, "identitaet_geprueft", True)
    with pytest.raises(AntwortAbgelehnt, match="keine der Optionen"):
        ausfuehrung.beantworten(katalog, lauf, s, kontext, "terminanliegen", "stornieren")
    ausfuehrung.beantworten(katalog, lauf, s, kontext, "terminanliegen", "absagen")
    with pytest.raises(AntwortAbgelehnt, match="keine der angebotenen Optionen"):
        ausfuehrung.beantworten(katalog, lauf, s, kontext, "termin_id", "T99")


def test_absage_kennzeichnet_den_termin_und_schreibt_den_vermerk(katalog: Katalog) -> None:
    lage = {"kunde": KUNDE, "termine": [{"id": "T1", "bereich": "av", "beginn": "2020-04-16T10:00",
                                          "agentur": "Nürnberg", "status": "geplant"}]}
    lauf, kontext = _start(katalog, "SC 3.003", dt.date(2020, 4, 14), lage)
    s = systeme()
    zug = None
    for fakt, wert in [("identitaet_geprueft", True), ("terminanliegen", "absagen"), ("termin_id", "T1"),
                       ("teilnahme_erforderlich", False), ("absagegrund", "Arbeitsaufnahme"),
                       ("neuer_termin_gewuenscht", False)]:
        zug = ausfuehrung.beantworten(katalog, lauf, s, kontext, fakt, wert)
    assert zug is not None and zug.ergebnis == "termin_abgesagt"
    termine = zustand_lesen("955A900001")["termine"]
    assert [(t["id"], t["status"], t["absagegrund"]) for t in termine] == [("T1", "abgesagt", "Arbeitsaufnahme")]
    vermerk = vermerk_schreiben(katalog, lauf, zug.weg)
    assert "SC 3.003, Stand 20.03.2020, Weisung 202003006" in vermerk
    assert "ATV: Termin T1 als abgesagt gekennzeichnet (Grund: Arbeitsaufnahme)." in vermerk
    assert vermerk.endswith("Ergebnis: Termin abgesagt.")


def test_zurueck_mit_anderem_termin_liest_den_neuen_termin(katalog: Katalog) -> None:
    lage = {"kunde": KUNDE, "termine": [
        {"id": "T1", "bereich": "av", "beginn": "2020-04-16T10:00", "agentur": "Nürnberg", "status": "geplant"},
        {"id": "T2", "bereich": "reha_beratung", "beginn": "2020-04-17T10:00", "agentur": "Nürnberg",
         "status": "geplant"}]}
    lauf, kontext = _start(katalog, "SC 3.003", dt.date(2020, 4, 14), lage)
    s = systeme()
    for fakt, wert in [("identitaet_geprueft", True), ("terminanliegen", "absagen"), ("termin_id", "T1")]:
        zug = ausfuehrung.beantworten(katalog, lauf, s, kontext, fakt, wert)
    assert zug.werte["termin_bereich"] == "av"
    ausfuehrung.zuruecknehmen(lauf, "termin_id")
    zug = ausfuehrung.beantworten(katalog, lauf, s, kontext, "termin_id", "T2")
    assert zug.fakt == "teilnahme_erforderlich"
    assert zug.werte["termin_bereich"] == "reha_beratung"


def test_gestoertes_system_bricht_nichts_ab_und_aendert_nichts(katalog: Katalog, settings: Any) -> None:
    from kundenportal.leitfaden.fehler import SystemFehler

    lage = {"kunde": KUNDE, "termine": [{"id": "T1", "bereich": "av", "beginn": "2020-04-16T10:00",
                                          "agentur": "Nürnberg", "status": "geplant"}]}
    lauf, kontext = _start(katalog, "SC 3.003", dt.date(2020, 4, 14), lage)
    ausfuehrung.beantworten(katalog, lauf, systeme(), kontext, "identitaet_geprueft", True)
    settings.FACHVERFAHREN_STOERUNG = ["atv"]
    with pytest.raises(SystemFehler, match="ATV ist zurzeit nicht erreichbar") as fehler:
        ausfuehrung.beantworten(katalog, lauf, systeme(), kontext, "terminanliegen", "absagen")
    assert fehler.value.code == "nicht_erreichbar"
    settings.FACHVERFAHREN_STOERUNG = []
    zug = ausfuehrung.vorwaerts(katalog, lauf, systeme(), kontext)
    assert zug.fakt == "termin_id" and [o.wert for o in zug.optionen or []] == ["T1"]
