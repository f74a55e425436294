"""Das Zugriffsprotokoll für die Administration: Aktionen in Worten (filterbar nach ihrem Code), die Kundennummer
wird gelesen wie in der Kundensuche, und ein verweigerter Zugriff steht als solcher darin — mit Person, ohne
Kundennummer in der Protokollzeile des Prozesses."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kundenportal.konten import aktionen, zwecke
from kundenportal.konten.models import Zugriff
from kundenportal.konten.services import zugriff_protokollieren, zugriff_verweigert_protokollieren
from tests.konten.test_zweck import _aktionen

pytestmark = pytest.mark.django_db
NUMMER = "900D000009"


def _seite(benutzer: Callable[..., Any], **filter: str) -> str:
    c = Client()
    c.force_login(benutzer("administration", "protokollantin"))
    antwort = c.post("/protokoll/", filter)
    assert antwort.status_code == 200
    return antwort.content.decode()


def _zellen(seite: str) -> list[str]:
    """Die Spalte Aktion der Tabelle (dritte Zelle je Zeile)."""
    zeilen = re.findall(r'<tr class="kern-table__row">(.*?)</tr>', seite.split("<tbody", 1)[1], flags=re.S)
    return [re.findall(r'<td class="kern-table__cell">(.*?)</td>', z)[2] for z in zeilen]


def test_jede_aktion_im_quelltext_hat_einen_deutschen_text() -> None:
    ohne = sorted(a for a in _aktionen() if aktionen.text(a) == a)
    assert not ohne, f"Aktionen ohne Text (konten/aktionen.py: TEXTE ergänzen): {ohne}"
    assert all(t[0].isupper() and "_" not in t for t in aktionen.TEXTE.values())


def test_aktionen_stehen_in_worten_da(benutzer: Callable[..., Any]) -> None:
    agent = benutzer("agent_sc3")
    zugriff_protokollieren(agent, "postkorb_lesen", kundennummer=NUMMER)
    zugriff_protokollieren(agent, "kontakt_beantworten", kundennummer=NUMMER, kontakt=uuid.uuid4())
    zugriff_protokollieren(agent, "qs_anlage5_erstkontaktloesung", kundennummer=NUMMER)
    zellen = _zellen(_seite(benutzer))
    assert zellen == ["Kontakte hinter einer Zahl der Anlage 5 gelesen (erstkontaktloesung)",
                      "Frage im Kontakt beantwortet", "Postkorb gelesen"]


def test_kundennummer_wird_gelesen_wie_in_der_kundensuche(benutzer: Callable[..., Any]) -> None:
    agent = benutzer("agent_sc3")
    for _ in range(3):
        zugriff_protokollieren(agent, "kundenhistorie_lesen", kundennummer=NUMMER)
    zugriff_protokollieren(agent, "kundenhistorie_lesen", kundennummer="955T000001")
    for eingabe in ("900d 000009", "900D-000009", " 900D000009 ", "900d.000009"):
        assert len(_zellen(_seite(benutzer, kundennummer=eingabe))) == 3, eingabe


def test_nach_aktion_filtern(benutzer: Callable[..., Any]) -> None:
    agent = benutzer("agent_sc3")
    for aktion in ("postkorb_lesen", "kontakt_lesen", "qs_anlage5_kontakte_je_anliegen", "qs_anlage5_terminabsagen"):
        zugriff_protokollieren(agent, aktion, kundennummer=NUMMER)
    zugriff_verweigert_protokollieren(agent, "kontakt_lesen", kundennummer=NUMMER)
    seite = _seite(benutzer, aktion="postkorb_lesen")
    assert _zellen(seite) == ["Postkorb gelesen"]
    assert '<option value="postkorb_lesen" selected>Postkorb gelesen</option>' in seite
    assert _zellen(_seite(benutzer, aktion="kontakt_lesen")) == ["Kontakt gelesen"]
    assert len(_zellen(_seite(benutzer, aktion=aktionen.ANLAGE5))) == 2
    assert _zellen(_seite(benutzer, aktion=aktionen.VERWEIGERT)) == ["Verweigert: Kontakt gelesen"]


def test_verweigerter_zugriff_steht_im_protokoll_ohne_kundennummer_im_log(
        benutzer: Callable[..., Any], caplog: pytest.LogCaptureFixture) -> None:
    agent = benutzer("agent_sc3")
    kontakt = uuid.uuid4()
    with caplog.at_level(logging.WARNING, logger="kundenportal.zugriff"):
        zugriff_verweigert_protokollieren(agent, "kontakt_lesen", kundennummer=NUMMER, kontakt=kontakt)
    eintrag = Zugriff.objects.get(user=agent)
    assert (eintrag.aktion, eintrag.zweck, eintrag.kundennummer, eintrag.kontakt) == (
        "kontakt_lesen_verweigert", zwecke.GESPRAECH, NUMMER, kontakt)
    assert [r.getMessage() for r in caplog.records] == [f"Zugriff verweigert: benutzer={agent.pk} aktion=kontakt_lesen"]
    assert NUMMER not in caplog.text and str(kontakt) not in caplog.text
    assert _zellen(_seite(benutzer, kundennummer=NUMMER)) == ["Verweigert: Kontakt gelesen"]


def test_filter_bleibt_aus_der_adresse(benutzer: Callable[..., Any]) -> None:
    """Die Kundennummer geht per POST (nicht in Browserverlauf und Proxy-Protokolle); die Seite verweist nicht
    mit ihr weiter."""
    seite = _seite(benutzer, kundennummer="900d 000009")
    assert '<form method="post"' in seite and "kundennummer=" not in seite


def test_filter_zeitraum_benutzer_teil_und_blaettern(benutzer: Callable[..., Any]) -> None:
    """Von/Bis (Berliner Kalendertage), Benutzer als Teil des Namens ohne Groß-/Kleinschreibung, je Seite 100
    Einträge mit „Ältere“/„Neuere“ — alles per POST, die Kundennummer nie in der URL."""
    import datetime as dt

    from kundenportal import zeit
    agent = benutzer("agent_sc3", "Demo-Agent-SC3")
    for _ in range(105):
        zugriff_protokollieren(agent, "kontakt_lesen", kundennummer=NUMMER)
    alt = Zugriff.objects.order_by("zeit").first()
    assert alt is not None
    Zugriff.objects.filter(pk=alt.pk).update(zeit=dt.datetime(2020, 3, 20, 10, tzinfo=zeit.BERLIN))
    c = Client()
    c.force_login(benutzer("administration", "protokollantin"))
    assert len(_zellen(c.post("/protokoll/", {"benutzer": "demo-agent"}).content.decode())) == 100  # Teil, ohne Groß/klein
    zweite = c.post("/protokoll/", {"benutzer": "DEMO-AGENT", "seite": "2"}).content.decode()
    assert len(_zellen(zweite)) == 5 and "Einträge 101 bis 105" in zweite and "Neuere 100 Einträge" in zweite
    maerz = _seite(benutzer, von="2020-03-20", bis="2020-03-20", kundennummer="900d 000009")
    assert len(_zellen(maerz)) == 1


def test_ungueltiger_filter_meldet_am_feld(benutzer: Callable[..., Any]) -> None:
    c = Client()
    c.force_login(benutzer("administration", "protokollantin"))
    for daten, meldung in [({"kundennummer": "A" * 50}, "höchstens 20 Zeichen"),
                           ({"kundennummer": "!?"}, "Das ist keine Kundennummer"),
                           ({"von": "2020-04-02", "bis": "2020-04-01"}, "liegt vor „Von“"),
                           ({"von": "1800-01-01"}, "Bitte ein Datum zwischen"),
                           ({"benutzer": "x" * 5000}, "höchstens 150 Zeichen")]:
        antwort = c.post("/protokoll/", daten)
        html = antwort.content.decode()
        assert antwort.status_code == 400 and meldung in html and 'aria-invalid="true"' in html, daten


def test_zahl_der_anlage_5_in_worten() -> None:
    """Die Führungsprozesse sagen den Rest des Codes in Worten (fuehrung/apps.py meldet sich an)."""
    assert aktionen.text("qs_anlage5_kontakte_je_anliegen_andere_ab") == (
        "Kontakte hinter einer Zahl der Anlage 5 gelesen (Kontakte; Vergleich: andere Standorte, ab dem 20.03.2020)")
