"""Rundgang der Administration um 3 Uhr nachts im echten Chromium: sich selbst die Rolle Administration nehmen
oder „Aktiv“ ausschalten wird abgewiesen (vorher: sofort „Kein Zugriff“, und die einzige Administration war
ausgesperrt) — der Fokus auf dem Hinweis, jeder Fehler mit seinem Feld als Link, auch „Rollen:“ (eine Gruppe von
Kästchen ohne label-for). Ein Passwort zurücksetzen mit zwei verschiedenen Eingaben: der Fokus auf dem Hinweis
(vorher still im ersten Passwortfeld). Die Änderungsgeschichte nennt Rollen und Standort vorher/nachher.

Dazu: die Kästchen der Rollen stehen als Gruppe mit Namen
(<fieldset> mit <legend>Rollen</legend>, WCAG 1.3.1) — vorher ein <label> ohne for davor, und ein Screenreader
nannte an den Kästchen keinen Gruppennamen. Beim Ändern und beim Anlegen; nach einem Fehler an den Rollen führt
der Link im Hinweis weiter aufs erste Kästchen und nennt „Rollen:“ (fehlerfokus.js liest die Legende)."""

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
    benutzer_anlegen("agentin", PASSWORT, ["agent_ez"], standort="Nürnberg")
    with chromium(live_server) as page:
        anmelden(page, "verwalterin", PASSWORT)
        yield page


def _pk(name: str) -> int:
    from django.contrib.auth.models import User

    return datenbank(lambda: User.objects.get(username=name).pk)


def test_eigenes_konto_nicht_aussperren(seite: Page) -> None:
    seite.goto(f"/verwaltung/auth/user/{_pk('verwalterin')}/change/")
    seite.get_by_label("Administration").uncheck()
    seite.get_by_label("Aktiv").uncheck()
    seite.get_by_role("button", name="Sichern", exact=True).click()
    hinweis = seite.locator(".errornote")
    expect(hinweis).to_be_focused()
    expect(hinweis.get_by_role("link", name="Rollen: Das eigene Konto behält")).to_have_attribute(
        "href", "#id_rollen_0")
    expect(hinweis.get_by_role("link", name="Aktiv: Das eigene Konto behält")).to_be_visible()
    barrierefrei(seite, streng=True)
    seite.goto("/verwaltung/")                                     # weiter in der Verwaltung
    expect(seite).to_have_title("Benutzer und Rollen | Verwaltung")


def test_passwort_fehler_fokus_und_geschichte(seite: Page) -> None:
    pk = _pk("agentin")
    seite.goto(f"/verwaltung/auth/user/{pk}/password/")
    seite.locator("#id_password1").fill("Ein-neues-Passwort-1")
    seite.locator("#id_password2").fill("Ein-neues-Passwort-2")
    seite.get_by_role("button", name="Passwort ändern").click()
    hinweis = seite.locator(".errornote")
    expect(hinweis).to_be_focused()
    expect(hinweis).to_contain_text("Passwort bestätigen: Die beiden Passwörter sind nicht identisch.")
    barrierefrei(seite, streng=True)

    seite.goto(f"/verwaltung/auth/user/{pk}/change/")               # zweite Rolle, anderer Standort
    seite.get_by_label("Service Center SGB III").check()
    seite.get_by_label("Standort:", exact=True).select_option("Köln")
    seite.get_by_role("button", name="Sichern", exact=True).click()
    expect(seite.locator(".messagelist")).to_contain_text("erfolgreich geändert")
    seite.goto(f"/verwaltung/auth/user/{pk}/history/")
    expect(seite.locator("#content")).to_contain_text(
        "Rollen: dazu Service Center SGB III. Standort: Nürnberg → Köln.")


def test_rollen_als_gruppe_mit_legende(seite: Page) -> None:
    seite.goto(f"/verwaltung/auth/user/{_pk('agentin')}/change/")
    gruppe = seite.get_by_role("group", name="Rollen", exact=True)
    expect(gruppe).to_be_visible()
    expect(gruppe.locator("legend")).to_have_text("Rollen")
    expect(gruppe.get_by_role("checkbox")).to_have_count(12)
    expect(gruppe.get_by_role("checkbox", name="Eingangszone")).to_be_checked()
    expect(gruppe).to_have_accessible_description("Mehrere Rollen addieren ihre Rechte. Ohne Rolle sieht der "
                                                  "Benutzer nur den Katalog.")
    expect(seite.locator(".field-rollen label:not([for])")).to_have_count(0)     # kein Label ohne Feld mehr
    barrierefrei(seite, streng=True)

    gruppe.get_by_role("checkbox", name="Administration").check()              # unvereinbar mit Eingangszone
    seite.get_by_role("button", name="Sichern", exact=True).click()
    hinweis = seite.locator(".errornote")
    expect(hinweis).to_be_focused()
    link = hinweis.get_by_role("link", name="Rollen: Die Rolle „Administration“ geht nicht zusammen")
    expect(link).to_have_attribute("href", "#id_rollen_0")
    gruppe = seite.get_by_role("group", name="Rollen", exact=True)
    expect(gruppe).to_have_attribute("aria-describedby", "id_rollen_helptext id_rollen_error")
    barrierefrei(seite, streng=True)
    link.click()
    expect(seite.locator("#id_rollen_0")).to_be_focused()


def test_rollen_als_gruppe_beim_anlegen(seite: Page) -> None:
    seite.goto("/verwaltung/auth/user/add/")
    gruppe = seite.get_by_role("group", name="Rollen", exact=True)
    expect(gruppe.get_by_role("checkbox", name="Redaktion")).to_be_visible()
    barrierefrei(seite, streng=True)
