"""Der Vorschlag „Kontakt mit Vermerk beenden“ nach einer Störung ist der ganze Vermerk, wie er gespeichert wird:
der Kopf (Tag, Kanal, Standort, Fassung, Weisung) einmal, der bisherige Weg, der Grund — wie der Vorschlag zum
vorzeitigen Beenden. Vorher stand im Feld nur der Grund; gespeichert wurden Kopf und Weg davor, die die Agentin nie
gesehen hatte."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.gespraech import services
from kundenportal.gespraech.models import Kontakt

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _feld(seite: str, kennung: str) -> str:
    treffer = re.search(rf'<textarea[^>]*id="{kennung}"[^>]*>(.*?)</textarea>', seite, re.S)
    assert treffer, f"kein Feld {kennung}"
    return html.unescape(treffer.group(1))


def _kopf(vermerk: str) -> str:
    kopf = vermerk.split("\n")[0]
    assert kopf.startswith("Kontakt vom ") and ", Weisung " in kopf, vermerk
    return kopf


def test_nicht_erreichbar_vorschlag_ist_der_gespeicherte_vermerk(benutzer: Callable[..., Any], kunde: str,
                                                                  client: Client, settings: Any) -> None:
    agent = benutzer("agent_sc3")
    client.force_login(agent)
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    services.kontakt_beantworten(agent, k, "identitaet_geprueft", True)
    settings.FACHVERFAHREN_STOERUNG = ["atv"]
    antwort = client.post(f"/kontakt/{k.pk}/antwort/", {"fakt": "terminanliegen", "wert": "absagen"}, **HTMX)  # type: ignore[arg-type]
    assert antwort.status_code == 200
    for seite in (antwort.content.decode(), client.get(f"/kontakt/{k.pk}/").content.decode()):  # htmx und ganz
        assert "System nicht erreichbar: ATV (Terminverwaltung)" in seite
        vorschlag = _feld(seite, "vermerk-stoerung")
        kopf = _kopf(vorschlag)
        assert kopf == _kopf(_feld(seite, "vermerk-abbruch"))      # derselbe Kopf wie beim vorzeitigen Beenden
        assert vorschlag.count("Kontakt vom ") == 1
        assert "SC 3.003" in kopf and "(Service Center SGB III" in kopf
        assert "Bisheriger Weg:\n- Identität des Anrufers anhand der Sicherheitsmerkmale geprüft? ja\n" in vorschlag
        assert vorschlag.endswith("Grund des Abbruchs: ATV (Terminverwaltung) war nicht erreichbar; Kontakt ohne "
                                  "Abschluss des Anliegens beendet.")

    gespeichert = client.post(f"/kontakt/{k.pk}/abschliessen/", {"vermerk": vorschlag})
    assert gespeichert.status_code == 302
    k.refresh_from_db()
    assert (k.status, k.ergebnis) == (Kontakt.ABGESCHLOSSEN, "abgebrochen")
    assert k.vermerk == vorschlag                                  # genau, was im Feld stand: der Kopf einmal
    assert k.vermerk.count(kopf) == 1


def test_abgelehnt_vorschlag_mit_kopf_und_weg(benutzer: Callable[..., Any], client: Client, settings: Any) -> None:
    """Familienkasse, Kundin ohne KIWI-Fall: „Vorgang nicht ausgeführt“ — der Vorschlag nennt Standort und Weg."""
    from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden

    settings.KUNDENPORTAL_STICHTAG = "2020-03-20"
    ausgangslage_laden({"kunde": {"kundennummer": "955A300090", "vorname": "Lea", "nachname": "Neu",
                                  "geburtsdatum": "1990-01-01", "wohnort_agentur": "Hamburg"}})
    agent = benutzer("agent_scfk", standort="Hamburg")
    client.force_login(agent)
    k = services.kontakt_starten(agent, "FK 4.802", "955A300090")
    services.kontakt_beantworten(agent, k, "identitaet_geprueft", True)
    a = services.kontakt_beantworten(agent, k, "oeffentlicher_dienst", "nein")
    antwort = client.post(f"/kontakt/{k.pk}/bestaetigen/", {"zeichen": a.vorhaben.zeichen if a.vorhaben else ""},
                          **HTMX)  # type: ignore[arg-type]
    seite = antwort.content.decode()
    assert "Vorgang nicht ausgeführt: KIWI (Kindergeld)" in seite
    vorschlag = _feld(seite, "vermerk-stoerung")
    kopf = _kopf(vorschlag)
    assert kopf.startswith("Kontakt vom 20.03.2020 (Service Center Familienkasse, Hamburg) nach FK 4.802, Stand ")
    assert "im öffentlichen Dienst beschäftigt? nein" in vorschlag
    assert vorschlag.endswith("Grund des Abbruchs: KIWI (Kindergeld): kein KIWI-Fall für 955A300090. Vorgang nicht "
                              "ausgeführt; Kontakt ohne Abschluss des Anliegens beendet.")
    assert vorschlag == _feld(client.get(f"/kontakt/{k.pk}/").content.decode(), "vermerk-stoerung")   # neu geladen

    client.post(f"/kontakt/{k.pk}/abschliessen/", {"vermerk": vorschlag})
    client.post(f"/kontakt/{k.pk}/abschliessen/", {"vermerk": vorschlag})    # doppelt abgeschickt: einmal gespeichert
    k.refresh_from_db()
    assert k.status == Kontakt.ABGESCHLOSSEN and k.vermerk == vorschlag and k.vermerk.count("Kontakt vom ") == 1
