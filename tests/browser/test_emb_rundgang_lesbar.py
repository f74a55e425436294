"""Rundgang E-Mail (Chromium): Ein Betreff, der sich nicht dekodieren ließ, heißt in der Warteschlange und als
Überschrift der Mail „(Betreff nicht lesbar)“, wie empfangen steht er bei der Mail; die Quarantäne nennt die Quelle
in Worten („Datei d-binaer.eml“ statt `eml:d-binaer.eml`). axe-core ohne ernsten Verstoß."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from kundenportal.emb.services import mail_einlesen
from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import barrierefrei, chromium
from tests.emb.test_rundgang_befunde_eingang import KAPUTT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Mail-Passwort-1"


def _anmelden(page: Any, name: str) -> None:
    page.goto("/anmelden/")
    page.get_by_label("Benutzername").fill(name)
    page.get_by_label("Passwort").fill(PASSWORT)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_kaputter_betreff_und_quelle_in_worten(live_server: Any) -> None:
    benutzer_anlegen("erika", PASSWORT, ["agent_emb"], standort="Nürnberg")
    benutzer_anlegen("tanja", PASSWORT, ["teamleitung_emb"], standort="Nürnberg")
    mail = mail_einlesen(KAPUTT, quelle="eml:betreff-kaputt.eml").mail
    binaer = mail_einlesen(b"\x00\x01\x02\xff" * 100, quelle="eml:d-binaer.eml").mail
    with chromium(live_server) as page:
        _anmelden(page, "erika")
        page.goto("/emb/")
        zeile = page.locator("tbody tr").filter(has_text="Kunde Test")
        expect(zeile.get_by_role("link", name="(Betreff nicht lesbar)")).to_be_visible()
        expect(page.get_by_text("kaputt!!")).to_have_count(0)
        barrierefrei(page)
        with page.expect_navigation():
            zeile.get_by_role("link", name="(Betreff nicht lesbar)").click()
        expect(page.locator("h1")).to_have_text("(Betreff nicht lesbar)")
        expect(page.locator("#betreff-roh")).to_have_text("=?utf-8?B?kaputt!!?=")
        barrierefrei(page)
    with chromium(live_server) as page:
        _anmelden(page, "tanja")
        page.goto("/emb/quarantaene/")
        expect(page.locator("tbody tr").first).to_contain_text("Datei d-binaer.eml")
        expect(page.get_by_text("eml:d-binaer.eml")).to_have_count(0)
        barrierefrei(page)
        page.goto(f"/emb/quarantaene/{binaer.id}/")
        expect(page.locator("dt:text-is('Quelle') + dd")).to_have_text("Datei d-binaer.eml")
        barrierefrei(page)
    assert mail.id != binaer.id
