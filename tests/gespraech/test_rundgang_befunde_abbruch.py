"""Befunde aus dem Rundgang am Telefon (Abbruch und Vermerk):

- Die Meldung zu einem zu langen Vermerk schreibt die Zahlen mit Tausenderpunkt („20.001 … 20.000“) wie jede andere
  Längenmeldung im Gespräch (eingabe.text_antwort), nicht „20000“ (Djangos %(limit_value)s).
- Der vorausgefüllte Abbruchvermerk beginnt mit dem Kopf des Vermerks (Tag, Kanal, Standort, Fassung, Weisung) wie
  der Abschlussvermerk: die Agentin sieht vor dem Speichern, was gespeichert wird, und der Kopf steht einmal darin.
- Ein abgelehnter Abbruch (ohne Grund) verliert die freie Antwort nicht, die im Feld der Frage stand (etwa nach
  Alt+Z auf dem Bestätigungsschritt vorbelegt): nach dem Neuladen steht sie wieder im Feld."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.gespraech import services
from kundenportal.gespraech.forms import VERMERK_MAX, Abschluss
from kundenportal.gespraech.models import Kontakt
from kundenportal.lesbar import zahl

pytestmark = pytest.mark.django_db


def _bis_zum_grund(benutzer: Callable[..., Any], kunde: str, client: Client) -> tuple[Any, Kontakt]:
    agent = benutzer("agent_sc3")
    client.force_login(agent)
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    services.kontakt_beantworten(agent, k, "identitaet_geprueft", "ja")
    services.kontakt_beantworten(agent, k, "terminanliegen", "absagen")
    services.kontakt_beantworten(agent, k, "termin_id", "T-1")
    services.kontakt_beantworten(agent, k, "teilnahme_erforderlich", "nein")
    return agent, k


def _abbruch_vorschlag(seite: str) -> str:
    treffer = re.search(r'<textarea[^>]*id="vermerk-abbruch"[^>]*>(.*?)</textarea>', seite, re.S)
    assert treffer is not None
    return html.unescape(treffer.group(1))


def _feld(seite: str) -> str:
    treffer = re.search(r'<input[^>]*id="wert"[^>]*value="([^"]*)"', seite)
    assert treffer is not None, "kein Antwortfeld"
    return html.unescape(treffer.group(1))


def test_zu_langer_vermerk_nennt_zahlen_mit_tausenderpunkt() -> None:
    form = Abschluss(data={"vermerk": "x" * (VERMERK_MAX + 1)})
    assert not form.is_valid()
    meldung = " ".join(form.errors["vermerk"])
    assert meldung == f"Der Vermerk ist {zahl(VERMERK_MAX + 1)} Zeichen lang; erlaubt sind höchstens {zahl(VERMERK_MAX)}."
    assert "20.000" in meldung and "20000" not in meldung
    assert 'maxlength="20000"' in str(Abschluss()["vermerk"])        # der Browser begrenzt weiter


def test_zu_langer_abbruchvermerk_ohne_javascript_mit_tausenderpunkt(benutzer: Callable[..., Any], kunde: str,
                                                                     client: Client) -> None:
    _, k = _bis_zum_grund(benutzer, kunde, client)
    seite = html.unescape(client.post(f"/kontakt/{k.pk}/abschliessen/", {"vermerk": "Grund: " + "x" * VERMERK_MAX},
                                      follow=True).content.decode())
    assert "Der Vermerk ist 20.007 Zeichen lang; erlaubt sind höchstens 20.000." in seite


def test_abbruchvorschlag_beginnt_mit_dem_kopf_und_gespeichert_steht_er_einmal(
        benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    _, k = _bis_zum_grund(benutzer, kunde, client)
    vorschlag = _abbruch_vorschlag(client.get(f"/kontakt/{k.pk}/").content.decode())
    kopf = vorschlag.split("\n", 1)[0]
    assert kopf.startswith("Kontakt vom ") and "nach SC 3.003, Stand 20.03.2020, Weisung 202003006." in kopf
    assert vorschlag.split("\n")[1].startswith("Kontakt vorzeitig beendet (SC 3.003")
    client.post(f"/kontakt/{k.pk}/abschliessen/", {"vermerk": vorschlag + "Kunde hat aufgelegt."})
    k.refresh_from_db()
    assert k.status == Kontakt.ABGESCHLOSSEN
    assert k.vermerk == (vorschlag + "Kunde hat aufgelegt.").strip()          # gespeichert, was zu sehen war
    assert k.vermerk.count("Kontakt vom ") == 1


def test_abbruchvorschlag_vor_der_ersten_antwort(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    agent = benutzer("agent_sc3")
    client.force_login(agent)
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    vorschlag = _abbruch_vorschlag(client.get(f"/kontakt/{k.pk}/").content.decode()).split("\n")
    assert vorschlag[0].startswith("Kontakt vom ") and vorschlag[1].startswith("Kontakt vorzeitig beendet (")
    assert vorschlag[2:] == ["Bisheriger Weg:", "- noch keine Antwort", "Grund des Abbruchs: "]


def test_abgelehnter_abbruch_nach_zurueck_behaelt_die_antwort(benutzer: Callable[..., Any], kunde: str,
                                                              client: Client) -> None:
    """Alt+Z auf dem Bestätigungsschritt: das Feld zeigt den Grund zum Ändern. Der Abbruch ohne Grund wird
    abgelehnt — danach steht der Grund (mit JavaScript der neu getippte, den tastatur.js mitgibt) wieder im Feld."""
    agent, k = _bis_zum_grund(benutzer, kunde, client)
    assert services.kontakt_beantworten(agent, k, "absagegrund", "Arbeit aufgenommn").art == "bestaetigung"
    client.post(f"/kontakt/{k.pk}/zurueck/", {"fakt": "absagegrund"})           # ohne JavaScript: Weiterleitung
    seite = client.get(f"/kontakt/{k.pk}/").content.decode()
    assert _feld(seite) == "Arbeit aufgenommn"
    # ohne JavaScript schickt das Abbruchformular die vorbelegte Antwort mit
    assert re.search(r'name="entwurf_fakt" value="absagegrund"', seite)
    assert re.search(r'name="entwurf_wert" value="Arbeit aufgenommn"', seite)
    vorschlag = _abbruch_vorschlag(seite)
    seite = html.unescape(client.post(f"/kontakt/{k.pk}/abschliessen/", {
        "vermerk": vorschlag, "entwurf_fakt": "absagegrund", "entwurf_wert": "Arbeit aufgenommen"},
        follow=True).content.decode())
    k.refresh_from_db()
    assert k.status == Kontakt.OFFEN
    assert "warum der Kontakt vorzeitig endet" in seite
    assert _feld(seite) == "Arbeit aufgenommen"
    assert _feld(client.get(f"/kontakt/{k.pk}/").content.decode()) == ""       # einmal, wie nach „Zurück“


def test_abgelehnter_abbruch_bei_einer_frage_mit_optionen_setzt_nichts(benutzer: Callable[..., Any], kunde: str,
                                                                        client: Client) -> None:
    _, k = _bis_zum_grund(benutzer, kunde, client)
    client.post(f"/kontakt/{k.pk}/zurueck/", {"fakt": "teilnahme_erforderlich"})
    client.get(f"/kontakt/{k.pk}/")
    seite = client.get(f"/kontakt/{k.pk}/").content.decode()
    assert 'name="entwurf_fakt"' not in seite                  # keine freie Antwort: nichts mitzugeben
    seite = client.post(f"/kontakt/{k.pk}/abschliessen/", {"vermerk": "Grund des Abbruchs: "},
                        follow=True).content.decode()
    assert 'id="wert"' not in seite and "warum der Kontakt vorzeitig endet" in html.unescape(seite)
