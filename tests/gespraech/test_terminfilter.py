"""Freie Termine im Gespräch filtern: nach Tag und (bei der BBiE) nach Agentur des Verbundes; ein
Termin einer gefilterten anderen Agentur wird dort gebucht, die Stammdaten bleiben an der Wohnortagentur."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden, zustand_lesen
from kundenportal.fachverfahren.registry import systeme
from kundenportal.gespraech import services, terminfilter
from kundenportal.gespraech.fehler import GespraechFehler
from kundenportal.gespraech.models import Kontakt
from kundenportal.zeit import BERLIN

pytestmark = pytest.mark.django_db

KUNDE = "955F000001"
STICHTAG = dt.date(2020, 4, 15)          # Fürth bietet die BBiE seit 01.04.2020 an


@pytest.fixture
def bbie_kunde(db: Any, settings: Any) -> str:
    settings.KUNDENPORTAL_STICHTAG = STICHTAG.isoformat()
    ausgangslage_laden({"kunde": {"kundennummer": KUNDE, "vorname": "Petra", "nachname": "Brandt",
                                  "geburtsdatum": "1975-06-07", "wohnort_agentur": "Ansbach-Weißenburg",
                                  "betreuung": "bb_im_erwerbsleben", "status": "arbeitsuchend"}})
    return KUNDE


def _bis_zur_terminfrage(agent: Any, kunde: str, agentur: str = "Nürnberg") -> Kontakt:
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    services.kontakt_beantworten(agent, k, "identitaet_geprueft", "ja")
    services.kontakt_beantworten(agent, k, "terminanliegen", "vereinbaren")
    a = services.kontakt_beantworten(agent, k, "wunschagentur", agentur)
    assert a.fakt == "wunschtermin"
    return Kontakt.objects.get(pk=k.pk)


def _tage(optionen: list[Any]) -> set[dt.date]:
    return {o.wert.astimezone(BERLIN).date() for o in optionen}


def test_terminfrage_bietet_filter_mit_den_bbie_agenturen_des_verbundes(benutzer: Callable[..., Any],
                                                                         bbie_kunde: str) -> None:
    agent = benutzer("agent_sc3")
    a = services.kontakt_stand(agent, _bis_zur_terminfrage(agent, bbie_kunde))
    assert a.terminfilter is not None and len(a.optionen) == 10
    assert (a.terminfilter.agentur, a.terminfilter.agentur_fakt) == ("Nürnberg", "wunschagentur")
    assert a.terminfilter.vorschlaege == ["Nürnberg", "Fürth"]


def test_filter_nach_tag_liest_die_naechsten_zehn_ab_diesem_tag(benutzer: Callable[..., Any],
                                                                 bbie_kunde: str) -> None:
    agent = benutzer("agent_sc3")
    k = _bis_zur_terminfrage(agent, bbie_kunde)
    ergebnis = terminfilter.termine_filtern(k, "", dt.date(2020, 5, 4))
    assert ergebnis is not None
    f, optionen = ergebnis
    assert f.tag == dt.date(2020, 5, 4) and not f.fehler and len(optionen) == 10
    assert min(_tage(optionen)) == dt.date(2020, 5, 4)
    assert Kontakt.objects.get(pk=k.pk).lauf == k.lauf          # Filtern liest nur


def test_filter_nach_agentur_des_verbundes_zeigt_deren_kalender(benutzer: Callable[..., Any],
                                                                 bbie_kunde: str) -> None:
    agent = benutzer("agent_sc3")
    k = _bis_zur_terminfrage(agent, bbie_kunde)
    ergebnis = terminfilter.termine_filtern(k, "Fürth", None)
    assert ergebnis is not None
    f, optionen = ergebnis
    assert f.agentur == "Fürth" and not f.fehler
    frei = systeme().atv.freie_termine("Fürth/bb_im_erwerbsleben", optionen[0].wert - dt.timedelta(minutes=1), 10)
    assert [o.wert for o in optionen] == frei


def test_agentur_ausserhalb_des_verbundes_wird_mit_grund_abgelehnt(benutzer: Callable[..., Any],
                                                                    bbie_kunde: str) -> None:
    agent = benutzer("agent_sc3")
    k = _bis_zur_terminfrage(agent, bbie_kunde)
    ergebnis = terminfilter.termine_filtern(k, "Köln", None)
    assert ergebnis is not None
    f, optionen = ergebnis
    assert f.fehler == ("Agentur Köln nicht möglich: Agentur Köln gehört nicht zum Verbund Nürnberg der "
                        "Wohnortagentur Ansbach-Weißenburg")
    assert (f.fehler_feld, f.agentur) == ("agentur", "Nürnberg") and len(optionen) == 10


def test_termin_einer_gefilterten_agentur_wird_dort_gebucht(benutzer: Callable[..., Any], bbie_kunde: str) -> None:
    agent = benutzer("agent_sc3")
    k = _bis_zur_terminfrage(agent, bbie_kunde)
    ergebnis = terminfilter.termine_filtern(k, "Fürth", dt.date(2020, 4, 20))
    assert ergebnis is not None
    beginn = ergebnis[1][0].wert
    a = terminfilter.termin_waehlen(agent, k, "wunschtermin", "Fürth", beginn.isoformat())
    assert a.art == "bestaetigung" and a.vorhaben is not None and ("Agentur", "Fürth") in a.vorhaben.werte
    a = services.kontakt_bestaetigen(agent, k, a.vorhaben.zeichen)
    assert a.art == "ende" and a.ergebnis == "termin_gebucht"
    [termin] = systeme().atv.termine(bbie_kunde)
    assert (termin.agentur, termin.kalender, termin.beginn) == ("Fürth", "Fürth/bb_im_erwerbsleben", beginn)
    assert zustand_lesen(bbie_kunde)["kunde"]["wohnort_agentur"] == "Ansbach-Weißenburg"
    assert "Berufsberatung im Erwerbsleben in Fürth" in a.vermerk


def test_abgelehnte_terminwahl_laesst_auch_die_agentur_unveraendert(benutzer: Callable[..., Any],
                                                                    bbie_kunde: str) -> None:
    agent = benutzer("agent_sc3")
    k = _bis_zur_terminfrage(agent, bbie_kunde)
    samstag = dt.datetime(2020, 4, 18, 10, 0, tzinfo=BERLIN)
    with pytest.raises(GespraechFehler) as fehler:
        terminfilter.termin_waehlen(agent, k, "wunschtermin", "Fürth", samstag.isoformat())
    assert fehler.value.code == "antwort_abgelehnt"
    assert Kontakt.objects.get(pk=k.pk).lauf["antworten"]["wunschagentur"] == "Nürnberg"
    assert systeme().atv.termine(bbie_kunde) == []


def test_ohne_agentur_antwort_ist_die_agentur_fest(benutzer: Callable[..., Any], kunde: str) -> None:
    agent = benutzer("agent_sc3")
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    services.kontakt_beantworten(agent, k, "identitaet_geprueft", "ja")
    a = services.kontakt_beantworten(agent, k, "terminanliegen", "vereinbaren")
    assert a.terminfilter is not None and not a.terminfilter.agentur_waehlbar
    ergebnis = terminfilter.termine_filtern(Kontakt.objects.get(pk=k.pk), "Fürth", None)
    assert ergebnis is not None and ergebnis[0].fehler == "Agentur Fürth nicht möglich: Bei dieser Frage ist die Agentur fest: Nürnberg."


def test_filterformular_ueber_http(benutzer: Callable[..., Any], bbie_kunde: str, client: Client) -> None:
    agent = benutzer("agent_sc3")
    client.force_login(agent)
    k = _bis_zur_terminfrage(agent, bbie_kunde)
    seite = client.get(f"/kontakt/{k.pk}/").content.decode()
    assert 'id="terminfilter"' in seite and '<option value="Fürth">' in seite
    gefiltert = client.get(f"/kontakt/{k.pk}/", {"agentur": "Fürth", "tag": "2020-04-20"}).content.decode()
    assert 'name="agentur" value="Fürth"' in gefiltert and "20.04.2020 08:00" in gefiltert
    falsch = client.get(f"/kontakt/{k.pk}/", {"agentur": "Köln"}).content.decode()
    assert "gehört nicht zum Verbund Nürnberg der Wohnortagentur Ansbach-Weißenburg" in falsch
    assert 'aria-invalid="true" aria-describedby="filter-fehler"' in falsch
    kein_tag = client.get(f"/kontakt/{k.pk}/", {"tag": "morgen"}).content.decode()
    assert "Bitte geben Sie den Tag als Datum an (TT.MM.JJJJ)." in kein_tag
    vergangen = client.get(f"/kontakt/{k.pk}/", {"tag": "2019-01-07"}).content.decode()   # abgelehnt, bleibt im Feld
    assert 'name="tag" type="date" value="2019-01-07" aria-invalid="true"' in vergangen
    beginn = dt.datetime(2020, 4, 20, 8, 0, tzinfo=BERLIN)
    antwort = client.post(f"/kontakt/{k.pk}/termin/", {"fakt": "wunschtermin", "agentur": "Fürth",
                                                        "wert": beginn.isoformat()})
    assert antwort.status_code == 302
    assert systeme().atv.termine(bbie_kunde) == []             # gebucht wird erst nach der Bestätigung
    seite = client.get(f"/kontakt/{k.pk}/").content.decode()
    assert "Bitte prüfen und bestätigen: Termin buchen" in seite and "ATV (Terminverwaltung)" in seite
    assert client.post(f"/kontakt/{k.pk}/bestaetigen/").status_code == 302
    [termin] = systeme().atv.termine(bbie_kunde)
    assert (termin.agentur, termin.beginn) == ("Fürth", beginn)


def test_termin_waehlen_prueft_die_rechte_zuerst(benutzer: Callable[..., Any], bbie_kunde: str) -> None:
    """Wer den Kontakt nicht führt, bekommt 403 — auch bevor die Agentur geprüft würde (sonst verriete die
    Meldung den Stand eines fremden Kontakts); der Kontakt bleibt unverändert."""
    from kundenportal.gespraech.fehler import KeinZugriff

    k = _bis_zur_terminfrage(benutzer("agent_sc3"), bbie_kunde)
    fremd = benutzer("agent_sc3", "fremd-sc3")
    with pytest.raises(KeinZugriff):
        terminfilter.termin_waehlen(fremd, k, "wunschtermin", "Fürth", "egal")
    with pytest.raises(KeinZugriff):
        terminfilter.termin_waehlen(benutzer("agent_scfk"), k, "wunschtermin", "Fürth", "egal")
    assert Kontakt.objects.get(pk=k.pk).lauf == k.lauf
    c = Client()
    c.force_login(fremd)
    assert c.post(f"/api/kontakte/{k.pk}/termin", {"fakt": "wunschtermin", "agentur": "Fürth", "wert": "x"},
                  content_type="application/json").status_code == 403


def test_zurueck_zur_terminfrage_behaelt_den_filter_der_seite(benutzer: Callable[..., Any], bbie_kunde: str,
                                                              client: Client) -> None:
    """Filter auf einen Tag, Termin gewählt, dann Alt+Z: die Terminfrage zeigt wieder die Termine ab diesem Tag
    (vorher die nächsten zehn, während die Adresse noch ?tag= nannte — dieselbe Ziffer war ein anderer Termin)."""
    agent = benutzer("agent_sc3")
    client.force_login(agent)
    k = _bis_zur_terminfrage(agent, bbie_kunde)
    adresse = f"http://testserver/kontakt/{k.pk}/?agentur=F%C3%BCrth&tag=2020-04-27"
    beginn = dt.datetime(2020, 4, 27, 8, 0, tzinfo=BERLIN)
    assert client.post(f"/kontakt/{k.pk}/termin/", {"fakt": "wunschtermin", "agentur": "Fürth",
                                                     "wert": beginn.isoformat()}).status_code == 302
    zurueck = client.post(f"/kontakt/{k.pk}/zurueck/", {"fakt": "wunschtermin"},
                          headers={"HX-Request": "true", "HX-Current-URL": adresse}).content.decode()
    assert 'name="tag" type="date" value="2020-04-27"' in zurueck and 'value="Fürth"' in zurueck
    optionen = zurueck.split('id="antwort"', 1)[1].split("</form>", 1)[0]   # die Termine (der Vermerk nennt den Tag)
    assert "27.04.2020 08:00" in optionen and "15.04.2020" not in optionen
    client.post(f"/kontakt/{k.pk}/termin/", {"fakt": "wunschtermin", "agentur": "Fürth", "wert": beginn.isoformat()})
    ohne_js = client.post(f"/kontakt/{k.pk}/zurueck/", {"fakt": "wunschtermin"}, headers={"Referer": adresse})
    assert ohne_js.status_code == 302 and ohne_js["Location"] == f"/kontakt/{k.pk}/?agentur=F%C3%BCrth&tag=2020-04-27"
    fremd = client.post(f"/kontakt/{k.pk}/zurueck/", {"fakt": "wunschtermin"},
                        headers={"Referer": "https://anderswo.example/?tag=2020-04-27"})
    assert fremd["Location"] == f"/kontakt/{k.pk}/"


def test_filter_auf_einen_tag_vor_heute_sagt_warum(benutzer: Callable[..., Any], bbie_kunde: str,
                                                   client: Client) -> None:
    agent = benutzer("agent_sc3")
    client.force_login(agent)
    k = _bis_zur_terminfrage(agent, bbie_kunde)
    seite = client.get(f"/kontakt/{k.pk}/", {"tag": "2020-01-01"}).content.decode()
    assert "Der 01.01.2020 liegt vor heute: freie Termine gibt es erst ab heute (15.04.2020)." in seite
    assert 'aria-invalid="true" aria-describedby="filter-fehler"' in seite
