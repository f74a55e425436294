"""Rundgang als Kunde auf dem Telefon (390 × 844): nach dem Prüfen sagt die Seite einmal, was beim Absenden
geschieht, und die Bestätigung sagt, wie es weitergeht — mit Links zu den Terminen und zurück zum Formular."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from kundenportal.eservice.services import kundenkonto_anlegen
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from tests.browser import werkzeug
from tests.browser.test_kunde_eservice import barrierefrei

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KUNDE, PASSWORT = "955A100002", "Geheim-2020!"


@pytest.fixture
def kunde(settings: pytest.FixtureRequest) -> str:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"  # type: ignore[attr-defined]
    ausgangslage_laden({"kunde": {"kundennummer": KUNDE, "vorname": "Aylin", "nachname": "Demir",
                                  "wohnort_agentur": "Köln", "online_asu": "abgeschlossen"},
                        "step": {"konto": True, "sicherheitsstufe": "basis"}})
    kundenkonto_anlegen(KUNDE, PASSWORT)
    return KUNDE


@pytest.fixture
def telefon(live_server: object) -> Iterator[Page]:
    with werkzeug.chromium(live_server, breite=390) as page:
        page.set_viewport_size({"width": 390, "height": 844})
        yield page


def test_pruefen_und_bestaetigung_sagen_klar_was_geschieht(kunde: str, telefon: Page) -> None:
    page = telefon
    page.goto("/kunde/beratungsgespraech/")
    page.get_by_label("Kundennummer").fill(KUNDE)
    page.get_by_label("Passwort").fill(PASSWORT)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name="Beratungsgespräch vorbereiten", level=1)).to_be_visible()
    page.get_by_label("Welche Stelle suchen Sie?").fill("Lagerist in Köln, Vollzeit")
    page.get_by_role("button", name="Weiter zur Zusammenfassung").click()

    kasten = page.locator("#vorhaben")
    expect(kasten).to_contain_text("Ihre Angaben werden in Ihrem Profil bei der Agentur für Arbeit gespeichert.")
    expect(kasten).not_to_contain_text("direkt zur Verfügung")        # derselbe Satz nicht ein zweites Mal
    barrierefrei(page)

    page.get_by_role("button", name="Angaben absenden").click()
    expect(page.get_by_role("heading", name="Wie es weitergeht")).to_be_visible()
    expect(page.locator("#wie-weiter")).to_contain_text("Sie müssen jetzt nichts weiter tun.")
    barrierefrei(page)
    page.get_by_role("main").get_by_role("link", name="Meine Termine").click()
    expect(page.get_by_role("heading", name="Meine Termine", level=1)).to_be_visible()
    page.go_back()
    page.get_by_role("main").get_by_role("link", name="Beratungsgespräch vorbereiten").click()
    expect(page.get_by_label("Welche Stelle suchen Sie?")).to_have_value("Lagerist in Köln, Vollzeit")
