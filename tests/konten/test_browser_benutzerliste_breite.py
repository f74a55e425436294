"""Die Liste der Benutzer in der Verwaltung passt bei 1280 px Breite ins Fenster: „Letzte Anmeldung“ war rechts
abgeschnitten (admin/konten/verwaltung_benutzer_liste.html, konten/benutzerliste.css). Enger (1024 px) verschiebt
sich nur die Tabelle in einem benannten, mit der Tastatur erreichbaren Bereich (WCAG 1.4.10); axe ohne Verstoß."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import anmelden, barrierefrei, chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Demo-Passwort-1"


def _seite(live_server: Any, breite: int) -> Iterator[Page]:
    benutzer_anlegen("verwalterin", PASSWORT, ["administration"], standort="Nürnberg")
    for i in range(3):
        benutzer_anlegen(f"demo-agent-berlin-mitte-{i}", PASSWORT,
                         ["agent_ez", "agent_sc3", "agent_scfk", "agent_emb"], standort="Berlin Mitte",
                         vorname="Demo", nachname=f"Beschäftigte Berlin Mitte {i}")
    with chromium(live_server, breite=breite) as page:
        anmelden(page, "verwalterin", PASSWORT)
        page.goto("/verwaltung/auth/user/")
        yield page


@pytest.fixture
def breit(live_server: Any) -> Iterator[Page]:
    yield from _seite(live_server, 1280)


@pytest.fixture
def schmal(live_server: Any) -> Iterator[Page]:
    yield from _seite(live_server, 1024)


def _kasten(page: Page, selektor: str) -> dict[str, float]:
    kasten = page.locator(selektor).bounding_box()
    assert kasten is not None, selektor
    return kasten


def test_letzte_anmeldung_bei_1280_px_im_fenster(breit: Page) -> None:
    kopf = breit.get_by_role("columnheader", name="Letzte Anmeldung")
    expect(kopf).to_be_visible()
    k = _kasten(breit, "#result_list th.column-letzte_anmeldung")
    bereich = _kasten(breit, ".benutzer-tabelle")
    assert k["x"] >= 0 and k["x"] + k["width"] <= 1280
    assert k["x"] + k["width"] <= bereich["x"] + bereich["width"] + 0.5        # nicht im verdeckten Teil
    assert breit.evaluate("() => { const b = document.querySelector('.benutzer-tabelle');"
                          " return b.scrollWidth <= b.clientWidth; }"), "die Tabelle ragt über ihren Bereich"
    assert breit.evaluate("document.documentElement.scrollWidth") <= 1280
    # das Datum kurz: 08.12.2026 14:05, nicht „8. Dezember 2026 14:05“
    zeile = breit.locator("#result_list tbody tr", has_text="verwalterin")
    expect(zeile.locator("td.field-letzte_anmeldung")).to_have_text(re.compile(r"^\d\d\.\d\d\.\d{4} \d\d:\d\d$"))
    barrierefrei(breit, streng=True)


def test_bei_1024_px_verschiebt_sich_die_tabelle_in_einem_benannten_bereich(schmal: Page) -> None:
    bereich = schmal.get_by_role("region", name="Benutzerliste")
    expect(bereich).to_be_visible()
    bereich.focus()
    expect(bereich).to_be_focused()
    for _ in range(10):
        schmal.keyboard.press("ArrowRight")
    kopf = schmal.locator("#result_list th.column-letzte_anmeldung")
    expect(kopf).to_be_in_viewport()
    schmal.wait_for_function("() => { const b = document.querySelector('.benutzer-tabelle'), "
                             "k = document.querySelector('th.column-letzte_anmeldung').getBoundingClientRect(); "
                             "return k.right <= b.getBoundingClientRect().right + 0.5; }")
    barrierefrei(schmal, streng=True)
