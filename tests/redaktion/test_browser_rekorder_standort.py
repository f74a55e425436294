"""Der Standort im Szenario-Rekorder im echten Chromium, per Tastatur: vorgewählt ist ein Standort, an dem der
Entwurf gilt; wer einen anderen wählt, bekommt beim Aufzeichnen die Warnung (als Meldung vorgelesen). axe-sauber."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from kundenportal.konten.services import benutzer_anlegen
from kundenportal.redaktion.services.freigabe import entwurf_zuordnen, paket_anlegen
from tests.browser.werkzeug import anmelden, barrierefrei, chromium, datenbank

from .test_browser import PASSWORT
from .werkzeug import entwurf_3307

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BILDER = Path(__file__).resolve().parents[2] / "build" / "bildschirm"


def test_standort_vorgewaehlt_und_warnung_beim_aufzeichnen(db_katalog: None, live_server: Any, settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"

    def anlegen() -> int:
        autorin = benutzer_anlegen("b-rekorder", PASSWORT, ["redaktion"], standort="Nürnberg")
        p = paket_anlegen(autorin, weisung="202003006", titel="Pilot", datum=dt.date(2020, 3, 30),
                          gueltig_ab=dt.date(2020, 4, 15), geltungsbereich={"agenturen": ["Brühl", "Fürth"]})
        e = entwurf_3307(autorin)
        entwurf_zuordnen(autorin, p.pk, e.pk)
        return e.pk

    pk = datenbank(anlegen)
    BILDER.mkdir(parents=True, exist_ok=True)
    with chromium(live_server) as page:
        anmelden(page, "b-rekorder", PASSWORT)
        page.goto(f"/redaktion/entwuerfe/{pk}/szenario/")
        feld = page.get_by_label("Standort (wo der Kontakt geführt wird)")
        expect(feld).to_have_value("Brühl")
        expect(page.get_by_text("Der Entwurf gilt nur in Brühl und Fürth.")).to_be_visible()
        expect(page.locator("#standort-warnung")).to_have_count(0)
        barrierefrei(page, streng=True)
        page.screenshot(path=str(BILDER / "rekorder-standort.png"), full_page=True)

        page.get_by_label("Titel").fill("Pilot in Nürnberg?")
        feld.focus()
        feld.select_option("Nürnberg")
        page.get_by_role("button", name="Aufzeichnung beginnen").focus()
        page.keyboard.press("Enter")
        warnung = page.get_by_role("alert").filter(has_text="Standort und Datum wählen nicht den Entwurf")
        expect(warnung).to_contain_text("Am 15.04.2020 in Nürnberg gilt SC 3.307, Stand 20.03.2020 — nicht der "
                                        "Entwurf (SC 3.307, Stand 01.04.2020)")
        expect(feld).to_have_value("Nürnberg")
        barrierefrei(page, streng=True)
        page.screenshot(path=str(BILDER / "rekorder-standort-warnung.png"), full_page=True)


def test_fokus_nach_jeder_antwort_auf_der_naechsten_frage(db_katalog: None, live_server: Any, settings: Any) -> None:
    """Rundgang Redaktion: nach „Aufzeichnung beginnen“ und jeder Antwort lädt die Seite neu — der Fokus stand auf
    der Seite statt auf der nächsten Frage. Jetzt steht er auf deren erster Option: Pfeiltasten wählen, Enter
    übernimmt."""
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"
    pk = datenbank(lambda: entwurf_3307(benutzer_anlegen("b-fokus", PASSWORT, ["redaktion"], standort="Nürnberg")).pk)
    with chromium(live_server) as page:
        anmelden(page, "b-fokus", PASSWORT)
        page.goto(f"/redaktion/entwuerfe/{pk}/szenario/")
        page.get_by_label("Titel").fill("Fokus")
        page.get_by_role("button", name="Aufzeichnung beginnen").focus()
        page.keyboard.press("Enter")
        erste = page.locator("#antwort-1")
        expect(erste).to_be_focused()
        frage = page.locator("legend").inner_text()
        page.keyboard.press("Enter")                   # die vorgewählte erste Option übernehmen
        expect(page.locator("legend")).not_to_have_text(frage)
        expect(page.locator("#antwort-1, #antwort").first).to_be_focused()
        barrierefrei(page, streng=True)
