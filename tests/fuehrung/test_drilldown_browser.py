"""Von der Zahl zu den Kontakten, im echten Chromium (axe-core, WCAG 2.1 AA, 0 Verstöße): eine Teamleitung
erreicht in der Anlage 5 die Abgaben an OS AlgPlus mit der Tastatur, öffnet die Kontakte dahinter, blättert
und kommt mit denselben Filtern zur Anlage zurück."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.fuehrung.demo import demo_kontakte_anlegen
from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import anmelden, barrierefrei, chromium

pytestmark = [pytest.mark.browser, pytest.mark.auch_postgres, pytest.mark.django_db(transaction=True)]
PASSWORT = "Demo-Passwort-1"


@pytest.fixture
def seite(db: Any, settings: Any, live_server: Any) -> Iterator[Page]:
    settings.KUNDENPORTAL_STICHTAG = "2020-05-04"
    demo_kontakte_anlegen()
    benutzer_anlegen("b-tl", PASSWORT, ["teamleitung"], standort="Nürnberg")
    with chromium(live_server) as page:
        yield page


def _mit_tab_zu(page: Page, beschriftung: str, hoechstens: int = 200) -> None:
    """Tab, bis der Verweis mit dieser Beschriftung (Anfang) den Fokus hat — erreichbar ohne Maus."""
    for _ in range(hoechstens):
        page.keyboard.press("Tab")
        if page.evaluate("(document.activeElement.getAttribute('aria-label') || '')").startswith(beschriftung):
            return
    pytest.fail(f"Kein Verweis „{beschriftung}…“ mit der Tastatur erreichbar")


def test_von_den_abgaben_zu_den_kontakten_mit_der_tastatur(seite: Page) -> None:
    page = seite
    anmelden(page, "b-tl", PASSWORT)
    page.goto("/fuehrung/anlage-5/?von=01.02.2020&bis=30.04.2020&standort=&gruppe=&phase=&kanal=")
    barrierefrei(page, streng=True)
    zelle = page.locator("#a5-tabelle").get_by_role("link", name="Abgabequote an OS AlgPlus, Andere Standorte ab")
    anzahl = int(zelle.inner_text())
    _mit_tab_zu(page, f"{anzahl} Kontakte: Abgabequote an OS AlgPlus, Andere Standorte ab 20.03.2020")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontakte hinter der Kennzahl „Abgaben an OS AlgPlus“")
    tabelle = page.get_by_role("table", name="Abgaben an OS AlgPlus, Andere Standorte ab 20.03.2020")
    expect(page.locator("#kontakte-zahl")).to_contain_text(f"Die Anlage 5 zählt hier {anzahl} Kontakte")
    expect(page.locator("#kontakte-zahl")).to_contain_text("Einzelne Kontakte zeigt die Liste nur für Ihren Standort")
    expect(tabelle.locator("caption")).to_contain_text("älteste zuerst")
    hier = int(re.search(r"davon (\d+) an Ihrem Standort Nürnberg", page.locator("#kontakte-zahl").inner_text())[1])
    assert 0 < hier < anzahl
    expect(tabelle.locator("tbody tr")).to_have_count(hier)            # nur die Kontakte des eigenen Standorts
    expect(tabelle.locator("tbody")).not_to_contain_text("nein")                 # jede Zeile ist eine Abgabe
    assert "955" not in page.url and "kundennummer" not in page.url
    barrierefrei(page, streng=True)

    page.get_by_role("link", name="Zurück zur Anlage 5 (Steuerungsübersicht)").click()
    expect(page.get_by_label("Von (TT.MM.JJJJ)")).to_have_value("01.02.2020")
    page.get_by_label("Kanal").select_option(label="Service Center SGB III")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.get_by_text("Kanal Service Center SGB III.")).to_be_visible()
    page.locator("#a5-tabelle").get_by_role("row").filter(has_text="Kontakte").first.get_by_role("link").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontakte hinter der Kennzahl „Kontakte“")
    expect(page.locator("#kontakte tbody")).not_to_contain_text("Eingangszone")
    if page.get_by_role("navigation", name="Seiten der Kontakte").count():
        page.get_by_role("link", name="Nächste Seite").click()
        expect(page.get_by_text("Seite 2 von")).to_be_visible()
    barrierefrei(page, streng=True)
