"""Rundgang einer Agentin (SC 3) im echten Chromium, nur mit der Tastatur: „Anliegen wählen“ mit Ziffern und
Tastenhilfe, „Anliegen suchen“ mit der gewählten Kundin, Termin absagen mit einem langen Grund ohne
Leerzeichen, Alt+Z zurück (die Antwort steht wieder im Feld), Alt+Z mit neu getipptem Text (wirkt nicht, ein
Hinweis sagt warum), Alt+S dreimal schnell (eine Meldung), danach der Fokus auf „Nächster Kontakt“.
Keine Seite wird breiter als das Fenster. HTTP-Teil: tests/gespraech/test_rundgang_agent.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal import zeit
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import anmelden, barrierefrei, chromium, frage, taste

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KUNDE = "955T000311"
PASSWORT = "Demo-Passwort-1"
BREITE = 1280
LANG = "x" * 300                      # ein Wort ohne Leerzeichen, wie eingefügt


@pytest.fixture
def seite(db: Any, live_server: Any) -> Iterator[Page]:
    benutzer_anlegen("r-agentin", PASSWORT, ["agent_sc3"], standort="Nürnberg")
    tag = zeit.heute() + dt.timedelta(days=5)
    ausgangslage_laden({
        "kunde": {"kundennummer": KUNDE, "vorname": "Erika", "nachname": "Mustermann", "geburtsdatum": "1980-02-03",
                  "wohnort_agentur": "Nürnberg", "betreuung": "av", "status": "arbeitslos"},
        "termine": [{"id": "T-1", "bereich": "av", "beginn": f"{tag.isoformat()}T09:00", "agentur": "Nürnberg"}],
        "step": {"sicherheitsstufe": "basis"}, "colibri": {"alg_bezug": True}})
    with chromium(live_server, breite=BREITE) as page:
        yield page


def nicht_breiter(page: Page) -> None:
    """Lange Wörter brechen um: die Seite ist nicht breiter als das Fenster, die Kundendaten bleiben sichtbar."""
    breite = page.evaluate("() => document.documentElement.scrollWidth")
    assert breite <= BREITE, f"{page.url}: {breite} px breit"


def fokus_label(page: Page) -> str:
    return str(page.evaluate("() => document.activeElement.getAttribute('aria-label') || document.activeElement.id"))


def test_termin_absagen_ohne_verlust_und_mit_einer_meldung(seite: Page) -> None:
    page = seite
    anmelden(page, "r-agentin", PASSWORT)
    page.get_by_label("Kundennummer").fill(KUNDE)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Anliegen wählen")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("data-tastatur", "bereit")   # tastatur.js geladen
    page.keyboard.press("?")                                          # Tastenhilfe auch hier
    expect(page.locator("#tastenhilfe")).to_be_visible()
    page.keyboard.press("Escape")
    page.keyboard.press("2")                                          # Ziffer wählt die zweite Zeile
    assert fokus_label(page).startswith("SC 3.003 ")
    barrierefrei(page, streng=True)

    page.locator("#anliegen-suchen").focus()                          # die Suche, mit derselben Kundin
    page.keyboard.press("Enter")
    expect(page.locator("#such-kontakt")).to_contain_text(f"Kontakt mit Kundennummer {KUNDE}")
    assert KUNDE not in page.url
    expect(page.locator("#id_q")).to_be_focused()      # Autofokus gesetzt: erst dann gehen Tasten ins Suchfeld
    page.keyboard.type("Termin absagen verschieben")
    knopf = page.get_by_role("button", name="SC 3.003 Termin absagen, verschieben oder vereinbaren beginnen")
    expect(knopf).to_be_visible(timeout=15000)        # Suche beim Tippen (htmx): unter Last langsamer
    barrierefrei(page, streng=True)
    knopf.focus()
    page.keyboard.press("Enter")

    frage(page, "Identität des Anrufers anhand der Sicherheitsmerkmale geprüft?")
    expect(page.locator("#fassung")).to_contain_text(f"Kundennummer {KUNDE}")
    taste(page, "1", "Was möchte der Kunde zu seinem Termin?")
    taste(page, "1", "Welcher Termin ist betroffen?")
    taste(page, "1", "Ist die Teilnahme am Termin noch erforderlich?")
    taste(page, "1", "Kann der Kunde den Termin nach Vorteilsübersetzung wahrnehmen?")
    taste(page, "2", "Grund der Absage")
    expect(page.locator("#wert")).to_be_focused()
    page.keyboard.type("   ")                                          # nur Leerzeichen: abgelehnt, am Feld
    page.keyboard.press("Enter")
    expect(page.locator("#wert-fehler")).to_have_text("Bitte geben Sie einen Grund für die Absage an.")
    expect(page.locator("#wert")).to_be_focused()
    barrierefrei(page, streng=True)
    page.locator("#wert").fill(LANG)
    page.keyboard.press("Enter")

    bestaetigen = page.get_by_role("button", name="Bestätigen und ausführen")
    expect(bestaetigen).to_be_focused()
    expect(page.locator(".vorhaben")).to_contain_text("Arbeitsvermittlung, Agentur Nürnberg (Termin T-1)")
    nicht_breiter(page)
    page.keyboard.press("Alt+z")                                      # zurück: der Grund steht wieder im Feld
    frage(page, "Grund der Absage")
    expect(page.locator("#wert")).to_have_value(LANG)
    expect(page.locator("#wert")).to_be_focused()
    page.keyboard.press("End")
    page.keyboard.type(" Umzug")                                       # neu getippt: Alt+Z wirkt nicht
    page.keyboard.press("Alt+z")
    expect(page.locator("#tasten-hinweis")).to_contain_text("Alt+Z wirkt nicht")
    expect(page.locator("#wert")).to_have_value(LANG + " Umzug")
    expect(page.locator("#frage-titel")).to_have_text("Grund der Absage")
    barrierefrei(page, streng=True)
    page.keyboard.press("Enter")
    expect(bestaetigen).to_be_focused()
    page.keyboard.press("Enter")
    frage(page, "Wünscht der Kunde einen neuen Termin?")
    nicht_breiter(page)                                               # der lange Grund im Weg
    page.keyboard.press("2")
    page.keyboard.press("Enter")

    expect(page.locator("#ergebnis")).to_be_visible()
    vermerk = page.locator("textarea[name=vermerk]")
    expect(vermerk).to_be_focused()
    expect(page.locator("html")).to_have_attribute("data-tastatur", "bereit")
    page.keyboard.press("Control+End")
    page.keyboard.type(" " + LANG)
    page.keyboard.press("Alt+z")                                      # der ergänzte Vermerk bleibt
    expect(page.locator("#tasten-hinweis")).to_contain_text("Alt+Z wirkt nicht")
    assert vermerk.input_value().endswith(" " + LANG)
    nicht_breiter(page)
    barrierefrei(page, streng=True)

    for _ in range(3):                                                # dreimal schnell: einmal gespeichert
        page.keyboard.press("Alt+s")
    expect(page.get_by_role("heading", name=f"Kontakthistorie – Kundennummer {KUNDE}")).to_be_visible()
    expect(page.locator(".meldungen .kern-alert")).to_have_count(1)
    expect(page.locator(".meldungen")).to_have_text("Kontakt gespeichert.")
    expect(page.locator("#naechster-kontakt")).to_be_focused()       # Enter: der nächste Anruf
    nicht_breiter(page)
    barrierefrei(page, streng=True)
    page.keyboard.press("Enter")
    expect(page.get_by_label("Kundennummer")).to_be_focused()
