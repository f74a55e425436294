"""Eine Redakteurin entwirft im Browser (Chromium) eine neue Fassung des Aufgabensteckbriefs EZ 01: beginnen aus
der neuesten Fassung, einen Befund mit Zeile und Feld sehen, im Quelltext beheben, den Unterschied zur Basis in
Worten sehen — jede Seite axe-sauber (WCAG 2.1 AA)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import anmelden, barrierefrei, chromium

from .test_browser import bild

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Demo-Passwort-1"


@pytest.fixture
def seite(db_katalog: None, live_server: Any, settings: Any) -> Iterator[Page]:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-10"
    benutzer_anlegen("am-redaktion", PASSWORT, ["redaktion"], standort="Nürnberg")
    with chromium(live_server) as page:
        anmelden(page, "am-redaktion", PASSWORT)
        yield page


def test_aufgabensteckbrief_entwerfen_befund_beheben_unterschied(seite: Page) -> None:
    page, k = seite, seite.keyboard
    page.goto("/redaktion/")
    page.get_by_role("link", name="Entwürfe von Arbeitsmitteln").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neue Fassungen von Arbeitsmitteln")
    barrierefrei(page, streng=True)
    page.get_by_label("Neueste veröffentlichte Fassung").select_option(
        label="Aufgabensteckbrief EZ 01 – Termin absagen, verschieben oder vereinbaren, Stand 20.03.2020")
    page.locator("#id_am-stand").focus()
    k.type("15122026")
    page.get_by_role("button", name="Neue Fassung beginnen").click()
    page.wait_for_url("**/redaktion/arbeitsmittel/*/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Entwurf: Aufgabensteckbrief EZ 01 – Termin absagen, verschieben oder vereinbaren")
    expect(page.locator("#keine-befunde")).to_be_visible()

    quelltext = page.get_by_label("Quelltext der Fassung", exact=False)
    text = quelltext.input_value()
    assert "stand: 2026-12-15" in text and "vorgaenger: 2020-03-20" in text
    kaputt = text.replace("- EZ 1.003-Pilot", "- EZ 9.999").replace(
        "titel: Termin absagen, verschieben oder vereinbaren", "titel: Termin absagen oder verschieben")
    quelltext.fill(kaputt)
    page.get_by_role("button", name="Speichern und prüfen").click()
    zeile = next(i for i, z in enumerate(kaputt.split("\n"), 1) if z.startswith("leitfaeden:"))
    befund = page.locator("#liste-befunde li")
    expect(befund).to_have_text(f"Zeile {zeile}, Feld „leitfaeden“: unbekannter Leitfaden EZ 9.999")
    expect(page.get_by_text("Gespeichert (Version 2), mit 1 Befund")).to_be_visible()
    barrierefrei(page, streng=True)
    bild(page, "arbeitsmittel-befund")

    quelltext.fill(kaputt.replace("- EZ 9.999", "- EZ 1.003-Pilot"))
    page.get_by_role("button", name="Speichern und prüfen").click()
    expect(page.get_by_text("Gespeichert (Version 3): keine Befunde.")).to_be_visible()
    expect(page.locator("#keine-befunde")).to_be_visible()
    unterschied = page.locator("#liste-unterschied")
    expect(unterschied).to_contain_text("Geändert: Titel – bisher „Termin absagen, verschieben oder vereinbaren“, "
                                        "jetzt „Termin absagen oder verschieben“")
    expect(unterschied).to_contain_text("Geändert: Gültig ab – bisher „20.03.2020“, jetzt „15.12.2026“")
    barrierefrei(page, streng=True)
    bild(page, "arbeitsmittel-unterschied")
