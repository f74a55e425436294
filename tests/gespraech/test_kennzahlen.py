"""Kennzahlen für die Teamleitung: Kontakte je Tag, Leitfaden und Ergebnis, Anteil der Abbrüche wegen
nicht bestätigter Identität, Fragen je Kontakt, offene Aufgaben je Postkorb — ohne Kundendaten."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal import zeit
from kundenportal.fachverfahren.registry import systeme
from kundenportal.gespraech import queries, services
from kundenportal.gespraech.queries import Tageszeile
from kundenportal.konten import zugriff

pytestmark = pytest.mark.django_db


@pytest.fixture
def kontakte(benutzer: Callable[..., Any], kunde: str) -> None:
    agent = benutzer("agent_sc3")
    abbruch = services.kontakt_starten(agent, "SC 3.003", kunde)
    services.kontakt_beantworten(agent, abbruch, "identitaet_geprueft", "nein")
    services.kontakt_abschliessen(agent, abbruch, "Identität nicht bestätigt.")
    offen = services.kontakt_starten(agent, "SC 3.003", kunde)
    services.kontakt_beantworten(agent, offen, "identitaet_geprueft", "ja")
    services.kontakt_beantworten(agent, offen, "terminanliegen", "absagen")
    systeme().aufgaben.erstellen("os_algplus", "ALG prüfen", kunde, "", "test", "")
    systeme().aufgaben.erstellen("os_algplus", "ALG prüfen", kunde, "", "test", "")


ALLE = {"kanaele": ["ez", "sc3", "scfk", "emb", "eservice"],
        "postkoerbe": ["os_algplus", "fk_direktion_qs", "team_sc3", "team_ez"]}


def test_kennzahlen_aus_kontakten_und_postkoerben(kontakte: None) -> None:
    heute = zeit.heute()
    z = queries.kennzahlen(bis=heute, tage=7, **ALLE)
    assert (z.von, z.bis, z.kontakte) == (heute - dt.timedelta(days=6), heute, 2)
    assert z.je_tag == [Tageszeile(heute, "SC 3.003", "", 1), Tageszeile(heute, "SC 3.003", "abbruch_identitaet", 1)]
    assert z.anteil_abbruch_identitaet == 1.0
    assert z.schritte_je_kontakt == 1.5
    assert z.offene_aufgaben == {"OS AlgPlus": 2, "Familienkasse Direktion (Qualitätsprüfung)": 0,
                                 "Service Center SGB III": 0, "Eingangszone": 0}


def test_kennzahlen_ausserhalb_des_zeitraums_und_standorts_leer(kontakte: None) -> None:
    z = queries.kennzahlen(bis=zeit.heute() - dt.timedelta(days=1), **ALLE)
    assert (z.kontakte, z.je_tag, z.anteil_abbruch_identitaet, z.schritte_je_kontakt) == (0, [], None, None)
    assert queries.kennzahlen(bis=zeit.heute(), standort="Köln", **ALLE).kontakte == 0
    assert queries.kennzahlen(bis=zeit.heute(), standort="Nürnberg", **ALLE).kontakte == 2


def test_kennzahlen_nur_im_rechtskreis_und_kanal_der_rolle(kontakte: None, benutzer: Callable[..., Any],
                                                         client: Client) -> None:
    """Die Teamleitung SGB III zählt keine Aufgaben der Familienkasse; die Teamleitung E-Mail nur die E-Mail."""
    client.force_login(benutzer("teamleitung"))
    seite = client.get("/kennzahlen/").content.decode()
    assert '<dd id="kz-kontakte">2</dd>' in seite and "Familienkasse Direktion" not in seite
    client.force_login(benutzer("teamleitung_emb", "tl-emb"))
    seite = client.get("/kennzahlen/").content.decode()
    assert '<dd id="kz-kontakte">0</dd>' in seite and "Familienkasse Direktion" not in seite
    assert zugriff.kennzahl_kanaele(benutzer("teamleitung_emb", "tl-emb-2")) == ["emb"]
    assert sorted(zugriff.kennzahl_kanaele(benutzer("teamleitung", "tl-2"))) == ["emb", "eservice", "ez", "sc3"]


def test_kennzahlenseite_zeigt_keine_kundendaten(kontakte: None, kunde: str, benutzer: Callable[..., Any],
                                                client: Client) -> None:
    client.force_login(benutzer("teamleitung"))
    seite = client.get("/kennzahlen/").content.decode()
    assert '<dd id="kz-kontakte">2</dd>' in seite and '<dd id="kz-abbruch">100 %</dd>' in seite
    assert '<dd id="kz-schritte">1,5</dd>' in seite and '<td class="kern-table__cell">OS AlgPlus</td><td class="kern-table__cell kern-table__cell--numeric">2</td>' in seite
    assert '<td class="kern-table__cell">Abbruch: Identität nicht bestätigt</td><td class="kern-table__cell kern-table__cell--numeric">1</td>' in seite and "abbruch_identitaet" not in seite
    assert kunde not in seite and "Mustermann" not in seite and "Erika" not in seite
    assert 'href="/kennzahlen/"' in seite


def test_beginn_und_abschluss_nach_derselben_uhr(benutzer: Callable[..., Any], kunde: str, settings: Any) -> None:
    """Mit Stichtag (Schulung) beginnt ein Kontakt am Stichtag, wie er dort endet: Kennzahlen und Bearbeitungszeit
    rechnen mit beiden."""
    settings.KUNDENPORTAL_STICHTAG = "2020-03-24"
    agent = benutzer("agent_sc3")
    k = services.kontakt_starten(agent, "SC 3.003", kunde)
    services.kontakt_beantworten(agent, k, "identitaet_geprueft", "nein")
    k = services.kontakt_abschliessen(agent, k, "Identität nicht bestätigt.")
    assert k.begonnen.astimezone(zeit.BERLIN).date() == dt.date(2020, 3, 24)
    assert dt.timedelta(0) <= k.abgeschlossen - k.begonnen < dt.timedelta(minutes=1)
    z = queries.kennzahlen(bis=zeit.heute(), **ALLE)
    assert z.kontakte == 1 and z.je_tag[0].tag == dt.date(2020, 3, 24)
