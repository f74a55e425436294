"""Rundgang am Telefon, im echten Chromium: Alt+Z auf dem Bestätigungsschritt, im Feld den Grund neu getippt, dann
„Kontakt vorzeitig beenden“ ohne Grund — der Abbruch wird abgelehnt, und der getippte Grund steht danach wieder im
Feld (vorher war es leer). Der Abbruchvermerk zeigt schon vor dem Speichern den Kopf des Vermerks."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal import zeit
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import anmelden, barrierefrei, chromium, frage, taste

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KUNDE = "955B000001"
PASSWORT = "Demo-Passwort-1"


@pytest.fixture
def seite(db: Any, live_server: Any) -> Iterator[Page]:
    benutzer_anlegen("b-agent_sc3", PASSWORT, ["agent_sc3"], standort="Nürnberg")
    tag = zeit.heute() + dt.timedelta(days=6)
    ausgangslage_laden({
        "kunde": {"kundennummer": KUNDE, "vorname": "Jürgen", "nachname": "Groß", "geburtsdatum": "1961-04-05",
                  "wohnort_agentur": "Nürnberg", "betreuung": "av", "status": "arbeitslos"},
        "termine": [{"id": "TB-1", "bereich": "av", "beginn": f"{tag.isoformat()}T10:00", "agentur": "Nürnberg"}],
        "colibri": {"alg_bezug": True}})
    with chromium(live_server) as page:
        yield page


def test_abgelehnter_abbruch_nach_alt_z_behaelt_den_getippten_grund(seite: Page) -> None:
    page = seite
    anmelden(page, "b-agent_sc3", PASSWORT)
    page.goto("/kontakt/neu/")
    page.get_by_label("Kundennummer").fill(KUNDE)
    page.get_by_role("button", name="Kunde finden").click()
    page.get_by_role("row").filter(has_text="SC 3.003").get_by_role("button").click()
    frage(page, "Identität des Anrufers anhand der Sicherheitsmerkmale geprüft?")
    taste(page, "1", "Was möchte der Kunde zu seinem Termin?")
    taste(page, "1", "Welcher Termin ist betroffen?")
    taste(page, "1", "Ist die Teilnahme am Termin noch erforderlich?")
    taste(page, "2", "Grund der Absage")
    page.keyboard.type("Arbeit aufgenommn")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Bestätigen und ausführen")).to_be_focused()
    page.keyboard.press("Alt+z")                                    # Tippfehler: zurück zum Grund
    frage(page, "Grund der Absage")
    feld = page.get_by_label("Antwort", exact=True)
    expect(feld).to_have_value("Arbeit aufgenommn")
    feld.fill("Arbeit aufgenommen bei Firma Müller")
    page.keyboard.press("Alt+a")                                    # doch abbrechen: Vermerk mit Kopf
    vermerk = page.locator("#vermerk-abbruch")
    expect(vermerk).to_be_focused()
    expect(vermerk).to_have_value(
        re.compile(r"^Kontakt vom \d\d\.\d\d\.\d{4} \([^)]*\) nach SC 3\.003, Stand 20\.03\.2020, "
                                 r"Weisung 202003006\.\nKontakt vorzeitig beendet \(SC 3\.003"))
    page.keyboard.press("Alt+s")                                    # ohne Grund: abgelehnt
    expect(page.locator("#vermerk-abbruch-fehler")).to_contain_text("warum der Kontakt vorzeitig endet")
    expect(page.locator("#vermerk-abbruch")).to_be_focused()
    expect(page.get_by_label("Antwort", exact=True)).to_have_value("Arbeit aufgenommen bei Firma Müller")
    barrierefrei(page)
