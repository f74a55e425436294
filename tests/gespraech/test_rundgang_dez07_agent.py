"""Mängel aus dem Tastatur-Rundgang vom 07.12.2026 (Familienkasse am Telefon, Eingangszone am Empfang):
die Tastaturzeile der Bestätigung verspricht Alt+Z nur, wenn es ein Zurück gibt; „Kontakt beginnen“ mit Nachname,
aber ohne (gültiges) Geburtsdatum sagt das am Feld Geburtsdatum und setzt den Fokus dorthin.
Der Browser-Teil (unmögliches Datum im Antwortfeld): test_rundgang_dez07_browser.py."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.gespraech import services

pytestmark = pytest.mark.django_db

def _tastaturzeile(seite: str) -> str:
    bestaetigung = seite.split('id="bestaetigung-titel"')[1].split("</section>")[0]
    return bestaetigung.split("Tastatur: ")[1].split("</p>")[0]


def test_bestaetigung_nach_ausgefuehrter_aenderung_verspricht_kein_alt_z(
        benutzer: Callable[..., Any], kunde: str, settings: Any, client: Client) -> None:
    """EZ 1.004a, Regelaltersrente: Die Bestätigung der Abmeldung hat eine vorige Antwort — Alt+Z nimmt sie zurück.
    Gleich nach der ausgeführten Abmeldung folgt die Bestätigung der Aufgabe an OS AlgPlus: kein Formular „Zurück“
    mehr, also sagt die Tastaturzeile das, statt Alt+Z zu nennen (Alt+Z meldete dort nur „wirkt hier nicht“)."""
    settings.KUNDENPORTAL_STICHTAG = "2026-12-07"
    agent = benutzer("agent_ez", "ez-agent-dez07")
    client.force_login(agent)
    k = services.kontakt_starten(agent, "EZ 1.004a", kunde)
    ansicht = None
    for fakt, wert in [("identitaet_geprueft", "ja"), ("anliegen_abmeldung", "rente"), ("rente_status", "bewilligt"),
                       ("rentenart", "regelaltersrente"), ("rentenbeginn", "2027-04-01"),
                       ("vermittlung_weiter_gewuenscht", "nein")]:
        ansicht = services.kontakt_beantworten(agent, k, fakt, wert)
    assert ansicht is not None and ansicht.art == "bestaetigung"
    seite = client.get(f"/kontakt/{k.pk}/").content.decode()
    assert _tastaturzeile(seite) == ("<kbd>Enter</kbd> bestätigt, <kbd>Alt</kbd>+<kbd>Z</kbd> nimmt die vorige Antwort "
                                     "zurück und ändert sie, <kbd>?</kbd> zeigt alle Tastenkürzel.")
    assert 'id="zurueck"' in seite

    ansicht = services.kontakt_bestaetigen(agent, k, None)
    assert ansicht.art == "bestaetigung" and ansicht.vorhaben is not None and "OS AlgPlus" in dict(ansicht.vorhaben.werte).values()
    seite = client.get(f"/kontakt/{k.pk}/").content.decode()
    assert 'id="zurueck"' not in seite
    assert _tastaturzeile(seite) == ("<kbd>Enter</kbd> bestätigt, zurück geht es nach der ausgeführten Änderung nicht "
                                     "mehr, <kbd>?</kbd> zeigt alle Tastenkürzel.")


def _autofocus(seite: str) -> list[str]:
    """Die ids der Eingabefelder mit autofocus."""
    return [re.search(r' id="([^"]+)"', tag).group(1) for tag in re.findall(r"<input[^>]*>", seite)  # type: ignore[union-attr]
            if re.search(r" autofocus[ >=]", tag)]


def test_nachname_ohne_geburtsdatum_meldet_am_geburtsdatum(benutzer: Callable[..., Any], client: Client) -> None:
    """Ein unmögliches Datum (31.02.1990) schickt das Datumsfeld des Browsers leer: die Meldung steht am
    Geburtsdatum, nennt beide Möglichkeiten, und der Fokus steht dort — nicht auf der leeren Kundennummer."""
    client.force_login(benutzer("agent_ez", "ez-agent-dez07"))
    seite = client.post("/kontakt/neu/", {"kundennummer": "", "nachname": "Schröder", "geburtsdatum": ""}
                        ).content.decode()
    assert ('<p class="kern-error" id="id_geburtsdatum_error"><span class="kern-icon kern-icon--danger" '
            'aria-hidden="true"></span><span class="kern-body">Zum Nachnamen fehlt das Geburtsdatum – oder es ist '
            'kein gültiges Datum (TT.MM.JJJJ).</span></p>') in seite
    assert "Geben Sie die Kundennummer an – oder Nachname und Geburtsdatum." not in seite
    assert _autofocus(seite) == ["id_geburtsdatum"]


def test_geburtsdatum_ohne_nachnamen_meldet_am_nachnamen(benutzer: Callable[..., Any], client: Client) -> None:
    client.force_login(benutzer("agent_ez", "ez-agent-dez07"))
    seite = client.post("/kontakt/neu/", {"nachname": "  ", "geburtsdatum": "1990-02-28"}).content.decode()
    assert "Zum Geburtsdatum fehlt der Nachname." in seite and _autofocus(seite) == ["id_nachname"]


def test_ganz_leer_bleibt_die_meldung_oben_und_der_fokus_auf_der_kundennummer(
        benutzer: Callable[..., Any], client: Client) -> None:
    client.force_login(benutzer("agent_ez", "ez-agent-dez07"))
    seite = client.post("/kontakt/neu/", {"kundennummer": " ", "nachname": "", "geburtsdatum": ""}).content.decode()
    assert "Geben Sie die Kundennummer an – oder Nachname und Geburtsdatum." in seite
    assert _autofocus(seite) == ["id_kundennummer"] and 'id="id_geburtsdatum_error"' not in seite
    assert _autofocus(client.get("/kontakt/neu/").content.decode()) == ["id_kundennummer"]
