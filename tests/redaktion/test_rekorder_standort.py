"""Der Szenario-Rekorder fragt ausdrücklich nach dem Standort, an dem der Kontakt geführt wird (Szenario `standort`,
szenarien.md): vorgewählt ist einer, an dem der Entwurf gilt; wählen Datum und Standort eine andere Fassung, warnt er
schon beim Aufzeichnen — nicht erst das Szenario-Tor. Das gespeicherte Szenario nennt den Standort, damit das Tor
dieselbe Fassung prüft wie die Aufzeichnung (wie ein Gespräch am Arbeitsplatz, nicht die Wohnortagentur)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from django.test import Client

from kundenportal.redaktion.models import Entwurf, Szenario
from kundenportal.redaktion.services.freigabe import entwurf_zuordnen, paket_anlegen

from .werkzeug import entwurf_3307

pytestmark = pytest.mark.django_db
Benutzer = Callable[..., Any]
AUSGANGSLAGE = ("kunde: {kundennummer: 955A200177, geburtsdatum: 1990-12-01, wohnort_agentur: Köln}\n"
                "step: {konto: true, sicherheitsstufe: basis}\n")


@pytest.fixture
def pilot_entwurf(db_katalog: None, benutzer: Benutzer, settings: Any) -> Entwurf:
    """Der Entwurf SC 3.307, Stand 01.04.2020, im Paket nur für Brühl und Fürth ab 15.04.2020."""
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"
    autor = benutzer("redaktion", "autorin", standort="Nürnberg")
    p = paket_anlegen(autor, weisung="202003006", titel="Pilot", datum=dt.date(2020, 3, 30),
                      gueltig_ab=dt.date(2020, 4, 15), geltungsbereich={"agenturen": ["Brühl", "Fürth"]})
    e = entwurf_3307(autor)
    entwurf_zuordnen(autor, p.pk, e.pk)
    return Entwurf.objects.get(pk=e.pk)


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _senden(c: Client, e: Entwurf, standort: str, antworten: str = "{}", **mehr: str) -> str:
    return html.unescape(c.post(f"/redaktion/entwuerfe/{e.pk}/szenario/", {
        "szenario_id": "sc-3307-pilot-bruehl", "titel": "Pilot Brühl", "datum": "2020-04-15", "kanal": "sc3",
        "standort": standort, "ausgangslage": AUSGANGSLAGE, "antworten": antworten, **mehr}).content.decode())


def test_vorgewaehlt_ist_ein_standort_an_dem_der_entwurf_gilt(pilot_entwurf: Entwurf, benutzer: Benutzer) -> None:
    seite = html.unescape(_client(benutzer("redaktion", "r2", standort="Nürnberg"))
                          .get(f"/redaktion/entwuerfe/{pilot_entwurf.pk}/szenario/").content.decode())
    assert '<label class="kern-label" for="id_standort">Standort (wo der Kontakt geführt wird)</label>' in seite
    assert '<option value="Brühl" selected>Brühl (hier gilt der Entwurf)</option>' in seite
    assert '<option value="Fürth">Fürth (hier gilt der Entwurf)</option>' in seite
    assert '<option value="Nürnberg">Nürnberg</option>' in seite
    assert "Der Entwurf gilt nur in Brühl und Fürth." in seite
    assert 'id="standort-warnung"' not in seite


def test_anderer_standort_warnt_beim_aufzeichnen(pilot_entwurf: Entwurf, benutzer: Benutzer) -> None:
    seite = _senden(_client(benutzer("redaktion", "r2")), pilot_entwurf, "Nürnberg")
    warnung = seite.split('id="standort-warnung"')[1].split("</div></div>")[0]
    assert ("Am 15.04.2020 in Nürnberg gilt SC 3.307, Stand 20.03.2020 — nicht der Entwurf (SC 3.307, Stand "
            "01.04.2020): die Aufzeichnung und später das Szenario-Tor prüften diese Fassung. Der Standort Nürnberg "
            "(`standort` des Szenarios) liegt außerhalb der Standortregeln des Pakets (Agentur Brühl; Agentur Fürth). "
            "Abhilfe: im Szenario `standort` auf einen Standort setzen, an dem der Entwurf gilt (z. B. Brühl)") in warnung
    assert 'role="alert"' in seite.split('id="standort-warnung"')[1][:20]
    assert "Nächste Frage:" in seite                   # die Aufzeichnung geht weiter — auf der anderen Fassung


def test_das_gespeicherte_szenario_nennt_den_standort(pilot_entwurf: Entwurf, benutzer: Benutzer) -> None:
    c = _client(benutzer("redaktion", "r2"))
    antworten = '{"identitaet_geprueft": "ja", "antrag_online_gewuenscht": "ja"}'
    seite = _senden(c, pilot_entwurf, "Brühl", antworten, fakt="erhoehung_sicherheitsstufe", antwort="eid")
    assert 'id="standort-warnung"' not in seite
    assert "Aufgezeichnet auf SC 3.307, Stand 01.04.2020." in seite
    _senden(c, pilot_entwurf, "Brühl", antworten.replace("}", ', "erhoehung_sicherheitsstufe": "eid"}'),
            speichern="1")
    sz = Szenario.objects.get(szenario_id="sc-3307-pilot-bruehl")
    daten = yaml.safe_load(sz.text)
    assert (daten["standort"], daten["ausgangslage"]["kunde"]["wohnort_agentur"]) == ("Brühl", "Köln")
    assert sz.letzter_lauf["fassung"] == "SC 3.307@2020-04-01"
