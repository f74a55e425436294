"""Rundgang im echten Chromium (axe-core streng, Tastatur): die dritte Teamleitung soll den dritten Kontakt der
Stichprobe März 2020 blind kalibrieren. Vorher verrät ihr weder die QS-Quote des Tages die Erstbewertung noch die
Stichprobe mehr als Zahlen; die Stichprobe sagt, ob die Kalibrierung des Monats erfüllt ist. Nach dem Speichern
(per Tastatur) sieht sie die Urteile aller, und der Kontakt zählt in der Quote mit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from kundenportal.fuehrung.demo import demo_kontakte_anlegen
from kundenportal.qs.models import Bewertung
from tests.browser.werkzeug import anmelden, barrierefrei, chromium, datenbank

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BILDER = Path("/tmp/kundenportal-rundgang")


@pytest.fixture
def seite(db: Any, live_server: Any) -> Iterator[Page]:
    demo_kontakte_anlegen(anzahl=300)
    BILDER.mkdir(exist_ok=True)
    with chromium(live_server) as page:
        yield page


def test_blinde_kalibrierung_ohne_umweg_ueber_die_quote(seite: Page) -> None:
    page = seite
    dritter = datenbank(lambda: Bewertung.objects.select_related("kontakt").get(
        stichprobe__user__username="demo-teamleitung", nummer=3))
    tag = f"{timezone.localdate(dritter.kontakt.abgeschlossen):%d.%m.%Y}"
    anmelden(page, "demo-teamleitung-3", "demo-teamleitung-3")

    page.goto(f"/qs/?von={tag}&bis={tag}#auswertung")
    expect(page.locator("#qs-quote-blind")).to_contain_text("1 bewerteter Kontakt dieses Zeitraums zählt hier nicht mit")
    page.screenshot(path=str(BILDER / "qs-blind-1-quote.png"), full_page=True)
    barrierefrei(page, streng=True)

    page.goto(f"/qs/stichprobe/{dritter.stichprobe_id}/")
    expect(page.locator("#qs-kalibrierung-erfuellt")).to_have_text(
        "Kalibrierung im Monat 03.2020: 2 Kontakte sind von mindestens 3 Teamleitungen bewertet – Vorgabe "
        "(1 je Monat) erfüllt.")
    barrierefrei(page, streng=True)

    page.get_by_role("link", name="Kontakt 3", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontakt 3 kalibrieren")
    expect(page.locator("#qs-streuung")).to_have_count(0)                       # blind
    radios = page.locator("main form input[type=radio]")
    radios.first.focus()
    for _ in range(radios.count() // 3):          # je Kriterium „erfüllt“ (Leertaste), Tab zur nächsten Gruppe
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Kalibrierung speichern")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Kontakt 3 kalibriert.")).to_be_visible()
    expect(page.locator("#qs-streuung")).to_contain_text("demo-teamleitung-2")
    page.screenshot(path=str(BILDER / "qs-blind-2-kalibriert.png"), full_page=True)
    barrierefrei(page, streng=True)

    page.goto(f"/qs/?von={tag}&bis={tag}#auswertung")
    expect(page.locator("#qs-quoten")).to_contain_text("(1 von 1)")
    expect(page.locator("#qs-quote-blind")).to_have_count(0)
