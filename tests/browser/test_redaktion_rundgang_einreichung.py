"""Rundgang „die nächste Weisung“ im Browser (Chromium): nach dem Einreichen fällt der Redaktion ein Fehler auf — sie
zieht die Einreichung zurück (ohne dass die Freigabe erst zurückweisen muss), das Paket ist wieder in Bearbeitung;
die Freigabe sieht den Knopf nicht. Jede Seite axe-sauber (WCAG 2.1 AA)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.konten.services import benutzer_anlegen
from kundenportal.redaktion.models import Freigabepaket
from kundenportal.redaktion.services.freigabe import paket_einreichen, tor_laufen_lassen
from kundenportal.redaktion.services.szenario import szenario_speichern
from tests.browser.werkzeug import barrierefrei, chromium, datenbank
from tests.redaktion.test_lebenszyklus import SZENARIO
from tests.redaktion.werkzeug import entwurf_3307, paket_mit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Demo-Passwort-1"


def _anmelden(page: Page, name: str) -> None:
    page.goto("/anmelden/")
    page.get_by_label("Benutzername").fill(name)
    page.get_by_label("Passwort").fill(PASSWORT)
    page.get_by_label("Passwort").press("Enter")
    page.wait_for_url("**/")


@pytest.fixture
def eingereicht(db_katalog: None, settings: Any) -> int:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"
    a = benutzer_anlegen("r-redaktion", PASSWORT, ["redaktion"], standort="Nürnberg")
    benutzer_anlegen("r-freigabe", PASSWORT, ["freigabe"], standort="Nürnberg")
    szenario_speichern(a, SZENARIO)
    p = paket_mit(a, entwurf_3307(a))
    assert tor_laufen_lassen(a, p.pk)["ok"]
    return paket_einreichen(a, p.pk).pk


@pytest.fixture
def seite(live_server: Any) -> Iterator[Page]:
    with chromium(live_server) as page:
        yield page


def test_einreichung_zurueckziehen_im_browser(eingereicht: int, seite: Page) -> None:
    page = seite
    _anmelden(page, "r-redaktion")
    page.goto(f"/redaktion/pakete/{eingereicht}/")
    expect(page.get_by_text("zur Freigabe", exact=True)).to_be_visible()
    barrierefrei(page)
    page.get_by_role("button", name="Einreichung zurückziehen").click()
    expect(page.get_by_text("Einreichung zurückgezogen: das Paket ist wieder in Bearbeitung")).to_be_visible()
    expect(page.get_by_role("button", name="Zur Freigabe einreichen")).to_be_visible()
    expect(page.get_by_role("button", name="Einreichung zurückziehen")).to_have_count(0)
    assert datenbank(lambda: Freigabepaket.objects.get(pk=eingereicht).status) == Freigabepaket.OFFEN
    barrierefrei(page)


def test_freigabe_sieht_keinen_rueckzug(eingereicht: int, seite: Page) -> None:
    page = seite
    _anmelden(page, "r-freigabe")
    page.goto(f"/redaktion/pakete/{eingereicht}/")
    expect(page.get_by_role("button", name="Freigeben")).to_be_visible()
    expect(page.get_by_role("button", name="Einreichung zurückziehen")).to_have_count(0)
