"""Der Arbeitsplatz im echten Chromium: anmelden, „Termin absagen“ finden, einen Termin per Tastatur
absagen, nach dem Neuladen fortsetzen, Vermerk speichern; OS AlgPlus sieht die Aufgabe aus SC 3.004a.
Jede Seite ist axe-core-sauber (keine ernsten oder kritischen Verstöße gegen WCAG 2.1 AA)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal import zeit
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden, zustand_lesen
from kundenportal.fachverfahren.registry import systeme
from kundenportal.gespraech import services
from kundenportal.katalog.queries import katalog
from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import barrierefrei, chromium, datenbank, frage, taste

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KUNDE = "955B000001"
PASSWORT = "Demo-Passwort-1"



@pytest.fixture
def daten(db: Any) -> str:
    for rolle in ("agent_sc3", "os_algplus"):
        benutzer_anlegen(f"b-{rolle}", PASSWORT, [rolle], standort="Nürnberg")
    tag = zeit.heute() + dt.timedelta(days=6)
    ausgangslage_laden({
        "kunde": {"kundennummer": KUNDE, "vorname": "Jürgen", "nachname": "Groß", "geburtsdatum": "1961-04-05",
                  "wohnort_agentur": "Nürnberg", "betreuung": "av", "status": "arbeitslos"},
        "termine": [{"id": "TB-1", "bereich": "av", "beginn": f"{tag.isoformat()}T10:00", "agentur": "Nürnberg"}],
        "colibri": {"alg_bezug": True}})
    return KUNDE


@pytest.fixture
def seite(daten: str, live_server: Any) -> Iterator[Page]:
    with chromium(live_server) as page:
        yield page



def anmelden(page: Page, name: str) -> None:
    page.goto("/anmelden/")
    barrierefrei(page)
    page.get_by_label("Benutzername").fill(name)
    page.get_by_label("Passwort").fill(PASSWORT)
    page.get_by_role("button", name="Anmelden").click()




def kunde_finden(page: Page) -> None:
    page.get_by_role("link", name="Kontakt beginnen").first.click()
    barrierefrei(page)
    page.get_by_label("Kundennummer").fill(KUNDE)
    page.get_by_role("button", name="Kunde finden").click()
    expect(page.get_by_role("heading", name="Anliegen wählen")).to_be_visible()


def test_termin_absagen_per_tastatur_mit_fortsetzen_nach_neuladen(seite: Page, tmp_path: Path) -> None:
    page = seite
    bilder = Path(os.environ.get("KUNDENPORTAL_BILDER") or tmp_path)   # Bildschirmfotos zum Ansehen
    bilder.mkdir(parents=True, exist_ok=True)
    adressen: list[str] = []          # jede Seite und jede Anfrage (auch htmx): nie mit der Kundennummer
    page.on("framenavigated", lambda frame: adressen.append(frame.url))
    page.on("request", lambda anfrage: adressen.append(anfrage.url))
    anmelden(page, "b-agent_sc3")
    expect(page.get_by_role("heading", name="Arbeitsplatz")).to_be_visible()
    barrierefrei(page)
    kunde_finden(page)
    assert KUNDE not in page.url
    barrierefrei(page)
    zeile = page.get_by_role("row").filter(has_text="Termin absagen")
    expect(zeile).to_contain_text("SC 3.003")
    zeile.get_by_role("button").click()

    frage(page, "Identität des Anrufers anhand der Sicherheitsmerkmale geprüft?")
    expect(page.locator("#fassung")).to_contain_text("Stand 20.03.2020 · Weisung 202003006")
    expect(page.locator(".kundendaten")).not_to_contain_text("Groß")
    barrierefrei(page)
    taste(page, "1", "Was möchte der Kunde zu seinem Termin?")
    expect(page.locator(".kundendaten")).to_contain_text("Jürgen Groß")
    taste(page, "1", "Welcher Termin ist betroffen?")
    taste(page, "1", "Ist die Teilnahme am Termin noch erforderlich?")
    page.keyboard.press("1")                 # ja … dann zurück und ändern
    page.keyboard.press("Enter")
    frage(page, "Kann der Kunde den Termin nach Vorteilsübersetzung wahrnehmen?")
    expect(page.locator(".sagen")).to_contain_text("Vorteilsübersetzung")
    barrierefrei(page)
    page.keyboard.press("Alt+z")
    frage(page, "Ist die Teilnahme am Termin noch erforderlich?")
    taste(page, "2", "Grund der Absage")
    page.get_by_label("Antwort", exact=True).fill("Arbeit aufgenommn")
    page.keyboard.press("Enter")
    # Bestätigungsschritt vor der Absage im ATV, nur mit der Tastatur: der Knopf hat den Fokus.
    bestaetigen = page.get_by_role("button", name="Bestätigen und ausführen")
    expect(bestaetigen).to_be_focused()
    expect(page.locator("#bestaetigung-titel")).to_have_text("Bitte prüfen und bestätigen: Termin absagen")
    expect(page.locator("dl.vorhaben")).to_contain_text("ATV (Terminverwaltung)")
    expect(page.locator("dl.vorhaben")).to_contain_text("Arbeit aufgenommn")
    assert datenbank(lambda: zustand_lesen(KUNDE))["termine"][0]["status"] == "geplant"
    barrierefrei(page, streng=True)
    page.screenshot(path=str(bilder / "bestaetigung.png"), full_page=True)
    page.keyboard.press("Alt+z")                    # Tippfehler: zurück, Grund ändern
    frage(page, "Grund der Absage")
    page.get_by_label("Antwort", exact=True).fill("Arbeit aufgenommen")
    page.keyboard.press("Enter")
    expect(page.locator("dl.vorhaben")).to_contain_text("Arbeit aufgenommen")
    expect(bestaetigen).to_be_focused()
    expect(page.locator("html")).to_have_attribute("data-tastatur", "bereit")
    page.keyboard.press("Enter")
    frage(page, "Wünscht der Kunde einen neuen Termin?")
    # Nach der Aktion: weder „Zurück“ noch „ändern“ für die Antworten davor.
    expect(page.locator("#zurueck")).to_have_count(0)
    expect(page.get_by_role("button", name="ändern")).to_have_count(0)
    expect(page.locator(".erledigt").first).to_contain_text("Termin TB-1 als abgesagt gekennzeichnet")
    assert KUNDE not in page.url

    page.reload()                                   # Neuladen: dieselbe Frage, derselbe Weg
    frage(page, "Wünscht der Kunde einen neuen Termin?")
    expect(page.locator(".weg")).to_contain_text("Grund der Absage: Arbeit aufgenommen")
    page.keyboard.press("2")
    page.keyboard.press("Enter")

    expect(page.locator("#ergebnis")).to_be_visible()
    barrierefrei(page)
    vermerk = page.get_by_label("Kontaktvermerk (vor dem Speichern bearbeitbar)")
    expect(vermerk).to_have_value(lambda_enthaelt("Grund: Arbeit aufgenommen"))
    vermerk.fill(vermerk.input_value() + "\nKunde per Telefon informiert.")
    page.get_by_role("button", name="Vermerk speichern und Kontakt abschließen").click()
    expect(page.get_by_role("heading", name=f"Kontakthistorie – Kundennummer {KUNDE}")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Kunde per Telefon informiert.")
    barrierefrei(page)
    assert KUNDE not in page.url and len(adressen) > 10
    assert [a for a in adressen if KUNDE in a] == []
    assert datenbank(lambda: zustand_lesen(KUNDE))["termine"][0]["status"] == "abgesagt"


def lambda_enthaelt(text: str) -> Any:
    import re

    return re.compile(".*" + re.escape(text) + ".*", re.S)


def _rente_mit_alg(user_name: str) -> None:
    from django.contrib.auth import get_user_model

    agent = get_user_model().objects.get(username=user_name)
    k = services.kontakt_starten(agent, "SC 3.004a", KUNDE)
    for fakt, wert in [("identitaet_geprueft", "ja"), ("anliegen_abmeldung", "rente"), ("rente_status", "bewilligt"),
                       ("rentenart", "regelaltersrente"), ("rentenbeginn", (zeit.heute() + dt.timedelta(days=30)).isoformat()),
                       ("vermittlung_weiter_gewuenscht", "nein")]:   # x.004a ab 23.03.2020: Statuswechsel?
        ansicht = services.kontakt_stand(agent, k)
        while ansicht.art == "bestaetigung":       # Abmeldung, dann Aufgabe an OS AlgPlus
            ansicht = services.kontakt_bestaetigen(agent, k, None)
        if ansicht.art == "frage" and ansicht.fakt == fakt:
            ansicht = services.kontakt_beantworten(agent, k, fakt, wert)
    while ansicht.art == "bestaetigung":
        ansicht = services.kontakt_bestaetigen(agent, k, None)


def test_os_algplus_sieht_aufgabe_aus_sc_3_004a(seite: Page) -> None:
    if "SC 3.004a" not in datenbank(lambda: list(katalog().leitfaeden)):
        pytest.skip("SC 3.004a ist noch nicht im Katalog")
    datenbank(lambda: _rente_mit_alg("b-agent_sc3"))
    assert [a.betreff for a in datenbank(lambda: systeme().aufgaben.liste("os_algplus"))] == [
        "Rentenbewilligung: Arbeitslosengeld ab Rentenbeginn prüfen (Ruhen/Aufhebung)"]
    page = seite
    anmelden(page, "b-os_algplus")
    expect(page.get_by_role("heading", name="Postkorb OS AlgPlus")).to_be_visible()
    aufgabe = page.get_by_role("article").filter(has_text="Rentenbewilligung")    # je Aufgabe ein Abschnitt
    expect(aufgabe).to_contain_text(KUNDE)
    expect(aufgabe.get_by_role("button", name="Erledigt")).to_have_count(0)      # erledigt erst nach Übernehmen
    barrierefrei(page)
    aufgabe.get_by_role("button", name="übernehmen").click()
    expect(page.locator("#meldungen")).to_be_focused()
    expect(aufgabe).to_contain_text("in Bearbeitung")
    aufgabe.get_by_role("button", name="Erledigt").click()               # ohne Ergebnis: Meldung am Feld
    feld = aufgabe.get_by_role("textbox", name="Ergebnis zu Aufgabe")
    expect(feld).to_be_focused()
    expect(feld).to_have_attribute("aria-invalid", "true")
    barrierefrei(page)
    feld.fill("Ruhen ab Rentenbeginn verfügt.")
    aufgabe.get_by_role("button", name="Erledigt").click()
    expect(page.locator("#meldungen")).to_be_focused()
    expect(aufgabe).to_have_count(0)
    page.get_by_role("link", name="Erledigt (1)").click()
    expect(aufgabe).to_contain_text("Ruhen ab Rentenbeginn verfügt.")
    barrierefrei(page)


def test_administration_sieht_zugriffsprotokoll(seite: Page) -> None:
    datenbank(lambda: benutzer_anlegen("b-admin", PASSWORT, ["administration"]))
    page = seite
    anmelden(page, "b-admin")
    expect(page.get_by_role("heading", name="Zugriffsprotokoll")).to_be_visible()
    barrierefrei(page)


def test_drei_antworten_per_tastatur_ohne_neuladen(seite: Page) -> None:
    """htmx ersetzt nur den Gesprächsbereich: die Markierung am window-Objekt überlebt drei Antworten
    und ein Zurück; der Fokus steht auf der neuen Frage, die Live-Region sagt sie an."""
    page = seite
    anmelden(page, "b-agent_sc3")
    kunde_finden(page)
    page.get_by_role("row").filter(has_text="Termin absagen").get_by_role("button").click()
    frage(page, "Identität des Anrufers anhand der Sicherheitsmerkmale geprüft?")
    page.evaluate("window.ohneNeuladen = 'gesetzt'")
    adresse = page.url

    taste(page, "1", "Was möchte der Kunde zu seinem Termin?")
    expect(page.locator("#frage-titel")).to_be_focused()
    expect(page.locator("#ansage")).to_have_text("Nächste Frage: Was möchte der Kunde zu seinem Termin?")
    expect(page.locator(".kundendaten")).to_contain_text("Jürgen Groß")
    expect(page.locator(".kundendaten")).to_contain_text("Keine Angaben im VerBIS-Profil.")
    taste(page, "1", "Welcher Termin ist betroffen?")
    taste(page, "1", "Ist die Teilnahme am Termin noch erforderlich?")
    expect(page.locator("#frage-titel")).to_be_focused()
    expect(page.locator(".kundendaten")).to_contain_text("Jürgen Groß")   # behalten (hx-preserve), nicht neu gelesen
    barrierefrei(page)
    page.keyboard.press("Alt+z")
    frage(page, "Welcher Termin ist betroffen?")
    expect(page.locator(".weg")).not_to_contain_text("Welcher Termin ist betroffen?")
    assert page.evaluate("window.ohneNeuladen") == "gesetzt" and page.url == adresse


def test_teamleitung_sieht_kennzahlen(seite: Page) -> None:
    datenbank(lambda: benutzer_anlegen("b-teamleitung", PASSWORT, ["teamleitung"], standort="Nürnberg"))
    page = seite
    anmelden(page, "b-teamleitung")
    page.get_by_role("link", name="Kennzahlen").click()
    expect(page.get_by_role("heading", name="Kennzahlen")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(KUNDE)
    barrierefrei(page)
