"""Eine neue Antwortoption von der Redaktion bis ins Gespräch (Chromium, Tastatur): eine Redakteurin ergänzt im
Freigabepaket die Frage „Wie möchte der Kunde Kinderzuschlag beantragen?“ um „Persönlich in der Familienkasse“, ein
Prüfer sieht die Option in der Änderungsübersicht und gibt das Paket frei, und eine Agentin der Familienkasse bekommt
die Option im Gespräch angeboten und wählt sie mit der Tastatur — jede Seite axe-sauber (WCAG 2.1 AA, streng)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.gespraech import services
from kundenportal.konten.services import benutzer_anlegen
from kundenportal.redaktion.models import Freigabepaket, Katalogdatei
from kundenportal.redaktion.services.freigabe import entwurf_zuordnen, paket_einreichen, tor_laufen_lassen
from kundenportal.redaktion.services.szenario import szenario_speichern
from tests.browser.werkzeug import anmelden, barrierefrei, chromium, datenbank, frage

from .test_antwortoptionen import SZENARIO, _entwurf, _paket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Demo-Passwort-1"
KUNDE = "955A300008"
BILDER = Path(__file__).resolve().parents[2] / "var" / "screenshots"
FRAGE = "Wie möchte der Kunde Kinderzuschlag beantragen?"


def bild(page: Page, name: str) -> None:
    BILDER.mkdir(parents=True, exist_ok=True)
    page.locator("main").first.screenshot(path=str(BILDER / f"redaktion-antwortoption-{name}.png"))


@pytest.fixture
def seite(db_katalog: None, live_server: Any, settings: Any) -> Iterator[tuple[Page, Any]]:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-10"
    autorin = benutzer_anlegen("w-autorin", PASSWORT, ["redaktion"], standort="Kiel")
    benutzer_anlegen("w-pruefer", PASSWORT, ["freigabe"], standort="Kiel")
    benutzer_anlegen("w-agentin", PASSWORT, ["agent_scfk"], standort="Kiel")
    with chromium(live_server, breite=1280) as page:
        yield page, autorin


def test_neue_antwortoption_von_der_redaktion_bis_ins_gespraech(seite: tuple[Page, Any]) -> None:
    page, autorin = seite
    k = page.keyboard
    p = datenbank(lambda: _paket(autorin))
    e = datenbank(lambda: _entwurf(autorin))
    datenbank(lambda: entwurf_zuordnen(autorin, p.pk, e.pk))

    # 1. Die Redakteurin ergänzt die Option im Paket — nur mit der Tastatur.
    anmelden(page, "w-autorin", PASSWORT)
    page.goto(f"/redaktion/pakete/{p.pk}/")
    page.get_by_role("link", name="Neue Antwortoption erfassen").focus()
    k.press("Enter")
    page.wait_for_url("**/optionen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Neue Antwortoptionen")
    barrierefrei(page, streng=True)
    page.locator("#id_option-0-fakt").focus()
    k.type(FRAGE[:24])                                   # Auswahl per Tippen im geschlossenen Auswahlfeld
    expect(page.locator("#id_option-0-fakt")).to_have_value("kiz_antragsweg")
    k.press("Tab")
    k.type("Persönlich")                                 # falsche Form: Umlaut und Großbuchstabe
    k.press("Tab")
    k.type("Persönlich in der Familienkasse")
    k.press("Enter")
    wert = page.locator("#id_option-0-wert")
    expect(wert).to_be_focused()
    expect(page.locator("#id_option-0-wert_error")).to_contain_text("Wert „Persönlich“: nur Kleinbuchstaben")
    expect(page.locator("#id_option-0-label")).to_have_value("Persönlich in der Familienkasse")
    barrierefrei(page, streng=True)
    bild(page, "fehler")
    k.press("Control+a")
    k.type("persoenlich")
    k.press("Enter")
    page.wait_for_url(f"**/redaktion/pakete/{p.pk}/")
    satz = ("Neue Antwortoption „Persönlich in der Familienkasse“ (Wert persoenlich) für die Frage „Wie möchte der "
            "Kunde Kinderzuschlag beantragen?“ (kiz_antragsweg)")
    expect(page.locator("#liste-neue-optionen")).to_have_text(satz)
    barrierefrei(page, streng=True)
    bild(page, "paket")
    assert datenbank(lambda: Freigabepaket.objects.get(pk=p.pk).neue_optionen) == [
        {"fakt": "kiz_antragsweg", "wert": "persoenlich", "label": "Persönlich in der Familienkasse"}]

    datenbank(lambda: szenario_speichern(autorin, SZENARIO, entwurf_id=e.pk))
    tor = datenbank(lambda: tor_laufen_lassen(autorin, p.pk))
    assert tor["ok"], {k: tor[k] for k in ("ungedeckt", "befunde", "nicht_auf_entwurf", "ungueltig")}
    datenbank(lambda: paket_einreichen(autorin, p.pk))
    page.get_by_role("button", name="Abmelden").click()

    # 2. Ein Prüfer (Vier-Augen-Prinzip) sieht die neue Option in der Änderungsübersicht und gibt frei.
    anmelden(page, "w-pruefer", PASSWORT)
    page.goto(f"/redaktion/pakete/{p.pk}/")
    expect(page.get_by_role("heading", name="Vokabular: neue Antwortoptionen")).to_be_visible()
    expect(page.locator(".vokabular-diff")).to_have_text(satz)
    page.locator("#id_freigabe-gueltig_ab").focus()
    k.type("10122026")
    page.get_by_role("button", name="Freigeben").focus()
    k.press("Enter")
    expect(page.get_by_text("Freigegeben: gilt ab 10.12.2026.")).to_be_visible()
    expect(page.get_by_text("Ergänzung des Vokabulars", exact=False).first).to_be_visible()
    barrierefrei(page, streng=True)
    bild(page, "freigegeben")
    datei = datenbank(lambda: Katalogdatei.objects.get(art=Katalogdatei.VOKABULAR))
    assert datei.gueltig_ab == dt.date(2026, 12, 10) and datei.status == Katalogdatei.VEROEFFENTLICHT
    page.get_by_role("button", name="Abmelden").click()

    # 3. Die Agentin führt ein Gespräch mit der neuen Fassung: die Option wird angeboten, gewählt per Tastatur.
    def vorbereiten() -> str:
        ausgangslage_laden({"kunde": {"kundennummer": KUNDE, "vorname": "Ali", "nachname": "Kaya",
                                      "geburtsdatum": "1977-08-08", "wohnort_agentur": "Kiel"},
                            "kiwi": {"kindergeldnummer": "123FK000089", "familienkasse": "Kiel",
                                     "kinder": [{"id": "K1", "vorname": "Mia", "geburtsdatum": "2014-04-09",
                                                 "haushalt": "eltern"}]}})
        from django.contrib.auth import get_user_model

        agentin = get_user_model().objects.get(username="w-agentin")
        kontakt = services.kontakt_starten(agentin, "FK 4.101b", KUNDE)
        for fakt, wert in (("identitaet_geprueft", True), ("oeffentlicher_dienst", "nein")):
            a = services.kontakt_beantworten(agentin, kontakt, fakt, wert)
            while a.art == "bestaetigung":
                a = services.kontakt_bestaetigen(agentin, kontakt, None)
        assert a.fakt == "kiz_antragsweg" and kontakt.lauf["fassung"] == "FK 4.101b@2026-12-10"
        return str(kontakt.pk)

    kontakt_id = datenbank(vorbereiten)
    anmelden(page, "w-agentin", PASSWORT)
    page.goto(f"/kontakt/{kontakt_id}/")
    frage(page, FRAGE)
    optionen = page.locator("#frage-bereich ul.optionen button")
    expect(optionen).to_have_count(3)
    expect(optionen.nth(2)).to_have_text("3 Persönlich in der Familienkasse")
    barrierefrei(page, streng=True)
    bild(page, "gespraech")
    k.press("3")
    k.press("Enter")
    expect(page.get_by_text("Auskunft erteilt").first).to_be_visible()
    barrierefrei(page, streng=True)
    bild(page, "gespraech-ende")
