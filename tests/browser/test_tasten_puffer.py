"""Tastenpuffer (base.html, static/portal/tasten-puffer.js): Tasten, die kommen, bevor die Seite sie verarbeiten
kann, gehen nicht verloren und wirken genau einmal.

Vor dem Laden: Die Tests halten ein Skript mit defer zurück (page.route, route.continue_() später) — so lange ist
weder tastatur.js noch htmx da —, tippen, geben frei und prüfen, dass die Tasten wirkten, genau einmal (eine Antwort
je Frage an den Server, die nächste Frage steht da, das Suchfeld enthält den Text einmal). Während eines Schritts:
die Antwort an den Server wird zurückgehalten; Tasten in der Zeit gelten der neuen Frage, nie der alten; scheitert
der Schritt, verfallen sie mit Hinweis."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, Request, Route, expect

from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import anmelden, chromium, frage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KUNDE = "955C000307"
PASSWORT = "Demo-Passwort-1"
FRAGE_1 = "Identität des Anrufers anhand der Sicherheitsmerkmale geprüft?"
FRAGE_2 = "Möchte der Kunde den Antrag online stellen?"
FRAGE_3 = "Wie will der Kunde die Sicherheitsstufe erhöhen?"
TASTATUR_JS = re.compile(r"/gespraech/tastatur[^/]*\.js")
HTMX_JS = re.compile(r"/htmx-2\.min[^/]*\.js")
FOKUS_JS = re.compile(r"/portal/fokus[^/]*\.js")
ANTWORT = re.compile(r"/antwort/$")


@pytest.fixture
def seite(db: Any, live_server: Any) -> Iterator[Page]:
    benutzer_anlegen("p-agent", PASSWORT, ["agent_sc3"], standort="Nürnberg")
    ausgangslage_laden({
        "kunde": {"kundennummer": KUNDE, "vorname": "Jürgen", "nachname": "Schröder", "geburtsdatum": "1961-04-05",
                  "wohnort_agentur": "Nürnberg", "betreuung": "av", "status": "arbeitsuchend", "online_asu": "keine"},
        "step": {"konto": True, "sicherheitsstufe": "basis"}})
    with chromium(live_server, breite=1440) as page:
        anmelden(page, "p-agent", PASSWORT)
        yield page


def anliegen(page: Page) -> str:
    """Vom Arbeitsplatz über die Kundennummer zu „Anliegen wählen“; die Adresse der Seite."""
    page.goto("/arbeitsplatz/")
    expect(page.get_by_label("Kundennummer")).to_be_focused()
    page.keyboard.type(KUNDE)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Anliegen wählen")).to_be_visible()
    return page.url


def gespraech(page: Page) -> str:
    """Beginnt SC 3.307 (Insolvenzgeld); die Adresse der Gesprächsseite."""
    anliegen(page)
    page.get_by_role("button", name=re.compile(r"^SC 3\.307 .* beginnen$")).click()
    frage(page, FRAGE_1)
    return page.url


def zurueckhalten(page: Page, muster: re.Pattern[str], nur_erste: bool = True) -> list[Route]:
    """Hält die erste Anfrage an `muster` fest (mit `nur_erste=False` jede); die Tests geben sie mit continue_() frei."""
    gehalten: list[Route] = []

    def halten(route: Route) -> None:
        if gehalten and nur_erste:
            route.continue_()
        else:
            gehalten.append(route)

    page.route(muster, halten)
    return gehalten


def warten(page: Page, bedingung: Callable[[], bool]) -> None:
    """Wartet (höchstens 15 s), bis `bedingung` gilt — Playwright ruft Routen nur während eigener Aufrufe."""
    for _ in range(300):
        if bedingung():
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"Bedingung nicht erfüllt; Seite: {page.evaluate(ZUSTAND)}")


# Was die Seite gerade weiß — steht in der Meldung, wenn `warten` aufgibt (ein Test, der nur „nicht erfüllt“ sagt,
# lässt offen, ob der Puffer noch hält, die Taste woanders ankam oder der Schritt nie begann).
ZUSTAND = """() => ({fokus: document.activeElement ? document.activeElement.outerHTML.slice(0, 160) : null,
  puffer_offen: window.tastenPuffer && window.tastenPuffer.offen, tasten: window.tastenPuffer &&
  JSON.stringify(window.tastenPuffer.tasten), tastatur: document.documentElement.dataset.tastatur,
  gewaehlt: Array.from(document.querySelectorAll("[aria-pressed=true]")).map(e => e.textContent.trim()),
  hinweis: (document.getElementById("tasten-puffer-hinweis") || {}).textContent || ""})"""


def posts(page: Page, pfad: str) -> list[str]:
    """Die POST-Anfragen an Adressen, die auf `pfad` enden (sammelt ab jetzt)."""
    gesehen: list[str] = []

    def merken(anfrage: Request) -> None:
        if anfrage.method == "POST" and anfrage.url.endswith(pfad):
            gesehen.append(anfrage.url)

    page.on("request", merken)
    return gesehen


def weg(page: Page) -> list[str]:
    return page.locator("#weg-liste > li").all_inner_texts()


def frage_ohne_tastatur_js(page: Page, adresse: str) -> list[Route]:
    """Die Gesprächsseite mit der ersten Frage, tastatur.js zurückgehalten (die Route liegt in der Liste)."""
    gehalten = zurueckhalten(page, TASTATUR_JS)
    page.goto(adresse, wait_until="commit")
    expect(page.locator("#frage-titel")).to_have_text(FRAGE_1)
    warten(page, lambda: len(gehalten) == 1)
    return gehalten


def test_vor_tastatur_js_getippte_antwort_wirkt_genau_einmal(seite: Page) -> None:
    """„1“ und Enter gleich nach dem Erscheinen der Frage, tastatur.js noch nicht geladen: vorher gingen beide
    verloren (die Frage blieb stehen). Jetzt beantworten sie die Frage, genau einmal."""
    page = seite
    adresse = gespraech(page)
    antworten = posts(page, "/antwort/")
    gehalten = frage_ohne_tastatur_js(page, adresse)
    assert page.evaluate("document.documentElement.dataset.tastatur") is None   # tastatur.js noch nicht da
    page.keyboard.press("1")
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)
    assert antworten == []
    gehalten[0].continue_()
    frage(page, FRAGE_2)
    expect(page.locator("#frage-titel")).to_be_focused()
    page.wait_for_timeout(500)                            # kein zweites Abschicken kommt nach
    assert len(antworten) == 1
    assert len(weg(page)) == 1 and FRAGE_1 in weg(page)[0]


def test_vor_dem_laden_hilfe_esc_und_ziffer_der_reihe_nach(seite: Page) -> None:
    """?, Esc, 2 vor dem Laden: die Tastenhilfe geht auf und wieder zu, dann ist Option 2 gewählt — in dieser
    Reihenfolge, jede Taste einmal (nichts abgeschickt)."""
    page = seite
    adresse = gespraech(page)
    antworten = posts(page, "/antwort/")
    gehalten = frage_ohne_tastatur_js(page, adresse)
    for t in ("?", "Escape", "2"):
        page.keyboard.press(t)
    gehalten[0].continue_()
    zwei = page.locator("#antwort button[data-taste='2']")
    expect(zwei).to_be_focused()
    expect(zwei).to_have_attribute("aria-pressed", "true")
    assert not page.locator("#tastenhilfe").evaluate("d => d.open")
    page.keyboard.press("1")                              # danach wirkt die Tastatur wie immer
    expect(page.locator("#antwort button[data-taste='1']")).to_be_focused()
    assert antworten == []


def test_vor_htmx_getippte_suche_landet_einmal_im_feld(seite: Page) -> None:
    """Die Agentin tippt, bevor der Autofokus im Suchfeld steht (Fokus noch auf <body>), und weiter, als er da ist:
    der ganze Text steht einmal und in der getippten Reihenfolge im Feld, die Suche findet."""
    page = seite
    gehalten = zurueckhalten(page, HTMX_JS)
    page.goto("/suche/", wait_until="commit")
    feld = page.locator("#id_q")
    expect(feld).to_be_focused()
    page.evaluate("document.activeElement.blur()")        # wie vor dem Autofokus
    page.keyboard.type("Termin")
    page.evaluate("document.getElementById('id_q').focus()")   # der Autofokus kommt
    page.keyboard.type(" absagen")                        # überholt das Gepufferte nicht
    warten(page, lambda: len(gehalten) == 1)
    assert feld.input_value() == ""
    gehalten[0].continue_()
    expect(page.locator("#treffer .treffer").first).to_contain_text("SC 3.003")
    expect(feld).to_have_value("Termin absagen")
    expect(feld).to_be_focused()


def test_ohne_tastatur_js_fuellt_der_puffer_das_autofokus_feld_und_schickt_ab(seite: Page) -> None:
    """Arbeitsplatz (ohne tastatur.js und htmx): Kundennummer und Enter, bevor die Skripte da sind und bevor der
    Fokus im Feld steht — die Nummer landet im Feld, Enter sucht die Kundin, einmal."""
    page = seite
    gesucht = posts(page, "/kontakt/neu/")
    gehalten = zurueckhalten(page, FOKUS_JS)
    page.goto("/arbeitsplatz/", wait_until="commit")
    expect(page.get_by_label("Kundennummer")).to_be_focused()
    page.evaluate("document.activeElement.blur()")
    page.keyboard.type(KUNDE)
    page.keyboard.press("Enter")
    warten(page, lambda: len(gehalten) == 1)
    assert gesucht == [] and page.get_by_label("Kundennummer").input_value() == ""
    gehalten[0].continue_()
    expect(page.get_by_role("heading", name="Anliegen wählen")).to_be_visible()
    assert len(gesucht) == 1


def test_was_die_seite_verlaesst_nimmt_den_rest_nicht_mit(seite: Page) -> None:
    """„Anliegen wählen“ vor dem Laden: 1, Enter beginnt den ersten Leitfaden (gewöhnliches Absenden, neue Seite).
    Die danach getippten 1 und Enter gelten keiner Seite: kein zweiter Kontakt, keine Antwort auf der neuen Seite."""
    page = seite
    adresse = anliegen(page)
    begonnen = posts(page, "/kontakt/starten/")
    antworten = posts(page, "/antwort/")
    gehalten = zurueckhalten(page, TASTATUR_JS)
    page.goto(adresse, wait_until="commit")
    expect(page.get_by_role("heading", name="Anliegen wählen")).to_be_visible()
    warten(page, lambda: len(gehalten) == 1)
    for t in ("1", "Enter", "1", "Enter"):
        page.keyboard.press(t)
    gehalten[0].continue_()
    expect(page.locator("#frage-titel")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("data-tastatur", "bereit")
    page.wait_for_timeout(500)
    assert len(begonnen) == 1 and antworten == []
    expect(page.locator("#frage-titel")).to_be_focused()
    assert weg(page) == ["Noch keine Antwort."]


def test_zu_alte_tasten_verfallen_mit_hinweis(seite: Page) -> None:
    """Lädt die Seite länger als 3 Sekunden, wirkt eine vorher getippte Taste nicht mehr unerwartet spät — sie
    verfällt, und ein Hinweis sagt es."""
    page = seite
    adresse = gespraech(page)
    antworten = posts(page, "/antwort/")
    gehalten = frage_ohne_tastatur_js(page, adresse)
    page.keyboard.press("1")
    page.wait_for_timeout(3300)
    gehalten[0].continue_()
    expect(page.locator("#tasten-puffer-hinweis")).to_have_text(re.compile(r"^Nicht ausgeführt: „1“ – .*3 Sekunden"))
    expect(page.locator("#frage-titel")).to_be_focused()
    expect(page.locator("#antwort button[aria-pressed=true]")).to_have_count(0)
    assert antworten == []


def test_taste_waehrend_eines_schritts_gilt_der_neuen_frage(seite: Page) -> None:
    """1, Enter schickt die Antwort; während sie unterwegs ist, kommen 1 und Enter für die nächste Frage. Vorher
    wählte die Ziffer eine Option der ALTEN Frage und Enter verpuffte. Jetzt warten beide auf die neue Frage und
    beantworten sie: zwei Antworten, jede einmal."""
    page = seite
    # Die Route vor dem Gespräch: unter Last kam die Antwort einmal am Server an, obwohl page.route() schon
    # zurückgekehrt war (die Taste wirkte, die Route griff nicht); vor dem Laden der Seite greift sie sicher.
    antworten = posts(page, "/antwort/")
    gehalten = zurueckhalten(page, ANTWORT)
    gespraech(page)
    page.keyboard.press("1")
    page.keyboard.press("Enter")
    warten(page, lambda: len(gehalten) == 1)
    expect(page.locator("html")).to_have_attribute("data-tastatur", "laedt")
    page.keyboard.press("1")
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)
    assert len(antworten) == 1
    gehalten[0].continue_()
    frage(page, FRAGE_3)
    page.wait_for_timeout(500)
    assert len(antworten) == 2
    eintraege = weg(page)
    assert len(eintraege) == 2 and FRAGE_1 in eintraege[0] and FRAGE_2 in eintraege[1]


def test_scheitert_der_schritt_verfallen_die_tasten_mit_hinweis(seite: Page) -> None:
    """Tasten während eines Schritts, der scheitert (Serverfehler): sie treffen nie die alte Frage — keine Option
    wird dort gewählt, nichts ein zweites Mal abgeschickt —, ein Hinweis nennt sie."""
    page = seite
    # Die Route vor dem Gespräch: unter Last kam die Antwort einmal am Server an, obwohl page.route() schon
    # zurückgekehrt war (die Taste wirkte, die Route griff nicht); vor dem Laden der Seite greift sie sicher.
    antworten = posts(page, "/antwort/")
    gehalten = zurueckhalten(page, ANTWORT)
    gespraech(page)
    page.keyboard.press("1")
    page.keyboard.press("Enter")
    warten(page, lambda: len(gehalten) == 1)
    page.keyboard.press("2")
    page.keyboard.press("Enter")
    gehalten[0].fulfill(status=500, body="Fehler")
    expect(page.locator("#gespraech-fehler")).to_be_visible()
    expect(page.locator("#tasten-puffer-hinweis")).to_have_text(
        "Nicht ausgeführt: „2 Enter“ – getippt, während der Schritt lud; der Schritt ist nicht ausgeführt. "
        "Bitte noch einmal tippen.")
    page.wait_for_timeout(500)
    expect(page.locator("#frage-titel")).to_have_text(FRAGE_1)
    expect(page.locator("#antwort button[data-taste='2']")).not_to_have_attribute("aria-pressed", "true")
    assert len(antworten) == 1
