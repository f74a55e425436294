"""Die Angaben aus dem eService (VerBIS-Profil) stehen im Kundenbereich neben dem Gespräch — erst nach
bestätigter Identität und mit einem Eintrag im Zugriffsprotokoll."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.fachverfahren.ports.verbis import Profil
from kundenportal.fachverfahren.registry import systeme
from kundenportal.konten.models import Zugriff

pytestmark = pytest.mark.django_db


@pytest.fixture
def profil(kunde: str) -> str:
    systeme().verbis.profil_uebernehmen(kunde, Profil(
        fuehrerscheine=["B", "C1"], fahrzeuge=["pkw"],
        sprachkenntnisse=[{"sprache": "Englisch", "niveau": "B2"}, {"sprache": "Türkisch", "niveau": "C2"}],
        freie_angaben="Staplerschein vorhanden.", stellengesuch="Lagerlogistik, Staplerfahrerin"), "eservice")
    return kunde


def test_eservice_angaben_erst_nach_bestaetigter_identitaet(benutzer: Callable[..., Any], profil: str,
                                                            client: Client) -> None:
    agent = benutzer("agent_sc3")
    client.force_login(agent)
    ort = client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": profil})["Location"]
    vorher = client.get(ort).content.decode()
    assert "Englisch" not in vorher and "Lagerlogistik" not in vorher
    assert not Zugriff.objects.filter(aktion="verbis_profil_lesen").exists()

    client.post(f"{ort}antwort/", {"fakt": "identitaet_geprueft", "wert": "ja"})
    seite = client.get(ort).content.decode()
    assert "Angaben aus dem eService (VerBIS-Profil)" in seite
    assert "<dt>Führerscheine</dt><dd>B, C1</dd>" in seite and "<dt>Fahrzeuge</dt><dd>Pkw</dd>" in seite
    assert "Englisch (B2)<br>Türkisch (C2)" in seite
    assert "<dt>Stellengesuch</dt><dd>Lagerlogistik, Staplerfahrerin</dd>" in seite
    assert "<dt>Freie Angaben</dt><dd>Staplerschein vorhanden.</dd>" in seite
    eintrag = Zugriff.objects.filter(aktion="verbis_profil_lesen").latest("id")
    assert (eintrag.user, eintrag.kundennummer, str(eintrag.kontakt)) == (agent, profil, ort.split("/")[2])


def test_ohne_eservice_angaben_ein_klarer_satz(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    client.force_login(benutzer("agent_sc3"))
    ort = client.post("/kontakt/starten/", {"leitfaden": "SC 3.003", "kundennummer": kunde})["Location"]
    client.post(f"{ort}antwort/", {"fakt": "identitaet_geprueft", "wert": "ja"})
    assert "Keine Angaben im VerBIS-Profil." in client.get(ort).content.decode()
