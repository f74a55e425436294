"""Die Verwaltung im Browser (Debian-Chromium, axe): nach einem gescheiterten Sichern von „Benutzer hinzufügen“ und
„Benutzer ändern“ steht der Fokus auf dem Fehlerhinweis über dem Formular (.errornote mit role="alert" und
tabindex="-1"), nicht auf dem ersten Feld — ein Screenreader sagt den Fehler an. Ohne Fehler setzt Djangos Skript
den Fokus beim Hinzufügen weiter auf das erste Feld."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import anmelden, barrierefrei, chromium, datenbank

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Demo-Passwort-1"


@pytest.fixture
def seite(live_server: Any) -> Iterator[Page]:
    benutzer_anlegen("verwalterin", PASSWORT, ["administration"], standort="Nürnberg")
    benutzer_anlegen("agentin", PASSWORT, ["agent_sc3"], standort="Nürnbergg")      # alter Tippfehler
    with chromium(live_server) as page:
        anmelden(page, "verwalterin", PASSWORT)
        yield page


def _fokus_auf_dem_fehlerhinweis(seite: Page) -> None:
    hinweis = seite.locator("#content-main .errornote")
    expect(hinweis).to_be_focused()
    expect(hinweis).to_have_attribute("role", "alert")
    expect(hinweis).to_have_attribute("tabindex", "-1")
    expect(hinweis).to_contain_text("korrigieren")
    assert seite.title().startswith("Fehler:")
    barrierefrei(seite, streng=True)


def test_hinzufuegen_ohne_fehler_fokus_auf_dem_ersten_feld(seite: Page) -> None:
    seite.goto("/verwaltung/auth/user/add/")
    expect(seite.get_by_label("Benutzername:", exact=True)).to_be_focused()         # Djangos change_form.js
    expect(seite.locator(".errornote")).to_have_count(0)


def test_hinzufuegen_mit_fehler_fokus_auf_dem_fehlerhinweis(seite: Page) -> None:
    seite.goto("/verwaltung/auth/user/add/")
    seite.get_by_label("Benutzername:", exact=True).fill("neu")
    seite.get_by_role("button", name="Sichern", exact=True).click()                  # ohne Passwort
    _fokus_auf_dem_fehlerhinweis(seite)
    seite.keyboard.press("Tab")                                                      # weiter ins Formular
    expect(seite.locator("#content-main .errornote")).not_to_be_focused()


def test_aendern_mit_fehler_fokus_auf_dem_fehlerhinweis(seite: Page) -> None:
    from django.contrib.auth.models import User

    pk = datenbank(lambda: User.objects.get(username="agentin").pk)
    seite.goto(f"/verwaltung/auth/user/{pk}/change/")
    seite.get_by_role("button", name="Sichern", exact=True).click()                  # Standort „Nürnbergg“
    expect(seite.locator(".errorlist")).to_contain_text("Standort: „Nürnbergg“ ist keine Agentur")
    _fokus_auf_dem_fehlerhinweis(seite)
