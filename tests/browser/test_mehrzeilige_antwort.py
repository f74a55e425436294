"""FK 4.406 nimmt die mitgeteilte Änderung in einem mehrzeiligen Feld auf (wer, ab wann, zu welchem Arbeitgeber):
Enter beginnt eine neue Zeile und schickt nichts ab, Strg+Enter übernimmt die Antwort; Feld und Hinweis sind
barrierefrei. Vorher stand ein einzeiliges Feld für bis zu 1.000 Zeichen da (Rundgang Familienkasse)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.gespraech import services
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import anmelden, barrierefrei, chromium, datenbank, frage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KUNDE = "955F440699"
PASSWORT = "Demo-Passwort-1"
FRAGE = "Mitgeteilte Änderung (wer wechselt ab wann zu welchem Arbeitgeber)"


@pytest.fixture
def kontakt(db: Any, live_server: Any, settings: Any) -> Iterator[tuple[Page, str]]:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-08"
    agentin = benutzer_anlegen("fk-agentin", PASSWORT, ["agent_scfk"], standort="Nürnberg")
    ausgangslage_laden({"kunde": {"kundennummer": KUNDE, "vorname": "Marta", "nachname": "Richter",
                                  "geburtsdatum": "1987-07-16", "wohnort_agentur": "Nürnberg"},
                        "kiwi": {"kindergeldnummer": "123FK440699", "familienkasse": "Nürnberg",
                                 "kinder": [{"id": "K1", "vorname": "Mia", "geburtsdatum": "2014-04-09",
                                             "haushalt": "eltern"}]}})
    k = services.kontakt_starten(agentin, "FK 4.406", KUNDE)
    for fakt, wert in (("identitaet_geprueft", True), ("oeffentlicher_dienst", "nein"),
                       ("oed_anliegen", "aenderung_mitteilen")):
        a = services.kontakt_beantworten(agentin, k, fakt, wert)
        while a.art == "bestaetigung":
            a = services.kontakt_bestaetigen(agentin, k, None)
    assert a.fakt == "oed_aenderung"
    with chromium(live_server, breite=1280) as page:
        yield page, str(k.pk)


def test_enter_neue_zeile_strg_enter_uebernimmt(kontakt: tuple[Page, str]) -> None:
    page, kontakt_id = kontakt
    anmelden(page, "fk-agentin", PASSWORT)
    page.goto(f"/kontakt/{kontakt_id}/")
    frage(page, FRAGE)
    feld = page.locator("textarea#wert")
    expect(feld).to_be_visible()
    expect(page.locator("#wert-hinweis")).to_have_text("Enter beginnt eine neue Zeile, Strg+Enter übernimmt. Höchstens 1.000 Zeichen.")
    expect(page.locator("#frage-bereich")).to_contain_text("Strg+Enter übernimmt die Antwort")
    barrierefrei(page, streng=True)
    feld.focus()
    page.keyboard.type("Antragstellerin wechselt zum 01.02.2027")
    page.keyboard.press("Enter")                                      # neue Zeile, nichts abgeschickt
    page.keyboard.type("vom Landratsamt Esslingen zur Robert Bosch GmbH.")
    expect(feld).to_have_value("Antragstellerin wechselt zum 01.02.2027\nvom Landratsamt Esslingen zur Robert Bosch GmbH.")
    assert datenbank(lambda: "oed_aenderung" not in Kontakt.objects.get(pk=kontakt_id).lauf["antworten"])
    page.keyboard.press("Control+Enter")
    expect(page.locator("textarea#wert")).to_have_count(0)
    expect(page.locator("html")).to_have_attribute("data-tastatur", "bereit")
    gespeichert = datenbank(lambda: Kontakt.objects.get(pk=kontakt_id).lauf["antworten"]["oed_aenderung"])
    assert gespeichert == "Antragstellerin wechselt zum 01.02.2027\nvom Landratsamt Esslingen zur Robert Bosch GmbH."
