"""Rundgang „die nächste Weisung“ (Redaktion, Dezember 2026): eine Einreichung lässt sich zurückziehen, solange die
Freigabe nicht entschieden hat; das Formular der neuen Weisung übernimmt den Titel des Pakets; die Übersicht sagt bei
geplanten Fassungen, wo sie gelten; ein leeres Paket sagt, wie ein Entwurf hineinkommt."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.redaktion.models import Freigabepaket, Protokolleintrag
from kundenportal.redaktion.services.freigabe import (
    FreigabeFehler,
    einreichung_zurueckziehen,
    paket_anlegen,
    paket_einreichen,
    paket_freigeben,
    tor_laufen_lassen,
)
from kundenportal.redaktion.services.szenario import szenario_speichern

from .test_lebenszyklus import SZENARIO
from .werkzeug import entwurf_3307, paket_mit

pytestmark = pytest.mark.django_db
Benutzer = Callable[..., Any]


@pytest.fixture(autouse=True)
def stichtag(settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"


def _eingereicht(a: Any) -> Freigabepaket:
    e = entwurf_3307(a)
    szenario_speichern(a, SZENARIO)
    p = paket_mit(a, e)
    assert tor_laufen_lassen(a, p.pk)["ok"]
    return paket_einreichen(a, p.pk)


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_einreichung_zurueckziehen_holt_das_paket_in_die_bearbeitung(db_katalog: None, benutzer: Benutzer) -> None:
    a = benutzer("redaktion")
    p = _eingereicht(a)
    seite = _client(a).get(f"/redaktion/pakete/{p.pk}/").content.decode()
    assert "Einreichung zurückziehen" in seite
    antwort = _client(a).post(f"/redaktion/pakete/{p.pk}/zurueckrufen/", {"einreichung": "1"}, follow=True)
    assert "Einreichung zurückgezogen: das Paket ist wieder in Bearbeitung" in antwort.content.decode()
    p.refresh_from_db()
    assert p.status == Freigabepaket.OFFEN
    assert Protokolleintrag.objects.filter(aktion="einreichung_zurueckgezogen", user=a).exists()
    assert "Einreichung zurückgezogen" in antwort.content.decode().split("Protokoll")[-1]
    # wieder einreichbar, wie vorher
    assert paket_einreichen(a, p.pk).status == Freigabepaket.ZUR_FREIGABE


def test_einreichung_zurueckziehen_nur_vor_der_freigabe_und_nur_redaktion(db_katalog: None,
                                                                           benutzer: Benutzer) -> None:
    a, f = benutzer("redaktion"), benutzer("freigabe")
    p = _eingereicht(a)
    assert _client(f).post(f"/redaktion/pakete/{p.pk}/zurueckrufen/", {"einreichung": "1"}).status_code == 403
    assert "Einreichung zurückziehen" not in _client(f).get(f"/redaktion/pakete/{p.pk}/").content.decode()
    paket_freigeben(f, p.pk, gueltig_ab=dt.date(2020, 4, 15))
    with pytest.raises(FreigabeFehler, match="keine Einreichung zurückzuziehen"):
        einreichung_zurueckziehen(a, p.pk)
    antwort = _client(a).post(f"/redaktion/pakete/{p.pk}/zurueckrufen/", {"einreichung": "1"}, follow=True)
    assert "keine Einreichung zurückzuziehen" in antwort.content.decode()
    p.refresh_from_db()
    assert p.status == Freigabepaket.GEPLANT


def test_neue_weisung_uebernimmt_den_titel_des_pakets(db_katalog: None, benutzer: Benutzer) -> None:
    a = benutzer("redaktion")
    p = paket_anlegen(a, weisung="202004001", titel="Insolvenzgeld: neue Rückfrage", datum=dt.date(2020, 4, 1),
                      stand="", gueltig_ab=dt.date(2020, 4, 20))
    seite = _client(a).get(f"/redaktion/pakete/{p.pk}/weisung/").content.decode()
    assert 'name="weisung-titel" value="Insolvenzgeld: neue Rückfrage"' in seite


def test_leeres_paket_sagt_wie_ein_entwurf_hineinkommt(db_katalog: None, benutzer: Benutzer) -> None:
    a = benutzer("redaktion")
    p = paket_anlegen(a, weisung="202003006", titel="Leer", datum=dt.date(2020, 3, 30), stand="",
                      gueltig_ab=dt.date(2020, 4, 15))
    seite = _client(a).get(f"/redaktion/pakete/{p.pk}/").content.decode()
    assert "Noch keine Entwürfe. Einen Entwurf beginnen Sie in der" in seite
    assert "„Entwurf aus einer veröffentlichten Fassung beginnen“" in seite


def test_uebersicht_nennt_den_ort_einer_geplanten_fassung(db_katalog: None, benutzer: Benutzer) -> None:
    a, f = benutzer("redaktion"), benutzer("freigabe")
    p = _eingereicht(a)
    Freigabepaket.objects.filter(pk=p.pk).update(geltungsbereich={"agenturen": ["Berlin Mitte"]})
    paket_freigeben(f, p.pk, gueltig_ab=dt.date(2020, 4, 15))
    seite = _client(a).get("/redaktion/").content.decode()
    liste = seite.split('id="liste-geplant"')[1].split("</ul>")[0]
    assert "SC 3.307, Stand 01.04.2020: gilt ab 15.04.2020 nur in: Agentur Berlin Mitte (Weisung 202003006" in liste
