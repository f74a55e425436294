"""Eine Beschäftigte der E-Mail-Bearbeitung bearbeitet eine Mail im echten Chromium nur mit der Tastatur:
Warteschlange → übernehmen → Zuordnung bestätigen → Arbeitshilfe (Ziffer + Enter, keine Vorauswahl) →
Antwort entwerfen → Vorschau mit Warnungen → senden (echter SMTP-Server) → erledigt. Jede Seite ist
axe-core-sauber (WCAG 2.1 AA, keine Verstöße)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from kundenportal.emb.models import Antwort, Mail
from kundenportal.emb.services import mail_einlesen
from kundenportal.fachverfahren.referenz.ausgangslage import zustand_lesen
from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import barrierefrei, chromium, datenbank, frage

from .conftest import Smtp
from .test_terminabsage import KUNDENNUMMER, MAIL, uwe_berger_laden

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Mail-Passwort-1"


@pytest.fixture
def daten(db: Any, settings: Any, smtp_server: Smtp, eager: None) -> Mail:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-24"
    settings.EMAIL_PORT = smtp_server.port
    uwe_berger_laden()
    benutzer_anlegen("erika", PASSWORT, ["agent_emb"], standort="Nürnberg")
    return mail_einlesen(MAIL, quelle="imap:test").mail


@pytest.fixture
def seite(daten: Mail, live_server: Any) -> Iterator[Page]:
    with chromium(live_server) as page:
        yield page


def tab_bis(page: Page, ziel: Locator, hoechstens: int = 80) -> None:
    """Drückt Tab, bis `ziel` den Fokus hat (nur Tastatur, kein Klick)."""
    for _ in range(hoechstens):
        if ziel.evaluate("e => e === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{ziel} nach {hoechstens}× Tab nicht erreicht")


def zuordnen(page: Page) -> None:
    """Als erika anmelden, die Mail übernehmen und „Zuordnung bestätigen“ — nur mit der Tastatur."""
    page.goto("/anmelden/?next=/emb/")
    page.get_by_label("Benutzername").fill("erika")
    page.get_by_label("Passwort").fill(PASSWORT)
    page.keyboard.press("Enter")
    tab_bis(page, page.get_by_role("button", name="Übernehmen: Termin am 27.03. absagen"))
    page.keyboard.press("Enter")
    tab_bis(page, page.get_by_role("button", name="Zuordnung bestätigen"))
    with page.expect_navigation():
        page.keyboard.press("Enter")


def arbeitshilfe_starten(page: Page) -> Page:
    """`zuordnen`, dann „Arbeitshilfe starten“: die erste Frage hat den Fokus."""
    zuordnen(page)
    tab_bis(page, page.get_by_role("button", name="Arbeitshilfe starten"))
    page.keyboard.press("Enter")
    expect(page.locator("#frage-titel")).to_be_focused()
    return page


def waehlen(page: Page, label: str) -> None:
    """Die Option mit `label` per Ziffer wählen und mit Enter bestätigen."""
    knoepfe = page.locator("#antwort button[data-taste]")
    texte = knoepfe.all_inner_texts()
    assert all(k.get_attribute("aria-pressed") in (None, "false") for k in knoepfe.all())   # keine Vorauswahl
    (ziffer,) = [t.split()[0] for t in texte if t == label]
    page.keyboard.press(ziffer)
    page.keyboard.press("Enter")


def test_mail_von_der_warteschlange_bis_zur_gesendeten_antwort_nur_mit_tastatur(
        seite: Page, daten: Mail, smtp_server: Smtp, tmp_path: Any) -> None:
    page = seite
    page.goto("/anmelden/?next=/emb/")
    tab_bis(page, page.get_by_label("Benutzername"))
    page.keyboard.type("erika")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORT)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="E-Mail-Warteschlange")).to_be_visible()
    expect(page.get_by_text("Offen: 1")).to_be_visible()
    barrierefrei(page, streng=True)

    tab_bis(page, page.get_by_role("button", name="Übernehmen: Termin am 27.03. absagen"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Termin am 27.03. absagen", level=1)).to_be_visible()
    barrierefrei(page, streng=True)
    tab_bis(page, page.get_by_role("button", name="Zuordnung bestätigen"))
    page.keyboard.press("Enter")
    tab_bis(page, page.get_by_role("button", name="Arbeitshilfe starten"))
    page.keyboard.press("Enter")

    expect(page.locator("#frage-titel")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("data-tastatur", "bereit")
    expect(page.locator("#frage-titel")).to_be_focused()               # keine Option hat den Fokus: Enter wählt nichts
    barrierefrei(page, streng=True)
    page.screenshot(path=str(tmp_path / "emb-mail.png"), full_page=True)
    antworten = {"Identität": "ja", "Was möchte": "bsagen", "Welcher Termin": "27.03.", "erforderlich": "ja",
                 "wahrnehmen": "nein", "neuen Termin": "nein", "neuer Termin": "nein"}
    bestaetigt = 0
    for _ in range(12):
        if page.locator("#bestaetigung-titel").count():   # Bestätigungsschritt: Enter auf dem fokussierten Knopf
            knopf = page.get_by_role("button", name="Bestätigen und ausführen")
            expect(knopf).to_be_focused()
            expect(page.get_by_text("ATV (Terminverwaltung)", exact=True)).to_be_visible()
            assert datenbank(lambda: zustand_lesen(KUNDENNUMMER)["termine"][0]["status"]) == "geplant"
            barrierefrei(page, streng=True)
            page.keyboard.press("Enter")
            page.wait_for_function("() => !document.querySelector('#bestaetigung-titel')")
            page.wait_for_load_state("networkidle")
            bestaetigt += 1
            continue
        titel = page.locator("#frage-titel")
        if not titel.count():
            break
        text = titel.inner_text()
        frage(page, text)
        if page.locator("#antwort input#wert").count():
            tab_bis(page, page.locator("#wert"))
            page.keyboard.type("Kinderbetreuung fällt aus")
            page.keyboard.press("Enter")
        else:
            (gesucht,) = [w for k, w in antworten.items() if k in text]
            labels = page.locator("#antwort button[data-taste]").all_inner_texts()
            (label,) = [t for t in labels if gesucht.lower() in t.lower()]
            waehlen(page, label)
        page.wait_for_function("t => document.querySelector('#frage-titel')?.innerText !== t", arg=text)
        page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Ergebnis:", exact=True)).to_be_visible()
    assert bestaetigt == 1
    assert datenbank(lambda: zustand_lesen(KUNDENNUMMER)["termine"][0]["status"]) == "abgesagt"

    tab_bis(page, page.get_by_role("button", name="Antwort aus Vorlage entwerfen"))
    page.keyboard.press("Enter")
    tab_bis(page, page.get_by_label("Text der Antwort"))
    page.keyboard.press("Control+End")
    page.keyboard.type("\nPS: Bis bald.")
    tab_bis(page, page.get_by_role("button", name="Prüfen"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Antwort prüfen")).to_be_visible()
    expect(page.get_by_text("PS: Bis bald.")).to_be_visible()
    barrierefrei(page, streng=True)
    page.screenshot(path=str(tmp_path / "emb-vorschau.png"), full_page=True)
    assert datenbank(lambda: Antwort.objects.get().status) == Antwort.Status.ENTWURF
    tab_bis(page, page.locator("#senden"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Die Antwort ist gesendet.")).to_be_visible()      # ohne Worker: in der Anfrage
    assert datenbank(lambda: Antwort.objects.get().status) == Antwort.Status.GESENDET
    (umschlag,) = smtp_server.empfangen
    assert umschlag.rcpt_tos == ["uwe.berger@web.example"] and b"PS: Bis bald." in umschlag.original_content

    tab_bis(page, page.get_by_role("button", name="Erledigt"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="E-Mail-Warteschlange")).to_be_visible()
    expect(page.get_by_text("Keine Mails.")).to_be_visible()
    assert datenbank(lambda: Mail.objects.get().status) == Mail.Status.ERLEDIGT
    page.screenshot(path=str(tmp_path / "emb-warteschlange.png"), full_page=True)
