"""Die Verwaltung im Browser: Benutzer anlegen und ändern ohne einen einzigen axe-Verstoß (WCAG 2.1 AA) — die
Rollen als Kästchen statt Djangos Auswahl mit zwei Listen (deren Skript setzte `aria-prohibited-attr`) —, alles
deutsch, und ein Tippfehler im Standort wird im Browser abgewiesen."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kundenportal.konten.services import benutzer_anlegen
from tests.browser.werkzeug import anmelden, barrierefrei, chromium, datenbank

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Demo-Passwort-1"


@pytest.fixture
def seite(live_server: Any) -> Iterator[Page]:
    benutzer_anlegen("verwalterin", PASSWORT, ["administration"], standort="Nürnberg")
    benutzer_anlegen("agentin", PASSWORT, ["agent_sc3"], standort="Nürnbergg")      # alter Tippfehler
    with chromium(live_server) as page:
        anmelden(page, "verwalterin", PASSWORT)
        yield page


def test_benutzer_anlegen_und_aendern_ohne_axe_verstoss(seite: Page) -> None:
    from django.contrib.auth.models import User

    pk = datenbank(lambda: User.objects.get(username="agentin").pk)
    for pfad in ("/verwaltung/auth/user/", "/verwaltung/auth/user/add/", f"/verwaltung/auth/user/{pk}/change/",
                 "/verwaltung/auth/group/"):
        antwort = seite.goto(pfad)
        assert antwort is not None and antwort.status == 200, pfad
        barrierefrei(seite, streng=True)
        text = seite.locator("#content").inner_text()
        assert "Choose" not in text and "Password-based" not in text and "After you" not in text, pfad
        assert "Service Center SGB III" in text, pfad
        if "/user/" in pfad:                                  # die Rollenliste nennt auch ihren Schlüssel
            assert "agent_sc3" not in text, pfad

    seite.goto(f"/verwaltung/auth/user/{pk}/change/")
    expect(seite.get_by_label("Standort:", exact=True)).to_have_value("Nürnbergg")
    expect(seite.locator("#content")).to_contain_text("Nürnbergg (unbekannt – bitte korrigieren)")
    expect(seite.get_by_label("Service Center SGB III")).to_be_checked()
    seite.get_by_role("button", name="Sichern", exact=True).click()
    expect(seite.locator(".errorlist")).to_contain_text("Standort: „Nürnbergg“ ist keine Agentur")
    barrierefrei(seite, streng=True)                                  # auch mit Fehlermeldung
    seite.get_by_label("Standort:", exact=True).select_option("Fürth")
    seite.get_by_label("OS AlgPlus").check()
    seite.get_by_role("button", name="Sichern", exact=True).click()
    expect(seite.locator(".messagelist")).to_contain_text("erfolgreich geändert")
    assert datenbank(lambda: (User.objects.get(pk=pk).arbeitsplatz.standort,
                              sorted(User.objects.get(pk=pk).groups.values_list("name", flat=True)))) == (
        "Fürth", ["agent_sc3", "os_algplus"])
