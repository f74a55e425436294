"""Befunde des Kundenrundgangs im Browser (Chromium): doppeltes Enter auf der Prüfseite sagt nichts ab, der Kopf
ist auf dem Telefon (390 px) kompakt und per Tastatur bedienbar, die Fußzeile ist mit Tab erreichbar, Eingaben
überstehen eine abgelaufene Sitzung, das Zeichenlimit ist sichtbar; axe-core streng (WCAG 2.1 AA)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from kundenportal.eservice.services import kundenkonto_anlegen
from kundenportal.fachverfahren.referenz import models as m
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.fachverfahren.registry import systeme
from kundenportal.konten.models import Sitzung
from tests.browser import werkzeug
from tests.browser.werkzeug import datenbank

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KUNDE, PASSWORT = "955A100002", "Geheim-2020!"
FOTOS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def termin_id(settings: pytest.FixtureRequest) -> str:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"  # type: ignore[attr-defined]
    ausgangslage_laden({"kunde": {"kundennummer": KUNDE, "vorname": "Aylin", "nachname": "Demir",
                                  "wohnort_agentur": "Köln", "online_asu": "abgeschlossen"},
                        "step": {"konto": True, "sicherheitsstufe": "basis"}})
    kundenkonto_anlegen(KUNDE, PASSWORT)
    beginn = dt.datetime(2020, 4, 22, 9, tzinfo=ZoneInfo("Europe/Berlin"))
    return systeme().atv.termin_buchen(KUNDE, "av", "Köln", beginn, "Köln/av", "test").id


@pytest.fixture
def telefon(live_server: object) -> Iterator[Page]:
    with werkzeug.chromium(live_server, breite=390) as page:
        page.set_viewport_size({"width": 390, "height": 844})
        yield page


def _anmelden(page: Page, ziel: str = "/kunde/") -> None:
    page.goto(ziel)
    page.get_by_label("Kundennummer").fill(KUNDE)
    page.get_by_label("Passwort").fill(PASSWORT)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.locator("main h1")).not_to_have_text("Anmelden")


def test_enter_enter_auf_dem_weg_zur_pruefung_sagt_nichts_ab(termin_id: str, telefon: Page) -> None:
    _anmelden(telefon, f"/kunde/termine/{termin_id}/absagen/")
    telefon.get_by_label("Grund der Absage").fill("Ich habe eine Arbeit aufgenommen.")
    telefon.keyboard.press("Tab")
    expect(telefon.get_by_role("button", name="Weiter zur Prüfung")).to_be_focused()
    telefon.keyboard.press("Enter")
    telefon.wait_for_timeout(300)                      # 250–700 ms wie im Rundgang; dann das zweite Enter
    telefon.keyboard.press("Enter")
    telefon.wait_for_timeout(700)
    expect(telefon.get_by_role("heading", level=1)).to_have_text("Absage prüfen")
    expect(telefon.locator("#pruefen-titel")).to_be_focused()
    expect(telefon.get_by_role("button", name="Absage bestätigen")).not_to_be_focused()
    assert datenbank(lambda: m.Termin.objects.get(termin_id=termin_id).status) == "geplant"
    werkzeug.barrierefrei(telefon, streng=True)
    # Bestätigen bleibt mit der Tastatur möglich: Tab führt von der Überschrift zum Knopf
    for _ in range(10):
        telefon.keyboard.press("Tab")
        if telefon.evaluate("document.activeElement.name") == "bestaetigt":
            break
    telefon.keyboard.press("Enter")
    expect(telefon.get_by_text("Ihr Termin am 22.04.2020 um 09:00 Uhr ist abgesagt.")).to_be_visible()
    expect(telefon.get_by_text("Wie es weitergeht:")).to_be_visible()
    assert datenbank(lambda: m.Termin.objects.get(termin_id=termin_id).status) == "abgesagt"


def test_kopf_auf_dem_telefon_ist_kompakt_und_das_menue_per_tastatur_bedienbar(termin_id: str,
                                                                              telefon: Page) -> None:
    _anmelden(telefon, "/kunde/termine/")
    telefon.wait_for_load_state("load")
    hoehe = telefon.evaluate("document.querySelector('header.kundenkopf').getBoundingClientRect().height")
    assert hoehe <= 120, f"Kopf ist {hoehe} px hoch"
    FOTOS.mkdir(parents=True, exist_ok=True)
    telefon.screenshot(path=str(FOTOS / "kunde-telefon-kopf.png"))
    knopf = telefon.get_by_role("button", name="Menü")
    expect(knopf).to_have_attribute("aria-expanded", "false")
    expect(telefon.get_by_role("link", name="Meine Termine")).to_be_hidden()
    werkzeug.barrierefrei(telefon, streng=True)

    knopf.focus()
    telefon.keyboard.press("Enter")
    expect(knopf).to_have_attribute("aria-expanded", "true")
    aktuell = telefon.get_by_role("link", name="Meine Termine")
    expect(aktuell).to_be_visible()
    expect(aktuell).to_have_attribute("aria-current", "page")
    telefon.screenshot(path=str(FOTOS / "kunde-telefon-menue.png"))
    werkzeug.barrierefrei(telefon, streng=True)
    telefon.keyboard.press("Tab")
    expect(telefon.get_by_role("link", name="Übersicht")).to_be_focused()
    telefon.keyboard.press("Escape")
    expect(knopf).to_be_focused()
    expect(knopf).to_have_attribute("aria-expanded", "false")
    breite = telefon.evaluate("document.documentElement.scrollWidth")
    assert breite <= 390


def test_breiter_bildschirm_zeigt_das_menue_ohne_knopf(termin_id: str, live_server: object) -> None:
    with werkzeug.chromium(live_server, breite=1280) as page:
        _anmelden(page)
        expect(page.get_by_role("button", name="Menü")).to_be_hidden()
        expect(page.get_by_role("link", name="Übersicht")).to_have_attribute("aria-current", "page")
        werkzeug.barrierefrei(page, streng=True)


def test_fusszeile_ist_per_tastatur_erreichbar(telefon: Page, live_server: object, db: None) -> None:
    telefon.goto("/kunde/anmelden/")
    gefunden = []
    for _ in range(30):
        telefon.keyboard.press("Tab")
        text = telefon.evaluate("document.activeElement.closest('footer') ? document.activeElement.textContent : ''")
        if text:
            gefunden.append(text)
        if len(gefunden) == 4:
            break
    assert gefunden == ["Hilfe und Kontakt", "Datenschutz", "Barrierefreiheit", "Impressum"]
    telefon.keyboard.press("Shift+Tab")
    telefon.keyboard.press("Enter")                        # „Barrierefreiheit“ öffnen
    expect(telefon.get_by_role("heading", level=1)).to_have_text("Erklärung zur Barrierefreiheit")
    werkzeug.barrierefrei(telefon, streng=True)
    for adresse in ("/kunde/datenschutz/", "/kunde/hilfe/", "/kunde/impressum/"):
        telefon.goto(adresse)
        werkzeug.barrierefrei(telefon, streng=True)


def test_eingaben_ueberstehen_die_abgelaufene_sitzung(termin_id: str, telefon: Page) -> None:
    adresse = f"/kunde/termine/{termin_id}/absagen/"
    _anmelden(telefon, adresse)
    telefon.get_by_label("Grund der Absage").fill("Ich liege im Krankenhaus und kann nicht kommen.")
    datenbank(lambda: Sitzung.objects.all().delete())      # die Sitzung läuft ab, während sie schreibt
    telefon.get_by_role("button", name="Weiter zur Prüfung").click()
    expect(telefon.get_by_text("Ihre Sitzung ist abgelaufen.")).to_be_visible()
    expect(telefon.locator("#entwurf-hinweis")).to_be_visible()
    werkzeug.barrierefrei(telefon, streng=True)
    telefon.get_by_label("Kundennummer").fill(KUNDE)
    telefon.get_by_label("Passwort").fill(PASSWORT)
    telefon.get_by_role("button", name="Anmelden").click()
    expect(telefon.get_by_role("heading", level=1)).to_have_text("Termin absagen")
    expect(telefon.get_by_label("Grund der Absage")).to_have_value("Ich liege im Krankenhaus und kann nicht kommen.")
    expect(telefon.locator("#entwurf-wiederhergestellt")).to_contain_text("wieder eingesetzt")
    werkzeug.barrierefrei(telefon, streng=True)

    # Abmelden löscht den Zwischenspeicher: die nächste Anmeldung findet ein leeres Formular
    telefon.get_by_label("Grund der Absage").fill("Noch ein Text")
    telefon.get_by_role("button", name="Menü").click()
    telefon.get_by_role("button", name="Abmelden").click()
    expect(telefon.get_by_text("Sie sind abgemeldet.")).to_be_visible()
    assert telefon.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('eservice-entwurf:')).length") == 0


def test_zeichen_uebrig_sichtbar_und_nur_nahe_der_grenze_angesagt(termin_id: str, telefon: Page) -> None:
    _anmelden(telefon, f"/kunde/termine/{termin_id}/absagen/")
    feld = telefon.get_by_label("Grund der Absage")
    rest, ansage = telefon.locator("#id_grund_rest"), telefon.locator("#id_grund_rest + [aria-live]")
    expect(rest).to_have_text("Noch 500 von 500 Zeichen.")
    feld.fill("Krank")
    expect(rest).to_have_text("Noch 495 von 500 Zeichen.")
    telefon.wait_for_timeout(1000)
    expect(ansage).to_have_text("")                        # weit weg von der Grenze: nichts vorlesen
    feld.fill("x" * 510)                                   # eingefügt: nichts abgeschnitten
    expect(feld).to_have_value("x" * 510)
    expect(rest).to_have_text("10 Zeichen zu viel – bitte kürzen Sie Ihren Text.")
    expect(ansage).to_have_text("10 Zeichen zu viel – bitte kürzen Sie Ihren Text.")
    werkzeug.barrierefrei(telefon, streng=True)
    telefon.get_by_role("button", name="Weiter zur Prüfung").click()
    expect(telefon.locator("#id_grund_error")).to_contain_text("höchstens 500 Zeichen (derzeit 510 Zeichen)")
