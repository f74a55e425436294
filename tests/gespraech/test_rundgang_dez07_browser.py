"""Im echten Chromium (Rundgang Eingangszone, 07.12.2026): Ein unmögliches Datum (31.02.2027) im Antwortfeld schickt
der Browser nicht ab. Statt seiner kurzen Blase in Du-Form ohne Ansage steht die Meldung wie eine des Servers am Feld
(aria-invalid, aria-describedby), die Live-Region sagt sie an, der Fokus bleibt im Feld; danach geht ein gültiges
Datum wie gewohnt weiter. Auch „Kontakt beginnen“ mit Nachname und unmöglichem Geburtsdatum meldet am Datumsfeld
und setzt den Fokus dorthin. Jede Seite axe-core-sauber."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.gespraech import services
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import anmelden, barrierefrei, chromium, datenbank, frage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORT = "Demo-Passwort-1"
FRAGE = "Ab wann wird die Rente gezahlt?"
UNGUELTIG = "Das ist kein gültiges Datum. Bitte Tag, Monat und Jahr eines Datums angeben, das es gibt (TT.MM.JJJJ)."


@pytest.fixture
def seite(db: Any, live_server: Any, kunde: str, settings: Any) -> Iterator[tuple[Page, str]]:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-07"
    agentin = benutzer_anlegen("ez-agentin", PASSWORT, ["agent_ez"], standort="Nürnberg")
    k = services.kontakt_starten(agentin, "EZ 1.004a", kunde)
    for fakt, wert in (("identitaet_geprueft", "ja"), ("anliegen_abmeldung", "rente"), ("rente_status", "bewilligt"),
                       ("rentenart", "regelaltersrente")):
        services.kontakt_beantworten(agentin, k, fakt, wert)
    with chromium(live_server, breite=1280) as page:
        anmelden(page, "ez-agentin", PASSWORT)
        yield page, str(k.pk)


def _fokus(page: Page) -> str:
    return str(page.evaluate("() => document.activeElement.id"))


def test_unmoegliches_datum_steht_als_meldung_am_feld(seite: tuple[Page, str]) -> None:
    page, kontakt_id = seite
    anfragen: list[str] = []
    page.on("request", lambda r: anfragen.append(r.url) if r.method == "POST" else None)
    page.goto(f"/kontakt/{kontakt_id}/")
    frage(page, FRAGE)
    assert _fokus(page) == "wert"
    page.keyboard.type("31022027")
    page.keyboard.press("Enter")
    fehler = page.locator("#wert-fehler")
    expect(fehler).to_have_text(UNGUELTIG)
    feld = page.locator("#wert")
    expect(feld).to_have_attribute("aria-invalid", "true")
    expect(feld).to_have_attribute("aria-describedby", "frage-titel wert-fehler")
    expect(page.locator("#ansage")).to_have_text(f"{UNGUELTIG} Bitte korrigieren: {FRAGE}")
    assert _fokus(page) == "wert" and anfragen == []
    barrierefrei(page, streng=True)

    page.keyboard.press("Enter")                     # noch einmal: eine Meldung, nicht zwei
    expect(page.locator("#wert-fehler")).to_have_count(1)
    feld.fill("")
    page.keyboard.press("Enter")                     # leer: dieselben Worte wie die Meldung des Servers
    expect(fehler).to_have_text(f"Bitte geben Sie „{FRAGE}“ an.")

    feld.fill("2027-04-01")
    page.keyboard.press("Enter")
    frage(page, "Möchte der Kunde trotz Rente weiter vermittelt werden?")
    antworten = datenbank(lambda: Kontakt.objects.get(pk=kontakt_id).lauf["antworten"])
    assert antworten["rentenbeginn"] == {"$datum": "2027-04-01"}


def test_kontakt_beginnen_mit_unmoeglichem_geburtsdatum(seite: tuple[Page, str]) -> None:
    page, _ = seite
    page.goto("/kontakt/neu/")
    expect(page.locator("#id_kundennummer")).to_be_focused()      # erst dann tippen (sonst Tab vor dem autofocus)
    page.keyboard.press("Tab")
    page.keyboard.type("Mustermann")
    page.keyboard.press("Tab")
    page.keyboard.type("31021980")
    page.keyboard.press("Enter")
    expect(page.locator("#id_geburtsdatum_error")).to_have_text(
        "Zum Nachnamen fehlt das Geburtsdatum – oder es ist kein gültiges Datum (TT.MM.JJJJ).")
    expect(page.locator("#id_geburtsdatum")).to_be_focused()
    expect(page.locator("#id_nachname")).to_have_value("Mustermann")
    barrierefrei(page, streng=True)
