"""Der Aufgabensteckbrief im Gespräch (domain.md A12): wer an der Eingangszone einen Termin absagt, sieht
neben dem Leitfaden den Steckbrief, der am Tag des Gesprächs gilt; andere Rollen sehen keinen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.gespraech import services as gespraech

pytestmark = pytest.mark.django_db


def _kontaktseite(benutzer: Callable[..., Any], kunde: str, rolle: str, leitfaden: str) -> str:
    agent = benutzer(rolle, f"steckbrief-{rolle}")
    k = gespraech.kontakt_starten(agent, leitfaden, kunde)
    client = Client()
    client.force_login(agent)
    antwort = client.get(f"/kontakt/{k.pk}/")
    assert antwort.status_code == 200
    return antwort.content.decode()


def test_eingangszone_sieht_den_geltenden_steckbrief(benutzer: Callable[..., Any], kunde: str,
                                                      settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-25"
    html = _kontaktseite(benutzer, kunde, "agent_ez", "EZ 1.003")
    assert 'aria-labelledby="steckbrief-titel"' in html
    assert "EZ 01: Termin absagen, verschieben oder vereinbaren (Stand 20.03.2020, Richtzeit 6 Minuten)" in html
    assert "Termin im ATV mit der Funktion „abgesagt“ kennzeichnen (nie löschen), Grund erfassen" in html
    assert "Erledigt die Eingangszone selbst" in html
    assert 'href="/arbeitsmittel/aufgabensteckbrief/ez-01/?stand=2020-03-20"' in html


def test_vor_der_weisung_gilt_die_vorgaengerin(benutzer: Callable[..., Any], kunde: str, settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-02"
    html = _kontaktseite(benutzer, kunde, "agent_ez", "EZ 1.003")
    assert "(Stand 20.12.2019, Richtzeit 5 Minuten)" in html
    assert "Funktion „abgesagt“" not in html


def test_service_center_sieht_keinen_steckbrief_der_eingangszone(benutzer: Callable[..., Any], kunde: str,
                                                                 settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-03-25"
    html = _kontaktseite(benutzer, kunde, "agent_sc3", "SC 3.003")
    assert "steckbrief-titel" not in html
