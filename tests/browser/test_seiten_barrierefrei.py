"""Jede Seite des Arbeitsplatzes, des Katalogs, der Postkörbe, der E-Mail-Bearbeitung und der
Verwaltung ist axe-core-sauber (kein einziger Verstoß gegen WCAG 2.1 AA, gleich welcher Schwere) — je
Rolle die Seiten, die sie sehen darf, auch die API-Doku."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page

from kundenportal import zeit
from kundenportal.emb.models import Mail
from kundenportal.emb.services import eml_importieren
from kundenportal.gespraech import services as gespraech
from kundenportal.konten.services import benutzer_anlegen
from kundenportal.qs import services as qs
from tests.browser.werkzeug import barrierefrei, chromium
from tests.conftest import CONTENT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORT = "Demo-Passwort-1"
FOTOS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

SEITEN: dict[str, list[str]] = {
    "agent_sc3": [
        "/arbeitsplatz/", "/kontakt/neu/", "/kontakt/anliegen/", "/suche/?q=Termin+absagen", "/katalog/",
        f"/katalog/{quote('SC 3.307')}/", f"/katalog/{quote('SC 3.307')}/2020-03-20/",
        f"/katalog/{quote('SC 3.307')}/diff/?alt=2019-12-20&neu=2020-03-20", "/weisungen/202003006/",
        "/qs/meine/", "/gibt-es-nicht/", "/abmelden/",
    ],
    "os_algplus": ["/postkorb/os_algplus/"],
    "fk_direktion": ["/postkorb/fk_direktion_qs/"],
    "teamleitung": ["/kennzahlen/", "/qs/", "/qs/stichprobe/{stichprobe}/", "/qs/bewertung/{bewertung}/",
                    "/fuehrung/anlage-5/", "/fuehrung/anlage-7/",
                    "/fuehrung/anlage-5/kontakte/?von=01.02.2020&bis=30.04.2020&kennzahl=kontakte_je_anliegen&vergleich=pilot-vor"],
    "administration": ["/protokoll/"],
    "agent_emb": ["/emb/", "/emb/{mail}/"],
    "agent_ez": ["/arbeitsplatz/", "/kontakt/neu/", "/api/docs/", "/arbeitsmittel/",
                 "/arbeitsmittel/aufgabensteckbrief/ez-01/", "/arbeitsmittel/qs_anlage/2.2.1/"],
    "agent_scfk": ["/arbeitsplatz/", "/kontakt/anliegen/"],
    "redaktion": ["/katalog/", f"/katalog/{quote('SC 3.004a')}/2020-03-20/"],
}
# Adressen, die eine deutsche Fehlerseite in der Hülle zeigen: 405 ist GET auf eine Formularadresse.
FEHLERSEITEN = {"/gibt-es-nicht/": 404, "/abmelden/": 405}


@pytest.fixture
def mail(db: Any) -> int:
    for rolle in SEITEN:
        benutzer_anlegen(f"a-{rolle}", PASSWORT, [rolle], standort="Nürnberg")
    eml_importieren(CONTENT / "email-korpus" / "mails" / "0001.eml")
    return Mail.objects.get().pk


@pytest.fixture
def schluessel(mail: int, kunde: str) -> dict[str, Any]:
    """Die Schlüssel der Seiten: die Mail und eine QS-Stichprobe mit einem abgeschlossenen Kontakt."""
    agent = User.objects.get(username="a-agent_sc3")
    kontakt = gespraech.kontakt_starten(agent, "SC 3.003", kunde)
    gespraech.kontakt_beantworten(agent, kontakt, "identitaet_geprueft", "nein")
    gespraech.kontakt_abschliessen(agent, kontakt, "Identität nicht bestätigt.")
    stichprobe = qs.stichprobe_ziehen(User.objects.get(username="a-teamleitung"), heute=zeit.heute(),
                                      jetzt=zeit.jetzt())
    return {"mail": mail, "stichprobe": stichprobe.pk, "bewertung": stichprobe.bewertungen.get().pk}


@pytest.fixture
def seite(schluessel: dict[str, Any], live_server: Any) -> Iterator[Page]:
    with chromium(live_server) as page:
        yield page


@pytest.mark.parametrize("rolle", list(SEITEN))
def test_jede_seite_der_rolle_ist_barrierefrei(seite: Page, schluessel: dict[str, Any], rolle: str) -> None:
    seite.goto("/anmelden/")
    seite.get_by_label("Benutzername").fill(f"a-{rolle}")
    seite.get_by_label("Passwort").fill(PASSWORT)
    seite.get_by_role("button", name="Anmelden").click()
    seite.wait_for_load_state()
    for pfad in (p.format(**schluessel) for p in SEITEN[rolle]):
        antwort = seite.goto(pfad)
        erwartet = FEHLERSEITEN.get(pfad, 200)        # die deutschen Fehlerseiten in der Hülle
        assert antwort is not None and antwort.status == erwartet, f"{pfad}: HTTP {antwort and antwort.status}"
        assert seite.locator("h1").count() >= 1, f"{pfad}: keine Überschrift h1"
        barrierefrei(seite, streng=True)
        FOTOS.mkdir(parents=True, exist_ok=True)
        name = "start" if pfad == SEITEN[rolle][0].format(**schluessel) else re.sub(r"[^a-z0-9]+", "-", pfad.lower()).strip("-")
        seite.screenshot(path=str(FOTOS / f"{name}-{rolle}.png"))
        # Schmal (400 px, wie 320 px bei 125 % Zoom): nur Tabellen rollen seitlich in ihrem Rahmen, nie die Seite;
        # ein rollender Rahmen ist ein benannter Bereich mit Tabstopp (axe: scrollable-region-focusable).
        gross = seite.viewport_size or {"width": 1280, "height": 720}
        seite.set_viewport_size({"width": 400, "height": 800})
        seite.goto(pfad)
        breite = seite.evaluate("() => document.documentElement.scrollWidth")
        assert breite <= 400, f"{pfad}: bei 400 px Fensterbreite ist die Seite {breite} px breit"
        for rahmen in seite.locator(".tabelle-rahmen[role=region]").all():
            assert rahmen.get_attribute("tabindex") == "0" and rahmen.get_attribute("aria-labelledby"), pfad
        barrierefrei(seite, streng=True)
        seite.set_viewport_size(gross)
