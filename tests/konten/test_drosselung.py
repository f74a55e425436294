"""Anmeldung gedrosselt (django-axes) je Konto und je Client-Adresse, für Beschäftigte und Kunden (die Grenze
je Adresse der Beschäftigten: test_drosselung_adresse.py); Sperren stehen im Protokoll (ohne Kundennummer);
Leerlauf und Höchstdauer der Sitzung."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.konten import sitzung

pytestmark = pytest.mark.django_db


def test_konto_wird_nach_fuenf_fehlversuchen_gesperrt(benutzer: Callable[..., Any],
                                                     caplog: pytest.LogCaptureFixture) -> None:
    benutzer("agent_sc3", "ziel")
    with caplog.at_level(logging.WARNING, logger="kundenportal.anmeldung"):
        for i in range(5):     # jede von einer anderen Adresse: gesperrt wird das Konto
            Client(REMOTE_ADDR=f"10.0.0.{i}").post("/anmelden/", {"username": "ziel", "password": "falsch"})
        richtig = Client(REMOTE_ADDR="10.0.1.1").post("/anmelden/", {"username": "ziel", "password": "geheim-123"})
    assert richtig.status_code == 429 and "vorübergehend gesperrt" in richtig.content.decode()
    assert any("Anmeldung gesperrt: konto=ziel" in r.getMessage() for r in caplog.records)


def test_adresse_sperrt_nicht_schon_nach_fuenf_fehlversuchen(benutzer: Callable[..., Any]) -> None:
    """Fünf Fehlversuche verschiedener Konten von einer Adresse (Proxy/NAT der Agentur) sperren die Adresse nicht:
    dort gilt KUNDENPORTAL_ANMELDUNG_FEHLVERSUCHE_ADRESSE (50)."""
    benutzer("agent_sc3", "unschuldig")
    c = Client(REMOTE_ADDR="10.9.9.9")
    for i in range(5):         # fünf verschiedene Konten von einer Adresse
        c.post("/anmelden/", {"username": f"rate-{i}", "password": "falsch"})
    assert c.post("/anmelden/", {"username": "unschuldig", "password": "geheim-123"}).status_code == 302


def test_erfolg_setzt_die_fehlversuche_zurueck(benutzer: Callable[..., Any]) -> None:
    benutzer("agent_sc3", "vergesslich")
    c = Client(REMOTE_ADDR="10.1.1.1")
    for _ in range(2):
        for _ in range(4):
            c.post("/anmelden/", {"username": "vergesslich", "password": "falsch"})
        assert c.post("/anmelden/", {"username": "vergesslich", "password": "geheim-123"}).status_code == 302
        c.logout()


def test_kundenanmeldung_je_adresse_gedrosselt(kunde: str, caplog: pytest.LogCaptureFixture) -> None:
    c = Client(REMOTE_ADDR="10.7.7.7")
    with caplog.at_level(logging.INFO):
        for i in range(20):    # zwanzig verschiedene (unbekannte) Kundennummern: die Adresse wird gesperrt
            c.post("/kunde/anmelden/", {"kundennummer": f"955T0001{i:02d}", "passwort": "falsch"})
        antwort = c.post("/kunde/anmelden/", {"kundennummer": kunde, "passwort": "falsch"})
    assert antwort.status_code == 429 and "gesperrt" in antwort.content.decode()
    assert "955T0001" not in caplog.text and kunde not in caplog.text
    assert Client(REMOTE_ADDR="10.7.7.8").post("/kunde/anmelden/", {"kundennummer": kunde, "passwort": "x"}
                                               ).status_code == 400     # andere Adresse: nicht gesperrt


def _angemeldet(benutzer: Callable[..., Any]) -> Client:
    c = Client()
    benutzer("agent_sc3", "sitzt")
    assert c.post("/anmelden/", {"username": "sitzt", "password": "geheim-123"}).status_code == 302
    assert c.get("/arbeitsplatz/").status_code == 200
    return c


def _zurueckdatieren(c: Client, schluessel: str, sekunden: float) -> None:
    s = c.session
    s[schluessel] = time.time() - sekunden
    s.save()


def test_leerlauf_beendet_die_sitzung(benutzer: Callable[..., Any], settings: Any) -> None:
    settings.KUNDENPORTAL_LEERLAUF_MINUTEN = 30
    c = _angemeldet(benutzer)
    _zurueckdatieren(c, sitzung.ZULETZT, 29 * 60)
    assert c.get("/arbeitsplatz/").status_code == 200
    _zurueckdatieren(c, sitzung.ZULETZT, 31 * 60)
    antwort = c.get("/arbeitsplatz/")
    assert antwort.status_code == 302 and antwort["Location"].startswith("/anmelden/")
    assert "nach längerer Pause beendet" in c.get(antwort["Location"]).content.decode()


def test_hoechstdauer_beendet_auch_eine_benutzte_sitzung(benutzer: Callable[..., Any], settings: Any) -> None:
    settings.SESSION_COOKIE_AGE = 10 * 3600
    c = _angemeldet(benutzer)
    _zurueckdatieren(c, sitzung.BEGINN, 10 * 3600 + 1)
    assert c.get("/arbeitsplatz/")["Location"].startswith("/anmelden/")
