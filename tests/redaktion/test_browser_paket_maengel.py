"""Die Freigabe im echten Chromium: ein abgelehntes „Gültig ab“ lässt Datum und Kommentar stehen, die Meldung steht
am Feld, der Fokus auf ihm; nach der Freigabe zeigt das Paket, was freigegeben wurde. Jede Seite axe-sauber."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.konten.services import benutzer_anlegen
from kundenportal.redaktion.models import Freigabepaket
from kundenportal.redaktion.services.freigabe import paket_einreichen, tor_laufen_lassen
from kundenportal.redaktion.services.szenario import szenario_speichern
from tests.browser.werkzeug import barrierefrei, chromium

from .test_lebenszyklus import SZENARIO
from .werkzeug import entwurf_3307, paket_mit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Demo-Passwort-1"


@pytest.fixture
def eingereicht(db_katalog: None, live_server: Any, settings: Any) -> Iterator[tuple[Page, Freigabepaket]]:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"
    autor = benutzer_anlegen("b-redaktion", PASSWORT, ["redaktion"], standort="Nürnberg")
    benutzer_anlegen("b-freigabe", PASSWORT, ["freigabe"], standort="Nürnberg")
    p = paket_mit(autor, entwurf_3307(autor))
    szenario_speichern(autor, SZENARIO)
    assert tor_laufen_lassen(autor, p.pk)["ok"]
    paket_einreichen(autor, p.pk)
    with chromium(live_server) as page:
        yield page, p


def _anmelden(page: Page, name: str) -> None:
    page.goto("/anmelden/")
    page.get_by_label("Benutzername").fill(name)
    page.get_by_label("Passwort").fill(PASSWORT)
    page.get_by_label("Passwort").press("Enter")
    page.wait_for_url("**/")


def test_abgelehnte_freigabe_behaelt_eingaben_und_fokus_am_feld(eingereicht: tuple[Page, Freigabepaket]) -> None:
    page, p = eingereicht
    _anmelden(page, "b-freigabe")
    page.goto(f"/redaktion/pakete/{p.pk}/")
    page.get_by_label("Gültig ab").fill("2020-01-01")
    page.get_by_label("Kommentar", exact=True).fill("Bitte rückwirkend zum Jahresbeginn.")
    page.get_by_role("button", name="Freigeben").click()
    feld = page.get_by_label("Gültig ab")
    expect(feld).to_be_focused()
    expect(feld).to_have_value("2020-01-01")
    expect(feld).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_freigabe-gueltig_ab_error")).to_have_text("Gültig ab: 01.01.2020 liegt in der "
                                                                       "Vergangenheit.")
    expect(page.get_by_label("Kommentar", exact=True)).to_have_value("Bitte rückwirkend zum Jahresbeginn.")
    barrierefrei(page, streng=True)

    feld.fill("2020-04-15")
    page.get_by_role("button", name="Freigeben").click()
    expect(page.get_by_text("Freigegeben: gilt ab 15.04.2020.")).to_be_visible()
    expect(page.get_by_role("heading", name="Änderungsübersicht (freigegeben, nur lesend)")).to_be_visible()
    expect(page.get_by_role("heading", name="~ geändert: Schritt erhoehung (Frage)")).to_be_visible()
    barrierefrei(page, streng=True)
