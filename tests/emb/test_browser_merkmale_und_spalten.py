"""Die Mailseite im echten Chromium mit laufender Arbeitshilfe: neben der Identitätsfrage stehen die
Sicherheitsmerkmale (Absenderadresse hinterlegt, Namen im Vergleich); auf breitem Bildschirm (1366 px) stehen Mail und
Arbeitshilfe nebeneinander und rollen jede für sich, schmal (800 px) untereinander. Die Tab-Reihenfolge folgt dem
Dokument (Mail, Bearbeitung, Arbeitshilfe); die Identitätsfrage geht weiter mit der Tastatur; axe: keine Verstöße.
Bildschirmfotos: $EMB_BILDER (Standard /tmp/emb-bilder)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.emb.models import Mail
from kundenportal.emb.services import (
    bearbeitung_starten,
    mail_beanspruchen,
    mail_einlesen,
    zuordnung_bestaetigen,
)
from kundenportal.konten.services import benutzer_anlegen
from kundenportal.zeit import jetzt
from tests.browser.werkzeug import anmelden, barrierefrei, chromium, frage, taste
from tests.email.test_terminabsage import MAIL, uwe_berger_laden

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Mail-Passwort-1"
IDENTITAET = "Identität des Absenders anhand der Sicherheitsmerkmale geprüft?"
BILDER = Path(os.environ.get("EMB_BILDER", "/tmp/emb-bilder"))


@pytest.fixture
def mail(db: Any, settings: Any) -> Mail:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-24"
    uwe_berger_laden()
    erika = benutzer_anlegen("erika", PASSWORT, ["agent_emb"], standort="Nürnberg")
    m = mail_einlesen(MAIL, quelle="imap:test").mail
    assert mail_beanspruchen(erika, m.id, jetzt())
    zuordnung_bestaetigen(erika, m.id, "terminabsage", jetzt())
    bearbeitung_starten(erika, m.id, jetzt())
    return m


def _box(page: Page, selektor: str) -> dict[str, float]:
    box = page.locator(selektor).bounding_box()
    assert box is not None, selektor
    return box


def _seite(live_server: Any, breite: int, mail: Mail, pruefen: Callable[[Page], None]) -> None:
    with chromium(live_server, breite=breite) as page:
        anmelden(page, "erika", PASSWORT)
        page.goto(f"/emb/{mail.id}/")
        frage(page, IDENTITAET)
        merkmale = page.locator("#merkmale")
        expect(merkmale).to_be_visible()
        expect(page.locator("#merkmal-adresse")).to_have_text(
            "uwe.berger@web.example — in VerBIS zur Kundennummer 955A300078: hinterlegt")
        expect(page.locator("#merkmal-name-verbis")).to_have_text("Uwe Berger")
        expect(page.locator("#merkmal-name-signatur")).to_have_text("Uwe Berger — stimmt überein")
        expect(merkmale).not_to_contain_text("27.03.2020")
        barrierefrei(page, streng=True)
        BILDER.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(BILDER / f"mailseite-{breite}.png"), full_page=breite < 1280)
        pruefen(page)
        # die Identitätsfrage geht weiter mit der Tastatur; danach stehen die Merkmale weiter da
        taste(page, "1", "Was möchte der Kunde zu seinem Termin?")
        expect(merkmale).to_be_visible()
        barrierefrei(page, streng=True)
        page.screenshot(path=str(BILDER / f"mailseite-{breite}-nach-ja.png"), full_page=False)


def test_breit_nebeneinander_jede_spalte_rollt(mail: Mail, live_server: Any) -> None:
    def nebeneinander(page: Page) -> None:
        links, rechts = _box(page, ".emb-platz > .raster"), _box(page, "section.arbeitshilfe")
        assert rechts["x"] >= links["x"] + links["width"] - 1          # Mail links, Arbeitshilfe rechts
        assert abs(rechts["y"] - links["y"]) < 5                        # auf einer Höhe
        assert rechts["y"] + 200 < 740                                  # die Frage im ersten Bild, ohne Rollen
        # jede Spalte rollt für sich: die linke (Mail und Bearbeitung) ist höher als ihr Fenster
        hoehen = page.evaluate("""() => [...document.querySelectorAll('.emb-spalte')].map(e => [
            getComputedStyle(e).overflowY, e.scrollHeight > e.clientHeight])""")
        assert hoehen[0] == ["auto", True] and hoehen[1][0] == "auto"
        page.evaluate("document.querySelector('.emb-platz > .raster').scrollTop = 10000")
        expect(page.locator("#frage-titel")).to_be_in_viewport()       # die rechte Spalte rollt nicht mit
        page.evaluate("document.querySelector('.emb-platz > .raster').scrollTop = 0")
        # Tab-Reihenfolge wie im Dokument: vom Text der Mail weiter in die Bearbeitung (links), nicht nach rechts
        page.locator("pre.mailtext").focus()
        page.keyboard.press("Tab")
        im_links = page.evaluate("document.activeElement.closest('.emb-platz > .raster') !== null")
        assert im_links
        page.evaluate("document.activeElement.blur()")     # die Ziffern gehen wieder an die Frage

    _seite(live_server, 1366, mail, nebeneinander)


def test_schmal_untereinander(mail: Mail, live_server: Any) -> None:
    def untereinander(page: Page) -> None:
        mailtext, hilfe = _box(page, "article[aria-labelledby='mail-titel']"), _box(page, "section.arbeitshilfe")
        assert hilfe["y"] >= mailtext["y"] + mailtext["height"]
        assert page.evaluate("getComputedStyle(document.querySelector('section.arbeitshilfe')).overflowY") == "visible"
        page.locator("#frage-titel").scroll_into_view_if_needed()

    _seite(live_server, 800, mail, untereinander)
