"""Eine neue Weisung nur mit der Tastatur erfassen (Chromium): Paket mit neuer Nummer anlegen, weiter zum Formular der
Weisung, weitere Zeilen für Regelpunkte, ein doppelter Punkt bleibt mit Fokus und Meldung am Feld stehen, danach
gespeichert — jede Seite axe-sauber (WCAG 2.1 AA)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import barrierefrei, chromium

from .test_browser import bild

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Demo-Passwort-1"


@pytest.fixture
def seite(db_katalog: None, live_server: Any, settings: Any) -> Iterator[Page]:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-10"
    benutzer_anlegen("w-redaktion", PASSWORT, ["redaktion"], standort="Nürnberg")
    with chromium(live_server) as page:
        page.goto("/anmelden/")
        page.get_by_label("Benutzername").fill("w-redaktion")
        page.get_by_label("Passwort").fill(PASSWORT)
        page.get_by_label("Passwort").press("Enter")
        page.wait_for_url("**/")
        yield page


def test_neue_weisung_nur_mit_der_tastatur_erfassen(seite: Page) -> None:
    page, k = seite, seite.keyboard
    page.goto("/redaktion/")
    page.locator("summary", has_text="Freigabepaket für eine Weisung anlegen").focus()
    k.press("Enter")
    page.locator("#id_paket-weisung").focus()
    k.type("202612001")
    k.press("Tab")
    k.type("Insolvenzgeld 2027")
    k.press("Tab")
    k.type("01122026")                           # Datum der Weisung (TT.MM.JJJJ im deutschen Datumsfeld)
    page.locator("#id_paket-gueltig_ab").focus()
    k.type("01012027")
    k.press("Enter")
    page.wait_for_url("**/weisung/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Neue Weisung erfassen")
    expect(page.get_by_text("Weisung 202612001 gibt es im Katalog noch nicht: hier erfassen")).to_be_visible()
    expect(page.get_by_label("Nummer der Weisung")).to_have_value("202612001")
    expect(page.get_by_label("Gültig ab", exact=True)).to_have_value("2027-01-01")
    barrierefrei(page, streng=True)
    bild(page, "neue-weisung-formular")

    expect(page.get_by_label("Titel der Weisung")).to_have_value("Insolvenzgeld 2027")     # Titel des Pakets
    page.get_by_label("Titel der Weisung").focus()
    k.press("Control+a")
    k.type("Insolvenzgeld: Sicherheitsstufe neu geregelt")
    page.get_by_label("Geschäftszeichen").focus()
    k.type("QUB5 – 6801.4")
    page.locator("#id_regel-0-punkt").focus()
    k.type("2.1")
    k.press("Tab")
    k.type("Online-Antrag nur mit Ausweissichtverfahren")
    k.press("Tab")                               # „Kein Schritt nötig, weil …“ bleibt leer
    expect(page.locator("#id_regel-0-ohne_schritt")).to_be_focused()
    k.press("Tab")
    k.type("2.1")                                # doppelt
    k.press("Tab")
    k.type("Papierantrag bleibt möglich")
    page.get_by_role("button", name="Drei weitere Zeilen für Regelpunkte").focus()
    k.press("Enter")
    expect(page.locator("#id_regel-3-punkt")).to_be_focused()     # die erste neue Zeile
    expect(page.locator("#id_regel-1-titel")).to_have_value("Papierantrag bleibt möglich")
    expect(page.locator("#id_regel-5-punkt")).to_be_visible()
    k.press("Enter")                             # Enter im Feld: „Weisung speichern“ (der erste Knopf)

    feld = page.locator("#id_regel-1-punkt")
    expect(feld).to_be_focused()
    expect(feld).to_have_value("2.1")
    expect(page.locator("#id_regel-1-punkt_error")).to_have_text(
        "Punkt 2.1 steht doppelt (schon in Zeile 1): jeden Punkt nur einmal eintragen.")
    expect(page.get_by_label("Titel der Weisung")).to_have_value("Insolvenzgeld: Sicherheitsstufe neu geregelt")
    expect(page).to_have_title("Fehler: Neue Weisung erfassen – Paket Weisung 202612001 – Kundenportal")
    barrierefrei(page, streng=True)
    bild(page, "neue-weisung-fehler")

    k.press("Control+a")
    k.type("2.2 a) 1")
    k.press("Enter")
    page.wait_for_url("**/redaktion/pakete/*/")
    expect(page.get_by_role("heading", name="Neue Weisung 202612001")).to_be_visible()
    expect(page.get_by_text("2.2 a) 1 Papierantrag bleibt möglich")).to_be_visible()
    expect(page.get_by_text("Weisung 202612001 erfasst: sie wird mit dem Paket geprüft")).to_be_visible()
    barrierefrei(page, streng=True)
    bild(page, "neue-weisung-paket")
