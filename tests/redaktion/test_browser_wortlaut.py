"""Der Wortlaut einer Frage im echten Chromium, nur mit der Tastatur: im strukturierten Editor den Schritt öffnen,
zum Feld „Frage (Wortlaut in dieser Fassung)“ tabben (der Hinweis nennt die Beschriftung aus dem Vokabular), den
Wortlaut tippen, speichern — die Vorschau „So steht die Frage im Gespräch“ und der Szenario-Rekorder zeigen ihn.
Jede Seite ohne Verstoß gegen WCAG 2.1 AA (axe)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.konten.services import benutzer_anlegen
from kundenportal.redaktion.models import Entwurf
from tests.browser.werkzeug import barrierefrei, chromium, datenbank

from .test_browser import PASSWORT, anmelden
from .werkzeug import entwurf_3307

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LABEL = "Möchte der Kunde den Antrag online stellen?"
NEU = "Will der Kunde den Antrag auf Insolvenzgeld online stellen?"


@pytest.fixture
def entwurf(db_katalog: None, live_server: Any, settings: Any) -> Iterator[tuple[Page, Entwurf]]:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"
    redakteurin = benutzer_anlegen("b-redaktion", PASSWORT, ["redaktion"], standort="Nürnberg")
    e = datenbank(lambda: entwurf_3307(redakteurin))
    with chromium(live_server) as page:
        yield page, e


def _tab_bis(page: Page, ziel: str, hoechstens: int = 40) -> None:
    """Tab, bis `ziel` (CSS) den Fokus hat — so, wie eine Tastaturnutzerin durch das Formular geht."""
    for _ in range(hoechstens):
        page.keyboard.press("Tab")
        if page.evaluate("(sel) => document.activeElement === document.querySelector(sel)", ziel):
            return
    raise AssertionError(f"{ziel} per Tab nicht erreicht")


def test_wortlaut_per_tastatur_im_strukturierten_editor(entwurf: tuple[Page, Entwurf]) -> None:
    page, e = entwurf
    anmelden(page, "b-redaktion")
    page.wait_for_url("**/")
    page.goto(f"/redaktion/entwuerfe/{e.pk}/")
    schritt = page.locator("#schritt-online")
    expect(schritt.locator("h4.frage-titel")).to_have_text(LABEL)

    schritt.locator(":scope > details > summary").focus()
    page.keyboard.press("Enter")                                         # „Schritt online bearbeiten“ aufklappen
    feld = schritt.get_by_label("Frage (Wortlaut in dieser Fassung)", exact=True)
    expect(feld).to_have_value("")
    expect(feld).to_have_attribute("placeholder", LABEL)
    expect(feld).to_have_accessible_description(f"Leer: „{LABEL}“ aus dem Vokabular. Eine Zeile, ohne Platzhalter.")
    barrierefrei(page, streng=True)

    _tab_bis(page, "#s-online-frage")
    page.keyboard.type(NEU)
    _tab_bis(page, "#schritt-online button[name=tun][value=speichern]")
    page.keyboard.press("Enter")
    expect(page.locator("#editor-status")).to_contain_text("Schritt online gespeichert")
    expect(page.locator("#kopf-online")).to_be_focused()
    expect(schritt.locator("h4.frage-titel")).to_have_text(NEU)           # so steht die Frage im Gespräch
    expect(schritt.get_by_label("Frage (Wortlaut in dieser Fassung)", exact=True)).to_have_value(NEU)
    assert f'frage: "{NEU}"' in page.locator("#id_text").input_value()   # der Quelltext folgt der Struktur
    barrierefrei(page, streng=True)

    # Der Szenario-Rekorder fragt im Wortlaut des Entwurfs.
    page.get_by_role("link", name="Szenario durch diesen Entwurf aufzeichnen").click()
    expect(page.get_by_label("Kennung (a-z, 0-9, -)")).to_be_visible()
    page.get_by_label("Kennung (a-z, 0-9, -)").fill("sc-3307-wortlaut")
    page.get_by_label("Titel").fill("Wortlaut der Frage")
    page.get_by_role("button", name="Aufzeichnung beginnen").click()
    page.get_by_role("radio", name="ja", exact=True).check()
    page.get_by_role("button", name="Antwort übernehmen").click()
    expect(page.locator("main")).to_contain_text(NEU)
    barrierefrei(page, streng=True)
