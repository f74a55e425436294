"""Rundgang Familienkasse im echten Chromium: wer den Hinweis zu FK 4.406 vom 07.12.2026 nicht bestätigt hat, sieht
am 08.12. einen Hinweis mit der Zusammenfassung seit der Fassung vom 20.03.2020 (samt der neuen Frage) und bestätigt
mit „Gelesen“ beide; im Gespräch FK 4.404 steht „Neu seit 08.12.2026“ nur einmal. Barrierefrei (axe)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.konten.services import benutzer_anlegen
from kundenportal.redaktion.hinweise import zusammenfassung
from kundenportal.redaktion.models import Lesebestaetigung
from tests.browser.werkzeug import anmelden, barrierefrei, chromium, datenbank
from tests.conftest import CONTENT
from tests.fixtures_katalog import katalog_veroeffentlicht

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORT = "Demo-Passwort-1"
BILDER = Path(os.environ.get("KUNDENPORTAL_BILDER", "/tmp/kundenportal-bilder"))


@pytest.fixture
def seite(db: Any, live_server: Any, settings: Any) -> Iterator[Page]:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-06"
    with katalog_veroeffentlicht(CONTENT):
        settings.KUNDENPORTAL_STICHTAG = "2026-12-08"
        zusammenfassung.cache_clear()
        benutzer_anlegen("b-agent_scfk", PASSWORT, ["agent_scfk"], standort="Nürnberg")
        with chromium(live_server) as page:
            yield page
    zusammenfassung.cache_clear()


def test_zusammenfassung_sehen_und_bestaetigen(seite: Page) -> None:
    page = seite
    anmelden(page, "b-agent_scfk", PASSWORT)
    hinweis = page.get_by_role("article").filter(has_text="FK 4.406 – neu seit 07.12.2026")
    expect(hinweis.locator(".hinweis-zusammengefasst")).to_have_text(
        "Zusammengefasst seit der Fassung vom 20.03.2020 (den Hinweis vom 07.12.2026 haben Sie nicht bestätigt).")
    zeilen = hinweis.locator("ul.hinweis-zeilen").first.locator("li")
    expect(zeilen.first).to_contain_text("Neue Frage nach der Antwort „Änderung mitteilen“")
    expect(hinweis).to_contain_text("Neuer Abschluss: „An die Familienkasse Direktion abgegeben“.")
    expect(page.get_by_role("article").filter(has_text="FK 4.406 – neu seit 08.12.2026")).to_have_count(0)
    barrierefrei(page, streng=True)
    BILDER.mkdir(parents=True, exist_ok=True)
    hinweis.screenshot(path=str(BILDER / "hinweis-zusammengefasst.png"))
    hinweis.get_by_role("button", name="Gelesen: FK 4.406").click()
    expect(page.get_by_role("status").filter(has_text="Gelesen bestätigt: FK 4.406")).to_be_visible()
    assert datenbank(lambda: Lesebestaetigung.objects.filter(user__username="b-agent_scfk",
                                                             hinweis__leitfaden_id="FK 4.406").count()) == 2
    page.reload()
    expect(page.get_by_role("article").filter(has_text=re.compile("FK 4.406 – neu seit"))).to_have_count(0)
    barrierefrei(page, streng=True)
    # im Gespräch FK 4.404: eine Überschrift „Neu seit 08.12.2026“ (vorher zwei übereinander)
    page.goto("/kontakt/anliegen/")
    page.get_by_role("button", name=re.compile(r"^FK 4\.404 .* beginnen$")).click()
    bereich = page.locator(".aenderungshinweise")
    expect(bereich.get_by_role("heading")).to_have_count(1)
    expect(bereich.get_by_role("heading", name="Neu seit 08.12.2026", exact=True)).to_be_visible()
    expect(page.get_by_role("region", name="Neu seit 08.12.2026")).to_have_count(1)
    bereich.screenshot(path=str(BILDER / "hinweis-im-gespraech.png"))
    barrierefrei(page)
