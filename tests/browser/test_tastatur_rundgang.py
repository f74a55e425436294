"""Tastatur-Rundgang: eine Agentin führt SC 3.307 (Insolvenzgeld) nur mit der Tastatur durch —
anmelden, Kunde finden, Leitfaden beginnen, Fragen beantworten, Bestätigungsschritt, Alt+Z zurück,
bestätigen, Vermerk speichern. Nach jedem Schritt steht der Fokus dort, wo die nächste Eingabe hingehört
(nie auf <body>), und jede Seite ist axe-core-sauber (kein Verstoß, gleich welcher Schwere)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import anmelden, barrierefrei, chromium, frage, taste

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KUNDE = "955C000307"
PASSWORT = "Demo-Passwort-1"
FOTOS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def seite(db: Any, live_server: Any) -> Iterator[Page]:
    benutzer_anlegen("r-agent", PASSWORT, ["agent_sc3"], standort="Nürnberg")
    ausgangslage_laden({
        "kunde": {"kundennummer": KUNDE, "vorname": "Jürgen", "nachname": "Schröder", "geburtsdatum": "1961-04-05",
                  "wohnort_agentur": "Nürnberg", "betreuung": "av", "status": "arbeitsuchend", "online_asu": "keine"},
        "step": {"konto": True, "sicherheitsstufe": "basis"}})
    FOTOS.mkdir(parents=True, exist_ok=True)
    with chromium(live_server, breite=1440) as page:
        yield page


def fokus(page: Page) -> dict[str, str]:
    return page.evaluate("""() => { const e = document.activeElement;
      return {tag: e.tagName, id: e.id, name: e.getAttribute('name') || '', text: (e.textContent || '').trim(),
              label: e.getAttribute('aria-label') || ''}; }""")


def sauber(page: Page) -> None:
    # Der Fokus kommt nach dem Laden (fokus.js, defer): sichtbar ist die Überschrift unter Last schon vorher — warten,
    # bis die Seite bereit ist, dann muss der Fokus stehen.
    page.wait_for_load_state("domcontentloaded")
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function("() => document.activeElement && document.activeElement !== document.body", timeout=5000)
    assert fokus(page)["tag"] != "BODY", page.url
    barrierefrei(page, streng=True)


BEREICH = """() => { const g = document.getElementById('gespraech'); const t = (s) => g.querySelector(s);
  return {frage: t('#frage-bereich').innerText, weg: t('#weg-liste').innerText, fortschritt: t('#fortschritt').innerText,
          prozent: t('#fortschritt [role=progressbar]').getAttribute('aria-valuenow'),
          abbruch: t('#vermerk-abbruch').value, kunde: t('#kundendaten').innerText,
          aendern: g.querySelectorAll('#weg-liste form').length}; }"""


def wie_neu_geladen(page: Page, frage_text: str) -> None:
    """Nach Teilantworten zeigt der Bereich dasselbe wie nach dem Neuladen der Seite."""
    vorher = page.evaluate(BEREICH)
    page.reload()
    frage(page, frage_text)
    assert page.evaluate(BEREICH) == vorher


def test_sc_3307_nur_mit_tastatur(seite: Page) -> None:
    page = seite
    teilantworten: list[str] = []
    page.on("response", lambda r: teilantworten.append(r.url) if r.headers.get("hx-retarget") else None)
    page.goto("/anmelden/")
    assert fokus(page)["name"] == "username"
    sauber(page)
    page.keyboard.type("r-agent")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORT)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Arbeitsplatz", exact=True)).to_be_visible()
    assert fokus(page)["name"] == "kundennummer"                  # gleich die Nummer tippen
    sauber(page)
    page.keyboard.type("955c 000307")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Anliegen wählen")).to_be_visible()
    sauber(page)
    for _ in range(80):                                            # mit Tab zum Leitfaden SC 3.307
        page.keyboard.press("Tab")
        if fokus(page)["label"].startswith("SC 3.307 "):
            break
    assert fokus(page)["label"] == "SC 3.307 Insolvenzgeld beantragen beginnen"
    page.keyboard.press("Enter")

    frage(page, "Identität des Anrufers anhand der Sicherheitsmerkmale geprüft?")
    assert fokus(page)["id"] == "frage-titel"                      # nach dem Laden: die Frage (nie ungefragt „1 Ja“)
    sauber(page)
    taste(page, "1", "Möchte der Kunde den Antrag online stellen?")
    assert fokus(page)["id"] == "frage-titel"                      # nach einem Schritt: die neue Frage
    sauber(page)
    taste(page, "1", "Wie will der Kunde die Sicherheitsstufe erhöhen?")   # STEP: nur Basis-Stufe
    assert fokus(page)["id"] == "frage-titel"
    expect(page.locator("#gespraech .optionen")).to_contain_text("Online-Ausweisfunktion")
    sauber(page)
    assert len(teilantworten) == 1                                 # nur Frage, Weg, Fortschritt: Teilantwort
    wie_neu_geladen(page, "Wie will der Kunde die Sicherheitsstufe erhöhen?")
    page.keyboard.press("3")                                       # lehnt ab → Papierantrag
    page.keyboard.press("Enter")

    knopf = page.get_by_role("button", name="Bestätigen und ausführen")
    expect(knopf).to_be_focused()                                  # Bestätigungsschritt: Enter führt aus
    expect(page.locator(".bestaetigung")).to_contain_text("Insolvenzgeld")
    expect(page.locator("#fortschritt-text")).to_have_text("Bestätigung nach 3 beantworteten Fragen")
    sauber(page)
    page.screenshot(path=str(FOTOS / "bestaetigung-3307.png"), full_page=True)
    page.keyboard.press("Alt+z")                                   # doch ändern: zurück zur Frage
    frage(page, "Wie will der Kunde die Sicherheitsstufe erhöhen?")
    assert fokus(page)["tag"] in ("H2", "BUTTON") and fokus(page)["tag"] != "BODY"
    sauber(page)
    page.keyboard.press("3")
    page.keyboard.press("Enter")
    expect(knopf).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator("#ergebnis")).to_have_text("Papierantrag versandt")
    expect(page.locator("textarea[name=vermerk]")).to_be_focused()  # Ende: gleich den Vermerk ergänzen
    expect(page.get_by_role("button", name="Bestätigen und ausführen")).to_have_count(0)
    expect(page.locator(".erledigt").first).to_contain_text("Ausgeführt und bestätigt")
    sauber(page)
    page.keyboard.press("Control+End")
    page.keyboard.type(" Kunde erhält den Antrag per Post.")
    page.keyboard.press("Alt+s")
    expect(page.get_by_role("heading", name=f"Kontakthistorie – Kundennummer {KUNDE}")).to_be_visible()
    expect(page.locator("table")).to_contain_text("Kunde erhält den Antrag per Post.")
    sauber(page)


def test_getippter_abbruchvermerk_bleibt_ueber_schritte(seite: Page) -> None:
    """Die Agentin beginnt den Abbruchvermerk (Alt+A), tippt, antwortet dann doch weiter: Weder der ganze
    Bereich (nach der Identitätsfrage) noch eine Teilantwort (Frage, Weg, Fortschritt per hx-swap-oob)
    ersetzt ihren Text, und „Kontakt vorzeitig beenden“ bleibt offen. Ohne eigene Änderung folgt der
    Vorschlag dem Weg."""
    page = seite
    teilantworten: list[str] = []
    page.on("response", lambda r: teilantworten.append(r.url) if r.headers.get("hx-retarget") else None)
    anmelden(page, "r-agent", PASSWORT)
    page.get_by_label("Kundennummer").fill(KUNDE)
    page.keyboard.press("Enter")
    page.get_by_role("button", name="SC 3.307 Insolvenzgeld beantragen beginnen").click()
    frage(page, "Identität des Anrufers anhand der Sicherheitsmerkmale geprüft?")
    vorschlag = page.locator("#vermerk-abbruch").input_value()
    page.keyboard.press("Alt+a")
    expect(page.locator("#vermerk-abbruch")).to_be_focused()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Kunde ruft aus dem Auto an, Rückruf vereinbart.")
    getippt = page.locator("#vermerk-abbruch").input_value()
    assert getippt == vorschlag + " Kunde ruft aus dem Auto an, Rückruf vereinbart."

    page.locator("#antwort button[data-taste='1']").click()        # ganzer Bereich (Kundendaten erscheinen)
    frage(page, "Möchte der Kunde den Antrag online stellen?")
    assert teilantworten == []
    expect(page.locator("#vermerk-abbruch")).to_have_value(getippt)
    assert page.locator("#abbruch").evaluate("d => d.open")
    page.locator("#antwort button[data-taste='1']").click()        # Teilantwort
    frage(page, "Wie will der Kunde die Sicherheitsstufe erhöhen?")
    assert len(teilantworten) == 1
    expect(page.locator("#vermerk-abbruch")).to_have_value(getippt)
    assert page.locator("#abbruch").evaluate("d => d.open")
    barrierefrei(page, streng=True)

    page.reload()                                                   # neu geladen: der Vorschlag mit dem Weg
    frage(page, "Wie will der Kunde die Sicherheitsstufe erhöhen?")
    neu = page.locator("#vermerk-abbruch").input_value()
    assert "Kunde ruft aus dem Auto an" not in neu and neu != vorschlag
    page.locator("#antwort button[data-taste='3']").click()
    page.get_by_role("button", name="Bestätigen und ausführen").click()
    expect(page.locator("#ergebnis")).to_have_text("Papierantrag versandt")


def test_tasten_ohne_wirkung_sagen_warum(seite: Page) -> None:
    """Keine Taste tut still nichts: eine Ziffer ohne Option nennt die Optionen, Alt+Z ohne vorige Antwort sagt
    warum; Alt+Z auf der Abschlussseite führt zur Frage zurück und sagt es an (Meldung und Live-Region). Der
    Hinweis unter der Frage nennt Alt+Z nur, wenn es wirkt, und dass „?“ im Antwortfeld ein Fragezeichen ist."""
    page = seite
    anmelden(page, "r-agent", PASSWORT)
    page.get_by_label("Kundennummer").fill(KUNDE)
    page.keyboard.press("Enter")
    page.get_by_role("button", name="SC 3.307 Insolvenzgeld beantragen beginnen").click()
    expect(page.locator("#frage-titel")).to_be_visible(timeout=20_000)   # unter Last dauert der Beginn länger
    frage(page, "Identität des Anrufers anhand der Sicherheitsmerkmale geprüft?")
    hinweis = page.locator("#frage-bereich .kern-body--muted", has_text="Tastatur:")
    expect(hinweis).not_to_contain_text("Alt+Z")                  # am Anfang gibt es nichts zurückzunehmen
    page.keyboard.press("7")
    expect(page.locator("#tasten-hinweis")).to_have_text("Keine Option 7: 1 bis 2.")
    page.keyboard.press("Alt+z")
    expect(page.locator("#tasten-hinweis")).to_contain_text("Alt+Z wirkt hier nicht")
    barrierefrei(page, streng=True)

    taste(page, "1", "Möchte der Kunde den Antrag online stellen?")
    expect(hinweis).to_contain_text("Alt+Z oder Rücktaste ändert die vorige Antwort")
    taste(page, "1", "Wie will der Kunde die Sicherheitsstufe erhöhen?")
    page.keyboard.press("1")
    page.keyboard.press("Enter")
    expect(page.locator("#ergebnis")).to_contain_text("Sicherheitsstufe")
    expect(page.locator("textarea[name=vermerk]")).to_be_focused()
    page.keyboard.press("Alt+z")                                    # Abschlussseite: ganze Seite zurück zur Frage
    frage(page, "Wie will der Kunde die Sicherheitsstufe erhöhen?")
    expect(page.locator("#meldungen")).to_contain_text("Zurück zur Frage: Wie will der Kunde die Sicherheitsstufe erhöhen?")
    expect(page.locator("#ansage")).to_contain_text("Zurück zur Frage: Wie will der Kunde die Sicherheitsstufe erhöhen?")
    assert fokus(page)["tag"] == "BUTTON"
    barrierefrei(page, streng=True)

    page.keyboard.press("3")                                        # Papierantrag: nach der Aktion kein Zurück
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Bestätigen und ausführen").press("Enter")
    expect(page.locator("#ergebnis")).to_have_text("Papierantrag versandt")
    expect(page.locator("#abschluss")).to_contain_text("zurück geht es nach der ausgeführten Änderung nicht mehr")
    page.keyboard.press("Alt+z")
    expect(page.locator("#tasten-hinweis")).to_contain_text("Alt+Z wirkt hier nicht")
    expect(page.locator("#ergebnis")).to_have_text("Papierantrag versandt")


def test_getippter_vermerk_geht_nicht_still_verloren(seite: Page) -> None:
    """Rundgang Familienkasse: Vermerk ergänzt, dann „Arbeitsplatz“ im Menü — der Text war weg. Jetzt fragt der
    Browser vor dem Verlassen (beforeunload); Speichern fragt nicht."""
    page = seite
    dialoge: list[str] = []

    def annehmen(dialog: Any) -> None:
        dialoge.append(dialog.type)
        dialog.dismiss()                                            # „Auf der Seite bleiben“

    page.on("dialog", annehmen)
    anmelden(page, "r-agent", PASSWORT)
    page.get_by_label("Kundennummer").fill(KUNDE)
    page.keyboard.press("Enter")
    page.get_by_role("button", name="SC 3.307 Insolvenzgeld beantragen beginnen").click()
    expect(page.locator("#frage-titel")).to_be_visible(timeout=20_000)   # unter Last dauert der Beginn länger
    frage(page, "Identität des Anrufers anhand der Sicherheitsmerkmale geprüft?")
    taste(page, "1", "Möchte der Kunde den Antrag online stellen?")
    taste(page, "1", "Wie will der Kunde die Sicherheitsstufe erhöhen?")
    page.keyboard.press("1")
    page.keyboard.press("Enter")
    vermerk = page.locator("textarea[name=vermerk]")
    expect(vermerk).to_be_focused()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Kundin ruft morgen wieder an.")
    page.get_by_role("link", name="Arbeitsplatz").click()
    page.wait_for_timeout(500)
    assert dialoge == ["beforeunload"]
    expect(vermerk).to_have_value(re.compile(r"Kundin ruft morgen wieder an\.$"))   # geblieben, Text da
    page.keyboard.press("Alt+s")
    expect(page.get_by_role("heading", name=f"Kontakthistorie – Kundennummer {KUNDE}")).to_be_visible()
    assert dialoge == ["beforeunload"]
