"""Die Kalibrierung lässt sich in der Demo selbst durchspielen: die weiteren Teamleitungen der Stichprobe März 2020
melden sich mit den gedruckten Anmeldungen an; die dritte hat den dritten Kontakt noch blind zu bewerten."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.test import Client

from kundenportal.fuehrung.demo import KALIBRIERENDE, demo_kontakte_anlegen
from kundenportal.qs.models import Bewertung

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db: Any) -> int:
    return demo_kontakte_anlegen(anzahl=300)


def _seite(client: Client, b: Bewertung) -> str:
    antwort = client.get(f"/qs/bewertung/{b.pk}/")
    assert antwort.status_code == 200
    return html.unescape(antwort.content.decode())


def test_dritte_teamleitung_meldet_sich_an_und_kalibriert_blind(demo: int, client: Client) -> None:
    assert [name for name, _, _ in KALIBRIERENDE] == ["demo-teamleitung-2", "demo-teamleitung-3"]
    name, passwort, _ = KALIBRIERENDE[1]
    assert client.post("/anmelden/", {"username": name, "password": passwort}).status_code == 302
    bewertungen = list(Bewertung.objects.filter(stichprobe__user__username="demo-teamleitung").order_by("nummer"))
    schon = _seite(client, bewertungen[0])
    assert "3 von mindestens 3 Teamleitungen" in schon and "Kalibrierung speichern" not in schon   # schon kalibriert
    offen = _seite(client, bewertungen[2])
    assert "<h1>Kontakt 3 kalibrieren</h1>" in offen and "Kalibrierung speichern" in offen
    assert "von mindestens 3 Teamleitungen" not in offen                     # blind: keine Zahl, keine Streuung
    assert "Demo Teamleitung 2" not in offen and "demo-teamleitung-2" not in offen        # blind


def test_demodaten_zweimal_angelegt_bleibt_die_anmeldung(demo: int, client: Client) -> None:
    demo_kontakte_anlegen(anzahl=300)
    name, passwort, _ = KALIBRIERENDE[0]
    assert client.post("/anmelden/", {"username": name, "password": passwort}).status_code == 302

