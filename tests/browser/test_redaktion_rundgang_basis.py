"""Rundgang Redaktion im echten Chromium: in „Entwurf beginnen“ steht die gültige Fassung vorn, die abgelöste in einer
eigenen Gruppe zuletzt; ein Entwurf darauf warnt oben auf der Seite; die Ausgangslage eines Szenarios erklärt sich
mit Beispiel. Jede Seite axe-sauber; Bildschirmfotos unter /tmp/rg-8115/shots/ (zum Ansehen)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import barrierefrei, chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Demo-Passwort-1"
BILDER = Path("/tmp/rg-8115/shots")


@pytest.fixture
def seite(db_katalog: None, live_server: Any, settings: Any) -> Iterator[Page]:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"
    benutzer_anlegen("b-redaktion", PASSWORT, ["redaktion"], standort="Nürnberg")
    with chromium(live_server) as page:
        yield page


def _bild(page: Page, name: str) -> None:
    BILDER.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(BILDER / f"{name}.png"), full_page=False)


def test_abgeloeste_basis_steht_zuletzt_und_der_entwurf_warnt(seite: Page) -> None:
    page = seite
    page.goto("/anmelden/")
    page.get_by_label("Benutzername").fill("b-redaktion")
    page.get_by_label("Passwort").fill(PASSWORT)
    page.get_by_label("Passwort").press("Enter")
    page.wait_for_url("**/")
    page.goto("/redaktion/")
    auswahl = page.get_by_label("Veröffentlichte Fassung")
    gruppen = auswahl.locator("optgroup").evaluate_all("gs => gs.map(g => [g.label, [...g.children].map(o => o.text)])")
    labels = [g[0] for g in gruppen]
    i = labels.index("SC 3.307: Insolvenzgeld beantragen")
    assert gruppen[i][1] == ["SC 3.307, Stand 20.03.2020"]
    assert gruppen[i + 1] == ["SC 3.307 — abgelöst, spätere Änderungen fehlen",
                              ["SC 3.307, Stand 20.12.2019 — abgelöst (galt bis 19.03.2020)"]]
    barrierefrei(page, streng=True)

    auswahl.select_option(label="SC 3.307, Stand 20.12.2019 — abgelöst (galt bis 19.03.2020)")
    page.get_by_role("button", name="Entwurf beginnen").click()
    expect(page.get_by_role("heading", name="Entwurf SC 3.307, Stand 01.04.2020")).to_be_visible()
    hinweis = page.locator("#basis-hinweis")
    expect(hinweis).to_contain_text("Basis ist die abgelöste Fassung vom 20.12.2019 — spätere Änderungen fehlen in "
                                    "diesem Entwurf.")
    expect(hinweis).to_contain_text("die Fassung „SC 3.307, Stand 20.03.2020“ wählen")
    _bild(page, "entwurf-abgeloeste-basis")
    barrierefrei(page, streng=True)
    expect(page.locator("#szenarien ~ p.kern-body--muted").first).to_contain_text("gepflegt von der Entwicklung")

    page.get_by_role("link", name="Szenario durch diesen Entwurf aufzeichnen").click()
    feld = page.get_by_label("Ausgangslage in den Fachverfahren (optional)")
    beschreibung = feld.evaluate("f => document.getElementById(f.getAttribute('aria-describedby')"
                                 ".split(' ')[0]).textContent")
    assert "step: {konto: true, sicherheitsstufe: basis}" in beschreibung
    feld.scroll_into_view_if_needed()
    _bild(page, "szenario-ausgangslage")
    barrierefrei(page, streng=True)

    page.goto("/redaktion/")
    page.locator("#beginnen").scroll_into_view_if_needed()
    _bild(page, "uebersicht-beginnen")
