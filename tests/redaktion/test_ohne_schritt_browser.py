"""Im Browser (Chromium): die Redaktion trägt zu einem Punkt der neuen Weisung ein, warum er keinen Schritt braucht
(„Kein Schritt nötig, weil …“), und sieht ihn in der Regelspur mit der Begründung statt „von keinem Schritt
umgesetzt“ — Formular und Seite des Pakets axe-sauber (WCAG 2.1 AA)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.konten.services import benutzer_anlegen
from kundenportal.redaktion.models import Freigabepaket
from kundenportal.redaktion.services.freigabe import entwurf_zuordnen
from tests.browser.werkzeug import barrierefrei, chromium, datenbank

from .test_neue_weisung import _entwurf_der_neuen_weisung

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Demo-Passwort-1"
GRUND = "Meldepflicht der Teamleitung, nicht Teil des Gesprächs"


@pytest.fixture
def seite(db_katalog: None, live_server: Any, settings: Any) -> Iterator[tuple[Page, Any]]:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-10"
    autorin = benutzer_anlegen("o-redaktion", PASSWORT, ["redaktion"], standort="Nürnberg")
    with chromium(live_server) as page:
        page.goto("/anmelden/")
        page.get_by_label("Benutzername").fill("o-redaktion")
        page.get_by_label("Passwort").fill(PASSWORT)
        page.get_by_label("Passwort").press("Enter")
        page.wait_for_url("**/")
        yield page, autorin


def test_begruendung_eintragen_und_in_der_regelspur_sehen(seite: tuple[Page, Any]) -> None:
    page, autorin = seite
    page.goto("/redaktion/")
    page.locator("summary", has_text="Freigabepaket für eine Weisung anlegen").click()
    page.locator("#id_paket-weisung").fill("202612001")
    page.locator("#id_paket-titel").fill("Insolvenzgeld 2027")
    page.locator("#id_paket-datum").fill("2026-12-01")
    page.locator("#id_paket-gueltig_ab").fill("2027-01-01")
    page.locator("#id_paket-gueltig_ab").press("Enter")
    page.wait_for_url("**/weisung/")

    page.locator("#id_regel-0-punkt").fill("2.1")
    page.locator("#id_regel-0-titel").fill("Online-Antrag nur mit Ausweissichtverfahren")
    page.locator("#id_regel-1-punkt").fill("2.2 a) 1")
    page.locator("#id_regel-1-titel").fill("Papierantrag bleibt möglich")
    feld = page.get_by_role("group", name="Regelpunkt 2").get_by_label("Kein Schritt nötig, weil …")
    expect(feld).to_have_attribute("aria-describedby", "id_regel-1-ohne_schritt_helptext")
    feld.fill(GRUND)
    barrierefrei(page, streng=True)
    page.get_by_role("button", name="Weisung speichern").click()
    page.wait_for_url("**/redaktion/pakete/*/")
    expect(page.get_by_text(f"2.2 a) 1 Papierantrag bleibt möglich — Kein Schritt nötig: {GRUND}")).to_be_visible()

    def zuordnen() -> None:         # in einem eigenen Thread: Playwright läuft in einer Ereignisschleife
        p = Freigabepaket.objects.get()
        entwurf_zuordnen(autorin, p.pk, _entwurf_der_neuen_weisung(autorin, regel="2.1").pk)

    datenbank(zuordnen)
    page.reload()
    spur = page.locator("table", has=page.locator("#titel-regelspur"))
    expect(spur.locator("tr", has_text="2.2 a) 1")).to_contain_text(f"Kein Schritt nötig: {GRUND}")
    expect(spur).not_to_contain_text("von keinem Schritt umgesetzt")
    expect(page.locator("#offene-punkte")).to_have_count(0)
    barrierefrei(page, streng=True)
