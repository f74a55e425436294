"""Rundgang E-Mail (Chromium, nur Tastatur): Nach „Zuordnung bestätigen“ steht die Bestätigung unter der Zuordnung,
und der Fokus auf der Überschrift der Arbeitshilfe, die sie nennt (aria-describedby) — derselbe Mechanismus wie am
Ende der Arbeitshilfe (data-ende-fokus, emb/meldung-fokus.js). Ein Tab führt zu „Arbeitshilfe starten“, Enter startet
sie. Vorher: Fokus auf der Überschrift der Mail, kein Wort der Bestätigung. axe-core ohne Verstoß."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.emb.models import Mail
from tests.browser.werkzeug import barrierefrei, chromium
from tests.email.conftest import eager, smtp_backend, smtp_port, smtp_server  # noqa: F401
from tests.email.test_browser_arbeitsplatz import daten, zuordnen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["daten"]


@pytest.fixture
def seite(daten: Mail, live_server: Any) -> Iterator[Page]:
    with chromium(live_server) as page:
        yield page


def test_nach_zuordnung_bestaetigen_fuehrt_der_fokus_zur_arbeitshilfe(seite: Page) -> None:
    page = seite
    zuordnen(page)
    bestaetigung = page.locator("#zuordnung-bestaetigt")
    expect(bestaetigung).to_be_visible()
    expect(bestaetigung).to_contain_text("Zuordnung bestätigt: Terminabsage / Terminverschiebung, Kundennummer")
    kopf = page.locator("#arbeitshilfe-kopf")
    expect(kopf).to_be_focused()                                 # nicht die Überschrift der Mail
    expect(kopf).to_have_attribute("aria-describedby", "zuordnung-bestaetigt-text")
    assert kopf.get_attribute("data-ende-fokus") is None        # gilt nur für dieses Laden
    page.screenshot(path="/tmp/emb-rundgang-zuordnung-fokus.png")
    barrierefrei(page, streng=True)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Arbeitshilfe starten")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#frage-titel")).to_be_focused()
    expect(page.locator("#zuordnung-bestaetigt")).to_have_count(0)
