"""„Weiterleiten“ im echten Chromium, nur mit der Tastatur: Die Agentin schickt das leere Formular ab (die Meldungen
stehen an den Feldern, der Fokus auf der ersten Stelle), wählt mit den Pfeiltasten die Stelle, tippt den Hinweis,
leitet mit Enter weiter und entwirft danach die Antwort, die dem Kunden die Weitergabe bestätigt — sie steht jetzt
als erste zur Wahl. Ohne JavaScript trägt das Formular allein. axe (WCAG 2.1 AA): keine Verstöße. Bildschirmfotos
nach var/screenshots/ (ohne JavaScript prüft der erste Test axe: axe selbst braucht es)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.emb.models import Mail, Weiterleitung
from kundenportal.emb.services import mail_beanspruchen, mail_einlesen, zuordnung_bestaetigen
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.fachverfahren.referenz.models import Aufgabe
from kundenportal.konten.services import benutzer_anlegen
from kundenportal.zeit import jetzt
from tests.browser.werkzeug import anmelden, barrierefrei, chromium, datenbank
from tests.email.test_terminabsage import KUNDENNUMMER
from tests.emb.test_weiterleiten import GESUND

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Mail-Passwort-1"
FOTOS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
HINWEIS = "Gesundmeldung ab heute, bitte erfassen."


@pytest.fixture
def mail(db: Any, settings: Any) -> Mail:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-24"
    ausgangslage_laden({"kunde": {"kundennummer": KUNDENNUMMER, "vorname": "Uwe", "nachname": "Berger",
                                  "wohnort_agentur": "Bonn", "email": "uwe.berger@web.example"}})
    erika = benutzer_anlegen("erika", PASSWORT, ["agent_emb"], standort="Nürnberg")
    m = mail_einlesen(GESUND, quelle="imap:test").mail
    assert mail_beanspruchen(erika, m.id, jetzt())
    zuordnung_bestaetigen(erika, m.id, "sonstiges", jetzt())
    return m


def _tab_bis(page: Page, selektor: str, hoechstens: int = 80) -> None:
    """Tab, bis `selektor` den Fokus hat — der Weg, den eine Agentin ohne Maus geht."""
    for _ in range(hoechstens):
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selektor):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selektor} mit Tab nicht erreicht")


def _fokus(page: Page) -> str:
    return str(page.evaluate("document.activeElement?.id ?? ''"))


def test_agentin_leitet_mit_der_tastatur_weiter(mail: Mail, live_server: Any) -> None:
    FOTOS.mkdir(parents=True, exist_ok=True)
    with chromium(live_server, breite=1366) as page:
        anmelden(page, "erika", PASSWORT)
        page.goto(f"/emb/{mail.id}/")
        expect(page.get_by_role("heading", name="Weiterleiten an die zuständige Stelle")).to_be_visible()
        barrierefrei(page, streng=True)
        # leer abgeschickt: die Meldungen an den Feldern, der Fokus auf der ersten Stelle
        _tab_bis(page, "#weiterleiten button[type=submit]")
        page.keyboard.press("Enter")
        expect(page.locator("#ziel-fehler")).to_have_text(
            "Zuständige Stelle: Bitte wählen Sie, an welche Stelle die Mail geht.")
        expect(page.locator("#hinweis-fehler")).to_contain_text("Bitte schreiben Sie, was die Stelle tun soll")
        expect(page.locator("#ziel-os_algplus")).to_be_focused()
        barrierefrei(page, streng=True)
        page.screenshot(path=str(FOTOS / "emb-weiterleiten-fehler.png"), full_page=True)
        # Pfeil nach unten wählt die nächste Stelle, Tab führt zum Hinweis, Tab zum Knopf
        page.keyboard.press("ArrowDown")
        expect(page.locator("#ziel-team_ez")).to_be_checked()
        page.keyboard.press("Tab")
        assert _fokus(page) == "hinweis"
        page.keyboard.type(HINWEIS)
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        expect(page.locator(".kern-alert--success")).to_contain_text(
            "Die Mail ist an Team Eingangszone (Agentur vor Ort) weitergeleitet.")
        expect(page.locator("#weitergeleitet")).to_contain_text("an Team Eingangszone (Agentur vor Ort) am 24.03.2020")
        expect(page.locator("#weitergeleitet-hinweis")).to_have_text(f"Hinweis für die Stelle: „{HINWEIS}“")
        expect(page.locator("input[name=ziel]")).to_have_count(0)
        expect(page.locator("#zuordnung-gesperrt")).to_contain_text("Die Mail ist an Team Eingangszone")
        barrierefrei(page, streng=True)
        page.screenshot(path=str(FOTOS / "emb-weiterleiten-weitergeleitet.png"), full_page=True)
        # weiter mit der Tastatur: der Knopf entwirft jetzt die Bestätigung der Weitergabe, zur Gesundmeldung passend
        expect(page.locator("#kundendaten-hinweis")).to_contain_text("Die Mail ist weitergeleitet")
        expect(page.locator("#vorlage-ohne")).to_have_text("(Vorlage „Gesundmeldung erhalten“)")
        _tab_bis(page, "button[name=vorlage][value=gesundmeldung_erhalten]")
        page.keyboard.press("Enter")
        expect(page.locator("#text")).to_contain_text("Wir haben Ihre Gesundmeldung erhalten und an Ihre Agentur")
        barrierefrei(page, streng=True)
    aufgaben = datenbank(lambda: list(Aufgabe.objects.values_list("an", "kundennummer", "erstellt_von")))
    assert aufgaben == [("team_ez", KUNDENNUMMER, "erika")]
    assert datenbank(lambda: Weiterleitung.objects.get(mail_id=mail.id).hinweis) == HINWEIS


def test_ohne_javascript_traegt_das_formular(mail: Mail, live_server: Any) -> None:
    with chromium(live_server, breite=800, javascript=False) as page:
        anmelden(page, "erika", PASSWORT)
        page.goto(f"/emb/{mail.id}/")
        page.get_by_label("OS AlgPlus – Leistung (Arbeitslosengeld)").check()
        page.get_by_label("Hinweis für die Stelle").fill("x" * 20)
        page.get_by_role("button", name="Weiterleiten").press("Enter")
        expect(page.locator("#weitergeleitet")).to_contain_text("an OS AlgPlus – Leistung (Arbeitslosengeld)")
        expect(page.locator(".kern-alert--success")).to_contain_text("weitergeleitet")    # axe braucht JavaScript
    assert datenbank(lambda: list(Aufgabe.objects.values_list("an", flat=True))) == ["os_algplus"]
