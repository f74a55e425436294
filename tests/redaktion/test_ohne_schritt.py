"""Ein Punkt der Weisung, der laut Redaktion keinen Schritt braucht („Kein Schritt nötig, weil …“, Feld `ohne_schritt`),
ist nicht offen: die Regelspur zeigt ihn mit der Begründung, Tor, Einreichen und Freigabe nennen ihn nicht als offen.
Das Protokoll des Einreichens nennt die offenen Punkte (oder „keine offenen Punkte“) — für Freigabe und Prüfspur."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.redaktion.models import Freigabepaket, Protokolleintrag
from kundenportal.redaktion.paketkatalog import (
    offene_punkte,
    ohne_schritt_punkte,
    paket_katalog,
    regelspur_punkte,
)
from kundenportal.redaktion.queries import katalog_aus_datenbank
from kundenportal.redaktion.services.freigabe import entwurf_zuordnen, tor_laufen_lassen
from kundenportal.redaktion.services.protokoll import einzelheiten
from kundenportal.redaktion.services.szenario import szenario_speichern
from kundenportal.redaktion.services.weisung import weisung_zum_pruefen

from .test_lebenszyklus import SZENARIO
from .test_neue_weisung import NUMMER, PAPIER, _entwurf_der_neuen_weisung, _formular

pytestmark = pytest.mark.django_db
Benutzer = Callable[..., Any]
GRUND = "Meldepflicht der Teamleitung, nicht Teil des Gesprächs"


@pytest.fixture
def stichtag(settings: Any) -> None:
    settings.KUNDENPORTAL_STICHTAG = "2026-12-10"


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _paket(autorin: Any, **formular: str) -> Freigabepaket:
    """Neue Weisung mit 2.1 und 2.2 a) 1; der einzige Entwurf verweist nur auf 2.1."""
    redaktion = _client(autorin)
    redaktion.post("/redaktion/pakete/anlegen/", {"paket-weisung": NUMMER, "paket-titel": "Insolvenzgeld 2027",
                                                  "paket-datum": "01.12.2026", "paket-gueltig_ab": "01.01.2027"})
    p = Freigabepaket.objects.get()
    assert redaktion.post(f"/redaktion/pakete/{p.pk}/weisung/", _formular(**formular)).status_code == 302
    entwurf_zuordnen(autorin, p.pk, _entwurf_der_neuen_weisung(autorin, regel="2.1").pk)
    szenario_speichern(autorin, SZENARIO)
    szenario_speichern(autorin, PAPIER)
    p.refresh_from_db()
    return p


def _stand(p: Freigabepaket) -> Any:
    return paket_katalog(katalog_aus_datenbank(), list(p.entwuerfe.all()), weisung_zum_pruefen(p), None, p.gueltig_ab)


def test_formular_speichert_die_begruendung(db_katalog: None, stichtag: None, benutzer: Benutzer) -> None:
    p = _paket(benutzer("redaktion", "autorin"), **{"regel-1-ohne_schritt": f"  {GRUND} "})
    assert p.neue_weisung["regeln"] == [
        {"punkt": "2.1", "titel": "Online-Antrag nur mit Ausweissichtverfahren"},
        {"punkt": "2.2 a) 1", "titel": "Papierantrag bleibt möglich", "ohne_schritt": GRUND}]
    w = weisung_zum_pruefen(p)
    assert w is not None and [r.ohne_schritt for r in w.regeln] == ["", GRUND]


def test_formular_zeigt_das_feld_und_behaelt_es_bei_weiteren_zeilen(db_katalog: None, stichtag: None,
                                                                    benutzer: Benutzer) -> None:
    autorin = benutzer("redaktion", "autorin")
    p = _paket(autorin, **{"regel-1-ohne_schritt": GRUND})
    c = _client(autorin)
    html = c.get(f"/redaktion/pakete/{p.pk}/weisung/").content.decode()
    assert "Kein Schritt nötig, weil …" in html and 'id="id_regel-1-ohne_schritt_helptext"' in html
    assert f'value="{GRUND}"' in html
    daten = _formular(**{"regel-1-ohne_schritt": GRUND}) | {"weitere_zeilen": "1"}
    html = c.post(f"/redaktion/pakete/{p.pk}/weisung/", daten).content.decode()
    assert f'value="{GRUND}"' in html and 'id="id_regel-5-ohne_schritt"' in html


def test_nicht_offen_und_in_der_regelspur_mit_begruendung(db_katalog: None, stichtag: None,
                                                          benutzer: Benutzer) -> None:
    autorin = benutzer("redaktion", "autorin")
    p = _paket(autorin, **{"regel-1-ohne_schritt": GRUND})
    stand = _stand(p)
    assert offene_punkte(p.weisung, stand) == []
    assert ohne_schritt_punkte(p.weisung, stand) == [("2.2 a) 1", "Papierantrag bleibt möglich", GRUND)]
    assert [(z.punkt, z.leitfaden, z.offen, z.ohne_schritt) for z in regelspur_punkte(p, stand)] == [
        ("2.1", "SC 3.307", False, ""), ("2.2 a) 1", "", False, GRUND)]
    html = _client(autorin).get(f"/redaktion/pakete/{p.pk}/").content.decode()
    spur = html[html.index('id="regelspur"'):html.index('id="tor"')]
    assert f"Kein Schritt nötig: {GRUND}" in spur
    assert "von keinem Schritt umgesetzt" not in html and 'id="offene-punkte"' not in html
    assert 'id="einreichen-offen"' not in html and 'id="einreichen-ohne-schritt"' in html
    assert f"Papierantrag bleibt möglich — Kein Schritt nötig: {GRUND}" in html      # Angaben der neuen Weisung


def test_tor_einreichen_protokoll_und_freigabe(db_katalog: None, stichtag: None, benutzer: Benutzer) -> None:
    autorin, pruefer = benutzer("redaktion", "autorin"), benutzer("freigabe", "pruefer")
    p = _paket(autorin, **{"regel-1-ohne_schritt": GRUND})
    tor = tor_laufen_lassen(autorin, p.pk)
    assert tor["ok"] and tor["offene_punkte"] == []
    # die Tabelle des Tors nennt Szenarien mit ihrem Titel (Rundgang: nur Kennungen wie sc-3307-redaktion-1-2)
    eid = next(s for s in tor["szenarien"] if s["id"] == "sc-3307-redaktion-eid")
    assert eid["titel"] == "Basis-Stufe, eID"
    assert "Basis-Stufe, eID<br>" in _client(autorin).get(f"/redaktion/pakete/{p.pk}/").content.decode()
    html = _client(autorin).post(f"/redaktion/pakete/{p.pk}/einreichen/", follow=True).content.decode()
    assert "Zur Freigabe eingereicht." in html and "kein Schritt umsetzt" not in html
    eintrag = Protokolleintrag.objects.get(aktion="paket_eingereicht")
    assert eintrag.details["offene_punkte"] == [] and eintrag.details["ohne_schritt"] == ["2.2 a) 1"]
    assert "keine offenen Punkte; laut Weisung kein Schritt nötig: 2.2 a) 1" in einzelheiten(eintrag.details)
    seite = _client(pruefer).get(f"/redaktion/pakete/{p.pk}/").content.decode()
    freigabe = seite[seite.index('id="freigabe"'):]
    assert 'id="freigabe-offene-punkte"' not in freigabe
    assert 'id="freigabe-ohne-schritt"' in freigabe and f"– kein Schritt nötig: {GRUND}" in freigabe
    assert "keine offenen Punkte" in seite                                      # Protokoll auf der Seite


def test_protokoll_nennt_offene_punkte_beim_einreichen(db_katalog: None, stichtag: None, benutzer: Benutzer) -> None:
    autorin = benutzer("redaktion", "autorin")
    p = _paket(autorin)
    assert tor_laufen_lassen(autorin, p.pk)["ok"]
    _client(autorin).post(f"/redaktion/pakete/{p.pk}/einreichen/")
    eintrag = Protokolleintrag.objects.get(aktion="paket_eingereicht")
    assert eintrag.details["offene_punkte"] == ["2.2 a) 1"] and eintrag.details["ohne_schritt"] == []
    assert einzelheiten(eintrag.details) == f"Weisung {NUMMER}; Offene Punkte: 2.2 a) 1; bearbeitet von autorin"


def test_einzelheiten_alter_eintraege_unveraendert() -> None:
    assert einzelheiten({"weisung": "202003006", "bearbeiter": ["a"]}) == "Weisung 202003006; bearbeitet von a"
    assert einzelheiten({"offene_punkte": ["2.3", "2.4"]}) == "Offene Punkte: 2.3, 2.4"


def test_begruendung_eines_punkts_mit_schritt_gilt_nicht(db_katalog: None, stichtag: None,
                                                         benutzer: Benutzer) -> None:
    """Verweist doch ein Schritt auf den Punkt mit Begründung (hier 2.1), entfällt die Begründung beim Veröffentlichen:
    Regelspur und Freigabe zeigen den Schritt, nicht „kein Schritt nötig“ — die vier Augen prüfen keine Begründung,
    die es nachher nicht gibt."""
    autorin = benutzer("redaktion", "autorin")
    p = _paket(autorin, **{"regel-0-ohne_schritt": GRUND})
    stand = _stand(p)
    assert ohne_schritt_punkte(p.weisung, stand) == []
    assert offene_punkte(p.weisung, stand) == [("2.2 a) 1", "Papierantrag bleibt möglich")]
    assert [(z.punkt, z.leitfaden, z.ohne_schritt) for z in regelspur_punkte(p, stand)] == [
        ("2.1", "SC 3.307", ""), ("2.2 a) 1", "", "")]


def test_protokoll_nennt_keine_begruendung_fuer_einen_punkt_mit_schritt(db_katalog: None, stichtag: None,
                                                                       benutzer: Benutzer) -> None:
    """Rundgang Redaktion: das Protokoll der Einreichung nannte „laut Weisung kein Schritt nötig: 2.1“, obwohl ein
    Schritt auf 2.1 verweist (die Begründung entfällt beim Veröffentlichen). Es folgt jetzt dem Tor."""
    autorin = benutzer("redaktion", "autorin")
    p = _paket(autorin, **{"regel-0-ohne_schritt": GRUND})
    tor = tor_laufen_lassen(autorin, p.pk)
    assert tor["ok"] and tor["ohne_schritt"] == []
    _client(autorin).post(f"/redaktion/pakete/{p.pk}/einreichen/")
    eintrag = Protokolleintrag.objects.get(aktion="paket_eingereicht")
    assert eintrag.details["ohne_schritt"] == [] and eintrag.details["offene_punkte"] == ["2.2 a) 1"]
