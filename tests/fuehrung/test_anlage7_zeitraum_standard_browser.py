"""Die Anlage 7 ohne Eingaben auf den Demodaten (Frühjahr 2020), heute im Dezember 2026, im echten Chromium
(axe-core, WCAG 2.1 AA, 0 Verstöße): die Teamleitung sieht Zahlen aus den letzten drei Monaten mit Kontakten, den
Satz, warum, und im Formular denselben Zeitraum; „Anzeigen“ ohne Änderung behält ihn (jetzt in der Adresse)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.fuehrung.demo import demo_kontakte_anlegen
from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import anmelden, barrierefrei, chromium

pytestmark = [pytest.mark.browser, pytest.mark.auch_postgres, pytest.mark.django_db(transaction=True)]
PASSWORT = "Demo-Passwort-1"
BILDER = Path("/tmp/kundenportal-rundgang")


@pytest.fixture
def seite(db: Any, settings: Any, live_server: Any) -> Iterator[Page]:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-07"
    demo_kontakte_anlegen(anzahl=120, qs=False)
    benutzer_anlegen("b-tl-vorgabe", PASSWORT, ["teamleitung"], standort="Nürnberg")
    BILDER.mkdir(exist_ok=True)
    with chromium(live_server) as page:
        yield page


def test_ohne_eingaben_zahlen_statt_leerer_tabelle(seite: Page) -> None:
    page = seite
    anmelden(page, "b-tl-vorgabe", PASSWORT)
    page.goto("/fuehrung/anlage-7/")
    hinweis = page.locator("#vorgabe")
    expect(hinweis).to_have_text("Für die letzten drei Monate (01.10.2026–07.12.2026) liegen keine Kontakte Ihrer "
                                 "Kanäle vor; gezeigt werden die letzten drei Monate mit Kontakten, 01.02.2020 bis "
                                 "30.04.2020.")
    expect(hinweis).to_have_attribute("role", "status")
    expect(page.get_by_label("Von (TT.MM.JJJJ)")).to_have_value("01.02.2020")
    expect(page.get_by_label("Bis (TT.MM.JJJJ)")).to_have_value("30.04.2020")
    tabelle = page.get_by_role("table", name="Kontakte und Umsetzung").first
    expect(tabelle.get_by_role("row", name="Pilotstandorte").get_by_role("link").first).to_be_visible()
    page.screenshot(path=str(BILDER / "anlage7-vorgabe-mit-kontakten.png"), full_page=False)
    barrierefrei(page, streng=True)
    # „Anzeigen“ ohne Änderung: derselbe Zeitraum, jetzt als Wahl in der Adresse — der Satz entfällt
    page.get_by_role("button", name="Anzeigen").click()
    assert "von=01.02.2020" in page.url and "bis=30.04.2020" in page.url
    expect(page.locator("#vorgabe")).to_have_count(0)
    expect(page.get_by_role("table", name="Kontakte und Umsetzung").first).to_be_visible()
