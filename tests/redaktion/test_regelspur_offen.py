"""Ein Punkt der Weisung, den kein Schritt umsetzt, ist vor der Freigabe sichtbar (Rundgang: Punkt 2.1 einer neuen
Weisung setzte kein Schritt um, und weder Regelspur noch Tor noch Einreichen sagten es). Die Regelspur nennt jeden
Punkt der Weisung; ein offener steht dort mit dem, was zu tun ist. Einreichen bleibt möglich (organisatorische
Punkte), aber die Bestätigung, das Tor und die Seite der Freigabe nennen ihn."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.redaktion.models import Freigabepaket
from kundenportal.redaktion.paketkatalog import offene_punkte, paket_katalog, regelspur_punkte
from kundenportal.redaktion.queries import katalog_aus_datenbank
from kundenportal.redaktion.services.freigabe import entwurf_zuordnen, tor_laufen_lassen
from kundenportal.redaktion.services.szenario import szenario_speichern
from kundenportal.redaktion.services.weisung import weisung_zum_pruefen
from kundenportal.redaktion.tor import zusammenfassung

from .test_lebenszyklus import SZENARIO
from .test_neue_weisung import NUMMER, PAPIER, _entwurf_der_neuen_weisung, _formular
from .werkzeug import entwurf_3307, paket_mit

pytestmark = pytest.mark.django_db
Benutzer = Callable[..., Any]


@pytest.fixture
def stichtag(settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-10"


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _paket_mit_offenem_punkt(autorin: Any) -> Freigabepaket:
    """Neue Weisung mit 2.1 und 2.2 a) 1; der einzige Entwurf verweist nur auf 2.1."""
    redaktion = _client(autorin)
    redaktion.post("/redaktion/pakete/anlegen/", {"paket-weisung": NUMMER, "paket-titel": "Insolvenzgeld 2027",
                                                  "paket-datum": "01.12.2026", "paket-gueltig_ab": "01.01.2027"})
    p = Freigabepaket.objects.get()
    assert redaktion.post(f"/redaktion/pakete/{p.pk}/weisung/", _formular()).status_code == 302
    e = _entwurf_der_neuen_weisung(autorin, regel="2.1")
    entwurf_zuordnen(autorin, p.pk, e.pk)
    szenario_speichern(autorin, SZENARIO)
    szenario_speichern(autorin, PAPIER)
    p.refresh_from_db()
    return p


def test_regelspur_nennt_jeden_punkt_und_den_offenen_mit_abhilfe(db_katalog: None, stichtag: None,
                                                                  benutzer: Benutzer) -> None:
    autorin = benutzer("redaktion", "autorin")
    p = _paket_mit_offenem_punkt(autorin)
    stand = paket_katalog(katalog_aus_datenbank(), list(p.entwuerfe.all()), weisung_zum_pruefen(p), None, p.gueltig_ab)
    assert offene_punkte(p.weisung, stand) == [("2.2 a) 1", "Papierantrag bleibt möglich")]
    zeilen = regelspur_punkte(p, stand)
    assert [(z.punkt, z.leitfaden, z.offen) for z in zeilen] == [("2.1", "SC 3.307", False),
                                                                 ("2.2 a) 1", "", True)]
    html = _client(autorin).get(f"/redaktion/pakete/{p.pk}/").content.decode()
    spur = html[html.index('id="regelspur"'):html.index('id="tor"')]
    assert "Punkt 2.2 a) 1: von keinem Schritt umgesetzt" in spur
    assert "unter „Regel“ den Punkt eintragen" in spur and "wenn der Punkt keinen Schritt braucht" in spur
    assert "Online-Antrag nur mit Ausweissichtverfahren" in spur           # auch der umgesetzte Punkt, mit Titel
    assert 'id="einreichen-offen"' in html


def test_tor_besteht_und_nennt_den_offenen_punkt(db_katalog: None, stichtag: None, benutzer: Benutzer) -> None:
    autorin = benutzer("redaktion", "autorin")
    p = _paket_mit_offenem_punkt(autorin)
    tor = tor_laufen_lassen(autorin, p.pk)
    assert tor["ok"] and tor["offene_punkte"] == [["2.2 a) 1", "Papierantrag bleibt möglich"]]
    assert zusammenfassung(tor).endswith("Von keinem Schritt umgesetzt (hält das Tor nicht auf, siehe Regelspur): "
                                         "Punkt 2.2 a) 1 („Papierantrag bleibt möglich“).")


def test_einreichen_erlaubt_aber_bestaetigung_und_freigabe_nennen_den_punkt(db_katalog: None, stichtag: None,
                                                                            benutzer: Benutzer) -> None:
    autorin, pruefer = benutzer("redaktion", "autorin"), benutzer("freigabe", "pruefer")
    p = _paket_mit_offenem_punkt(autorin)
    assert tor_laufen_lassen(autorin, p.pk)["ok"]
    antwort = _client(autorin).post(f"/redaktion/pakete/{p.pk}/einreichen/", follow=True)
    html = antwort.content.decode()
    assert f"Zur Freigabe eingereicht — mit 1 Punkt der Weisung {NUMMER}, den kein Schritt umsetzt: Punkt 2.2 a) 1 " \
           "(„Papierantrag bleibt möglich“)" in html
    p.refresh_from_db()
    assert p.status == Freigabepaket.ZUR_FREIGABE
    seite = _client(pruefer).get(f"/redaktion/pakete/{p.pk}/").content.decode()
    freigabe = seite[seite.index('id="freigabe"'):]
    assert 'id="freigabe-offene-punkte"' in freigabe and "Punkt 2.2 a) 1: von keinem Schritt umgesetzt" in freigabe
    assert freigabe.index("freigabe-offene-punkte") < freigabe.index("Freigeben</span>")


def test_alles_umgesetzt_keine_warnung(db_katalog: None, benutzer: Benutzer, settings: Any) -> None:
    """Weisung des Katalogs (202003006): jeder Punkt ist umgesetzt — die Spur nennt sie, ohne Warnung."""
    settings.KUNDENPORTAL_STICHTAG = "2020-04-01"
    a = benutzer("redaktion")
    p = paket_mit(a, entwurf_3307(a))
    html = _client(a).get(f"/redaktion/pakete/{p.pk}/").content.decode()
    spur = html[html.index('id="regelspur"'):html.index('id="tor"')]
    assert "von keinem Schritt umgesetzt" not in spur and 'id="offene-punkte"' not in html
    assert "2.2 a) 6" in spur and "SC 3.307" in spur
    assert "2.2 b) 6" in spur and "in veröffentlichten Fassungen umgesetzt" in spur
