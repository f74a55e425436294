"""Rundgang der Teamleitung im echten Chromium (axe-core, WCAG 2.1 AA, 0 Verstöße), nur mit der Tastatur: von der
Anlage 5 aller Standorte zum eigenen Standort (Spalten nach ihm benannt) und von dort zum Vergleich mit den anderen
Standorten im selben Zeitraum — ohne einen Standort in der langen Liste zu suchen."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.fuehrung.demo import demo_kontakte_anlegen
from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import anmelden, barrierefrei, chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Demo-Passwort-1"


@pytest.fixture
def seite(db: Any, settings: Any, live_server: Any) -> Iterator[Page]:
    settings.KUNDENPORTAL_STICHTAG = "2020-05-04"
    demo_kontakte_anlegen(anzahl=200, qs=False)
    benutzer_anlegen("r-tl", PASSWORT, ["teamleitung"], standort="Nürnberg")
    with chromium(live_server) as page:
        yield page


def _mit_tab_zu(page: Page, text: str, hoechstens: int = 80) -> None:
    for _ in range(hoechstens):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.innerText || ''").strip() == text:
            return
    pytest.fail(f"Kein Verweis „{text}“ mit der Tastatur erreichbar")


def test_vom_ueberblick_zum_eigenen_standort_und_zum_vergleich(seite: Page) -> None:
    page = seite
    anmelden(page, "r-tl", PASSWORT)
    page.goto("/fuehrung/anlage-5/")
    expect(page.locator("#id_standort option[value='Nürnberg']")).to_have_text("Nürnberg (Ihr Standort)")
    barrierefrei(page, streng=True)
    _mit_tab_zu(page, "Nur Ihr Standort (Nürnberg)")
    page.keyboard.press("Enter")
    page.wait_for_url("**standort=N%C3%BCrnberg**")
    kopf = page.locator("#a5-tabelle thead th")
    expect(kopf).to_have_text(["Kennzahl", "Nürnberg vor dem 20.03.2020", "Nürnberg ab 20.03.2020"])
    expect(page.get_by_text("Standort Nürnberg (kein Pilotstandort).", exact=False)).to_be_visible()
    expect(page.locator("#a5-trend-tabelle thead")).to_contain_text("Kontakte Nürnberg")
    barrierefrei(page, streng=True)
    _mit_tab_zu(page, "nur andere Standorte")
    page.keyboard.press("Enter")
    page.wait_for_url("**gruppe=andere**")
    expect(kopf).to_have_text(["Kennzahl", "Andere Standorte vor dem 20.03.2020", "Andere Standorte ab 20.03.2020"])
    expect(page.locator("#id_von")).to_have_value("01.02.2020")
    barrierefrei(page, streng=True)
