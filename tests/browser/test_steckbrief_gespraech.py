"""Im echten Chromium (axe-core, WCAG 2.1 AA): an der Eingangszone steht neben dem Leitfaden zur
Terminabsage der Aufgabensteckbrief, aufklappbar mit der Tastatur (domain.md A12)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.gespraech import services as gespraech
from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import barrierefrei, chromium

pytestmark = [pytest.mark.browser, pytest.mark.auch_postgres, pytest.mark.django_db(transaction=True)]
PASSWORT = "Demo-Passwort-1"


@pytest.fixture
def kontakt_id(db: Any, settings: Any) -> str:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-25"
    agent = benutzer_anlegen("b-ez", PASSWORT, ["agent_ez"], standort="Nürnberg")
    ausgangslage_laden({"kunde": {"kundennummer": "955C000001", "vorname": "Petra", "nachname": "Brandt",
                                  "geburtsdatum": "1975-06-07", "wohnort_agentur": "Nürnberg",
                                  "betreuung": "av", "status": "arbeitsuchend"}})
    return str(gespraech.kontakt_starten(agent, "EZ 1.003", "955C000001").pk)


@pytest.fixture
def seite(kontakt_id: str, live_server: Any) -> Iterator[Page]:
    with chromium(live_server) as page:
        yield page


def test_steckbrief_neben_dem_leitfaden(seite: Page, kontakt_id: str) -> None:
    page = seite
    page.goto("/anmelden/")
    page.get_by_label("Benutzername").fill("b-ez")
    page.get_by_label("Passwort").fill(PASSWORT)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()
    page.goto(f"/kontakt/{kontakt_id}/")
    steckbrief = page.get_by_role("complementary", name="Aufgabensteckbrief zu diesem Gespräch")
    expect(steckbrief).to_be_visible()
    inhalt = steckbrief.get_by_text("Termin im ATV mit der Funktion „abgesagt“ kennzeichnen (nie löschen), Grund erfassen")
    expect(inhalt).to_be_hidden()
    zusammenfassung = steckbrief.get_by_text("EZ 01: Termin absagen, verschieben oder vereinbaren (Stand 20.03.2020")
    zusammenfassung.focus()
    page.keyboard.press("Enter")
    expect(inhalt).to_be_visible()
    expect(steckbrief.get_by_role("link", name="Steckbrief EZ 01 im Katalog")).to_be_visible()
    page.screenshot(path="/tmp/instrumente-steckbrief.png", full_page=True)
    barrierefrei(page, streng=True)
