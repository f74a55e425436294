"""Im echten Chromium: Was im Vermerk steht, übersteht die letzte Antwort der Arbeitshilfe (die Seite lädt neu),
„Prüfen“ und „Weiter bearbeiten“; der Antwortbereich folgt dem Stand der Arbeitshilfe ohne Neuladen; der Fokus
steht nach „Entwerfen“ im Text, nach „Prüfen“ auf der Antwort, nach „Erledigt“ und „Zurück in die Warteschlange“
auf der Meldung, nach „Filtern“ auf den Treffern. Jede Seite axe-core-sauber (WCAG 2.1 AA, keine Verstöße)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.emb.models import Mail
from kundenportal.emb.services import mail_beanspruchen, mail_einlesen, zuordnung_bestaetigen
from kundenportal.konten.services import benutzer_anlegen
from kundenportal.zeit import jetzt
from tests.browser.werkzeug import anmelden, barrierefrei, chromium, datenbank, frage
from tests.email.test_terminabsage import MAIL, uwe_berger_laden

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Mail-Passwort-1"
IDENTITAET = "Identität des Absenders anhand der Sicherheitsmerkmale geprüft?"
ZWEITE = (b"From: Uwe Berger <uwe.berger@web.example>\r\nMessage-ID: <zweite@web.example>\r\n"
          b"Subject: Noch eine Frage\r\n\r\nWann ist mein Termin?\r\n")


@pytest.fixture
def mails(db: Any, settings: Any) -> tuple[Mail, Mail]:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-24"
    uwe_berger_laden("Bonn")
    erika = benutzer_anlegen("erika", PASSWORT, ["agent_emb"], standort="Nürnberg")
    m = mail_einlesen(MAIL, quelle="imap:test").mail
    assert mail_beanspruchen(erika, m.id, jetzt())
    zuordnung_bestaetigen(erika, m.id, "terminabsage", jetzt())
    return m, mail_einlesen(ZWEITE, quelle="imap:test").mail


@pytest.fixture
def seite(mails: tuple[Mail, Mail], live_server: Any) -> Iterator[Page]:
    with chromium(live_server) as page:
        yield page


def _gemerkt(mail: Mail) -> str:
    return datenbank(lambda: Mail.objects.get(id=mail.id).vermerk_entwurf)


def test_vermerk_bleibt_und_der_fokus_folgt_der_aktion(seite: Page, mails: tuple[Mail, Mail]) -> None:
    page, (mail, zweite) = seite, mails
    anmelden(page, "erika", PASSWORT)
    page.goto(f"/emb/{mail.id}/")
    expect(page.locator("#kundendaten-hinweis")).to_contain_text("Starten Sie die Arbeitshilfe")
    page.get_by_role("button", name="Arbeitshilfe starten").click()
    frage(page, IDENTITAET)

    vermerk = page.get_by_label("Kontaktvermerk (prüfen und ergänzen)")
    vermerk.fill("Notiz während der Arbeitshilfe.")          # noch leer: die Arbeitshilfe läuft
    page.locator("#antwort").get_by_role("button", name="ja", exact=False).first.click()
    frage(page, "Was möchte der Kunde zu seinem Termin?")
    assert _gemerkt(mail) == "Notiz während der Arbeitshilfe."
    # der Antwortbereich folgt dem Stand, ohne dass die Seite neu lädt
    expect(page.locator("#kundendaten-hinweis")).to_have_count(0)
    expect(page.get_by_role("button", name="Antwort aus Vorlage entwerfen")).to_be_visible()
    expect(page.locator("#antwort-hinweis")).to_contain_text("richtet sich nach dem Ergebnis der Arbeitshilfe")
    expect(vermerk).to_have_value("Notiz während der Arbeitshilfe.")

    labels = page.locator("#antwort button[data-taste]").all_inner_texts()
    (label,) = [t for t in labels if "vereinbaren" in t]
    page.locator("#antwort button[data-taste]", has_text=label.split(maxsplit=1)[1]).click()   # letzte Antwort
    expect(page.get_by_text("Ergebnis:", exact=True)).to_be_visible()               # die Seite ist neu geladen
    wert = vermerk.input_value()
    assert wert.startswith("Kontakt vom 24.03.2020 (E-Mail-Bearbeitung, Nürnberg)")
    assert wert.endswith("\nNotiz während der Arbeitshilfe.")
    barrierefrei(page, streng=True)

    page.get_by_role("button", name="Antwort aus Vorlage entwerfen").click()
    expect(page.get_by_label("Text der Antwort")).to_be_focused()                  # gleich weiter im Text
    vermerk.press("Control+End")
    vermerk.type("\nZweite Notiz.")
    page.get_by_role("button", name="Prüfen").click()                              # ohne zu warten
    expect(page.get_by_role("heading", name="Antwort prüfen", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="So geht die Antwort hinaus")).to_be_focused()
    barrierefrei(page, streng=True)
    page.get_by_role("link", name="Weiter bearbeiten", exact=True).click()
    expect(vermerk).to_have_value(f"{wert}\nZweite Notiz.")

    page.get_by_role("button", name="Entwurf verwerfen").click()
    expect(page.locator("#meldungen").get_by_text("Der Entwurf ist verworfen.")).to_be_visible()   # auch in #ansage
    expect(vermerk).to_have_value(f"{wert}\nZweite Notiz.")
    page.get_by_role("button", name="Erledigt").click()
    expect(page.get_by_role("heading", name="E-Mail-Warteschlange")).to_be_visible()
    expect(page.locator("#meldungen")).to_be_focused()
    expect(page.locator("#meldungen")).to_contain_text("ist erledigt.")

    page.get_by_label("Kundennummer").fill("955a 300 078")
    page.get_by_label("Status").select_option("erledigt")
    page.get_by_role("button", name="Filtern").click()
    expect(page.locator("#treffer")).to_be_focused()
    expect(page.locator("#treffer")).to_contain_text("1 Mail")
    expect(page.get_by_label("Kundennummer")).to_have_value("955A300078")
    barrierefrei(page, streng=True)

    page.get_by_role("button", name="Filter zurücksetzen").click()
    page.get_by_role("button", name="Übernehmen: Noch eine Frage").click()
    page.get_by_role("button", name="Zurück in die Warteschlange").click()
    expect(page.locator("#meldungen")).to_be_focused()
    expect(page.locator("#meldungen")).to_contain_text("„Noch eine Frage“ ist zurück in der Warteschlange.")
    assert datenbank(lambda: Mail.objects.get(id=zweite.id).status) == Mail.Status.OFFEN


def test_zweiter_tab_erfaehrt_dass_die_mail_nicht_mehr_uebernommen_ist(seite: Page, mails: tuple[Mail, Mail]) -> None:
    """Tab A gibt die Mail zurück; Tab B beantwortet danach eine Frage der Arbeitshilfe: Die Seite lädt neu und sagt,
    dass die Mail nicht mehr übernommen ist (mit dem Weg zur Warteschlange) — Erledigt und Entwerfen sind weg."""
    tab_b, (mail, _) = seite, mails
    anmelden(tab_b, "erika", PASSWORT)
    tab_b.goto(f"/emb/{mail.id}/")
    tab_b.get_by_role("button", name="Arbeitshilfe starten").click()
    frage(tab_b, IDENTITAET)
    tab_a = tab_b.context.new_page()
    tab_a.goto(f"/emb/{mail.id}/")
    tab_a.get_by_role("button", name="Zurück in die Warteschlange").click()
    expect(tab_a.locator("#meldungen")).to_contain_text("ist zurück in der Warteschlange.")

    tab_b.locator("#antwort").get_by_role("button", name="ja", exact=False).first.click()
    expect(tab_b.locator("#meldungen")).to_contain_text("Die Mail ist nicht mehr von Ihnen übernommen")
    expect(tab_b.locator("#meldungen").get_by_role("link", name="Zur Warteschlange")).to_be_visible()
    expect(tab_b.get_by_role("button", name="Erledigt")).to_have_count(0)
    expect(tab_b.get_by_role("button", name="Antwort aus Vorlage entwerfen")).to_have_count(0)
    expect(tab_b.get_by_role("button", name="Übernehmen")).to_be_visible()
    barrierefrei(tab_b, streng=True)
