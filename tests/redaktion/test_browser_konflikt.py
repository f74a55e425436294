"""Die Redaktion im echten Chromium, mit zwei Tabs auf demselben Entwurf: die Live-Vorschau in Tab B hebt
die Version nicht an, „Nach unten“ ist dann ein Konflikt — der Vermerk aus Tab A bleibt, B's Quelltext steht
daneben (Fokus auf der Meldung, axe-sauber). Dazu: eine abgelehnte Eingabe bleibt im Feld (Fokus am Feld) und
„Entwurf verwerfen“ erst nach der Rückfrage, per Tastatur."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import barrierefrei, chromium

from .test_browser import PASSWORT, _entwurf_sc3307, schritt_aendern

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seite(db_katalog: None, live_server: Any, settings: Any) -> Iterator[Page]:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"
    benutzer_anlegen("b-redaktion", PASSWORT, ["redaktion"], standort="Nürnberg")
    with chromium(live_server) as page:
        yield page


def _aufklappen(page: Page, sid: str) -> Any:
    abschnitt = page.locator(f"#schritt-{sid}")
    if abschnitt.locator(":scope > details").get_attribute("open") is None:
        abschnitt.locator(":scope > details > summary").click()
    return abschnitt


def test_vorschau_und_verschieben_im_veralteten_tab(seite: Page) -> None:
    tab_a = seite
    _entwurf_sc3307(tab_a)
    tab_b = tab_a.context.new_page()
    tab_b.goto(tab_a.url)
    expect(tab_b.locator("#id_version")).to_have_value("1")

    schritt_aendern(tab_a, "online_moeglich", "Vermerk", "Online-Antrag möglich (Vermerk von A).")
    expect(tab_a.locator("#editor-status")).to_contain_text("(Version 2)")

    tab_b.locator("#id_text").focus()
    tab_b.keyboard.press("Control+End")
    tab_b.keyboard.type("\n# Notiz von B")
    expect(tab_b.locator("#editor-status")).to_contain_text("Achtung: Der Entwurf wurde inzwischen gespeichert "
                                                            "(Version 2); Ihr Quelltext beruht auf Version 1.")
    schritt = _aufklappen(tab_b, "erhoehung")
    expect(schritt.locator("input[name=version]")).to_have_value("1")
    schritt.get_by_role("button", name="Nach unten").click()

    konflikt = tab_b.locator("#konflikt")
    expect(konflikt).to_contain_text("Nicht gespeichert: Sie haben den Entwurf inzwischen in einem anderen Fenster "
                                     "oder Tab geändert")          # derselbe Benutzer: nicht „Jemand“
    expect(konflikt).to_be_focused()
    expect(tab_b.locator("#editor-status")).to_contain_text("Der Entwurf wurde inzwischen gespeichert (Version 2, "
                                                            "gespeichert von Ihnen selbst")
    expect(konflikt.get_by_label("Ihr Quelltext, wie er im Feld stand (nicht gespeichert)")).to_have_value(
        re.compile(r"# Notiz von B$"))
    expect(tab_b.locator("#id_text")).to_have_value(re.compile(r"Vermerk von A"))
    expect(tab_b.locator("#id_version")).to_have_value("2")
    expect(tab_b.locator("#gespraech-fehler")).to_have_count(0)          # kein „Fehler 409“ der App-Hülle
    barrierefrei(tab_b, streng=True)


def test_abgelehnte_eingabe_bleibt_im_feld(seite: Page) -> None:
    page = seite
    _entwurf_sc3307(page)
    schritt = _aufklappen(page, "online")
    schritt.get_by_label("Vermerk").fill("Mein Vermerk bleibt.")
    schritt.get_by_label("Text für die Beschäftigten").fill("")
    schritt.get_by_role("button", name="Schritt speichern und prüfen").click()
    feld = page.locator("#schritt-online").get_by_label("Text für die Beschäftigten")
    expect(feld).to_be_focused()
    expect(page.locator("#s-online-text-fehler")).to_have_text(re.compile("darf nicht leer sein"))
    expect(page.locator("#schritt-online").get_by_label("Vermerk")).to_have_value("Mein Vermerk bleibt.")
    expect(page.locator("#gespraech-fehler")).to_have_count(0)
    barrierefrei(page, streng=True)


def test_entwurf_verwerfen_per_tastatur_nach_rueckfrage(seite: Page) -> None:
    page = seite
    _entwurf_sc3307(page)
    aufklappen = page.locator("summary", has_text="Entwurf SC 3.307 verwerfen …")
    wirklich = page.get_by_role("button", name="Wirklich verwerfen: Entwurf SC 3.307")
    expect(wirklich).to_be_hidden()
    aufklappen.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Entwurf SC 3.307 (Version 1) wirklich verwerfen?")).to_be_visible()
    barrierefrei(page, streng=True)
    page.keyboard.press("Tab")
    expect(wirklich).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Entwurf verworfen.")).to_be_visible()
    expect(page.get_by_role("heading", name="Redaktion", exact=True)).to_be_visible()


def test_ungespeichertes_geht_nicht_still_verloren(seite: Page) -> None:
    """Rundgang Redaktion: Quelltext geändert, dann ein Menüpunkt — ohne Rückfrage war die Änderung weg. Jetzt
    fragt der Browser (beforeunload); nach dem Speichern nicht mehr, und „Verwerfen“ kennt die neue Version."""
    page = seite
    dialoge: list[str] = []

    def bleiben(dialog: Any) -> None:
        dialoge.append(dialog.type)
        dialog.dismiss()                                            # „Auf der Seite bleiben“

    page.on("dialog", bleiben)
    _entwurf_sc3307(page)
    schritt = _aufklappen(page, "online")
    schritt.get_by_label("Vermerk").fill("Noch nicht gespeichert.")
    page.get_by_role("link", name="Redaktion").first.click()
    page.wait_for_timeout(500)
    assert dialoge == ["beforeunload"]
    expect(schritt.get_by_label("Vermerk")).to_have_value("Noch nicht gespeichert.")      # geblieben, Text da
    schritt.get_by_role("button", name="Schritt speichern und prüfen").click()
    expect(page.locator("#editor-status")).to_contain_text("(Version 2)")
    # Verwerfen nach dem Speichern im Editor (ohne Neuladen): kein Konflikt „mit Ihnen selbst“ (Version 1 der Seite)
    page.locator("summary", has_text="Entwurf SC 3.307 verwerfen …").click()
    page.get_by_role("button", name="Wirklich verwerfen: Entwurf SC 3.307").click()
    expect(page.get_by_text("Entwurf verworfen.")).to_be_visible()
    assert dialoge == ["beforeunload"]                              # gespeichert: keine Rückfrage mehr
