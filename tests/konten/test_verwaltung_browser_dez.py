"""Rundgang Dezember im Browser (Debian-Chromium, axe): die Übersicht der Verwaltung führt über Kopf und Abschnitt
zum Zugriffsprotokoll und „Zum Portal“ zurück; nach einem Filterfehler im Zugriffsprotokoll steht der Fokus auf der
Fehlerliste (nicht auf BODY); „Als CSV herunterladen“ liefert die gefilterte Datei."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.konten.services import benutzer_anlegen, zugriff_protokollieren
from tests.browser.werkzeug import anmelden, barrierefrei, chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Demo-Passwort-1"


@pytest.fixture
def seite(live_server: Any) -> Iterator[Page]:
    benutzer_anlegen("verwalterin", PASSWORT, ["administration"], standort="Nürnberg")
    agentin = benutzer_anlegen("agentin", PASSWORT, ["agent_sc3"], standort="Nürnberg")
    zugriff_protokollieren(agentin, "kunde_suchen", kundennummer="900D000009")
    with chromium(live_server) as page:
        anmelden(page, "verwalterin", PASSWORT)
        yield page


def test_verwaltung_fuehrt_zum_zugriffsprotokoll_und_zurueck(seite: Page) -> None:
    seite.goto("/verwaltung/")
    barrierefrei(seite, streng=True)
    kopf = seite.get_by_role("navigation", name="Hauptnavigation des Portals")
    expect(kopf.get_by_role("link", name="Benutzerverwaltung")).to_have_attribute("aria-current", "page")
    expect(seite.locator("#content")).not_to_contain_text("Authentifizierung")
    seite.locator("#content").get_by_role("link", name=re.compile("^Zugriffe auf Kundendaten")).click()
    expect(seite).to_have_url(re.compile(r"/protokoll/$"))
    seite.goto("/verwaltung/auth/user/")
    barrierefrei(seite, streng=True)
    seite.get_by_role("navigation", name="Hauptnavigation des Portals").get_by_role(
        "link", name="Zugriffsprotokoll").click()
    expect(seite.get_by_role("heading", level=1)).to_have_text("Zugriffsprotokoll")
    seite.goto("/verwaltung/")
    seite.get_by_role("link", name="Zum Portal").click()
    expect(seite).to_have_url(re.compile(r"/protokoll/$"))          # die Startseite der Administration


def test_filterfehler_fokus_und_csv(seite: Page) -> None:
    seite.goto("/protokoll/")
    seite.get_by_label("Kundennummer").fill("ABC")
    seite.get_by_role("button", name="Filtern").click()
    expect(seite.locator("#fehlerliste")).to_be_focused()
    barrierefrei(seite, streng=True)
    seite.locator("#fehlerliste").get_by_role("link").click()
    expect(seite.get_by_label("Kundennummer")).to_be_focused()
    seite.get_by_label("Kundennummer").fill("900d000009")
    with seite.expect_download() as laden:
        seite.get_by_role("button", name="Als CSV herunterladen").click()
    datei = laden.value
    assert datei.suggested_filename.startswith("zugriffsprotokoll_") and "900" not in datei.suggested_filename
    inhalt = Path(datei.path()).read_text(encoding="utf-8-sig")
    assert "Kundennummer;900D000009" in inhalt and ";agentin;Kundin oder Kunden gesucht;" in inhalt
