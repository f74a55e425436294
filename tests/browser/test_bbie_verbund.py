"""Eine Beschäftigte (Rolle agent_sc3) bucht im echten Chromium über SC 3.003 „vereinbaren“ einen Termin
der Berufsberatung im Erwerbsleben für einen Kunden aus Ansbach-Weißenburg in Fürth, einer anderen
Agentur des Verbundes Nürnberg (Weisung 202003006, 2.1). Eine Agentur außerhalb des Verbundes wird mit
deutscher Begründung an der Frage abgelehnt; die Stammdaten bleiben an der Wohnortagentur. Jede Seite
ist axe-core-sauber (WCAG 2.1 AA)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden, zustand_lesen
from kundenportal.fachverfahren.registry import systeme
from kundenportal.konten.services import benutzer_anlegen
from kundenportal.zeit import BERLIN
from tests.browser.werkzeug import barrierefrei, chromium, datenbank, frage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KUNDE, PASSWORT = "955F000002", "Demo-Passwort-1"



@pytest.fixture
def daten(db: Any, settings: Any) -> str:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-15"      # Fürth bietet die BBiE seit 01.04.2020 an
    benutzer_anlegen("b-agent_sc3", PASSWORT, ["agent_sc3"], standort="Nürnberg")
    ausgangslage_laden({"kunde": {"kundennummer": KUNDE, "vorname": "Petra", "nachname": "Brandt",
                                  "geburtsdatum": "1975-06-07", "wohnort_agentur": "Ansbach-Weißenburg",
                                  "betreuung": "bb_im_erwerbsleben", "status": "arbeitsuchend"}})
    return KUNDE


@pytest.fixture
def seite(daten: str, live_server: Any) -> Iterator[Page]:
    with chromium(live_server) as page:
        yield page





def test_bbie_termin_in_anderer_agentur_des_verbundes_buchen(seite: Page) -> None:
    page = seite
    page.goto("/anmelden/")
    page.get_by_label("Benutzername").fill("b-agent_sc3")
    page.get_by_label("Passwort").fill(PASSWORT)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("link", name="Kontakt beginnen").first.click()
    page.get_by_label("Kundennummer").fill(KUNDE)
    page.get_by_role("button", name="Kunde finden").click()
    page.get_by_role("row").filter(has_text="Termin absagen, verschieben oder vereinbaren").get_by_role("button").click()

    frage(page, "Identität des Anrufers anhand der Sicherheitsmerkmale geprüft?")
    page.get_by_role("button", name="Ja").click()
    frage(page, "Was möchte der Kunde zu seinem Termin?")
    page.get_by_role("button", name="Vereinbaren").click()
    frage(page, "In welcher Agentur möchte der Kunde beraten werden?")
    expect(page.locator(".frage")).to_contain_text("Die Stammdaten bleiben an der Wohnortagentur Ansbach-Weißenburg")
    expect(page.locator("#antwort").get_by_role("button")).to_have_count(2)      # Nürnberg, Fürth
    barrierefrei(page)
    page.get_by_role("button", name="Fürth").click()

    frage(page, "Welchen freien Termin wählt der Kunde?")
    expect(page.locator("#antwort").get_by_role("button")).to_have_count(10)    # die nächsten zehn
    filter_form = page.get_by_role("form", name="Freie Termine filtern")
    expect(filter_form.get_by_label("Agentur")).to_have_value("Fürth")
    barrierefrei(page)

    filter_form.get_by_label("Agentur").fill("Köln")                             # außerhalb des Verbundes
    filter_form.get_by_role("button", name="Termine anzeigen").click()
    frage(page, "Welchen freien Termin wählt der Kunde?")
    grund = page.get_by_role("alert").filter(has_text="Agentur Köln")
    expect(grund).to_have_text("Agentur Köln nicht möglich: Agentur Köln gehört nicht zum Verbund Nürnberg der "
                               "Wohnortagentur Ansbach-Weißenburg")
    feld = page.get_by_role("combobox", name="Agentur")
    expect(feld).to_have_value("Köln")
    expect(feld).to_have_attribute("aria-describedby", "filter-fehler")
    barrierefrei(page)

    filter_form = page.get_by_role("form", name="Freie Termine filtern")
    filter_form.get_by_label("Agentur").fill("Fürth")
    filter_form.get_by_label("Ab Tag").fill("2020-04-20")
    filter_form.get_by_role("button", name="Termine anzeigen").click()
    erste = page.locator("#antwort").get_by_role("button").first
    expect(erste).to_contain_text("20.04.2020 08:00")
    barrierefrei(page)
    erste.click()

    bestaetigen = page.get_by_role("button", name="Bestätigen und ausführen")      # Bestätigungsschritt
    expect(page.locator("dl.vorhaben")).to_contain_text("Berufsberatung im Erwerbsleben")
    expect(page.locator("dl.vorhaben")).to_contain_text("Fürth")
    assert datenbank(lambda: systeme().atv.termine(KUNDE)) == []
    bestaetigen.click()
    expect(page.locator("#ergebnis")).to_be_visible()
    expect(page.get_by_label("Kontaktvermerk (vor dem Speichern bearbeitbar)")).to_have_value(
        _enthaelt("Berufsberatung im Erwerbsleben in Fürth; Stammdaten verbleiben in Ansbach-Weißenburg."))
    barrierefrei(page)

    [termin] = datenbank(lambda: systeme().atv.termine(KUNDE))
    assert (termin.agentur, termin.kalender, termin.bereich, termin.status) == (
        "Fürth", "Fürth/bb_im_erwerbsleben", "bb_im_erwerbsleben", "geplant")
    assert termin.beginn == dt.datetime(2020, 4, 20, 8, 0, tzinfo=BERLIN)
    assert datenbank(lambda: zustand_lesen(KUNDE))["kunde"]["wohnort_agentur"] == "Ansbach-Weißenburg"


def _enthaelt(text: str) -> Any:
    import re

    return re.compile(".*" + re.escape(text) + ".*", re.S)
