"""Der vorzeitige Abbruch: Der vorausgefüllte Vermerk nennt die Antworten mit ihren Labels („Termin verschieben“,
nicht der Code), und ohne Grund nach „Grund des Abbruchs:“ wird nichts gespeichert — die Meldung steht am Feld,
der Text bleibt."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.gespraech import services
from kundenportal.gespraech.models import Kontakt

pytestmark = pytest.mark.django_db


def _kontakt(benutzer: Callable[..., Any], kunde: str, client: Client) -> Kontakt:
    agent = benutzer("agent_sc3")
    client.force_login(agent)
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    services.kontakt_beantworten(agent, k, "identitaet_geprueft", "ja")
    services.kontakt_beantworten(agent, k, "terminanliegen", "verschieben")
    return k


def test_vorschlag_nennt_labels_statt_codes(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    k = _kontakt(benutzer, kunde, client)
    seite = html.unescape(client.get(f"/kontakt/{k.pk}/").content.decode())
    assert "Was möchte der Kunde zu seinem Termin? Termin verschieben" in seite
    assert "?: " not in seite and "Termin? verschieben" not in seite


def test_abbruch_ohne_grund_wird_nicht_gespeichert(benutzer: Callable[..., Any], kunde: str, client: Client) -> None:
    k = _kontakt(benutzer, kunde, client)
    vorschlag = ("Kontakt vorzeitig beendet (SC 3.003, Stand 20.03.2020).\nBisheriger Weg:\n"
                 "- Was möchte der Kunde zu seinem Termin? Termin verschieben\nGrund des Abbruchs: ")
    seite = client.post(f"/kontakt/{k.pk}/abschliessen/", {"vermerk": vorschlag}, follow=True).content.decode()
    k.refresh_from_db()
    assert k.status == Kontakt.OFFEN and k.vermerk == ""
    assert "warum der Kontakt vorzeitig" in html.unescape(seite)
    assert "Bisheriger Weg:" in html.unescape(seite)                   # der Text bleibt im Feld

    client.post(f"/kontakt/{k.pk}/abschliessen/", {"vermerk": vorschlag + "Kunde hat aufgelegt."})
    k.refresh_from_db()
    assert k.status == Kontakt.ABGESCHLOSSEN and k.vermerk.endswith("Grund des Abbruchs: Kunde hat aufgelegt.")


def test_beginnen_doppelt_abgeschickt_ein_kontakt(benutzer: Callable[..., Any], client: Client) -> None:
    """Ohne Kundennummer (Auskunft am Empfang): dasselbe „Beginnen“ dreimal schnell hintereinander ist ein
    Kontakt; nach der ersten Antwort beginnt ein neues „Beginnen“ einen neuen Kontakt (der nächste Besuch)."""
    agent = benutzer("agent_ez")
    client.force_login(agent)
    daten = {"leitfaden": "EZ 1.003", "auswahl": services.OHNE_KUNDE}
    orte = {client.post("/kontakt/starten/", daten)["Location"] for _ in range(3)}
    assert len(orte) == 1
    assert Kontakt.objects.filter(user=agent, status=Kontakt.OFFEN).count() == 1
    k = Kontakt.objects.get(user=agent, status=Kontakt.OFFEN)
    services.kontakt_beantworten(agent, k, "identitaet_geprueft", "ja")
    neu = client.post("/kontakt/starten/", daten)["Location"]
    assert neu not in orte and Kontakt.objects.filter(user=agent, status=Kontakt.OFFEN).count() == 2
