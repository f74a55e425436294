"""Maßnahmen der Anlage 7 lassen sich entfernen (offener Punkt der Notiz nach Session 26: bisher nur über die
Datenbank — auch eine Maßnahme, die vor der Prüfung auf Angaben zur Person Sozialdaten trug). Entfernen darf die
Teamleitung des Standorts der Maßnahme, zu einer Regel ihrer Kanäle; das Protokoll nennt wer und welche Regel,
nicht den Text."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.fuehrung import services
from kundenportal.fuehrung.models import Massnahme

pytestmark = pytest.mark.django_db
SEITE = "/fuehrung/anlage-7/?von=01.02.2020&bis=30.04.2020"
JETZT = dt.datetime(2020, 4, 1, 9, tzinfo=dt.UTC)


def _massnahme(user: Any, regel: str = "2.2 a) 2", standort: str = "Nürnberg",
               text: str = "Rückruf Kunde 900D000001 Max Schröder klären") -> Massnahme:
    """Wie vor der Prüfung auf Angaben zur Person gespeichert (darum am Dienst vorbei)."""
    return Massnahme.objects.create(weisung="202003006", regel=regel, standort=standort, text=text, user=user,
                                    erstellt=JETZT)


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_teamleitung_entfernt_eine_maßnahme_ihres_standorts_und_kommt_zurueck(
        benutzer: Callable[..., Any], caplog: pytest.LogCaptureFixture) -> None:
    verfasser, tl = benutzer("teamleitung", "tl-verfasser"), benutzer("teamleitung", "tl-nbg")
    m = _massnahme(verfasser)
    c = _client(tl)
    seite = c.get(SEITE).content.decode()
    assert "<summary>Entfernen<span class=\"kern-sr-only\">: 1. Maßnahme zu 2.2 a) 2 vom 01.04.2020</span>" in seite
    assert f'action="/fuehrung/anlage-7/massnahme/{m.pk}/entfernen/"' in seite
    with caplog.at_level(logging.INFO, logger="kundenportal.fuehrung"):
        antwort = c.post(f"/fuehrung/anlage-7/massnahme/{m.pk}/entfernen/", {"zurueck": SEITE})
    assert antwort.status_code == 302 and antwort["Location"] == SEITE
    assert not Massnahme.objects.exists()
    danach = c.get(SEITE).content.decode()
    assert "Maßnahme zu 2.2 a) 2 entfernt." in danach and "Max Schröder" not in danach
    zeilen = [r.getMessage() for r in caplog.records if r.name == "kundenportal.fuehrung"]
    assert zeilen == [f"Maßnahme entfernt: benutzer={tl.pk} weisung=202003006 regel=2.2 a) 2 standort=Nürnberg"]
    assert "Schröder" not in caplog.text and "900D000001" not in caplog.text


def test_maßnahme_eines_anderen_standorts_bleibt(benutzer: Callable[..., Any]) -> None:
    m = _massnahme(benutzer("teamleitung", "tl-fuerth", standort="Fürth"), standort="Fürth")
    c = _client(benutzer("teamleitung", "tl-nbg"))
    seite = c.get(SEITE + "&standort=F%C3%BCrth").content.decode()
    assert "Rückruf Kunde" in seite and f"massnahme/{m.pk}/entfernen/" not in seite    # kein Knopf daran
    antwort = c.post(f"/fuehrung/anlage-7/massnahme/{m.pk}/entfernen/", {"zurueck": SEITE})
    assert antwort.status_code == 403 and Massnahme.objects.filter(pk=m.pk).exists()
    assert "gehört zum Standort Fürth; entfernen kann sie die Teamleitung dort" in antwort.content.decode()


def test_familienkasse_entfernt_keine_maßnahme_des_sgb_iii(benutzer: Callable[..., Any]) -> None:
    m = _massnahme(benutzer("teamleitung", "tl-nbg"))
    with pytest.raises(services.KeinZugriff) as fehler:
        services.massnahme_entfernen(benutzer("teamleitung_fk", "tl-fk"), m.pk)
    assert fehler.value.meldung.startswith("Maßnahmen zur Regel 2.2 a) 2 hält die Teamleitung")
    assert Massnahme.objects.filter(pk=m.pk).exists()


def test_familienkasse_entfernt_ihre_eigene(benutzer: Callable[..., Any]) -> None:
    tl_fk = benutzer("teamleitung_fk", "tl-fk")
    m = services.massnahme_festhalten(tl_fk, weisung="202003006", regel="2.2 b) 6", text="Im Team üben",
                                      jetzt=JETZT)
    assert services.massnahme_entfernen(tl_fk, m.pk).regel == "2.2 b) 6"
    assert not Massnahme.objects.exists()


@pytest.mark.parametrize(("rolle", "status"), [("agent_sc3", 403), ("redaktion", 403), ("teamleitung", 404)])
def test_unbekannt_404_nur_fuer_die_teamleitung(benutzer: Callable[..., Any], rolle: str, status: int) -> None:
    antwort = _client(benutzer(rolle)).post("/fuehrung/anlage-7/massnahme/999999/entfernen/")
    assert antwort.status_code == status


def test_nur_post_und_kein_fremdes_ziel(benutzer: Callable[..., Any]) -> None:
    tl = benutzer("teamleitung", "tl-nbg")
    m = _massnahme(tl, text="Im Team üben")
    c = _client(tl)
    assert c.get(f"/fuehrung/anlage-7/massnahme/{m.pk}/entfernen/").status_code == 405
    antwort = c.post(f"/fuehrung/anlage-7/massnahme/{m.pk}/entfernen/", {"zurueck": "https://example.org/"})
    assert antwort.status_code == 302 and antwort["Location"] == "/fuehrung/anlage-7/"
    m2 = _massnahme(tl, text="Noch einmal")
    antwort = c.post(f"/fuehrung/anlage-7/massnahme/{m2.pk}/entfernen/", {"zurueck": "/verwaltung/"})
    assert antwort["Location"] == "/fuehrung/anlage-7/"
