"""Rundgang der Teamleitung Familienkasse durch die Anlage 7 (Dezember 2026): die Regel 2.2 b) 3 (nur ein Hinweis)
ist am Weg messbar, 2.2 b) 1 zählt nur Gespräche, deren KIWI-Erfassung ausgeführt ist (Störung oder Abbruch
davor: nur bei den Kontakten), ohne Eingaben die letzten drei Monate bis heute, keine Pilotstandorte des SGB III
bei Regeln der Familienkasse, die eigenen Regeln zuerst. Kontakte über den echten Gesprächsdienst."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.fuehrung.anlage7 import anlage7
from kundenportal.fuehrung.csv_export import ANLAGE7_KOPF
from kundenportal.fuehrung.kennzahlen import Zeitraum
from kundenportal.gespraech import services as gespraech
from kundenportal.gespraech.fehler import GespraechFehler
from kundenportal.gespraech.models import Kontakt

pytestmark = pytest.mark.django_db
DEZEMBER = {"von": "01.12.2026", "bis": "06.12.2026"}


@pytest.fixture
def fk_kunde(db: Any) -> str:
    ausgangslage_laden({"kunde": {"kundennummer": "955F700001", "vorname": "Marta", "nachname": "Richter",
                                  "geburtsdatum": "1987-07-16", "wohnort_agentur": "Nürnberg"},
                        "kiwi": {"kindergeldnummer": "123FK700001", "familienkasse": "Nürnberg",
                                 "kinder": [{"id": "K1", "vorname": "Mia", "geburtsdatum": "2006-04-09",
                                             "haushalt": "eltern"}]}})
    return "955F700001"


def _fuehren(agent: Any, leitfaden: str, kunde: str, oed: str = "nein") -> Kontakt:
    """Ein Gespräch bis zum Ende (jede ändernde Aktion bestätigt); scheitert die KIWI-Erfassung (Störung, kein
    KIWI-Fall), endet es dort mit Vermerk — die Frage nach dem öffentlichen Dienst ist dann beantwortet."""
    k = gespraech.kontakt_starten(agent, leitfaden, kunde)
    antworten = {"identitaet_geprueft": "ja", "oeffentlicher_dienst": oed, "kind_id": "K1"}
    ansicht = gespraech.kontakt_beantworten(agent, k, "identitaet_geprueft", "ja")
    try:
        while ansicht.art != "ende":
            ansicht = (gespraech.kontakt_bestaetigen(agent, k, None) if ansicht.art == "bestaetigung"
                       else gespraech.kontakt_beantworten(agent, k, ansicht.fakt, antworten[ansicht.fakt]))
    except GespraechFehler:
        return gespraech.kontakt_abschliessen(agent, k, "Störung: KIWI-Erfassung nicht möglich, Kontakt beendet.")
    return gespraech.kontakt_abschliessen(agent, k, ansicht.vermerk)


@pytest.fixture
def dezember(benutzer: Callable[..., Any], fk_kunde: str, kunde: str, settings: Any) -> None:
    """Sechs Kontakte der Familienkasse am 03.12.2026, in allen ist die Frage nach dem öD beantwortet: vier mit
    der Erfassung in KIWI (darunter FK 4.404), einer ohne KIWI-Fall, einer mit gestörtem KIWI."""
    settings.KUNDENPORTAL_STICHTAG = "2026-12-03"
    agent = benutzer("agent_scfk", "fk-agent")
    for leitfaden, oed in (("FK 4.001", "nein"), ("FK 4.001", "unbekannt"), ("FK 4.001", "nein"), ("FK 4.404", "nein")):
        assert _fuehren(agent, leitfaden, fk_kunde, oed).ergebnis == "auskunft_erteilt"
    assert _fuehren(agent, "FK 4.001", kunde).ergebnis == "abgebrochen"           # kein KIWI-Fall
    settings.FACHVERFAHREN_STOERUNG = ["kiwi"]
    assert _fuehren(agent, "FK 4.001", fk_kunde).ergebnis == "abgebrochen"        # KIWI gestört
    settings.FACHVERFAHREN_STOERUNG = []
    assert all("oeffentlicher_dienst" in k.lauf["antworten"] for k in Kontakt.objects.all())


def _text(html: str) -> str:
    """Der Text ohne Auszeichnungen: der Zähler eines Anteils ist ein Verweis auf die Kontakte dahinter."""
    return re.sub(r"<[^>]+>", "", html)


def _regel(html: str, regel: str) -> str:
    return html.split(f"{regel}: ", 2)[2].split("</section>")[0]        # nach dem Eintrag im Inhaltsverzeichnis


def test_b1_zaehlt_nur_ausgefuehrte_erfassungen_und_b3_ist_messbar(dezember: None) -> None:
    zeilen = {r.regel: r for r in anlage7(Zeitraum(dt.date(2026, 12, 1), dt.date(2026, 12, 6)), kanaele=["scfk"])}
    b1 = zeilen["2.2 b) 1"]
    assert b1.zeilen[0][0] == "Alle Standorte" and len(b1.zeilen) == 1 and not b1.pilotvergleich
    assert b1.zeilen[0][2] == 6 and b1.zeilen[0][4] == (66.7, (4, 6))       # Störung vor der Aktion: nicht gezählt
    assert any(s.startswith("FK 4.001: „") and s.endswith("“ (Aktion ausgeführt)") for s in b1.schritte), b1.schritte
    assert not any("oed_erfassen" in s for s in b1.schritte)            # keine Kennung, die nur die Redaktion kennt
    b3 = zeilen["2.2 b) 3"]
    assert not b3.nicht_messbar and b3.zeilen[0][2] == 1 and b3.zeilen[0][4] == (100.0, (1, 1))
    assert zeilen["2.2 a) 2"].pilotvergleich and not zeilen["2.2 a) 2"].gezaehlt


def test_seite_der_teamleitung_familienkasse(dezember: None, anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung_fk", standort="Nürnberg")
    html = client.get("/fuehrung/anlage-7/", DEZEMBER).content.decode()
    nav = re.findall(r'<li><a href="#regel-\d+">([^<]+)</a>', html)
    assert nav[0].startswith("2.2 b) 1") and nav[-1].startswith("2.2 a)")       # die eigenen Regeln zuerst
    b1 = _regel(html, "2.2 b) 1")
    assert "66,7 % (4 von 6)" in _text(b1) and "Alle Standorte" in b1 and "Pilotstandorte</th>" not in b1
    assert "Aktion ausgeführt" in b1 and "mit einer Störung oder einem Abbruch endete" in b1
    assert "für diese Regel nennt die Weisung keine Pilotstandorte" in b1
    b3 = _regel(html, "2.2 b) 3")
    assert "100 % (1 von 1)" in _text(b3)
    # CSV wie die Seite: dieselben Zähler und Nenner, dieselbe Reihenfolge, keine Pilotgruppe
    alle = list(csv.reader(io.StringIO(client.get("/fuehrung/anlage-7/", {**DEZEMBER, "format": "csv"})
                                      .content.decode().lstrip("\ufeff")), delimiter=";"))
    zeilen = alle[alle.index(ANLAGE7_KOPF):]                 # die Tabelle nach Titel und Filter
    weg = next(z for z in zeilen if z[0] == "2.2 b) 1" and z[2] == "Weg über die Schritte der Regel"
               and z[3] == "Alle Standorte ab 20.03.2020")
    assert weg[4:] == ["66,7", "Prozent", "4", "6"]
    assert zeilen[1][0] == "2.2 b) 1" and not any(z[3].startswith("Pilotstandorte") for z in zeilen if "b)" in z[0])


def test_ohne_eingaben_die_letzten_drei_monate_bis_heute(dezember: None, anmelden: Callable[..., Client]) -> None:
    client = anmelden("teamleitung_fk", standort="Nürnberg")
    html = client.get("/fuehrung/anlage-7/").content.decode()
    assert "Zeitraum 01.10.2026 bis 03.12.2026" in html
    assert "Ohne Eingaben zeigt die Anlage die letzten drei Monate bis heute (01.10.2026–03.12.2026)" in html
    assert '<a href="?von=01.02.2020&amp;bis=30.04.2020">' in html
    assert "66,7 % (4 von 6)" in _text(_regel(html, "2.2 b) 1"))                 # die Kontakte von heute zählen mit
    mit = client.get("/fuehrung/anlage-7/", DEZEMBER).content.decode()
    assert 'id="vorgabe"' not in mit


def test_zeilen_nennen_die_auswahl_des_filters(dezember: None, anmelden: Callable[..., Client]) -> None:
    """Mit „nur andere Standorte“ oder einem Standort hieß die eine Zeile einer FK-Regel trotzdem „Alle Standorte“,
    und die SGB-III-Regeln zeigten die ausgefilterte Gruppe mit 0 Kontakten."""
    tage = (dt.date(2026, 12, 1), dt.date(2026, 12, 6))
    andere = {r.regel: r for r in anlage7(Zeitraum(*tage, gruppe="andere"), kanaele=["scfk", "sc3"])}
    assert [z[0] for z in andere["2.2 b) 1"].zeilen] == ["Andere Standorte"]
    assert andere["2.2 b) 1"].zeilen[0][2] == 6
    assert [z[0] for z in andere["2.2 a) 2"].zeilen] == ["Andere Standorte"]
    pilot = {r.regel: r for r in anlage7(Zeitraum(*tage, gruppe="pilot"), kanaele=["scfk", "sc3"])}
    assert [(z[0], z[2]) for z in pilot["2.2 b) 1"].zeilen] == [("Pilotstandorte", 0)]
    assert [z[0] for z in pilot["2.2 a) 2"].zeilen] == ["Pilotstandorte"]
    ort = {r.regel: r for r in anlage7(Zeitraum(*tage, standort="Nürnberg"), kanaele=["scfk"])}
    assert [(z[0], z[2]) for z in ort["2.2 b) 1"].zeilen] == [("Standort Nürnberg", 6)]
    client = anmelden("teamleitung_fk", standort="Nürnberg")
    b1 = _regel(client.get("/fuehrung/anlage-7/", {**DEZEMBER, "gruppe": "andere"}).content.decode(), "2.2 b) 1")
    assert "Andere Standorte</th>" in b1 and "Alle Standorte" not in b1
    assert "Ohne Vergleich der Pilotstandorte (gezählt ist nur die Auswahl des Filters)" in b1
