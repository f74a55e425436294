"""Die Verwaltung im Browser: Benutzer anlegen und ändern ohne einen einzigen axe-Verstoß (WCAG 2.1 AA) — die
Rollen als Kästchen statt Djangos Auswahl mit zwei Listen (deren Skript setzte `aria-prohibited-attr`) —, alles
deutsch, und ein Tippfehler im Standort wird im Browser abgewiesen. Dazu jede Seite, die die Administration in
/verwaltung/ erreicht — Übersicht, Listen, Formulare, Passwort ändern (mit Fehler und erledigt), Abmelden und wieder
Anmelden —: axe-sauber, deutscher Seitentitel, kein englischer Rest (auch nicht in alt, aria-label, title). Nach einem
gescheiterten Sichern steht der Fokus auf dem Fehlerhinweis über dem Formular (.errornote, role="alert"), nicht auf dem
ersten Feld — ein Screenreader sagt den Fehler an."""

from __future__ import annotations

import re
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
                 "/verwaltung/konten/rolle/"):
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


# Englische Reste, die Djangos Admin mitbringt: alt="Search" am Suchfeld, alt="True" an Häkchen, „Home“ …
ENGLISCH = re.compile(r"\b(Search|True|False|None|Home|Log in|Log out|View site|Change password|Password|Please|"
                      r"Select|Staff|Breadcrumbs|Toggle|Thanks)\b")
TEXTE = """() => [document.title, document.body.innerText,
    ...[...document.querySelectorAll('[alt], [aria-label], [title], [placeholder]')].flatMap(
        e => ['alt', 'aria-label', 'title', 'placeholder'].map(a => e.getAttribute(a) || '')),
    ...[...document.querySelectorAll('input[type=submit], input[type=button]')].map(e => e.value)].join('\\n')"""


def _deutsch_und_barrierefrei(seite: Page, titel: str) -> None:
    expect(seite).to_have_title(f"{titel} | Verwaltung")
    barrierefrei(seite, streng=True)
    englisch = ENGLISCH.findall(seite.evaluate(TEXTE))
    assert not englisch, f"{seite.url}: {englisch}"


def test_jede_seite_der_verwaltung_ist_barrierefrei_und_deutsch(seite: Page) -> None:
    from django.contrib.auth.models import User

    from kundenportal.konten import schluessel

    def vorbereiten() -> int:
        agentin = User.objects.get(username="agentin")
        schluessel.anlegen(agentin, "Integration")
        schluessel.widerrufen(schluessel.anlegen(agentin, "Widerrufen")[0].pk)
        return int(agentin.pk)

    pk = datenbank(vorbereiten)
    seiten = {"/verwaltung/": "Benutzer und Rollen",
              "/verwaltung/auth/user/": "Benutzer zur Änderung auswählen",
              "/verwaltung/auth/user/?q=agent&_facets=True": "Benutzer zur Änderung auswählen",
              "/verwaltung/auth/user/add/": "Benutzer hinzufügen",
              f"/verwaltung/auth/user/{pk}/change/": "agentin | Benutzer ändern",
              f"/verwaltung/auth/user/{pk}/password/": "Passwort ändern: agentin",
              f"/verwaltung/auth/user/{pk}/history/": "Änderungsgeschichte: agentin",
              "/verwaltung/konten/rolle/": "Rolle zum Ansehen auswählen",
              "/verwaltung/konten/apischluessel/": "API-Schlüssel zur Änderung auswählen",
              "/verwaltung/password_change/": "Passwort ändern"}
    for pfad, titel in seiten.items():
        antwort = seite.goto(pfad)
        assert antwort is not None and antwort.status == 200, pfad
        _deutsch_und_barrierefrei(seite, titel)
        if "apischluessel" in pfad:                     # „Aktiv“: Djangos Häkchen hatten alt="True"/"False"
            expect(seite.locator("#result_list img[alt='Ja']")).to_have_count(1)
            expect(seite.locator("#result_list img[alt='Nein']")).to_have_count(1)

    seite.goto("/verwaltung/password_change/")          # Djangos Übersetzung hatte „dass es es korrekt“
    expect(seite.locator("#content")).to_contain_text("um sicherzustellen, dass es korrekt eingegeben wurde.")
    seite.get_by_label("Altes Passwort").fill("falsch")
    seite.get_by_label("Neues Passwort:", exact=True).fill("Neues-Passwort-2026")
    seite.get_by_label("Neues Passwort bestätigen").fill("Anderes-Passwort-2026")
    seite.get_by_role("button", name="Mein Passwort ändern").click()
    _deutsch_und_barrierefrei(seite, "Fehler: Passwort ändern")
    expect(seite.locator("#content")).to_contain_text("Das alte Passwort war falsch.")
    seite.get_by_label("Altes Passwort").fill(PASSWORT)
    seite.get_by_label("Neues Passwort:", exact=True).fill("Neues-Passwort-2026")
    seite.get_by_label("Neues Passwort bestätigen").fill("Neues-Passwort-2026")
    seite.get_by_role("button", name="Mein Passwort ändern").click()
    _deutsch_und_barrierefrei(seite, "Passwort erfolgreich geändert")

    # Abmelden wie im Portal: zurück zur Anmeldung des Portals, nicht auf Djangos Admin-Anmeldung (die verlangt
    # is_staff und wies die Administration mit „Staff-Account“ ab).
    seite.get_by_role("button", name="Abmelden").click()
    expect(seite).to_have_url(re.compile(r"/anmelden/$"))
    seite.goto("/verwaltung/")
    expect(seite).to_have_url(re.compile(r"/anmelden/\?next=/verwaltung/$"))
    seite.get_by_label("Benutzername").fill("verwalterin")
    seite.get_by_label("Passwort").fill("Neues-Passwort-2026")
    seite.get_by_role("button", name="Anmelden").click()
    expect(seite).to_have_url(re.compile(r"/verwaltung/$"))
    _deutsch_und_barrierefrei(seite, "Benutzer und Rollen")


# --- Fokus nach einem gescheiterten Sichern ------------------------------------------------------------------------

def _fokus_auf_dem_fehlerhinweis(seite: Page) -> None:
    hinweis = seite.locator("#content-main .errornote")
    expect(hinweis).to_be_focused()
    expect(hinweis).to_have_attribute("role", "alert")
    expect(hinweis).to_have_attribute("tabindex", "-1")
    expect(hinweis).to_contain_text("korrigieren")
    assert seite.title().startswith("Fehler:")
    barrierefrei(seite, streng=True)


def test_hinzufuegen_ohne_fehler_fokus_auf_dem_ersten_feld(seite: Page) -> None:
    seite.goto("/verwaltung/auth/user/add/")
    expect(seite.get_by_label("Benutzername:", exact=True)).to_be_focused()         # Djangos change_form.js
    expect(seite.locator(".errornote")).to_have_count(0)


def test_hinzufuegen_mit_fehler_fokus_auf_dem_fehlerhinweis(seite: Page) -> None:
    seite.goto("/verwaltung/auth/user/add/")
    seite.get_by_label("Benutzername:", exact=True).fill("neu")
    seite.get_by_role("button", name="Sichern", exact=True).click()                  # ohne Passwort
    _fokus_auf_dem_fehlerhinweis(seite)
    links = seite.locator("#content-main .errornote a")                              # je Fehler ein Link zum Feld
    expect(links.first).to_have_attribute("href", re.compile(r"^#id_password"))
    seite.keyboard.press("Tab")                                                      # zum ersten Link …
    expect(links.first).to_be_focused()
    seite.keyboard.press("Enter")                                                    # … und zum Feld
    expect(seite.locator(links.first.get_attribute("href") or "#")).to_be_focused()


def test_aendern_mit_fehler_fokus_auf_dem_fehlerhinweis(seite: Page) -> None:
    from django.contrib.auth.models import User

    pk = datenbank(lambda: User.objects.get(username="agentin").pk)
    seite.goto(f"/verwaltung/auth/user/{pk}/change/")
    seite.get_by_role("button", name="Sichern", exact=True).click()                  # Standort „Nürnbergg“
    expect(seite.locator(".errorlist")).to_contain_text("Standort: „Nürnbergg“ ist keine Agentur")
    _fokus_auf_dem_fehlerhinweis(seite)
    expect(seite.locator("#content-main .errornote a[href='#id_standort']")).to_contain_text("„Nürnbergg“ ist keine Agentur")
