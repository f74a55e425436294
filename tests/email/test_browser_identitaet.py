"""Die Mailseite im echten Chromium vor und nach der Identitätsfrage: vor dem „Ja“ sagt sie, warum eine Antwort
keine Kundendaten enthält und was zu tun ist, die Frage spricht vom Absender (nicht vom Anrufer), die Tastenhilfe
(?) nennt nur Kürzel, die hier wirken; nach „Zurück“ vom Ende der Arbeitshilfe steht kein altes Ergebnis mehr da.
Jede Seite axe-core-sauber (WCAG 2.1 AA, keine Verstöße)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.emb.models import Mail
from kundenportal.emb.services import mail_beanspruchen, mail_einlesen, zuordnung_bestaetigen
from kundenportal.konten.services import benutzer_anlegen
from kundenportal.zeit import jetzt
from tests.browser.werkzeug import anmelden, barrierefrei, chromium, frage, taste

from .test_terminabsage import MAIL, uwe_berger_laden

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Mail-Passwort-1"
IDENTITAET = "Identität des Absenders anhand der Sicherheitsmerkmale geprüft?"


@pytest.fixture
def mail(db: Any, settings: Any) -> Mail:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-24"
    uwe_berger_laden()
    erika = benutzer_anlegen("erika", PASSWORT, ["agent_emb"], standort="Nürnberg")
    m = mail_einlesen(MAIL, quelle="imap:test").mail
    assert mail_beanspruchen(erika, m.id, jetzt())
    zuordnung_bestaetigen(erika, m.id, "terminabsage", jetzt())
    return m


@pytest.fixture
def seite(mail: Mail, live_server: Any) -> Iterator[Page]:
    with chromium(live_server) as page:
        yield page


def test_vor_dem_ja_keine_kundendaten_und_nur_kuerzel_die_wirken(seite: Page, mail: Mail) -> None:
    page = seite
    anmelden(page, "erika", PASSWORT)
    page.goto(f"/emb/{mail.id}/")
    expect(page.locator("#kundendaten-hinweis")).to_have_text(
        "Erst die Identität bestätigen: Starten Sie die Arbeitshilfe und beantworten Sie die Frage zur Identität mit "
        "„Ja“; dann entsteht die Antwort mit den Daten des Falls. Bis dahin enthält die Antwort keine Kundendaten, sie "
        "bittet um Kundennummer, Name und Geburtsdatum.")
    expect(page.get_by_role("button", name="Antwort ohne Kundendaten entwerfen")).to_be_visible()
    expect(page.get_by_role("button", name="Antwort aus Vorlage entwerfen")).to_have_count(0)
    page.get_by_role("button", name="Arbeitshilfe starten").click()

    frage(page, IDENTITAET)
    barrierefrei(page, streng=True)
    page.keyboard.press("?")
    hilfe = page.locator("#tastenhilfe")
    expect(hilfe).to_be_visible()
    expect(hilfe.locator("tbody tr")).to_have_count(5)
    expect(hilfe).not_to_contain_text("Vermerk speichern")
    expect(hilfe).not_to_contain_text("vorzeitig beenden")
    page.keyboard.press("Escape")
    expect(hilfe).to_be_hidden()

    taste(page, "1", "Was möchte der Kunde zu seinem Termin?")            # Ja
    page.reload()
    expect(page.get_by_role("button", name="Antwort aus Vorlage entwerfen")).to_be_visible()
    expect(page.locator("#kundendaten-hinweis")).to_have_count(0)
    expect(page.locator("#weg-liste")).to_contain_text(f"{IDENTITAET} ja")
    frage(page, "Was möchte der Kunde zu seinem Termin?")
    labels = page.locator("#antwort button[data-taste]").all_inner_texts()
    (ziffer,) = [t.split()[0] for t in labels if "vereinbaren" in t]
    page.keyboard.press(ziffer)
    page.keyboard.press("Enter")                                         # Ende: die Seite lädt neu
    expect(page.get_by_text("Ergebnis:", exact=True)).to_be_visible()
    barrierefrei(page, streng=True)

    expect(page.locator("html")).to_have_attribute("data-tastatur", "bereit")
    page.keyboard.press("Alt+z")                                         # zurück vom Ende: kein altes Ergebnis
    frage(page, "Was möchte der Kunde zu seinem Termin?")
    expect(page.get_by_text("Ergebnis:", exact=True)).to_have_count(0)
    expect(page.locator("#anweisung")).to_have_count(0)
