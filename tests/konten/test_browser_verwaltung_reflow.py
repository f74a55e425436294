"""Die Verwaltung (Djangos Admin unter /verwaltung/) rollt bei 1024 px und bei 320 CSS px (1280 px mit 400 % Zoom)
nicht seitlich (WCAG 1.4.10): Djangos responsive.css stellt #header bis 1024 px in eine Spalte, und die Navigation
des Portals (#portal-nav, admin/base_site.html) brach mit flex-wrap in eine zweite Spalte rechts daneben — 11 px zu
breit bei 1024 px, 275 px bei 320 px. Jetzt steht sie wie in der App-Hülle in voller Breite unter Marke und
Benutzerwerkzeugen, ihre Links brechen um (portal/verwaltung.css): jeder Link im Fenster und mit Tab erreichbar.
Tabellen dürfen in ihrem eigenen Bereich rollen (Benutzerliste), die Seite nicht. axe ohne Verstoß."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import anmelden, barrierefrei, chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Demo-Passwort-1"
NAV = ["Zum Portal", "Leitfäden", "Arbeitsmittel", "Zugriffsprotokoll", "Benutzerverwaltung"]


def _ueberstand(page: Page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def _nav_pruefen(page: Page, breite: int) -> None:
    nav = page.get_by_role("navigation", name="Hauptnavigation des Portals")
    expect(nav).to_be_visible()
    links = nav.get_by_role("link")
    expect(links).to_have_text(NAV)
    for i in range(links.count()):
        link = links.nth(i)
        expect(link).to_be_visible()
        kasten = link.bounding_box()
        assert kasten is not None
        assert kasten["x"] >= 0 and kasten["x"] + kasten["width"] <= breite + 0.5, (breite, link.inner_text(), kasten)
    # mit der Tastatur: vom Seitenanfang aus erreicht Tab jeden Link der Navigation
    page.locator("body").focus()
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    erreicht: list[str] = []
    for _ in range(40):
        page.keyboard.press("Tab")
        text = page.evaluate("() => { const a = document.activeElement;"
                             " return a && a.closest('#portal-nav') ? a.textContent.trim() : null; }")
        if text and text not in erreicht:
            erreicht.append(text)
        if len(erreicht) == len(NAV):
            break
    assert erreicht == NAV


@pytest.mark.parametrize("breite", [1024, 640, 320])
def test_verwaltung_rollt_nicht_seitlich(live_server: Any, breite: int) -> None:
    benutzer_anlegen("verwalterin", PASSWORT, ["administration"], standort="Nürnberg")
    andere = benutzer_anlegen("demo-agent-berlin-mitte-0", PASSWORT,
                              ["agent_ez", "agent_sc3", "agent_scfk", "agent_emb"], standort="Berlin Mitte",
                              vorname="Demo", nachname="Beschäftigte Berlin Mitte 0")
    with chromium(live_server, breite=breite) as page:
        anmelden(page, "verwalterin", PASSWORT)
        for pfad in ("/verwaltung/", "/verwaltung/auth/user/", f"/verwaltung/auth/user/{andere.pk}/change/"):
            page.goto(pfad)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            assert _ueberstand(page) <= 0, f"{pfad} bei {breite} px: die Seite rollt seitlich"
            _nav_pruefen(page, breite)
            barrierefrei(page, streng=True)
