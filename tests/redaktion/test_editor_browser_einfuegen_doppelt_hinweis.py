"""Die drei Mängel des strukturierten Editors im echten Chromium (mit htmx): ein eingefügter Hinweis ist verbunden und
die Meldung sagt wie; der Graph führt den zweiten von zwei gleichnamigen Schritten zu dessen Formular, das genau ihn
ändert; der Rekorder zeigt den Hinweis. Jede Seite axe-sauber."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.konten.services import benutzer_anlegen
from kundenportal.redaktion import struktur
from kundenportal.redaktion.models import Entwurf
from tests.browser.werkzeug import barrierefrei, chromium, datenbank

from .test_browser import AUSGANGSLAGE, PASSWORT, _entwurf_sc3307

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HINWEIS = "Der Papierantrag muss binnen zwei Monaten zurück sein."


@pytest.fixture
def seite(db_katalog: None, live_server: Any, settings: Any) -> Iterator[Page]:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"
    benutzer_anlegen("b-redaktion", PASSWORT, ["redaktion"], standort="Nürnberg")
    with chromium(live_server) as page:
        yield page


def _text() -> str:
    return datenbank(lambda: Entwurf.objects.get().text)


def test_hinweis_einfuegen_verbunden_und_im_rekorder(seite: Page) -> None:
    page = seite
    _entwurf_sc3307(page)
    page.get_by_label("Kennung des neuen Schritts").fill("frist")
    page.locator("#neu-art").select_option("hinweis")
    page.locator("#neu-text").fill(HINWEIS)
    page.get_by_label("Einfügen hinter Schritt").select_option("papier")
    page.get_by_role("button", name="Schritt einfügen").click()
    expect(page.locator("#editor-status")).to_contain_text("Schritt frist eingefügt (Version 2): keine Befunde. "
                                                           "Verbunden: papier → frist → versandt.")
    assert struktur.schritt_lesen(_text(), "papier")["nach"] == "frist"
    barrierefrei(page, streng=True)

    page.goto(page.url.split("#")[0].split("?")[0] + "szenario/")
    page.get_by_label("Titel").fill("Papierantrag mit Frist")
    page.get_by_label("Ausgangslage in den Fachverfahren (optional)").fill(AUSGANGSLAGE)
    page.get_by_role("button", name="Aufzeichnung beginnen").click()
    for antwort in ("ja", "nein"):
        page.get_by_label(antwort, exact=True).check()
        page.get_by_role("button", name="Antwort übernehmen").click()
    hinweise = page.get_by_role("region", name="Hinweise auf dem Weg")
    expect(hinweise).to_contain_text(f"Im Gespräch: {HINWEIS}")
    expect(page.get_by_text("Weg: identitaet → online → papier → frist → versandt")).to_be_visible()
    barrierefrei(page, streng=True)


def test_graph_fuehrt_zum_zweiten_gleichnamigen_schritt_und_sein_formular_aendert_ihn(seite: Page) -> None:
    page = seite
    _entwurf_sc3307(page)
    quelltext = page.get_by_label("Quelltext der Fassung", exact=False)
    quelltext.fill(_text().rstrip("\n") + '\n  - id: papier\n    art: hinweis\n    text: "Der zweite."\n'
                   "    nach: versandt\n")
    page.get_by_role("button", name="Speichern und prüfen").click()
    expect(page.locator("#schritt-papier-2")).to_be_attached()
    page.locator('svg a[href="#schritt-papier-2"]').click()
    expect(page).to_have_url(re.compile(r"#schritt-papier-2$"))
    zweiter = page.locator("#schritt-papier-2")
    feld = zweiter.get_by_label("Text für die Beschäftigten")
    if not feld.is_visible():          # mit Befund steht das Formular schon offen
        zweiter.locator("summary", has_text="Schritt papier bearbeiten").click()
    feld.fill("Der zweite, geändert.")
    zweiter.get_by_role("button", name="Schritt speichern und prüfen").click()
    expect(page.locator("#editor-status")).to_contain_text("Schritt papier gespeichert")
    text = _text()
    ids = [b.schritt_id for b in struktur.bloecke(text)[1]]
    assert struktur.schritt_lesen(text, "papier", struktur.Stelle(len(ids) - 1, 2))["text"] == "Der zweite, geändert."
    assert struktur.schritt_lesen(text, "papier")["art"] == "aktion"      # der erste unverändert
    barrierefrei(page, streng=True)
