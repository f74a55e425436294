"""Die Redaktion auf schmalen Fenstern im echten Chromium (400 px, wie 320 px bei 125 % Zoom): die Übersicht mit
„Entwürfe in Arbeit“, das Paket mit seinem Protokoll und der Entwurf mit einem langen Wort ohne Trennstelle im
Unterschied verbreitern die Seite nicht — breite Tabellen rollen in ihrem Rahmen, Diff-Zellen brechen um; auch bei
1.280 px bleibt der Entwurf so breit wie das Fenster. Jede Seite axe-sauber."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page

from kundenportal.konten.services import benutzer_anlegen
from kundenportal.redaktion.models import Entwurf, Freigabepaket
from kundenportal.redaktion.queries import katalog_aus_datenbank
from kundenportal.redaktion.services.entwurf import entwurf_speichern
from kundenportal.redaktion.yamlfeld import feld_setzen
from tests.browser.werkzeug import barrierefrei, chromium

from .werkzeug import entwurf_3307, paket_mit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Demo-Passwort-1"
LANGES_WORT = "Insolvenzgeldantragsbearbeitungsfristverlängerungsbescheinigungsausstellungsverfahren" * 4


@pytest.fixture
def paket(db_katalog: None, live_server: Any, settings: Any) -> tuple[Any, Freigabepaket, Entwurf]:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"
    autor = benutzer_anlegen("b-redaktion", PASSWORT, ["redaktion"], standort="Nürnberg")
    e = entwurf_3307(autor)
    e, _ = entwurf_speichern(autor, e.pk, katalog_aus_datenbank(), version=e.version,
                             text=feld_setzen(e.text, "online_moeglich", "text", f"Bitte {LANGES_WORT} beachten."))
    return live_server, paket_mit(autor, e), e


def _seite(live_server: Any, breite: int, javascript: bool = True) -> Iterator[Page]:
    with chromium(live_server, breite=breite, javascript=javascript) as page:
        page.goto("/anmelden/")
        page.get_by_label("Benutzername").fill("b-redaktion")
        page.get_by_label("Passwort").fill(PASSWORT)
        page.get_by_label("Passwort").press("Enter")
        page.wait_for_url("**/")
        yield page


def _breite(page: Page, pfad: str) -> int:
    page.goto(pfad)
    page.wait_for_load_state("load")
    return int(page.evaluate("() => document.documentElement.scrollWidth"))


def test_schmal_rollen_nur_die_tabellen(paket: tuple[Any, Freigabepaket, Entwurf]) -> None:
    live_server, p, e = paket
    seiten = ("/redaktion/", f"/redaktion/pakete/{p.pk}/", f"/redaktion/entwuerfe/{e.pk}/")
    for page in _seite(live_server, 400, javascript=False):        # der Rahmen steht im HTML, nicht erst per Skript
        for pfad in seiten:
            assert _breite(page, pfad) <= 400, pfad
    for page in _seite(live_server, 400):
        for pfad in seiten:
            assert _breite(page, pfad) <= 400, pfad
            barrierefrei(page, streng=True)
        page.goto("/redaktion/")
        rahmen = page.locator(".tabelle-rahmen").filter(has=page.get_by_role("table", name="Entwürfe in Arbeit"))
        assert rahmen.evaluate("r => r.scrollWidth > r.clientWidth")          # die Tabelle rollt in ihrem Rahmen


def test_langes_wort_im_unterschied_verbreitert_den_entwurf_nicht(paket: tuple[Any, Freigabepaket, Entwurf]) -> None:
    live_server, _, e = paket
    for page in _seite(live_server, 1280):
        assert _breite(page, f"/redaktion/entwuerfe/{e.pk}/") <= 1280
        assert page.locator("#diff-bereich ins").filter(has_text=LANGES_WORT[:40]).count() >= 1
        # Die Zelle bricht das Wort um: auch die Tabelle selbst bleibt so breit wie das Fenster (sie rollt nicht erst
        # in einem Rahmen).
        breiteste = page.locator("#diff-bereich table").evaluate_all("ts => Math.max(...ts.map(t => t.scrollWidth))")
        assert breiteste <= 1280
