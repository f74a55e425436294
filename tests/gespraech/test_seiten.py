"""Die Seiten des Arbeitsplatzes über HTTP: anmelden, Kunde finden, Gespräch, Abschluss, Historie."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.gespraech.models import Kontakt

pytestmark = pytest.mark.django_db


def test_anmelden_auf_deutsch(benutzer: Callable[..., Any], client: Client) -> None:
    benutzer("agent_sc3")
    falsch = client.post("/anmelden/", {"username": "t-agent_sc3", "password": "falsch"})
    assert "Benutzername oder Passwort ist falsch" in falsch.content.decode()
    richtig = client.post("/anmelden/", {"username": "t-agent_sc3", "password": "geheim-123"})
    assert richtig.status_code == 302 and richtig["Location"] == "/arbeitsplatz/"


def test_kunde_per_name_und_geburtsdatum_zeigt_keine_personendaten(benutzer: Callable[..., Any], kunde: str,
                                                                   client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    antwort = client.post("/kontakt/neu/", {"nachname": "Mustermann", "geburtsdatum": "1980-02-03"})
    assert antwort.status_code == 302 and antwort["Location"].startswith("/kontakt/anliegen/")
    seite = client.get(antwort["Location"]).content.decode()
    assert f"Kundennummer {kunde}" in seite
    assert "SC 3.003" in seite and "Erika" not in seite and "/suche/" in seite


def test_gespraech_ueber_seiten_mit_vermerk_und_historie(benutzer: Callable[..., Any], kunde: str,
                                                         client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    ort = client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde})["Location"]
    seite = client.get(ort).content.decode()
    assert "Identität des Anrufers" in seite and "Erika" not in seite
    assert "Stand 20.03.2020" in seite and "Weisung 202003006" in seite
    for fakt, wert in [("identitaet_geprueft", "ja"), ("terminanliegen", "absagen"), ("termin_id", "T-1"),
                       ("teilnahme_erforderlich", "ja"), ("teilnahme_moeglich", "ja")]:
        assert client.post(f"{ort}antwort/", {"fakt": fakt, "wert": wert}).status_code == 302
    seite = client.get(ort).content.decode()
    assert "Erika Mustermann" in seite and "Termin T-1 bleibt nach Vorteilsübersetzung bestehen." in seite
    historie = client.post(f"{ort}abschliessen/", {"vermerk": "Bearbeiteter Vermerk."})["Location"]
    kontakt = Kontakt.objects.get()
    assert (kontakt.status, kontakt.ergebnis, kontakt.vermerk) == ("abgeschlossen", "termin_bleibt",
                                                                    "Bearbeiteter Vermerk.")
    assert "Bearbeiteter Vermerk." in client.get(historie).content.decode()


def test_hinweis_erscheint_als_im_gespraech(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    ort = client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde})["Location"]
    for fakt, wert in [("identitaet_geprueft", "ja"), ("terminanliegen", "absagen"), ("termin_id", "T-1"),
                       ("teilnahme_erforderlich", "ja")]:
        client.post(f"{ort}antwort/", {"fakt": fakt, "wert": wert})
    seite = client.get(ort).content.decode()
    assert "<strong>Im Gespräch:</strong> Vorteilsübersetzung" in seite


def test_abgelehnte_antwort_als_meldung(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    ort = client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde})["Location"]
    antwort = client.post(f"{ort}antwort/", {"fakt": "identitaet_geprueft", "wert": "vielleicht"}, follow=True)
    assert "Antwort nicht übernommen: erwartet ja/nein" in antwort.content.decode()


HTMX = {"HTTP_HX_REQUEST": "true"}


def _gestartet(client: Client, kunde: str) -> str:
    return str(client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde})["Location"])


def test_antwort_mit_htmx_liefert_nur_den_gespraechsbereich(benutzer: Callable[..., Any], kunde: str,
                                                            client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    ort = _gestartet(client, kunde)
    seite = client.get(ort).content.decode()
    assert 'id="gespraech" hx-target="#gespraech" hx-swap="innerHTML settle:0ms"' in seite and 'id="ansage"' in seite and "htmx-2" in seite
    antwort = client.post(f"{ort}antwort/", {"fakt": "identitaet_geprueft", "wert": "ja"}, **HTMX)
    teil = antwort.content.decode()
    assert antwort.status_code == 200 and "<html" not in teil and 'id="ansage"' not in teil
    assert '<h2 id="frage-titel" tabindex="-1">Was möchte der Kunde zu seinem Termin?</h2>' in teil
    assert 'data-ansage="Nächste Frage: Was möchte der Kunde zu seinem Termin?"' in teil
    assert "Erika Mustermann" in teil                      # Kundendaten erscheinen im selben Bereich
    zurueck = client.post(f"{ort}zurueck/", {"fakt": "identitaet_geprueft"}, **HTMX).content.decode()
    assert "Identität des Anrufers" in zurueck and "Erika" not in zurueck
    assert 'data-ansage="Zurück zur Frage: Identität des Anrufers' in zurueck    # nicht „Nächste Frage“


def test_hinweis_wird_mit_htmx_angesagt(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    ort = _gestartet(client, kunde)
    for fakt, wert in [("identitaet_geprueft", "ja"), ("terminanliegen", "absagen"), ("termin_id", "T-1")]:
        client.post(f"{ort}antwort/", {"fakt": fakt, "wert": wert}, **HTMX)
    teil = client.post(f"{ort}antwort/", {"fakt": "teilnahme_erforderlich", "wert": "ja"}, **HTMX).content.decode()
    assert "<strong>Im Gespräch:</strong> Vorteilsübersetzung" in teil
    assert 'data-ansage="Im Gespräch: Vorteilsübersetzung' in teil


def test_abgelehnte_antwort_mit_htmx_als_meldung_im_bereich(benutzer: Callable[..., Any], kunde: str,
                                                            client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    ort = _gestartet(client, kunde)
    teil = client.post(f"{ort}antwort/", {"fakt": "identitaet_geprueft", "wert": "vielleicht"}, **HTMX).content.decode()
    assert ('<div class="kern-alert kern-alert--danger" role="alert">' in teil
            and '<span class="kern-title">Antwort nicht übernommen: erwartet ja/nein' in teil)
    assert "Identität des Anrufers" in teil


def test_ende_mit_htmx_laedt_die_abschlussseite(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    ort = _gestartet(client, kunde)
    client.post(f"{ort}antwort/", {"fakt": "identitaet_geprueft", "wert": "ja"}, **HTMX)
    client.post(f"{ort}zurueck/", {"fakt": "identitaet_geprueft"}, **HTMX)
    antwort = client.post(f"{ort}antwort/", {"fakt": "identitaet_geprueft", "wert": "nein"}, **HTMX)
    assert antwort.status_code == 200 and antwort["HX-Redirect"] == ort
    assert "Gespräch beendet" in client.get(ort).content.decode()


def test_fremder_kontakt_auch_mit_htmx_verboten(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    client.force_login(benutzer("agent_sc3", "a1"))
    ort = _gestartet(client, kunde)
    client.force_login(benutzer("agent_sc3", "a2"))
    assert client.post(f"{ort}antwort/", {"fakt": "identitaet_geprueft", "wert": "ja"}, **HTMX).status_code == 403


def test_termine_zur_auswahl_mit_tag_bereich_und_agentur_auf_deutsch(benutzer: Callable[..., Any], kunde: str,
                                                                   client: Client) -> None:
    """Ein geplanter Termin als Option: zuerst Tag und Uhrzeit, der Bereich mit seinem Label, dann die Nummer."""
    client.force_login(benutzer("agent_sc3"))
    ort = client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde})["Location"]
    for fakt, wert in [("identitaet_geprueft", "ja"), ("terminanliegen", "absagen")]:
        client.post(f"{ort}antwort/", {"fakt": fakt, "wert": wert})
    seite = client.get(ort).content.decode()
    assert "09:00 Uhr, Arbeitsvermittlung, Agentur Nürnberg (Termin T-1)</span>" in seite
    assert ", av," not in seite
