"""Eine Meldung liest der Bildschirmleser einmal: steht sie als Alarm (role="alert") auf der Seite, fehlt sie in der
Ansage der Live-Region (Rundgang: „… nicht erreichbar“ kam zweimal)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import pytest

from kundenportal.gespraech import services

pytestmark = pytest.mark.django_db


def _ansage(teil: str) -> str:
    treffer = re.search(r'data-ansage="([^"]*)"', teil)
    assert treffer is not None, teil[:500]
    return html.unescape(treffer.group(1))


def test_stoerung_steht_im_alarm_und_nicht_noch_einmal_in_der_ansage(benutzer: Callable[..., Any], kunde: str,
                                                                      client: Any, settings: Any) -> None:
    agent = benutzer("agent_sc3")
    client.force_login(agent)
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    services.kontakt_beantworten(agent, k, "identitaet_geprueft", True)
    settings.FACHVERFAHREN_STOERUNG = ["atv"]
    teil = client.post(f"/kontakt/{k.pk}/antwort/", {"fakt": "terminanliegen", "wert": "absagen"},
                       HTTP_HX_REQUEST="true").content.decode()
    alarm = re.search(r'role="alert">.*?<span class="kern-title">([^<]+)</span>', teil, re.S)
    assert alarm is not None and "nicht erreichbar" in alarm.group(1)
    assert "System nicht erreichbar" in teil
    assert alarm.group(1).strip() not in _ansage(teil)


def test_abgelehnte_eingabe_bleibt_in_der_ansage(benutzer: Callable[..., Any], kunde: str, client: Any) -> None:
    """Ohne Alarm (Meldung am Feld) sagt die Ansage weiter, was zu korrigieren ist."""
    agent = benutzer("agent_sc3")
    client.force_login(agent)
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    services.kontakt_beantworten(agent, k, "identitaet_geprueft", True)
    services.kontakt_beantworten(agent, k, "terminanliegen", "absagen")
    services.kontakt_beantworten(agent, k, "termin_id", "T-1")
    services.kontakt_beantworten(agent, k, "teilnahme_erforderlich", "nein")
    teil = client.post(f"/kontakt/{k.pk}/antwort/", {"fakt": "absagegrund", "wert": "  "},
                       HTTP_HX_REQUEST="true").content.decode()
    assert _ansage(teil).startswith("Bitte") and "Bitte korrigieren: Grund der Absage" in _ansage(teil)
