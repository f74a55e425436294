"""Nach einem Schritt der Arbeitshilfe lädt die Mailseite den Antwortbereich nach (150 ms später, eigener
htmx-Abruf). Das darf die Frage nicht ein zweites Mal ansagen und der Agentin nicht den Fokus nehmen, den sie
inzwischen gesetzt hat (vorher: tastatur.js fokussierte nach jedem Einschwingen die Frage, auch nach dem des
Antwortbereichs — eine schnell gewählte Option verlor den Fokus, die Ansage kam doppelt)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.emb.models import Mail
from tests.browser.werkzeug import barrierefrei, chromium

from .conftest import Smtp
from .test_browser_arbeitsplatz import arbeitshilfe_starten, daten, waehlen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["daten"]

BEOBACHTER = """() => {
  window.__ansagen = 0; window.__antwortbereich = 0;
  new MutationObserver(() => { window.__ansagen += 1; })
    .observe(document.getElementById("ansage"), {childList: true, characterData: true, subtree: true});
  document.addEventListener("htmx:afterSettle", (e) => {
    if (e.detail && e.detail.target && e.detail.target.id === "antwort-bereich") { window.__antwortbereich += 1; }
  });
}"""


@pytest.fixture
def seite(daten: Mail, live_server: Any) -> Iterator[Page]:
    with chromium(live_server) as page:
        yield page


def test_nachgeladener_antwortbereich_laesst_fokus_und_ansage(seite: Page, daten: Mail, smtp_server: Smtp) -> None:
    page = arbeitshilfe_starten(seite)
    erste = page.locator("#frage-titel").inner_text()

    page.evaluate(BEOBACHTER)
    waehlen(page, next(t for t in page.locator("#antwort button[data-taste]").all_inner_texts() if "ja" in t.lower()))
    page.wait_for_function("t => document.querySelector('#frage-titel')?.innerText !== t", arg=erste)
    # Die Agentin geht gleich weiter: Tab auf die erste Option der neuen Frage, bevor der Antwortbereich nachlädt.
    erste_option = page.locator("#antwort button[data-taste]").first
    erste_option.focus()
    page.wait_for_function("() => window.__antwortbereich >= 1", timeout=15_000)
    expect(erste_option).to_be_focused()                    # der Fokus bleibt, wo sie ihn gesetzt hat
    assert page.evaluate("window.__ansagen") == 1            # die neue Frage einmal angesagt, nicht zweimal
    barrierefrei(page, streng=True)


def test_nachgeladener_antwortbereich_laesst_die_tastatur_bereit(seite: Page, daten: Mail, smtp_server: Smtp) -> None:
    """Der Abruf des Antwortbereichs ist kein Schritt: `data-tastatur` bleibt danach „bereit“ (vorher blieb es nach
    dem Einschwingen auf „laedt“ stehen, sobald der Abruf nach dem Schritt kam — Hilfsmittel und Tests warteten)."""
    page = arbeitshilfe_starten(seite)
    page.evaluate(BEOBACHTER)
    waehlen(page, next(t for t in page.locator("#antwort button[data-taste]").all_inner_texts() if "ja" in t.lower()))
    page.wait_for_function("() => window.__antwortbereich >= 1", timeout=15_000)
    expect(page.locator("html")).to_have_attribute("data-tastatur", "bereit")
