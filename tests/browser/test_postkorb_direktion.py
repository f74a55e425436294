"""Rundgang der Familienkasse Direktion im echten Chromium, bei 1440 und 400 px Breite: Aufgabe übernehmen →
zurückgeben → wieder übernehmen → mit Ergebnis erledigen; jede Seite axe-core-sauber (0 Verstöße), bei 400 px
ohne waagerechtes Rollen. Die Karte zeigt Text, Ersteller, Kontakt und die weitere offene Aufgabe derselben
Kundennummer."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.fachverfahren.registry import systeme
from kundenportal.gespraech.models import Kontakt
from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import anmelden, barrierefrei, chromium, datenbank

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Demo-Passwort-1"
FK = "fk_direktion_qs"


def _pruefen(page: Page, breite: int) -> None:
    barrierefrei(page, streng=True)
    if breite <= 400:
        assert page.evaluate("document.documentElement.scrollWidth") <= breite


@pytest.mark.parametrize("breite", [1440, 400])
def test_direktion_uebernehmen_zurueckgeben_erledigen(db: Any, kunde: str, live_server: Any, breite: int) -> None:
    benutzer_anlegen("fk-anna", PASSWORT, ["fk_direktion"], standort="Köln")
    agentin = benutzer_anlegen("scfk-clara", PASSWORT, ["agent_scfk"], standort="Köln")
    k = Kontakt.objects.create(user=agentin, kanal="scfk", kundennummer=kunde, leitfaden="FK 1.001",
                               stand=dt.date(2020, 3, 2), weisung="202003006", status=Kontakt.ABGESCHLOSSEN,
                               ergebnis="erledigt", vermerk="Übergabe an die Direktion.")
    port = systeme().aufgaben
    a = port.erstellen(FK, "Kindergeld prüfen", kunde, "Bitte den Anspruch ab März 2020 prüfen.", "scfk-clara",
                       str(k.pk))
    port.erstellen(FK, "Kindergeld prüfen (doppelt)", kunde, "", "scfk-clara", "")

    with chromium(live_server, breite=breite) as page:
        anmelden(page, "fk-anna", PASSWORT)
        page.goto(f"/postkorb/{FK}/")
        karte = page.locator(f"#aufgabe-{a.id}")
        expect(karte).to_contain_text("Bitte den Anspruch ab März 2020 prüfen.")
        expect(karte).to_contain_text("von scfk-clara")
        expect(karte).to_contain_text("1 weitere offene Aufgabe zu dieser Kundennummer")
        expect(karte.get_by_role("link", name=f"Kontakt und Vermerk zu Aufgabe {a.id}")).to_be_visible()
        _pruefen(page, breite)

        karte.get_by_role("button", name=f"Übernehmen: Aufgabe {a.id}").click()
        expect(page.locator("#meldungen")).to_contain_text(f"Aufgabe {a.id} übernommen.")
        expect(karte).to_contain_text("bei Ihnen")
        _pruefen(page, breite)

        karte.get_by_role("button", name=f"Zurückgeben: Aufgabe {a.id}").click()
        expect(page.locator("#meldungen")).to_contain_text(f"Aufgabe {a.id} zurückgegeben.")
        expect(karte.get_by_role("button", name=f"Übernehmen: Aufgabe {a.id}")).to_be_visible()
        _pruefen(page, breite)
        gespeichert = datenbank(lambda: next(x for x in systeme().aufgaben.liste(FK) if x.id == a.id))
        assert (gespeichert.status, gespeichert.bearbeiter) == ("offen", "")

        karte.get_by_role("button", name=f"Übernehmen: Aufgabe {a.id}").click()
        expect(page.locator("#meldungen")).to_contain_text(f"Aufgabe {a.id} übernommen.")
        karte.get_by_label(f"Ergebnis zu Aufgabe {a.id}").fill("Anspruch bestätigt, Bescheid versandt.")
        karte.get_by_role("button", name=f"Erledigt: Aufgabe {a.id}").click()
        expect(page.locator("#meldungen")).to_contain_text(f"Aufgabe {a.id} erledigt.")
        expect(page.locator(f"#aufgabe-{a.id}")).to_have_count(0)
        _pruefen(page, breite)

        page.goto(f"/postkorb/{FK}/?status=erledigt")
        expect(page.locator(f"#aufgabe-{a.id}")).to_contain_text("Anspruch bestätigt, Bescheid versandt.")
        _pruefen(page, breite)
