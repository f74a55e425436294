"""Beschäftigte hinter einer gemeinsamen Adresse (Proxy/NAT der Agentur): fünf Fehlversuche sperren nur das eine
Konto, die Kolleginnen an derselben Adresse melden sich weiter an. Die Adresse selbst sperrt erst nach
KUNDENPORTAL_ANMELDUNG_FEHLVERSUCHE_ADRESSE (50) Fehlversuchen über alle Konten — dann auch ein frisches Konto mit
richtigem Passwort. Was die Adresssperre abweist, zählt nicht mit; sie endet nach der Sperrdauer oder mit
`axes_reset_ip`, eine Kontosperre mit `benutzer entsperren`."""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Callable
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.db.models import F
from django.test import Client

from kundenportal.konten import drosselung
from kundenportal.konten.formulare import FALSCH, GESPERRT

pytestmark = pytest.mark.django_db

NAT = "10.40.0.1"          # die gemeinsame Adresse einer Agentur
ANDERS = "10.40.9.9"


def _anmelden(name: str, passwort: str, adresse: str = NAT) -> Any:
    return Client(REMOTE_ADDR=adresse).post("/anmelden/", {"username": name, "password": passwort})


def _ist_sperrseite(antwort: Any) -> bool:
    """Die Seite der Sperre nach Fehlversuchen (429), nicht die Meldung der Anmeldemaske für ein deaktiviertes
    Konto oder ein falsches Passwort."""
    seite = antwort.content.decode()
    return (antwort.status_code == 429 and "Anmeldung vorübergehend gesperrt" in seite
            and "Zu viele fehlgeschlagene Anmeldeversuche" in seite and GESPERRT not in seite and FALSCH not in seite)


def _fehlversuche_ueber_viele_konten(anzahl: int, adresse: str = NAT) -> Any:
    """`anzahl` Fehlversuche von einer Adresse, je zwei für ein Konto (keins erreicht die Kontogrenze)."""
    antwort = None
    for i in range(anzahl):
        antwort = _anmelden(f"probe-{i // 2}", "falsch", adresse)
    return antwort


def _sperrdauer_vergehen_lassen() -> None:
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - dt.timedelta(minutes=16))


def test_sechs_fehlversuche_sperren_das_konto_nicht_die_kollegin(benutzer: Callable[..., Any],
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    benutzer("agent_sc3", "vertippt")
    benutzer("agent_sc3", "kollegin")
    with caplog.at_level(logging.WARNING, logger="kundenportal.anmeldung"):
        antworten = [_anmelden("vertippt", "falsch") for _ in range(6)]
    assert [a.status_code for a in antworten[:4]] == [200] * 4
    assert all(_ist_sperrseite(a) for a in antworten[4:])              # ab dem fünften: Konto gesperrt
    assert _ist_sperrseite(_anmelden("vertippt", "geheim-123"))
    assert _ist_sperrseite(_anmelden("vertippt", "geheim-123", ANDERS))  # die Kontosperre gilt überall
    assert _anmelden("kollegin", "geheim-123").status_code == 302       # dieselbe Adresse, anderes Konto
    assert f"Anmeldung gesperrt: konto=vertippt adresse={NAT}" in caplog.text
    assert "je Adresse" not in caplog.text and "falsch" not in caplog.text


def test_fuenfzig_fehlversuche_ueber_viele_konten_sperren_die_adresse(benutzer: Callable[..., Any],
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    benutzer("agent_sc3", "vorher")
    assert _fehlversuche_ueber_viele_konten(49).status_code == 200
    assert _anmelden("vorher", "geheim-123").status_code == 302         # 49: die Adresse ist noch offen
    with caplog.at_level(logging.WARNING, logger="kundenportal.anmeldung"):
        assert _ist_sperrseite(_anmelden("probe-99", "falsch"))         # der fünfzigste sperrt die Adresse
    assert f"Anmeldung gesperrt je Adresse: adresse={NAT} (zuletzt konto=probe-99)" in caplog.text
    benutzer("agent_sc3", "frisch")
    assert _ist_sperrseite(_anmelden("frisch", "geheim-123"))           # auch ein frisches Konto, richtiges Passwort
    assert _anmelden("frisch", "geheim-123", ANDERS).status_code == 302  # nur diese Adresse ist gesperrt


def test_abgewiesene_versuche_zaehlen_nicht(benutzer: Callable[..., Any]) -> None:
    """Wer es während der Adresssperre mit richtigem Passwort weiter versucht, sperrt nicht sein eigenes Konto
    und verlängert die Sperre nicht."""
    benutzer("agent_sc3", "geduldig")
    _fehlversuche_ueber_viele_konten(50)
    for _ in range(6):
        assert _ist_sperrseite(_anmelden("geduldig", "geheim-123"))
    assert not AccessAttempt.objects.filter(username="geduldig").exists()
    assert _anmelden("geduldig", "geheim-123", ANDERS).status_code == 302
    _sperrdauer_vergehen_lassen()
    assert _anmelden("geduldig", "geheim-123").status_code == 302


def test_adresssperre_endet_nach_der_sperrdauer(benutzer: Callable[..., Any]) -> None:
    benutzer("agent_sc3", "wartet")
    _fehlversuche_ueber_viele_konten(50)
    assert _ist_sperrseite(_anmelden("wartet", "geheim-123"))
    _sperrdauer_vergehen_lassen()
    assert _anmelden("wartet", "geheim-123").status_code == 302


def test_axes_reset_ip_hebt_die_adresssperre_auf(benutzer: Callable[..., Any]) -> None:
    benutzer("agent_sc3", "wartet-nicht")
    _fehlversuche_ueber_viele_konten(50)
    ausgabe = io.StringIO()
    call_command("benutzer", "entsperren", "wartet-nicht", stdout=ausgabe)
    assert f"Weiter gesperrt: Anmeldungen von {NAT} (zu viele Fehlversuche über alle Konten); aufheben mit: " \
           f"manage.py axes_reset_ip {NAT}" in ausgabe.getvalue()                # sagt, was weiter gilt
    assert _ist_sperrseite(_anmelden("wartet-nicht", "geheim-123"))    # entsperrt nur das Konto, nicht die Adresse
    call_command("axes_reset_ip", NAT, stdout=io.StringIO())
    assert _anmelden("wartet-nicht", "geheim-123").status_code == 302


def test_benutzer_entsperren_hebt_die_kontosperre_auf(benutzer: Callable[..., Any]) -> None:
    benutzer("agent_sc3", "vertippt")
    for _ in range(6):
        _anmelden("vertippt", "falsch")
    assert _ist_sperrseite(_anmelden("vertippt", "geheim-123"))
    call_command("benutzer", "entsperren", "vertippt", stdout=io.StringIO())
    assert _anmelden("vertippt", "geheim-123").status_code == 302


def test_kontosperre_endet_nach_der_sperrdauer(benutzer: Callable[..., Any]) -> None:
    benutzer("agent_sc3", "vertippt")
    for _ in range(5):
        _anmelden("vertippt", "falsch")
    assert _ist_sperrseite(_anmelden("vertippt", "geheim-123"))
    _sperrdauer_vergehen_lassen()
    assert _anmelden("vertippt", "geheim-123").status_code == 302


def test_grenze_je_adresse_ist_einstellbar(benutzer: Callable[..., Any], settings: Any) -> None:
    settings.KUNDENPORTAL_ANMELDUNG_FEHLVERSUCHE_ADRESSE = 6
    benutzer("agent_sc3", "frisch")
    _fehlversuche_ueber_viele_konten(5)
    assert _anmelden("frisch", "geheim-123").status_code == 302
    assert _ist_sperrseite(_anmelden("probe-9", "falsch"))
    assert _ist_sperrseite(_anmelden("frisch", "geheim-123"))


def test_kunden_zaehlen_je_adresse_weiter_bis_zwanzig(kunde: str) -> None:
    """Die höhere Grenze gilt nur für Beschäftigte: die Kundenanmeldung sperrt die Adresse wie bisher nach 20."""
    c = Client(REMOTE_ADDR="10.41.0.1")
    for i in range(18):
        c.post("/kunde/anmelden/", {"kundennummer": f"955T0002{i:02d}", "passwort": "falsch"})
    assert c.post("/kunde/anmelden/", {"kundennummer": "955T000299", "passwort": "falsch"}).status_code == 400
    assert c.post("/kunde/anmelden/", {"kundennummer": "955T000298", "passwort": "falsch"}).status_code == 429
    antwort = c.post("/kunde/anmelden/", {"kundennummer": kunde, "passwort": "falsch"})
    assert antwort.status_code == 429 and drosselung.GESPERRT_KUNDE in antwort.content.decode()
