"""Ein Änderungshinweis zu einer Standortvariante erreicht nur, wessen Gespräche auf dieser Fassung laufen: Kanal der
Rolle UND Standort des Arbeitsplatzes (wie gespraech.services.kontakt_starten). Der Lesestand der Teamleitung zählt
nach derselben Regel; der Hinweis sagt, wo die Fassung gilt."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.redaktion.hinweise import lesestand, offene_hinweise
from kundenportal.redaktion.models import Aenderungshinweis
from kundenportal.redaktion.services.freigabe import (
    entwurf_zuordnen,
    paket_anlegen,
    paket_einreichen,
    paket_freigeben,
    tor_laufen_lassen,
)
from kundenportal.redaktion.services.szenario import szenario_speichern

from .test_lebenszyklus import SZENARIO
from .werkzeug import entwurf_3307

pytestmark = pytest.mark.django_db
Benutzer = Callable[..., Any]
GILT_AB, HEUTE = dt.date(2020, 4, 15), dt.date(2020, 4, 20)


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def pilot_hinweis(db_katalog: None, benutzer: Benutzer, settings: Any) -> Aenderungshinweis:
    """SC 3.307, Stand 01.04.2020, freigegeben nur für Brühl und Fürth ab 15.04.2020; heute ist der 20.04.2020."""
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"
    autor, pruefer = benutzer("redaktion", "autorin"), benutzer("freigabe", "pruefer")
    p = paket_anlegen(autor, weisung="202003006", titel="Pilot Brühl und Fürth", datum=dt.date(2020, 3, 30),
                      gueltig_ab=GILT_AB, geltungsbereich={"agenturen": ["Brühl", "Fürth"]})
    entwurf_zuordnen(autor, p.pk, entwurf_3307(autor).pk)
    szenario_speichern(autor, SZENARIO.replace("datum: 2020-04-01\n", "datum: 2020-04-01\nstandort: Brühl\n"))
    assert tor_laufen_lassen(autor, p.pk)["ok"]
    paket_einreichen(autor, p.pk)
    paket_freigeben(pruefer, p.pk, gueltig_ab=GILT_AB)
    settings.KUNDENPORTAL_STICHTAG = HEUTE.isoformat()
    return Aenderungshinweis.objects.get(leitfaden_id="SC 3.307", gilt_ab=GILT_AB)


def test_hinweis_zur_standortvariante_nur_am_pilotstandort(pilot_hinweis: Aenderungshinweis,
                                                           benutzer: Benutzer) -> None:
    bruehl = benutzer("agent_sc3", "in-bruehl", standort="Brühl")
    nuernberg = benutzer("agent_sc3", "in-nuernberg", standort="Nürnberg")
    ohne = benutzer("agent_sc3", "ohne-standort", standort="")
    assert offene_hinweise(bruehl, HEUTE) == [pilot_hinweis]
    assert offene_hinweise(nuernberg, HEUTE) == []
    assert offene_hinweise(ohne, HEUTE) == []          # ohne Standort: Gespräche laufen auf der bundesweiten Fassung
    gelesen, offen = lesestand(pilot_hinweis, None, HEUTE)
    assert (gelesen, offen) == ([], [bruehl])
    assert lesestand(pilot_hinweis, "Nürnberg", HEUTE) == ([], [])


def test_arbeitsplatz_zeigt_den_hinweis_mit_geltungsbereich_nur_dort(pilot_hinweis: Aenderungshinweis,
                                                                     benutzer: Benutzer) -> None:
    seite = html.unescape(_client(benutzer("agent_sc3", "b", standort="Brühl")).get("/arbeitsplatz/")
                          .content.decode())
    assert "SC 3.307 – neu seit 15.04.2020" in seite
    assert "Standortvariante:</strong> gilt nur in Brühl und Fürth." in seite
    nuernberg = _client(benutzer("agent_sc3", "n", standort="Nürnberg"))
    assert "SC 3.307 – neu seit" not in nuernberg.get("/arbeitsplatz/").content.decode()
    antwort = nuernberg.post(f"/redaktion/hinweise/{pilot_hinweis.pk}/gelesen/")
    assert antwort.status_code == 404


def test_lesestand_der_teamleitung_zaehlt_nur_betroffene(pilot_hinweis: Aenderungshinweis,
                                                         benutzer: Benutzer) -> None:
    benutzer("agent_sc3", "b1", standort="Brühl")
    benutzer("agent_sc3", "b2", standort="Brühl")
    benutzer("agent_sc3", "n1", standort="Nürnberg")
    benutzer("agent_sc3", "o1", standort="")
    abschnitt = _abschnitt(_client(benutzer("teamleitung", "tl-bruehl", standort="Brühl")), pilot_hinweis)
    assert "Standortvariante:</strong> gilt nur in Brühl und Fürth." in abschnitt
    assert "0 bestätigt, 2 offen." in abschnitt and "Noch nicht bestätigt: b1, b2" in abschnitt
    abschnitt = _abschnitt(_client(benutzer("teamleitung", "tl-nbg", standort="Nürnberg")), pilot_hinweis)
    assert "Betrifft am Standort Nürnberg niemanden: hier laufen die Gespräche auf einer anderen Fassung." in abschnitt
    assert "offen" not in abschnitt


def _abschnitt(c: Client, hinweis: Aenderungshinweis) -> str:
    seite = html.unescape(c.get("/redaktion/hinweise/lesestand/").content.decode())
    return seite.split(f'id="h-{hinweis.pk}"')[1].split("</section>")[0]


def test_katalog_zeigt_die_standortvariante(pilot_hinweis: Aenderungshinweis, benutzer: Benutzer) -> None:
    c = _client(benutzer("agent_sc3", "k", standort="Nürnberg"))
    seite = c.get("/katalog/SC%203.307/").content.decode()
    zellen = [[html.unescape(re.sub(r"<[^>]+>", "", z)).strip() for z in re.findall(r"<td[^>]*>(.*?)</td>", zeile, re.S)]
              for zeile in re.findall(r'<tr class="kern-table__row">(.*?)</tr>', seite, re.S)]
    geltung = {z[0]: z[3] for z in zellen if z}
    assert geltung["01.04.2020"] == "nur in Brühl und Fürth"
    assert geltung["20.03.2020"] == "bundesweit (alle Standorte)"
    seite = html.unescape(c.get("/katalog/SC%203.307/2020-04-01/").content.decode())
    assert "Geltungsbereich: nur in Brühl und Fürth ·" in seite
