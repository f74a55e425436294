"""Ein Gespräch, dessen Zustand nach jedem Schritt durch JSON geht (wie in der Datenbank): jeder neu gelesene
Lauf übernimmt den Gang seines Vorgängers — Schritt für Schritt derselbe Gang — und das Gespräch endet genau
wie im Speicher."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from kundenportal.fachverfahren.speicher import SpeicherSysteme
from kundenportal.leitfaden import engine
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.lauf import Lauf
from kundenportal.leitfaden.sitzung import Sitzung
from kundenportal.leitfaden.vokabular import BERLIN

KUNDE = {"kundennummer": "955A900001", "vorname": "Paul", "nachname": "Wagner", "geburtsdatum": "1990-06-01",
         "wohnort_agentur": "Nürnberg", "betreuung": "av", "status": "arbeitslos", "online_asu": "keine"}
ANTWORTEN = {"identitaet_geprueft": True, "antrag_online_gewuenscht": True, "erhoehung_sicherheitsstufe": "abgelehnt"}
DATUM = dt.date(2020, 4, 14)


def _kontakt(katalog: Katalog, rund: bool) -> tuple[Lauf, list[Any], list[str]]:
    test = SpeicherSysteme(katalog.standorte)
    nummer = test.ausgangslage_laden({"kunde": KUNDE, "step": {"konto": True, "sicherheitsstufe": "basis"}})
    systeme = test.systeme()
    jetzt = dt.datetime.combine(DATUM, dt.time(9), BERLIN)
    s = Sitzung.starten(katalog, systeme, "SC 3.307", datum=DATUM, jetzt=jetzt, kanal="sc3", standort="Nürnberg",
                        kundennummer=nummer, benutzer="test", kontakt="k1")
    zug = s.weiter()
    gaenge: list[Any] = []
    zuege: list[str] = [zug.art]
    while zug.art in ("frage", "bestaetigung"):
        zug = s.bestaetigen() if zug.art == "bestaetigung" else s.antworten(zug.fakt, ANTWORTEN[zug.fakt])
        zuege.append(zug.art)
        gaenge.append(s.lauf.__dict__.get("_gang"))
        if rund:
            text = json.dumps(s.lauf.als_json())
            del s                                           # der Vorgänger lebt nicht mehr
            s = Sitzung.fortsetzen(katalog, systeme, Lauf.aus_json(json.loads(text)), jetzt=jetzt,
                                   benutzer="test", kontakt="k1")
    return s.lauf, gaenge, zuege


def test_jede_rundreise_uebernimmt_denselben_gang(katalog: Katalog) -> None:
    with engine._GAENGE_SPERRE:
        engine._GAENGE.clear()
    lauf, gaenge, zuege = _kontakt(katalog, rund=True)
    assert len(gaenge) == 4 and all(g is gaenge[0] for g in gaenge)      # nie vom Start neu gegangen
    with engine._GAENGE_SPERRE:
        assert [e[1] for e in engine._GAENGE.values()] == [gaenge[0]]   # ein Eintrag je Gespräch
    im_speicher, _, zuege_speicher = _kontakt(katalog, rund=False)
    assert zuege == zuege_speicher
    assert lauf.als_json() == im_speicher.als_json()
    assert lauf.ergebnis == "papierantrag_versandt"
