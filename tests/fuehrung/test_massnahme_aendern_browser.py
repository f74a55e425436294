"""Eine Maßnahme der Anlage 7 ändern, im echten Chromium (axe-core, WCAG 2.1 AA, 0 Verstöße): die Teamleitung
erreicht „Ändern“ an ihrer Maßnahme mit der Tastatur, ein Name mit Anrede wird am Feld abgelehnt (Fokus auf der
Fehlerliste), der berichtigte Text führt zurück auf die Anlage 7 mit denselben Filtern und der Bestätigung.
Bildschirmfotos nach var/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal import zeit
from kundenportal.fuehrung import services
from kundenportal.fuehrung.models import Massnahme
from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import anmelden, barrierefrei, chromium, datenbank

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Demo-Passwort-1"
FOTOS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
SEITE = "/fuehrung/anlage-7/?von=01.02.2020&bis=30.04.2020"
REGEL = "2.2 a) 2: Einheitliche Terminabsage: Status „abgesagt“ im ATV"


@pytest.fixture
def seite(db: Any, settings: Any, live_server: Any) -> Iterator[Page]:
    settings.KUNDENPORTAL_STICHTAG = "2020-05-04"
    tl = benutzer_anlegen("b-tl-aendern", PASSWORT, ["teamleitung"], standort="Nürnberg")
    services.massnahme_festhalten(tl, weisung="202003006", regel="2.2 a) 2", text="Im Taem die Absage im ATV üben",
                                  jetzt=zeit.jetzt())
    FOTOS.mkdir(parents=True, exist_ok=True)
    with chromium(live_server) as page:
        yield page


def _mit_tab_zu(page: Page, name: str, hoechstens: int = 400) -> None:
    """Tab, bis das Element mit diesem Namen (Anfang; mit dem Text für Screenreader) den Fokus hat."""
    for _ in range(hoechstens):
        page.keyboard.press("Tab")
        if page.evaluate("(document.activeElement.textContent || '').trim()").startswith(name):
            return
    pytest.fail(f"„{name}“ ist mit der Tastatur nicht erreichbar")


def test_maßnahme_mit_der_tastatur_aendern(seite: Page) -> None:
    page = seite
    anmelden(page, "b-tl-aendern", PASSWORT)
    page.goto(SEITE)
    regel = page.get_by_role("region", name=REGEL)
    expect(regel).to_contain_text("Im Taem die Absage im ATV üben")
    _mit_tab_zu(page, "Ändern: 1. Maßnahme zu 2.2 a) 2 vom ")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Maßnahme zu 2.2 a) 2 ändern")
    feld = page.get_by_label("Vereinbarte Maßnahme")
    expect(feld).to_have_value("Im Taem die Absage im ATV üben")
    assert "Taem" not in page.url and "b-tl-aendern" not in page.url
    barrierefrei(page, streng=True)
    page.screenshot(path=str(FOTOS / "massnahme-aendern.png"), full_page=True)

    feld.fill("Familie Demir zur Absage zurückrufen")
    page.get_by_role("button", name="Änderung speichern").click()
    fehlerliste = page.locator("#fehlerliste")
    expect(fehlerliste).to_be_focused()
    expect(fehlerliste).to_contain_text("Vereinbarte Maßnahme: Bitte ohne Angaben zur Person: der Text enthält einen "
                                        "Namen mit Anrede.")
    expect(page.locator("#id_text_error")).to_contain_text("einen Namen mit Anrede")
    expect(feld).to_have_attribute("aria-invalid", "true")
    assert page.title().startswith("Fehler: ")
    barrierefrei(page, streng=True)
    page.screenshot(path=str(FOTOS / "massnahme-aendern-fehler.png"), full_page=True)

    fehlerliste.get_by_role("link").click()
    expect(feld).to_be_focused()
    feld.fill("Im Team die Absage im ATV üben")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Anlage 7")
    expect(page.get_by_label("Von (TT.MM.JJJJ)")).to_have_value("01.02.2020")
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_contain_text(
        "Maßnahme zu 2.2 a) 2 geändert.")
    regel = page.get_by_role("region", name=REGEL)
    expect(regel).to_contain_text("Im Team die Absage im ATV üben")
    expect(regel).to_contain_text("; geändert am ")
    expect(regel).not_to_contain_text("Taem")
    barrierefrei(page, streng=True)
    regel.screenshot(path=str(FOTOS / "massnahme-geaendert.png"))
    assert datenbank(lambda: Massnahme.objects.get().geaendert_von.get_username()) == "b-tl-aendern"
