"""Die Szenarien eines Entwurfs im echten Chromium: die Liste auf der Seite des Entwurfs (Name, wer/wann,
letztes Ergebnis), „Löschen“ erst nach der Rückfrage und per Tastatur; ein zweiter Tab mit der alten Liste
löscht nichts mehr und bekommt die Meldung (409, Fokus darauf). Jede Seite axe-sauber."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.konten.services import benutzer_anlegen
from kundenportal.redaktion.models import Szenario
from kundenportal.redaktion.services.szenario import szenario_speichern
from tests.browser.werkzeug import barrierefrei, chromium, datenbank

from .test_browser import PASSWORT, _entwurf_sc3307
from .test_lebenszyklus import SZENARIO

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
KENNUNG = "sc-3307-redaktion-eid"


@pytest.fixture
def seite(db_katalog: None, live_server: Any, settings: Any) -> Iterator[Page]:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"
    redakteurin = benutzer_anlegen("b-redaktion", PASSWORT, ["redaktion"], standort="Nürnberg")
    szenario_speichern(redakteurin, SZENARIO, lauf={"ok": True, "quelle": "Aufzeichnung",
                                                    "fassung": "SC 3.307@2020-04-01", "fehler": []})
    with chromium(live_server) as page:
        yield page


def test_liste_zeigt_szenario_und_loeschen_nach_rueckfrage_per_tastatur(seite: Page) -> None:
    page = seite
    _entwurf_sc3307(page)
    liste = page.get_by_role("table", name="Szenarien der Redaktion zu SC 3.307 — das Szenario-Tor führt jedes "
                                           "bei der Freigabe aus")
    zeile = liste.locator(f"#szenario-{KENNUNG}")
    expect(zeile).to_contain_text("Basis-Stufe, eID")
    expect(zeile).to_contain_text("von b-redaktion am 01.04.2020 um")
    expect(zeile).to_contain_text("bestanden")
    expect(zeile).to_contain_text("Aufzeichnung")
    barrierefrei(page, streng=True)

    wirklich = page.get_by_role("button", name=f"Wirklich löschen: {KENNUNG}")
    expect(wirklich).to_be_hidden()
    page.locator("summary", has_text=f"Löschen: {KENNUNG} …").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"Szenario {KENNUNG} wirklich löschen?")).to_be_visible()
    barrierefrei(page, streng=True)
    page.keyboard.press("Tab")
    expect(wirklich).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".meldungen")).to_contain_text(f"Szenario {KENNUNG} gelöscht: das Szenario-Tor führt es "
                                                       "nicht mehr aus.")
    expect(page.get_by_text("Noch keine Szenarien der Redaktion zu SC 3.307.")).to_be_visible()
    assert not datenbank(lambda: Szenario.objects.exists())
    barrierefrei(page, streng=True)


def test_zweiter_tab_mit_alter_liste_loescht_nichts_und_sagt_warum(seite: Page) -> None:
    tab_a = seite
    _entwurf_sc3307(tab_a)
    tab_b = tab_a.context.new_page()
    tab_b.goto(tab_a.url)
    for tab in (tab_a, tab_b):
        tab.locator("summary", has_text=f"Löschen: {KENNUNG} …").click()
    tab_a.get_by_role("button", name=f"Wirklich löschen: {KENNUNG}").click()
    expect(tab_a.locator(".meldungen")).to_contain_text(f"Szenario {KENNUNG} gelöscht")

    tab_b.get_by_role("button", name=f"Wirklich löschen: {KENNUNG}").click()
    meldung = tab_b.locator("#szenario-meldung")
    expect(meldung).to_have_text("Szenario nicht gelöscht: es gibt es nicht mehr (inzwischen von jemand anderem "
                                 "gelöscht). Die Liste zeigt den jetzigen Stand.")
    expect(meldung).to_be_focused()
    expect(tab_b.get_by_text("Noch keine Szenarien der Redaktion zu SC 3.307.")).to_be_visible()
    barrierefrei(tab_b, streng=True)
