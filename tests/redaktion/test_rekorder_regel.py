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
from tests.conftest import CONTENT

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


def test_frage_mit_antworten_aus_einer_quelle_bietet_sie_an(db_katalog: None) -> None:
    """Rundgang Redaktion: bei FK 4.405 „Welches Kind ist betroffen?“ kommen die Antworten aus dem KIWI-Fall; der
    Rekorder zeigte ein leeres Textfeld, und die Redaktion musste die Kennung „K1“ raten. Jetzt bietet er die Kinder
    des Falls an wie das Gespräch."""
    sz = yaml.safe_load((CONTENT / "szenarien/fk/fk-4405-anderer-grund-oed-nein.yaml").read_text(encoding="utf-8"))
    stand = weitergehen(katalog_aus_datenbank(), leitfaden_id="FK 4.405", kanal="scfk", datum=sz["datum"],
                        ausgangslage=sz["ausgangslage"],
                        antworten={"identitaet_geprueft": True, "oeffentlicher_dienst": "nein"})
    assert stand.frage == "kind_id"
    werte = [w for w, _ in stand.optionen]
    assert werte == ["K1", "K2"]
    assert any("Tom" in b for _, b in stand.optionen) and any("Ida" in b for _, b in stand.optionen)
