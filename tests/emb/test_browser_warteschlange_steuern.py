"""Im echten Chromium, nur mit der Tastatur: Die Teamleitung E-Mail sieht in der Warteschlange, wer welche Mail seit
wann hält, und gibt Annas Mail mit Grund frei (erst ohne Grund: die Meldung am Feld). Eine Agentin holt sich mit
„Nächste Mail“ die älteste freie Mail, dann die nächste, bis keine mehr da ist. Jede Seite ist axe-core-sauber
(WCAG 2.1 AA, keine Verstöße)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal import zeit
from kundenportal.emb.models import Mail
from kundenportal.emb.services import mail_beanspruchen, mail_einlesen
from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import barrierefrei, chromium, datenbank
from tests.email.test_browser_arbeitsplatz import tab_bis

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Warteschlange-Passwort-1"


def _mail(i: int, betreff: str, eingang: dt.datetime) -> Mail:
    return mail_einlesen(f"Message-ID: <b{i}@web.example>\r\nFrom: Kunde {i} <k{i}@web.example>\r\nSubject: {betreff}"
                         f"\r\n\r\nText {i}\r\n".encode(), quelle="test", jetzt=eingang).mail


@pytest.fixture
def mails(db: Any) -> dict[str, Mail]:
    anna = benutzer_anlegen("anna", PASSWORT, ["agent_emb"], standort="Nürnberg")
    benutzer_anlegen("tanja", PASSWORT, ["teamleitung_emb"], standort="Nürnberg")
    jetzt = zeit.jetzt()
    gehalten = _mail(1, "Frage zum Bescheid", jetzt - dt.timedelta(hours=5))
    assert mail_beanspruchen(anna, gehalten.id, jetzt - dt.timedelta(hours=2, minutes=10, seconds=20))
    return {"gehalten": gehalten, "aelter": _mail(2, "Adresse geändert", jetzt - dt.timedelta(hours=4)),
            "neuer": _mail(3, "Termin verschieben", jetzt - dt.timedelta(hours=1))}


@pytest.fixture
def seite(mails: dict[str, Mail], live_server: Any) -> Iterator[Page]:
    with chromium(live_server) as page:
        yield page


def _anmelden(page: Page, name: str) -> None:
    page.goto("/anmelden/")
    tab_bis(page, page.get_by_label("Benutzername"))
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORT)
    page.keyboard.press("Enter")


def test_teamleitung_sieht_die_warteschlange_und_gibt_frei(seite: Page, mails: dict[str, Mail], tmp_path: Path) -> None:
    page = seite
    _anmelden(page, "tanja")
    expect(page.get_by_role("heading", name="E-Mail-Quarantäne", level=1)).to_be_visible()   # Startseite der Rolle
    tab_bis(page, page.get_by_role("link", name="Zur Warteschlange"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="E-Mail-Warteschlange", level=1)).to_be_visible()
    zeile = page.get_by_role("row").filter(has_text="Frage zum Bescheid")
    expect(zeile).to_contain_text("in Bearbeitung (anna, seit 2 Std. 10 Min.)")
    expect(page.get_by_role("button", name="Übernehmen")).to_have_count(0)
    expect(page.get_by_role("button", name="Nächste Mail")).to_have_count(0)
    barrierefrei(page, streng=True)
    page.screenshot(path=str(tmp_path / "emb-teamleitung-warteschlange.png"), full_page=True)

    tab_bis(page, page.get_by_role("link", name="Freigeben: Frage zum Bescheid (bearbeitet von anna)"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Mail freigeben", level=1)).to_be_visible()
    tab_bis(page, page.get_by_role("button", name="Freigeben"))
    page.keyboard.press("Enter")                                        # ohne Grund: die Meldung am Feld
    expect(page.get_by_text("Grund: Bitte wählen Sie, warum Sie die Mail freigeben.")).to_be_visible()
    expect(page.get_by_role("radio", name="Die Person ist abwesend (Urlaub, Krankheit, Dienstende).")).to_be_focused()
    barrierefrei(page, streng=True)
    page.screenshot(path=str(tmp_path / "emb-teamleitung-freigeben-fehler.png"), full_page=True)
    page.keyboard.press("Space")                                        # der Fokus steht auf dem ersten Grund
    tab_bis(page, page.get_by_role("button", name="Freigeben"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("ist zurück in der Warteschlange; anna bearbeitet sie nicht mehr.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Frage zum Bescheid")).not_to_contain_text("anna")
    barrierefrei(page, streng=True)
    page.screenshot(path=str(tmp_path / "emb-teamleitung-freigegeben.png"), full_page=True)
    gehalten = datenbank(lambda: Mail.objects.get(id=mails["gehalten"].id))
    assert (gehalten.status, gehalten.bearbeiter) == (Mail.Status.OFFEN, "")


def test_naechste_mail_mit_der_tastatur(seite: Page, mails: dict[str, Mail], tmp_path: Path) -> None:
    page = seite
    _anmelden(page, "anna")
    expect(page.get_by_role("heading", name="E-Mail-Warteschlange", level=1)).to_be_visible()   # Startseite
    barrierefrei(page, streng=True)
    page.screenshot(path=str(tmp_path / "emb-naechste-warteschlange.png"), full_page=True)
    tab_bis(page, page.get_by_role("button", name="Nächste Mail"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Adresse geändert", level=1)).to_be_visible()   # die älteste freie
    barrierefrei(page)
    assert datenbank(lambda: Mail.objects.get(id=mails["aelter"].id).bearbeiter) == "anna"
    page.goto("/emb/")
    tab_bis(page, page.get_by_role("button", name="Nächste Mail"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Termin verschieben", level=1)).to_be_visible()
    page.goto("/emb/")
    tab_bis(page, page.get_by_role("button", name="Nächste Mail"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Keine offene Mail in der Warteschlange.")).to_be_visible()
    expect(page.locator("#meldungen")).to_be_focused()                  # die Meldung bekommt den Fokus (fokus.js)
    barrierefrei(page, streng=True)
    page.screenshot(path=str(tmp_path / "emb-naechste-keine.png"), full_page=True)
    assert datenbank(lambda: Mail.objects.get(id=mails["gehalten"].id).bearbeiter) == "anna"
