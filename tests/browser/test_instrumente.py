"""Im echten Chromium (axe-core, WCAG 2.1 AA): die Teamleitung sieht Anlage 5 und 7, lädt die Zahlen als
CSV, zieht eine QS-Stichprobe nach Plan 2.2.6 und bewertet einen Kontakt auf dem Bogen 2.2.1 in der
Fassung seiner Leitfaden-Fassung; eine Beschäftigte der Eingangszone liest den Aufgabensteckbrief zur
Terminabsage neben ihrem Leitfaden (domain.md A12)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.gespraech import services as gespraech
from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import anmelden, barrierefrei, chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Demo-Passwort-1"


@pytest.fixture
def daten(db: Any, settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-25"      # SC 3.003, Stand 20.03.2020 → Bogen 2.2.1, Stand 20.03.2020
    benutzer_anlegen("b-teamleitung", PASSWORT, ["teamleitung"], standort="Nürnberg")
    benutzer_anlegen("b-agent_ez", PASSWORT, ["agent_ez"], standort="Nürnberg")
    agent = benutzer_anlegen("b-agent_sc3", PASSWORT, ["agent_sc3"], standort="Nürnberg")
    for i in range(3):
        nummer = f"955B00000{i}"
        ausgangslage_laden({"kunde": {"kundennummer": nummer, "vorname": "Petra", "nachname": "Brandt",
                                      "geburtsdatum": "1975-06-07", "wohnort_agentur": "Nürnberg",
                                      "betreuung": "av", "status": "arbeitsuchend"}})
        k = gespraech.kontakt_starten(agent, "SC 3.003", nummer)
        gespraech.kontakt_beantworten(agent, k, "identitaet_geprueft", "ja")
        ansicht = gespraech.kontakt_beantworten(agent, k, "terminanliegen", "vereinbaren")
        ansicht = gespraech.kontakt_beantworten(agent, k, "wunschtermin", ansicht.optionen[i].wert)
        ansicht = gespraech.kontakt_bestaetigen(agent, k, None)       # Bestätigungsschritt vor der Buchung
        gespraech.kontakt_abschliessen(agent, k, ansicht.vermerk)


@pytest.fixture
def seite(daten: None, live_server: Any) -> Iterator[Page]:
    with chromium(live_server) as page:
        yield page


def _anmelden(page: Page, name: str) -> None:
    anmelden(page, name, PASSWORT)


def test_teamleitung_anlage_5_und_7_csv_stichprobe_und_bewertung(seite: Page) -> None:
    page = seite
    _anmelden(page, "b-teamleitung")
    page.goto("/kennzahlen/")
    page.get_by_role("link", name="Anlage 5 (Steuerungsübersicht)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anlage 5: Steuerungsübersicht der Teamleitung")
    page.get_by_label("Von (TT.MM.JJJJ)").fill("01.03.2020")
    page.get_by_label("Bis (TT.MM.JJJJ)").fill("31.03.2020")
    page.get_by_label("Standort", exact=True).select_option("Nürnberg")
    page.get_by_role("button", name="Anzeigen").click()
    tabelle = page.locator("#a5-tabelle")
    expect(tabelle.get_by_role("row").filter(has_text="Kontakte").first).to_contain_text("3")
    expect(page.get_by_role("img", name="Kennzahlen in Prozent: Pilot- und andere Standorte, vor und ab der Weisung"))\
        .to_be_visible()
    barrierefrei(page, streng=True)
    with page.expect_download() as laden:
        page.get_by_role("link", name="Als CSV herunterladen").click()
    csv = laden.value.path().read_text(encoding="utf-8-sig")
    zeilen = csv.splitlines()           # Filter oben; gefiltert auf Nürnberg nur dessen Gruppe (ohne leere Spalten)
    assert "Standort;Nürnberg" in zeilen and "Standortgruppe;nur andere Standorte" in zeilen
    assert any(z.startswith("Kennzahl;Einheit;Nürnberg vor dem 20.03.2020;") for z in zeilen)
    assert "Kontakte;Anzahl;0;;;3;;;" in zeilen

    page.get_by_role("link", name="Zur Anlage 7 (Umsetzungsdialog)").click()
    expect(page.get_by_role("heading", name="2.2 a) 2: Einheitliche Terminabsage: Status „abgesagt“ im ATV")).to_be_visible()
    barrierefrei(page, streng=True)

    page.goto("/qs/")
    page.get_by_label("Monat (MM.JJJJ)").fill("03.2020")
    page.get_by_label("Kanal", exact=True).select_option("sc3")
    page.get_by_role("button", name="Stichprobe nach Plan ziehen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stichprobe vom")
    expect(page.get_by_text("nach Stichprobenplan Anlage 2.2.6, Fassung vom 20.03.2020")).to_be_visible()
    zeilen = page.get_by_role("row").filter(has_text="Anlage 2.2.1, Fassung vom 20.03.2020")
    expect(zeilen).to_have_count(3)                      # 2.2.6: 8 je Beschäftigten in den ersten 4 Wochen
    barrierefrei(page, streng=True)
    zeilen.first.get_by_role("link").click()

    expect(page.locator("#qs-bogen")).to_contain_text("Anlage 2.2.1, Stand 20.03.2020")
    expect(page.get_by_role("group", name="Identität vor jeder Auskunft geprüft", exact=True)
           .get_by_label("erfüllt", exact=True)).to_be_checked()
    barrierefrei(page, streng=True)
    page.get_by_role("group", name="Gesprächsführung: verständlich, freundlich, Anliegen geklärt (Regel Anlage 2.2 (allgemein))")\
        .get_by_label("erfüllt", exact=True).check()
    page.get_by_role("button", name="Bewertung speichern").click()
    expect(page.get_by_role("status")).to_contain_text("bewertet.")
    expect(page.locator("#meldungen")).to_be_focused()        # die Meldung nach dem Speichern hat den Fokus
    expect(page.get_by_role("row").filter(has_text="bewertet")).to_have_count(1)


def test_eingangszone_liest_den_aufgabensteckbrief_zur_terminabsage(seite: Page) -> None:
    page = seite
    _anmelden(page, "b-agent_ez")
    page.goto("/katalog/EZ%201.003/")
    page.get_by_role("link", name="EZ 01: Termin absagen, verschieben oder vereinbaren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Aufgabensteckbrief EZ 01: Termin absagen, verschieben oder vereinbaren")
    expect(page.get_by_text("Termin im ATV mit der Funktion „abgesagt“ kennzeichnen (nie löschen), Grund erfassen"))\
        .to_be_visible()
    expect(page.get_by_text("Richtzeit (Minuten)")).to_be_visible()
    barrierefrei(page, streng=True)
    page.get_by_role("link", name="Unterschied zur Vorgängerin").click()
    expect(page.get_by_role("table", name="Änderungen")).to_contain_text("Berufsberatung im Erwerbsleben")
    barrierefrei(page, streng=True)
