"""Ein abgewiesenes Formular (CSRF) zeigt eine deutsche Seite in der passenden Hülle statt Djangos „Mehr Information
ist verfügbar mit DEBUG=True“ (Rundgang Betrieb); nichts wird gespeichert."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_abgelaufenes_formular_im_arbeitsplatz(benutzer: Callable[..., Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(benutzer("agent_sc3"))
    client.get("/")                                           # Cookie gesetzt
    antwort = client.post("/kontakt/neu/", {"kundennummer": "955A999002", "csrfmiddlewaretoken": "x" * 64})
    seite = antwort.content.decode()
    assert antwort.status_code == 403 and "Formular nicht angenommen" in seite and "Nichts wurde gespeichert." in seite
    assert "DEBUG" not in seite and 'lang="de"' in seite and "Abmelden" in seite          # die Hülle des Arbeitsplatzes


def test_ohne_cookie_sagt_die_seite_es() -> None:
    antwort = Client(enforce_csrf_checks=True).post("/anmelden/", {"username": "x", "password": "y"})
    seite = antwort.content.decode()
    assert antwort.status_code == 403 and "Sicherheits-Cookie des Portals nicht mitgeschickt" in seite


def test_kundenseite_in_ihrer_huelle() -> None:
    antwort = Client(enforce_csrf_checks=True).post("/kunde/anmelden/", {"kundennummer": "x", "passwort": "y"})
    seite = antwort.content.decode()
    assert antwort.status_code == 403 and "Formular nicht angenommen" in seite and "Cookies für diese Seite ausgeschaltet" in seite
    assert "für Beschäftigte" not in seite
