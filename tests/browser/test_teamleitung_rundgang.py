"""Rundgang einer Teamleitung im echten Chromium (axe-core, WCAG 2.1 AA, 0 Verstöße je Seite), auf den
Demodaten von `einrichten --demo` (echte Gespräche an Pilot- und anderen Standorten, vor und ab dem
20.03.2020): Anmeldung → Anlage 5 mit Standortgruppe und Zeit zur Weisung → Anlage 7 mit Maßnahme →
QS-Stichprobe nach Plan 2.2.6 bewerten → eine zweite Teamleitung kalibriert denselben Kontakt."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.fuehrung.demo import demo_kontakte_anlegen
from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import anmelden, barrierefrei, chromium

pytestmark = [pytest.mark.browser, pytest.mark.auch_postgres, pytest.mark.django_db(transaction=True)]
PASSWORT = "Demo-Passwort-1"
BILDER = Path("/tmp/kundenportal-rundgang")


@pytest.fixture
def seite(db: Any, settings: Any, live_server: Any) -> Iterator[Page]:
    settings.KUNDENPORTAL_STICHTAG = "2020-05-04"
    demo_kontakte_anlegen(anzahl=200)
    benutzer_anlegen("b-tl", PASSWORT, ["teamleitung"], standort="Nürnberg")
    benutzer_anlegen("b-tl2", PASSWORT, ["teamleitung"], standort="Nürnberg")
    BILDER.mkdir(exist_ok=True)
    with chromium(live_server) as page:
        yield page


def _anmelden(page: Page, name: str) -> None:
    anmelden(page, name, PASSWORT)


def _pruefen(page: Page, name: str) -> None:
    page.screenshot(path=str(BILDER / f"{name}.png"), full_page=True)
    barrierefrei(page, streng=True)


def test_rundgang_teamleitung(seite: Page) -> None:
    page = seite
    _anmelden(page, "b-tl")
    page.goto("/fuehrung/anlage-5/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anlage 5: Steuerungsübersicht der Teamleitung")
    _pruefen(page, "1-anlage5")
    page.get_by_label("Von (TT.MM.JJJJ)").fill("01.02.2020")
    page.get_by_label("Bis (TT.MM.JJJJ)").fill("30.04.2020")
    page.get_by_label("Standortgruppe").select_option(label="nur Pilotstandorte")
    page.get_by_label("Zeit zur Weisung").select_option(label="nur ab dem 20.03.2020")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.get_by_text("nur Pilotstandorte, nur ab dem 20.03.2020.")).to_be_visible()
    kopf = page.locator("#a5-tabelle thead")
    expect(kopf.get_by_role("columnheader")).to_have_text(["Kennzahl", "Pilotstandorte ab 20.03.2020"])
    expect(page.locator("#a5-tabelle").get_by_role("row").filter(has_text="Kontakte").first).not_to_contain_text("–")
    expect(page.locator("#a5-trend-tabelle thead")).not_to_contain_text("andere Standorte")
    _pruefen(page, "2-anlage5-gefiltert")
    page.get_by_label("Standortgruppe").select_option(label="nur andere Standorte")
    page.get_by_label("Standort", exact=True).select_option("Fürth")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.get_by_role("alert")).to_contain_text("Fürth ist ein Pilotstandort")
    _pruefen(page, "3-anlage5-unmoeglich")

    page.get_by_role("link", name="Zur Anlage 7 (Umsetzungsdialog)").click()
    regel = page.get_by_role("region", name="2.2 a) 2: Einheitliche Terminabsage: Status „abgesagt“ im ATV")
    expect(regel).to_be_visible()
    expect(regel.get_by_role("row", name="Andere Standorte")).to_contain_text("%")
    regel.get_by_label("Maßnahme zu 2.2 a) 2 festhalten").fill("Vorteilsübersetzung im Teamgespräch üben")
    regel.get_by_role("button", name="Festhalten").click()
    expect(page.get_by_text("Vorteilsübersetzung im Teamgespräch üben (Nürnberg")).to_be_visible()
    _pruefen(page, "4-anlage7")

    page.goto("/qs/")
    page.get_by_label("Monat (MM.JJJJ)").fill("04.2020")
    page.get_by_label("Kanal", exact=True).select_option("sc3")
    page.get_by_role("button", name="Stichprobe nach Plan ziehen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stichprobe vom")
    _pruefen(page, "5-stichprobe")
    page.locator("table").get_by_role("link").first.click()
    expect(page.locator("#qs-bogen")).to_contain_text("Anlage 2.2.1, Stand 20.03.2020")
    bewertung_url = page.url
    for gruppe in page.locator("form fieldset").all():
        if not gruppe.locator("input:checked").count():
            gruppe.get_by_label("erfüllt", exact=True).check()
    _pruefen(page, "6-bewertung")
    page.get_by_role("button", name="Bewertung speichern").click()
    expect(page.get_by_role("status")).to_contain_text("bewertet.")
    page.get_by_role("button", name="Abmelden").click()

    _anmelden(page, "b-tl2")
    page.goto(bewertung_url)
    expect(page.get_by_role("heading", name="Kalibrierung: Ihre eigene Bewertung desselben Kontakts")).to_be_visible()
    gruppen = page.locator("form fieldset").all()
    for i, gruppe in enumerate(gruppen):
        gruppe.get_by_label("nicht erfüllt" if i == len(gruppen) - 1 else "erfüllt", exact=True).check()
    page.get_by_role("button", name="Kalibrierung speichern").click()
    expect(page.get_by_role("status")).to_contain_text("kalibriert.")
    streuung = page.get_by_role("table", name="Streuung je Kriterium (Anteil der Urteile, die vom häufigsten abweichen)")
    expect(streuung).to_contain_text("abweichend")
    _pruefen(page, "7-kalibrierung")
