"""Rundgang Redaktion (Chromium): Punkt 2.2 a) 1 einer neuen Weisung setzt kein Schritt um. Die Regelspur nennt ihn
mit dem, was zu tun ist, das Tor besteht und nennt ihn, einreichen geht — die Bestätigung nennt ihn, und die Freigabe
sieht ihn vor dem Knopf „Freigeben“. Jede Seite axe-sauber (WCAG 2.1 AA)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.konten.services import benutzer_anlegen
from kundenportal.redaktion.models import Freigabepaket
from tests.browser.werkzeug import barrierefrei, chromium, datenbank
from tests.redaktion.test_regelspur_offen import _paket_mit_offenem_punkt

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Demo-Passwort-1"
BILDER = Path(os.environ.get("KUNDENPORTAL_BILDER", "/tmp/kundenportal-bilder"))


def _anmelden(page: Page, name: str) -> None:
    page.context.clear_cookies()
    page.goto("/anmelden/")
    page.get_by_label("Benutzername").fill(name)
    page.get_by_label("Passwort").fill(PASSWORT)
    page.get_by_label("Passwort").press("Enter")
    page.wait_for_url("**/")


def _bild(page: Page, name: str, ziel: str) -> None:
    """Bildschirmfoto zum Ansehen (nicht verglichen): der sichtbare Ausschnitt ab `ziel`."""
    BILDER.mkdir(parents=True, exist_ok=True)
    page.locator(ziel).first.scroll_into_view_if_needed()
    page.evaluate("s => document.querySelector(s).scrollIntoView({block: 'start'})", ziel)
    page.screenshot(path=str(BILDER / f"regeln-{name}.png"))


@pytest.fixture
def paket(db_katalog: None, settings: Any) -> int:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-10"
    a = benutzer_anlegen("g-redaktion", PASSWORT, ["redaktion"], standort="Nürnberg")
    benutzer_anlegen("g-freigabe", PASSWORT, ["freigabe"], standort="Nürnberg")
    return _paket_mit_offenem_punkt(a).pk


@pytest.fixture
def seite(live_server: Any) -> Iterator[Page]:
    with chromium(live_server) as page:
        yield page


def test_offener_punkt_vor_der_freigabe_sichtbar(paket: int, seite: Page) -> None:
    page = seite
    _anmelden(page, "g-redaktion")
    page.goto(f"/redaktion/pakete/{paket}/")
    warnung = page.locator("#offene-punkte")
    expect(warnung).to_contain_text("Punkt 2.2 a) 1: von keinem Schritt umgesetzt")
    expect(warnung).to_contain_text("unter „Regel“ den Punkt eintragen")
    spur = page.get_by_role("table", name="Jeder Punkt der Weisung 202612001 → Leitfaden → Schritte")
    expect(spur.get_by_role("row").filter(has_text="2.2 a) 1")).to_contain_text("von keinem Schritt umgesetzt")
    expect(spur.get_by_role("row").filter(has_text="SC 3.307")).to_contain_text("2.1")
    barrierefrei(page)

    page.get_by_role("button", name="Szenario-Tor prüfen").click()
    expect(page.locator(".tor-ergebnis")).to_contain_text("Bestanden")
    expect(page.locator(".tor-ergebnis")).to_contain_text("Von keinem Schritt umgesetzt (hält das Tor nicht auf")
    expect(page.locator("#einreichen-offen")).to_contain_text("2.2 a) 1")
    _bild(page, "regelspur", "#regelspur")
    _bild(page, "tor", "#tor")

    page.get_by_role("button", name="Zur Freigabe einreichen").click()
    expect(page.locator("#meldungen")).to_contain_text("Zur Freigabe eingereicht — mit 1 Punkt der Weisung 202612001, "
                                                       "den kein Schritt umsetzt: Punkt 2.2 a) 1")
    barrierefrei(page)
    assert datenbank(lambda: Freigabepaket.objects.get(pk=paket).status) == Freigabepaket.ZUR_FREIGABE
    _bild(page, "eingereicht", "#meldungen")

    _anmelden(page, "g-freigabe")
    page.goto(f"/redaktion/pakete/{paket}/")
    vier_augen = page.locator("#freigabe-offene-punkte")
    expect(vier_augen).to_contain_text("Eingereicht mit 1 Punkt der Weisung 202612001 ohne Schritt")
    expect(vier_augen).to_contain_text("Punkt 2.2 a) 1: von keinem Schritt umgesetzt")
    expect(page.get_by_role("button", name="Freigeben")).to_be_visible()
    barrierefrei(page)
    _bild(page, "freigabe", "#freigabe-offene-punkte")
