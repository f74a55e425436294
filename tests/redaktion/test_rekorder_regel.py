"""Ein im Browser aufgezeichnetes Szenario trägt `regel:` mit den Punkten der Weisung, auf die Schritte seines Wegs
verweisen (`aufzeichnung.regel_des_wegs`). Rundgang Redaktion: die Seite der Weisung sagte „kein Szenario belegt die
Regel hier“, obwohl drei aufgezeichnete Szenarien die Schritte durchliefen — der Rekorder setzte keine Regel."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from kundenportal.leitfaden.weisung import punkte
from kundenportal.redaktion.aufzeichnung import regel_des_wegs, szenario_text, weitergehen
from kundenportal.redaktion.queries import katalog_aus_datenbank

pytestmark = pytest.mark.django_db
LAGE = {"kunde": {"kundennummer": "955A999002", "vorname": "Sabine", "nachname": "Krüger",
                  "wohnort_agentur": "Berlin Nord"}, "step": {"sicherheitsstufe": "basis"}}


def test_aufgezeichneter_weg_nennt_die_punkte_seiner_schritte(db_katalog: None) -> None:
    k = katalog_aus_datenbank()
    stand = weitergehen(k, leitfaden_id="SC 3.307", kanal="sc3", datum=dt.date(2020, 4, 14), ausgangslage=LAGE,
                        antworten={"identitaet_geprueft": "ja", "antrag_online_gewuenscht": "ja",
                                   "erhoehung_sicherheitsstufe": "abgelehnt"})
    assert stand.fertig, stand
    regel = regel_des_wegs(k, stand.ergebnis)
    assert regel == "Weisung 202003006, 2.2 a) 6" and punkte(regel) == {"2.2 a) 6"}
    text = szenario_text(szenario_id="sc-3307-redaktion-x", titel="Papierantrag", leitfaden_id="SC 3.307",
                         kanal="sc3", datum=dt.date(2020, 4, 14), ausgangslage=LAGE, antworten={},
                         ergebnis=stand.ergebnis, regel=regel)
    assert yaml.safe_load(text)["regel"] == regel


def test_weg_ohne_verweis_ergibt_keine_regel(db_katalog: None) -> None:
    k = katalog_aus_datenbank()
    stand = weitergehen(k, leitfaden_id="SC 3.307", kanal="sc3", datum=dt.date(2020, 4, 14), ausgangslage=LAGE,
                        antworten={"identitaet_geprueft": "nein"})
    assert stand.fertig and not {"stufe", "erhoehung", "papier"} & set(stand.ergebnis.weg), stand.ergebnis.weg
    assert regel_des_wegs(k, stand.ergebnis) == ""
