"""Von der Zahl der Anlage 7 zu den Kontakten, im echten Chromium (axe-core, WCAG 2.1 AA, 0 Verstöße): eine
Teamleitung erreicht den Zähler „Weg über die Schritte der Regel“ einer Regel mit der Tastatur, öffnet die Kontakte
dahinter, kommt mit denselben Filtern zur Anlage zurück und öffnet die Kontakte der Regel. Bildschirmfotos der
Listen nach var/screenshots/."""

from __future__ import annotations

import re
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
FOTOS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
REGEL = "2.2 a) 2: Einheitliche Terminabsage: Status „abgesagt“ im ATV"


@pytest.fixture
def seite(db: Any, settings: Any, live_server: Any) -> Iterator[Page]:
    settings.KUNDENPORTAL_STICHTAG = "2020-05-04"
    demo_kontakte_anlegen()
    benutzer_anlegen("b-tl7", PASSWORT, ["teamleitung"], standort="Nürnberg")
    FOTOS.mkdir(parents=True, exist_ok=True)
    with chromium(live_server) as page:
        yield page


def _mit_tab_zu(page: Page, beschriftung: str, hoechstens: int = 400) -> None:
    """Tab, bis der Verweis mit dieser Beschriftung (Anfang) den Fokus hat — erreichbar ohne Maus."""
    for _ in range(hoechstens):
        page.keyboard.press("Tab")
        if page.evaluate("(document.activeElement.getAttribute('aria-label') || '')").startswith(beschriftung):
            return
    pytest.fail(f"Kein Verweis „{beschriftung}…“ mit der Tastatur erreichbar")


def test_von_der_regel_zu_den_kontakten_mit_der_tastatur(seite: Page) -> None:
    page = seite
    anmelden(page, "b-tl7", PASSWORT)
    page.goto("/fuehrung/anlage-7/?von=01.02.2020&bis=30.04.2020&standort=&gruppe=&phase=")
    barrierefrei(page, streng=True)
    regel = page.get_by_role("region", name=REGEL)
    weg = regel.get_by_role("link", name=re.compile(
        r"^\d+ Kontakte mit Weg über die Schritte der Regel 2\.2 a\) 2, Andere Standorte ab 20\.03\.2020$"))
    anzahl = int(weg.inner_text())
    expect(regel.get_by_role("row", name=re.compile("Andere Standorte"))).to_contain_text(f"({anzahl} von ")
    regel.screenshot(path=str(FOTOS / "anlage7-regel-verweise.png"))
    _mit_tab_zu(page, f"{anzahl} Kontakte mit Weg über die Schritte der Regel 2.2 a) 2, Andere Standorte ab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kontakte hinter der Anlage 7: Kontakte mit Weg über die Schritte der Regel 2.2 a) 2")
    tabelle = page.get_by_role("table", name=re.compile(
        r"^Kontakte mit Weg über die Schritte der Regel 2\.2 a\) 2, Andere Standorte ab 20\.03\.2020: "))
    expect(page.locator("#kontakte-zahl")).to_contain_text(f"Die Anlage 7 zählt hier {anzahl} Kontakt")
    hier = int(re.search(r"davon (\d+) an Ihrem Standort Nürnberg", page.locator("#kontakte-zahl").inner_text())[1])
    assert 0 < hier <= anzahl
    expect(tabelle.locator("tbody tr")).to_have_count(hier)             # nur die Kontakte des eigenen Standorts
    assert "955" not in page.url and "kundennummer" not in page.url
    barrierefrei(page, streng=True)
    page.screenshot(path=str(FOTOS / "anlage7-kontakte-weg.png"), full_page=True)

    page.get_by_role("link", name="Zurück zur Anlage 7 (Umsetzungsdialog)").click()
    expect(page.get_by_label("Von (TT.MM.JJJJ)")).to_have_value("01.02.2020")
    regel = page.get_by_role("region", name=REGEL)
    kontakte = regel.get_by_role("link", name=re.compile(r"^\d+ Kontakte: Regel 2\.2 a\) 2, Andere Standorte ab "))
    anzahl = int(kontakte.inner_text())
    kontakte.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kontakte hinter der Anlage 7: Kontakte auf den Leitfäden der Regel 2.2 a) 2")
    expect(page.locator("#kontakte-zahl")).to_contain_text(f"Die Anlage 7 zählt hier {anzahl} Kontakt")
    expect(page.locator("#kontakte-zahl")).to_contain_text("Einzelne Kontakte zeigt die Liste nur für Ihren Standort")
    expect(page.locator("#kontakte thead")).to_contain_text("Weg über die Schritte der Regel")
    barrierefrei(page, streng=True)
    page.screenshot(path=str(FOTOS / "anlage7-kontakte.png"), full_page=True)
