"""Rundgang Familienkasse am Telefon, im echten Chromium, nur mit der Tastatur:

- Kundin ohne KIWI-Fall: die Bestätigung „Öffentlichen Dienst erfassen“ mit Enter zweimal schnell — ein Auftrag,
  dann „Vorgang nicht ausgeführt“. Der Vorschlag „Kontakt mit Vermerk beenden“ ist der ganze Vermerk, wie er
  gespeichert wird: der Kopf (Tag, Kanal, Standort, Fassung, Weisung) einmal, der Weg, der Grund (vorher stand nur
  der Grund im Feld, gespeichert wurden Kopf und Weg davor). Alt+S zweimal speichert ihn einmal, genau so.
- „Zurück“ im Browser nach dem Speichern zeigt „Kontakt gespeichert“ (vorher die alte Kopie „Gespräch beendet“ mit
  dem Formular, als wäre noch nichts gespeichert: die Gesprächsseite kam aus dem Zwischenspeicher des Browsers)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import anmelden, barrierefrei, chromium, datenbank, frage, taste

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KUNDE = "955A300091"
PASSWORT = "Demo-Passwort-1"


@pytest.fixture
def seite(db: Any, live_server: Any) -> Iterator[Page]:
    benutzer_anlegen("b-agent_scfk", PASSWORT, ["agent_scfk"], standort="Hamburg")
    ausgangslage_laden({"kunde": {"kundennummer": KUNDE, "vorname": "Lea", "nachname": "Neu",
                                  "geburtsdatum": "1990-01-01", "wohnort_agentur": "Hamburg"}})
    with chromium(live_server) as page:
        yield page


def test_stoerung_vorschlag_ist_der_gespeicherte_vermerk_und_zurueck_zeigt_gespeichert(seite: Page) -> None:
    page = seite
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    anmelden(page, "b-agent_scfk", PASSWORT)
    page.goto("/kontakt/neu/")
    page.get_by_label("Kundennummer").fill(KUNDE)
    page.keyboard.press("Enter")
    page.get_by_role("row").filter(has_text="FK 4.802").get_by_role("button").click()
    frage(page, "Identität des Anrufers anhand der Sicherheitsmerkmale geprüft?")
    taste(page, "1", "Ist der Antragsteller oder der andere Elternteil im öffentlichen Dienst beschäftigt?")
    page.keyboard.press("2")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Bestätigen und ausführen")).to_be_focused()
    posts.clear()
    page.keyboard.press("Enter")                                     # doppelt, schnell: ein Auftrag
    page.keyboard.press("Enter")
    expect(page.locator("#stoerung-titel")).to_have_text("Vorgang nicht ausgeführt: KIWI (Kindergeld)")
    expect(page.locator("html")).to_have_attribute("data-tastatur", "bereit")
    assert sum(1 for p in posts if p.endswith("/bestaetigen/")) == 1, posts

    feld = page.locator("#vermerk-stoerung")
    vorschlag = feld.input_value()
    kopf, *_ = vorschlag.split("\n")
    assert kopf.startswith("Kontakt vom ") and "(Service Center Familienkasse, Hamburg) nach FK 4.802" in kopf
    assert vorschlag.count("Kontakt vom ") == 1
    assert "Bisheriger Weg:\n- Identität des Anrufers anhand der Sicherheitsmerkmale geprüft? ja\n" in vorschlag
    assert vorschlag.endswith(f"Grund des Abbruchs: KIWI (Kindergeld): kein KIWI-Fall für {KUNDE}. Vorgang nicht "
                              "ausgeführt; Kontakt ohne Abschluss des Anliegens beendet.")
    barrierefrei(page)
    page.screenshot(path="/tmp/rundgang-stoerung-vorschlag.png", full_page=True)

    feld.focus()
    posts.clear()
    page.keyboard.press("Alt+s")                                     # zweimal: einmal gespeichert
    page.keyboard.press("Alt+s")
    expect(page.get_by_text("Kontakt gespeichert.")).to_be_visible()
    assert sum(1 for p in posts if p.endswith("/abschliessen/")) == 1, posts
    k = datenbank(lambda: Kontakt.objects.get(kundennummer=KUNDE))
    assert (k.status, k.ergebnis) == (Kontakt.ABGESCHLOSSEN, "abgebrochen")
    assert k.vermerk == vorschlag                                    # genau, was das Feld zeigte

    page.go_back()                                                   # Zurück: der Stand, keine alte Kopie
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontakt gespeichert")
    expect(page.locator("#vermerk-stoerung")).to_have_count(0)
    expect(page.locator("#vermerk")).to_contain_text("Grund des Abbruchs: KIWI (Kindergeld)")
