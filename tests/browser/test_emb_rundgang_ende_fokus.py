"""Rundgang E-Mail (Chromium, nur Tastatur): Am Ende der Arbeitshilfe lädt die Mailseite neu. Der Fokus steht dann auf
dem Titel der Antwort (nicht auf der Überschrift der Mail); ein Tab führt zu „Antwort aus Vorlage entwerfen“, Enter
entwirft, der Text der Antwort hat den Fokus. axe-core ohne Verstoß."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.emb.models import Mail
from tests.browser.werkzeug import barrierefrei, chromium, frage
from tests.email.conftest import eager, smtp_backend, smtp_port, smtp_server  # noqa: F401
from tests.email.test_browser_arbeitsplatz import arbeitshilfe_starten, daten, waehlen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["daten"]
ANTWORTEN = {"Identität": "ja", "Was möchte": "bsagen", "Welcher Termin": "27.03.", "erforderlich": "ja",
             "wahrnehmen": "ja"}                   # der Kunde kann doch kommen: Ende ohne Aktion im ATV


@pytest.fixture
def seite(daten: Mail, live_server: Any) -> Iterator[Page]:
    with chromium(live_server) as page:
        yield page


def test_am_ende_der_arbeitshilfe_fuehrt_der_fokus_zur_antwort(seite: Page) -> None:
    page = arbeitshilfe_starten(seite)
    for _ in range(10):
        titel = page.locator("#frage-titel")
        if not titel.count():
            break
        text = titel.inner_text()
        frage(page, text)
        (gesucht,) = [w for k, w in ANTWORTEN.items() if k in text]
        (label,) = [t for t in page.locator("#antwort button[data-taste]").all_inner_texts() if gesucht in t.lower()
                    or gesucht in t]
        waehlen(page, label)
        page.wait_for_function("t => document.querySelector('#frage-titel')?.innerText !== t", arg=text)
        page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Ergebnis:", exact=True)).to_be_visible()
    titel = page.locator("#antwort-titel")
    expect(titel).to_be_focused()                               # nicht die Überschrift der Mail
    expect(titel).to_have_attribute("aria-describedby", "anweisung")
    assert titel.get_attribute("data-ende-fokus") is None       # gilt nur für dieses Laden
    barrierefrei(page, streng=True)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Antwort aus Vorlage entwerfen")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Text der Antwort")).to_be_focused()
