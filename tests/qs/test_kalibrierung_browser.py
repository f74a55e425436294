"""Kalibrierung im echten Chromium (axe-core, WCAG 2.1 AA, 0 Verstöße je Seite), wie eine Teamleitung sie
erlebt: blinder, leerer Bogen; ohne Urteil abgeschickt steht der Fokus auf der Fehlerliste, deren Links zu den
Fragen führen; nach dem Speichern landet sie bei den Urteilen aller Teamleitungen mit Hinweis nach Anlage 2.2.6."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal import zeit
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten.services import benutzer_anlegen
from kundenportal.qs import services
from tests.browser.werkzeug import anmelden, barrierefrei, chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Demo-Passwort-1"
URTEILE = {"identitaet": "erfuellt", "ergebnis": "erfuellt", "vermerk": "erfuellt", "gespraech": "nicht_erfuellt",
           "a2_abgesagt": "nicht_anwendbar"}


@pytest.fixture
def seite(kontakt_abschliessen: Callable[..., Kontakt], live_server: Any) -> Iterator[tuple[Page, int]]:
    """Ein Kontakt, von b-tl bewertet (Gesprächsführung „nicht erfüllt“); b-tl2 soll kalibrieren."""
    kontakt_abschliessen()
    tl = benutzer_anlegen("b-tl", PASSWORT, ["teamleitung"], standort="Nürnberg")
    benutzer_anlegen("b-tl2", PASSWORT, ["teamleitung"], standort="Nürnberg")
    b = services.stichprobe_ziehen(tl, heute=zeit.heute(), jetzt=zeit.jetzt(), n=1).bewertungen.get()
    services.bewertung_speichern(tl, b, URTEILE, "Nachfragen üben.", jetzt=zeit.jetzt())
    with chromium(live_server) as page:
        yield page, b.pk


def test_blind_kalibrieren_fehlerliste_und_streuung_mit_hinweis(seite: tuple[Page, int]) -> None:
    page, bewertung = seite
    anmelden(page, "b-tl2", PASSWORT)
    page.goto(f"/qs/bewertung/{bewertung}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontakt 1 kalibrieren")
    expect(page.get_by_text("Sie kalibrieren blind (Anlage 2.2.6)")).to_be_visible()
    expect(page.locator("form input:checked")).to_have_count(0)                  # leerer Bogen
    expect(page.locator("main")).not_to_contain_text("b-tl:")
    expect(page.locator("main")).not_to_contain_text("Nachfragen üben.")
    expect(page.get_by_role("table", name="Streuung je Kriterium")).to_have_count(0)
    barrierefrei(page, streng=True)

    page.get_by_role("button", name="Kalibrierung speichern").click()           # ohne Urteil
    expect(page).to_have_title("Fehler: Kontakt 1 kalibrieren – Kundenportal")
    fehlerliste = page.get_by_role("alert")
    expect(fehlerliste).to_be_focused()
    expect(fehlerliste).to_contain_text("Identität vor jeder Auskunft geprüft: Bitte wählen Sie ein Urteil.")
    expect(page.locator("main")).not_to_contain_text("b-tl:")
    barrierefrei(page, streng=True)
    fehlerliste.get_by_role("link", name="Identität vor jeder Auskunft geprüft: Bitte wählen Sie ein Urteil.").click()
    expect(page.get_by_role("group", name="Identität vor jeder Auskunft geprüft").get_by_label(
        "erfüllt", exact=True)).to_be_focused()

    for gruppe in page.locator("form fieldset").all():
        gruppe.get_by_label("erfüllt", exact=True).check()
    page.get_by_role("button", name="Kalibrierung speichern").click()
    expect(page.get_by_role("status")).to_have_text("Kontakt 1 kalibriert.")
    expect(page).to_have_url(f"{page.url.split('#')[0]}#kalibrierung")
    expect(page.get_by_role("button", name="Kalibrierung speichern")).to_have_count(0)   # bleibt unverändert
    expect(page.get_by_text("2 von mindestens 3 Teamleitungen haben diesen Kontakt bewertet")).to_be_visible()
    streuung = page.get_by_role("table", name="Streuung je Kriterium")
    zeile = streuung.get_by_role("row", name="Gesprächsführung: verständlich, freundlich, Anliegen geklärt")
    expect(zeile).to_contain_text("b-tl: nicht erfüllt; b-tl2: erfüllt")
    expect(zeile).to_contain_text("Streuung 0,50 – ab 0,25 im Team besprechen (Anlage 2.2.6)")
    barrierefrei(page, streng=True)
