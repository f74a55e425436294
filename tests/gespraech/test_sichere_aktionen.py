"""Sichere Aktionen über HTTP: Bestätigungsschritt, plausible Daten, Störung eines Fachverfahrens,
Kontakt ohne Kundennummer, Abbruch mit Weg im Vermerk (docs/adr/0008-bestaetigung-vor-aktionen.md)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal import zeit
from kundenportal.fachverfahren.referenz.ausgangslage import zustand_lesen
from kundenportal.gespraech.models import Kontakt

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _starten(client: Client, leitfaden: str, kundennummer: str = "") -> str:
    antwort = client.post("/kontakt/starten/", {"leitfaden": leitfaden, "kundennummer": kundennummer})
    assert antwort.status_code == 302, antwort.content.decode()[:500]
    return str(antwort["Location"])


def _antworten(client: Client, ort: str, *paare: tuple[str, str]) -> str:
    for fakt, wert in paare:
        if f'name="fakt" value="{fakt}"' not in client.get(ort).content.decode():
            continue                                   # diese Fassung fragt das nicht
        antwort = client.post(f"{ort}antwort/", {"fakt": fakt, "wert": wert}, follow=True)
        assert antwort.status_code == 200
    return client.get(ort).content.decode()


def _rente(rentenbeginn: str) -> tuple[tuple[str, str], ...]:
    return (("identitaet_geprueft", "ja"), ("anliegen_abmeldung", "rente"), ("rente_status", "bewilligt"),
            ("rentenart", "regelaltersrente"), ("rentenbeginn", rentenbeginn),
            ("vermittlung_weiter_gewuenscht", "nein"))


def _aendern_knoepfe(seite: str) -> int:
    return len(re.findall(r'aria-label="Antwort „[^"]*“ ändern"', seite))


def test_abmeldung_erst_nach_bestaetigung_danach_kein_zurueck(benutzer: Callable[..., Any], kunde: str,
                                                              client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    ort = _starten(client, "SC 3.004a", kunde)
    beginn = zeit.heute() + dt.timedelta(days=20)
    seite = _antworten(client, ort, *_rente(beginn.isoformat()))
    assert "Bitte prüfen und bestätigen: Kundin oder Kunden abmelden" in seite
    assert "<dd>VerBIS (Vermittlung)</dd>" in seite and f"<dd>{beginn:%d.%m.%Y}</dd>" in seite
    assert 'id="zurueck"' in seite and _aendern_knoepfe(seite) >= 5       # vor der Bestätigung änderbar
    assert 'autofocus><span class="kern-label">Bestätigen und ausführen</span></button>' in seite
    assert zustand_lesen(kunde)["kunde"]["status"] == "arbeitslos"
    zeichen = re.search(r'name="zeichen" value="([0-9a-f]+)"', seite)
    assert zeichen is not None
    antwort = client.post(f"{ort}bestaetigen/", {"zeichen": zeichen.group(1)}, **HTMX)   # type: ignore[arg-type]
    assert antwort.status_code == 200
    teil = antwort.content.decode()
    assert "Ausgeführt und bestätigt: VerBIS: Abmeldung erfasst" in teil
    assert zustand_lesen(kunde)["kunde"]["status"] == "abgemeldet"
    # Nach der Aktion: kein „Zurück“ und kein „ändern“ für Antworten davor — sie könnten nicht mehr wirken.
    assert 'id="zurueck"' not in teil and _aendern_knoepfe(teil) == 0
    veraltet = client.post(f"{ort}bestaetigen/", {"zeichen": zeichen.group(1)}, follow=True)
    assert veraltet.status_code == 200
    assert "Die Werte dieser Aktion haben sich seit der Anzeige geändert" in veraltet.content.decode()


def test_unplausibler_rentenbeginn_mit_klarer_meldung(benutzer: Callable[..., Any], kunde: str,
                                                      client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    ort = _starten(client, "SC 3.004a", kunde)
    _antworten(client, ort, *_rente("2020-01-01")[:4])
    antwort = client.post(f"{ort}antwort/", {"fakt": "rentenbeginn", "wert": "2000-01-01"}, **HTMX)  # type: ignore[arg-type]
    assert antwort.status_code == 200
    teil = antwort.content.decode()
    assert "Antwort nicht übernommen: 01.01.2000 liegt zu weit vor dem Kontaktdatum" in teil
    # Die Meldung steht am Feld, das abgelehnte Datum bleibt darin (tests/gespraech/test_rundgang_agent.py).
    assert "12 Monate davor bis 24 Monate danach" in teil and 'aria-invalid="true"' in teil
    assert 'value="2000-01-01"' in teil
    assert zustand_lesen(kunde)["kunde"]["status"] == "arbeitslos"


@pytest.mark.parametrize("htmx", [False, True])
def test_gestoertes_fachverfahren_gibt_einen_schritt_keinen_500(benutzer: Callable[..., Any], kunde: str,
                                                                  client: Client, settings: Any, htmx: bool) -> None:
    settings.FACHVERFAHREN_STOERUNG = ["atv", "kiwi"]
    client.force_login(benutzer("agent_sc3"))
    ort = _starten(client, "SC 3.003", kunde)
    kopf = HTMX if htmx else {}
    antwort = client.post(f"{ort}antwort/", {"fakt": "identitaet_geprueft", "wert": "ja"}, follow=not htmx,
                          **kopf)  # type: ignore[arg-type]
    assert antwort.status_code == 200
    seite = client.get(ort)
    assert seite.status_code == 200
    assert "Zurzeit nicht erreichbar: ATV" in seite.content.decode()          # Kundendaten ohne ATV
    antwort = client.post(f"{ort}antwort/", {"fakt": "terminanliegen", "wert": "absagen"}, follow=not htmx,
                          **kopf)  # type: ignore[arg-type]
    assert antwort.status_code == 200
    if htmx:
        assert "ATV ist zurzeit nicht erreichbar" in antwort.content.decode()    # Meldung im Gesprächsbereich
    text = client.get(ort).content.decode()
    assert "System nicht erreichbar: ATV (Terminverwaltung)" in text
    assert "Erneut versuchen" in text and "Kontakt mit Vermerk beenden" in text
    nochmal = client.post(f"{ort}weiter/", **HTMX)  # type: ignore[arg-type]
    assert nochmal.status_code == 200 and "System nicht erreichbar" in nochmal.content.decode()
    settings.FACHVERFAHREN_STOERUNG = []
    weiter = client.post(f"{ort}weiter/", **HTMX)  # type: ignore[arg-type]
    assert weiter.status_code == 200 and "Was möchte der Kunde zu seinem Termin?" in weiter.content.decode()


def test_gestoerter_kontakt_mit_vermerk_beenden(benutzer: Callable[..., Any], kunde: str, client: Client,
                                                 settings: Any) -> None:
    settings.FACHVERFAHREN_STOERUNG = ["atv"]
    client.force_login(benutzer("agent_sc3"))
    ort = _starten(client, "SC 3.003", kunde)
    _antworten(client, ort, ("identitaet_geprueft", "ja"))
    antwort = client.post(f"{ort}abschliessen/", {"vermerk": "ATV gestört, Kunde ruft morgen wieder an."})
    assert antwort.status_code == 302
    k = Kontakt.objects.get(kundennummer=kunde)
    assert (k.status, k.ergebnis) == ("abgeschlossen", "abgebrochen")
    assert "Identität des Anrufers anhand der Sicherheitsmerkmale geprüft? ja" in k.vermerk
    assert k.vermerk.rstrip().endswith("ATV gestört, Kunde ruft morgen wieder an.")


def test_abbruch_behaelt_den_beantworteten_weg_im_vermerk(benutzer: Callable[..., Any], kunde: str,
                                                          client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    ort = _starten(client, "SC 3.003", kunde)
    _antworten(client, ort, ("identitaet_geprueft", "ja"), ("terminanliegen", "absagen"))
    client.post(f"{ort}abschliessen/", {"vermerk": "Kunde hat aufgelegt."})
    k = Kontakt.objects.get(kundennummer=kunde)
    assert k.ergebnis == "abgebrochen"
    assert "Was möchte der Kunde zu seinem Termin? Termin absagen" in k.vermerk
    assert "Kontakt vorzeitig beendet: Kunde hat aufgelegt." in k.vermerk


def test_ez_rente_ohne_kundennummer_endet_nicht_in_500(benutzer: Callable[..., Any], client: Client) -> None:
    client.force_login(benutzer("agent_ez"))
    ort = _starten(client, "EZ 1.004a")
    seite = client.get(ort)
    assert seite.status_code == 200
    beginn = zeit.heute() + dt.timedelta(days=20)
    for fakt, wert in _rente(beginn.isoformat()):
        if f'name="fakt" value="{fakt}"' not in client.get(ort).content.decode():
            continue
        antwort = client.post(f"{ort}antwort/", {"fakt": fakt, "wert": wert}, **HTMX)  # type: ignore[arg-type]
        assert antwort.status_code == 200
    text = client.get(ort).content.decode()
    assert "Bitte prüfen und bestätigen: Kundin oder Kunden abmelden" in text
    assert "Dieser Kontakt wurde ohne Kundennummer begonnen; „Kundin oder Kunden abmelden“ in VerBIS" in text
    assert "Bestätigen und ausführen" not in text
    antwort = client.post(f"{ort}bestaetigen/", **HTMX)  # type: ignore[arg-type]
    assert antwort.status_code == 200
    assert "Dieser Kontakt wurde ohne Kundennummer begonnen" in antwort.content.decode()
    abbruch = client.post(f"{ort}abschliessen/", {"vermerk": "Kunde nennt die Kundennummer nicht."})
    assert abbruch.status_code == 302
    k = Kontakt.objects.get()
    assert "Ab wann wird die Rente gezahlt?" in k.vermerk and k.ergebnis == "abgebrochen"


def test_ausgefuehrte_aktion_nennt_labels_statt_codes(benutzer: Callable[..., Any], kunde: str,
                                                      client: Client) -> None:
    """„Ausgeführt und bestätigt“ und der Weg sagen „Papierantrag (Insolvenzgeld)“ wie der Vermerk — nicht den
    Code der Leistung („insolvenzgeld“)."""
    client.force_login(benutzer("agent_sc3"))
    ort = _starten(client, "SC 3.307", kunde)
    seite = _antworten(client, ort, ("identitaet_geprueft", "ja"), ("antrag_online_gewuenscht", "ja"),
                       ("erhoehung_sicherheitsstufe", "abgelehnt"))
    zeichen = re.search(r'name="zeichen" value="([0-9a-f]+)"', seite)
    assert zeichen is not None, seite[-2000:]
    ganz = client.post(f"{ort}bestaetigen/", {"zeichen": zeichen.group(1)}, follow=True).content.decode()
    assert "Versand: Papierantrag (Insolvenzgeld) per Post übersandt." in ganz
    assert "(insolvenzgeld)" not in ganz
