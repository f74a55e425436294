"""Rundgang demo-agent-sc3 im echten Chromium: der Kasten „Geänderte Leitfäden“ zeigt je Hinweis die wichtigsten
Änderungen in Worten und den Rest aufklappbar („… weitere Änderungen anzeigen“) — ohne Parameter, Bedingungen oder
verschachtelte Zitate; barrierefrei (axe)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.konten.services import benutzer_anlegen
from kundenportal.redaktion.services.katalog import katalog_importieren
from tests.browser.werkzeug import anmelden, barrierefrei, chromium
from tests.conftest import CONTENT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORT = "Demo-Passwort-1"


@pytest.fixture
def seite(db: Any, live_server: Any, settings: Any) -> Iterator[Page]:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-07"
    katalog_importieren(CONTENT, veroeffentlicht=True)
    benutzer_anlegen("b-agent_sc3", PASSWORT, ["agent_sc3"], standort="Nürnberg")
    with chromium(live_server) as page:
        yield page


def test_hinweis_zeigt_das_wichtigste_und_den_rest_aufklappbar(seite: Page) -> None:
    page = seite
    anmelden(page, "b-agent_sc3", PASSWORT)
    expect(page.get_by_role("heading", name="Geänderte Leitfäden")).to_be_visible()
    hinweis = page.get_by_role("article").filter(has_text="SC 3.004a – neu seit 07.12.2026")
    expect(hinweis.locator("ul.hinweis-zeilen").first.locator("li")).to_have_count(4)
    expect(hinweis).to_contain_text("Neue Prüfung im System: „ATV: Hat der Kunde geplante Termine?")
    for technisch in ("Parameter", "Ablauf geändert", "„„", "““"):
        expect(hinweis).not_to_contain_text(technisch)
    weitere = hinweis.locator("details summary")
    expect(weitere).to_have_text("3 weitere Änderungen anzeigen")
    expect(hinweis.get_by_text("Neu: Termin absagen in ATV")).to_be_hidden()
    weitere.click()
    expect(hinweis.get_by_text("Neu: Termin absagen in ATV", exact=False)).to_be_visible()
    barrierefrei(page, streng=True)
