"""Die Engine geht schrittweise weiter (gemerkter Gang am Lauf) und kommt dabei immer zum selben
Ergebnis wie ein Gang vom Start — auch nach geänderten oder zurückgenommenen Antworten."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kundenportal.leitfaden import ausfuehrung
from kundenportal.leitfaden.engine import Zug, naechstes
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.laden import katalog_laden
from kundenportal.leitfaden.lauf import Lauf

KOPF = 'id: "SC 9.010"\ntitel: "Schrittweise"\nkanaele: [sc3]\n'
FASSUNG = """stand: 2020-03-20
gueltig_ab: 2020-03-20
weisung: "202003006"
start: a
schritte:
  - id: a
    art: frage
    fakt: identitaet_geprueft
    text: "Identität?"
    je_antwort: {ja: b, nein: nein}
  - id: b
    art: frage
    fakt: antrag_online_gewuenscht
    text: "Online?"
    weiter:
      - {wenn: "antrag_online_gewuenscht && identitaet_geprueft", nach: c}
      - sonst: nein
  - id: c
    art: frage
    fakt: beratungsbedarf_bns
    text: "Beratung?"
    je_antwort: {ja: ja, nein: nein}
  - id: ja
    art: ende
    ergebnis: auskunft_erteilt
  - id: nein
    art: ende
    ergebnis: abbruch_identitaet
"""


@pytest.fixture
def katalog_klein(content_kopie: Callable[[dict[str, str]], Path]) -> Katalog:
    return katalog_laden(content_kopie({"leitfaeden/sc/9.010/leitfaden.yaml": KOPF,
                                        "leitfaeden/sc/9.010/2020-03-20.yaml": FASSUNG}))


def _lauf(katalog: Katalog) -> Lauf:
    return ausfuehrung.starten(katalog, "SC 9.010", datum=dt.date(2020, 4, 14),
                               jetzt=dt.datetime(2020, 4, 14, 9, tzinfo=dt.UTC), kanal="sc3", standort=None,
                               kundennummer=None)


def _bild(zug: Zug) -> tuple[Any, ...]:
    return (zug.art, zug.schluessel, zug.fakt, zug.ergebnis, [(s.schluessel, s.wert, s.werte) for s in zug.weg],
            zug.werte)


def _wie_vom_start(katalog: Katalog, lauf: Lauf) -> None:
    """Der gemerkte Gang liefert dasselbe wie ein frischer Lauf aus dem gespeicherten JSON."""
    assert _bild(naechstes(katalog, lauf)) == _bild(naechstes(katalog, Lauf.aus_json(lauf.als_json())))


def test_schrittweise_wie_vom_start(katalog_klein: Katalog) -> None:
    lauf = _lauf(katalog_klein)
    _wie_vom_start(katalog_klein, lauf)
    for fakt in ("identitaet_geprueft", "antrag_online_gewuenscht", "beratungsbedarf_bns"):
        lauf.antworten[fakt] = True
        _wie_vom_start(katalog_klein, lauf)
    assert naechstes(katalog_klein, lauf).ergebnis == "auskunft_erteilt"
    assert "_gang" in lauf.__dict__ and "_gang" not in lauf.als_json()


def test_geaenderte_antwort_geht_einen_anderen_weg(katalog_klein: Katalog) -> None:
    lauf = _lauf(katalog_klein)
    lauf.antworten |= {"identitaet_geprueft": True, "antrag_online_gewuenscht": True}
    assert naechstes(katalog_klein, lauf).fakt == "beratungsbedarf_bns"
    lauf.antworten["antrag_online_gewuenscht"] = False        # vorher gelesen: Gang gilt nicht mehr
    zug = naechstes(katalog_klein, lauf)
    assert (zug.art, zug.ergebnis) == ("ende", "abbruch_identitaet")
    _wie_vom_start(katalog_klein, lauf)


def test_zuruecknehmen_geht_wieder_bis_zur_frage(katalog_klein: Katalog) -> None:
    lauf = _lauf(katalog_klein)
    for fakt in ("identitaet_geprueft", "antrag_online_gewuenscht", "beratungsbedarf_bns"):
        lauf.antworten[fakt] = True
        lauf.protokoll.append(f"antwort:{fakt}")
    assert naechstes(katalog_klein, lauf).art == "ende"
    ausfuehrung.zuruecknehmen(lauf, "antrag_online_gewuenscht")
    zug = naechstes(katalog_klein, lauf)
    assert (zug.art, zug.fakt, [s.schluessel for s in zug.weg]) == ("frage", "antrag_online_gewuenscht", ["a"])
    _wie_vom_start(katalog_klein, lauf)


def test_ein_zurueckgegebener_zug_waechst_nicht_mit(katalog_klein: Katalog) -> None:
    lauf = _lauf(katalog_klein)
    lauf.antworten["identitaet_geprueft"] = True
    erster = naechstes(katalog_klein, lauf)
    lauf.antworten["antrag_online_gewuenscht"] = True
    zweiter = naechstes(katalog_klein, lauf)
    assert [s.schluessel for s in erster.weg] == ["a"]
    assert "antrag_online_gewuenscht" not in erster.werte
    assert [s.schluessel for s in zweiter.weg] == ["a", "b"]


def test_anderer_katalog_geht_vom_start(katalog_klein: Katalog, content_kopie: Callable[[dict[str, str]], Path]) -> None:
    lauf = _lauf(katalog_klein)
    lauf.antworten["identitaet_geprueft"] = True
    naechstes(katalog_klein, lauf)
    anders = katalog_laden(content_kopie({"leitfaeden/sc/9.010/leitfaden.yaml": KOPF,
                                          "leitfaeden/sc/9.010/2020-03-20.yaml": FASSUNG.replace(
                                              "je_antwort: {ja: b, nein: nein}", "je_antwort: {ja: nein, nein: b}")}))
    zug = naechstes(anders, lauf)
    assert (zug.art, zug.ergebnis) == ("ende", "abbruch_identitaet")


def _vom_start(katalog: Katalog, lauf: Lauf) -> Zug:
    """Derselbe Stand, vom Start gegangen (ohne gemerkte Gänge des Prozesses)."""
    from kundenportal.leitfaden import engine

    with engine._GAENGE_SPERRE:
        engine._GAENGE.clear()
    return naechstes(katalog, Lauf.aus_json(lauf.als_json()))


def test_nach_json_rundreise_geht_der_gang_weiter(katalog_klein: Katalog) -> None:
    """Ein aus JSON neu gelesener Lauf (nächste Anfrage) übernimmt den Gang seines Vorgängers, statt vom
    Start zu gehen — mit demselben Ergebnis wie vom Start."""
    lauf = _lauf(katalog_klein)
    naechstes(katalog_klein, lauf)
    lauf.antworten["identitaet_geprueft"] = True
    naechstes(katalog_klein, lauf)
    gang = lauf.__dict__["_gang"]
    json = lauf.als_json()
    del lauf                                               # der Vorgänger lebt nicht mehr
    neu = Lauf.aus_json(json)
    neu.antworten["antrag_online_gewuenscht"] = True
    zug = naechstes(katalog_klein, neu)
    assert neu.__dict__["_gang"] is gang                   # übernommen, nicht vom Start
    erwartet = _vom_start(katalog_klein, neu)
    assert (zug.art, zug.schluessel, [w.schluessel for w in zug.weg]) == \
        (erwartet.art, erwartet.schluessel, [w.schluessel for w in erwartet.weg])


def test_gang_eines_lebenden_laufs_wird_nicht_geteilt(katalog_klein: Katalog) -> None:
    lauf = _lauf(katalog_klein)
    naechstes(katalog_klein, lauf)
    zweiter = Lauf.aus_json(lauf.als_json())              # etwa ein zweiter Tab im selben Prozess
    naechstes(katalog_klein, zweiter)
    assert zweiter.__dict__["_gang"] is not lauf.__dict__["_gang"]


def test_geaenderte_antwort_nach_rundreise_geht_vom_start(katalog_klein: Katalog) -> None:
    lauf = _lauf(katalog_klein)
    lauf.antworten["identitaet_geprueft"] = True
    naechstes(katalog_klein, lauf)
    gang = lauf.__dict__["_gang"]
    json = lauf.als_json()
    del lauf
    neu = Lauf.aus_json(json)
    neu.antworten["identitaet_geprueft"] = False            # zurück und anders beantwortet
    zug = naechstes(katalog_klein, neu)
    assert neu.__dict__["_gang"] is not gang
    assert zug.art == "ende" and zug.ergebnis == "abbruch_identitaet"


def _sc3307_vor_der_aktion(katalog: Katalog) -> Lauf:
    """SC 3.307 bis vor den Papierantrag (eine ändernde Aktion: erst die Bestätigung)."""
    lauf = ausfuehrung.starten(katalog, "SC 3.307", datum=dt.date(2020, 4, 14),
                               jetzt=dt.datetime(2020, 4, 14, 9, tzinfo=dt.UTC), kanal="sc3", standort=None,
                               kundennummer="955A999002")
    lauf.antworten |= {"identitaet_geprueft": True, "antrag_online_gewuenscht": True,
                       "erhoehung_sicherheitsstufe": "abgelehnt"}
    lauf.auftraege["stufe"] = {"sicherheitsstufe": "basis", "stufe_ausweissicht": False}
    return lauf


def test_wartende_bestaetigung_gilt_bis_sie_oder_die_aktion_im_lauf_steht(katalog: Katalog) -> None:
    """Die anstehende Bestätigung bleibt am Gang (kein neuer Gang je Nachfrage) — und gilt nicht mehr, sobald
    eine Bestätigung (mit anderen oder genau diesen Werten) oder das Ergebnis der Aktion im Lauf steht."""
    from kundenportal.leitfaden.auftraege import bestaetigung_schluessel

    lauf = _sc3307_vor_der_aktion(katalog)
    erster = naechstes(katalog, lauf)
    assert (erster.art, erster.schluessel, erster.parameter) == ("bestaetigung", "papier", {"leistung": "insolvenzgeld"})
    assert _bild(naechstes(katalog, lauf)) == _bild(erster) == _bild(_vom_start(katalog, lauf))
    lauf.auftraege[bestaetigung_schluessel("papier")] = {"leistung": "kindergeld"}     # andere Werte bestätigt
    assert naechstes(katalog, lauf).art == "bestaetigung"
    assert _bild(naechstes(katalog, lauf)) == _bild(_vom_start(katalog, lauf))
    lauf.auftraege[bestaetigung_schluessel("papier")] = {"leistung": "insolvenzgeld"}  # genau diese Werte
    assert naechstes(katalog, lauf).art == "aktion"
    del lauf.auftraege[bestaetigung_schluessel("papier")]
    assert naechstes(katalog, lauf).art == "bestaetigung"
    lauf.auftraege["papier"] = {"system": "versand", "vorgang": "papierantrag"}        # die Aktion lief schon
    zug = naechstes(katalog, lauf)
    assert (zug.art, zug.ergebnis) == ("ende", "papierantrag_versandt")
    assert _bild(zug) == _bild(_vom_start(katalog, lauf))


def test_gang_gilt_nur_solange_das_gelesene_unveraendert_ist(katalog: Katalog) -> None:
    """Ein geändertes, gleiches oder entferntes Gelesenes (Antwort wie Auftragsergebnis) — der Gang prüft Wert
    für Wert: gleicher Wert (auch ein anderes, gleiches Objekt) gilt, ein anderer oder fehlender nicht."""
    lauf = _sc3307_vor_der_aktion(katalog)
    naechstes(katalog, lauf)
    gang = lauf.__dict__["_gang"]
    lauf.auftraege["stufe"] = dict(lauf.auftraege["stufe"])          # gleich, anderes Objekt
    naechstes(katalog, lauf)
    assert lauf.__dict__["_gang"] is gang
    lauf.auftraege["stufe"] = {"sicherheitsstufe": "ausweissicht", "stufe_ausweissicht": True}
    zug = naechstes(katalog, lauf)
    assert lauf.__dict__["_gang"] is not gang
    assert (zug.art, zug.ergebnis) == ("ende", "online_antrag_moeglich")
    gang = lauf.__dict__["_gang"]
    del lauf.antworten["erhoehung_sicherheitsstufe"]                  # nicht gelesen auf diesem Weg: Gang bleibt
    assert naechstes(katalog, lauf).ergebnis == "online_antrag_moeglich" and lauf.__dict__["_gang"] is gang
    del lauf.antworten["antrag_online_gewuenscht"]                    # gelesen: fehlt jetzt
    zug = naechstes(katalog, lauf)
    assert lauf.__dict__["_gang"] is not gang
    assert (zug.art, zug.fakt) == ("frage", "antrag_online_gewuenscht")


def test_ein_neuer_lauf_sucht_keinen_vorgaenger(katalog_klein: Katalog, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ein eben begonnener Lauf (ausfuehrung.starten) hat keinen Vorgänger: sein erster Schritt sucht keinen
    Gang zum Übernehmen — selbst wenn unter demselben Schlüssel (Fassung, Tag, Kanal, Kunde, Beginn) einer
    gemerkt ist. Ein Lauf aus JSON sucht weiter, und beide gehen den Weg wie vom Start."""
    from kundenportal.leitfaden import engine

    alt = _lauf(katalog_klein)
    alt.antworten["identitaet_geprueft"] = True
    naechstes(katalog_klein, alt)                 # gemerkt unter dem Schlüssel, den auch der neue Lauf hat
    gesucht: list[Lauf] = []
    original = engine._uebernehmen
    monkeypatch.setattr(engine, "_uebernehmen", lambda k, lauf: gesucht.append(lauf) or original(k, lauf))
    del alt
    neu = _lauf(katalog_klein)
    zug = naechstes(katalog_klein, neu)
    assert gesucht == []
    assert _bild(zug) == _bild(_vom_start(katalog_klein, neu))
    gesucht.clear()
    aus_json = Lauf.aus_json(neu.als_json())
    assert "_ohne_vorgaenger" not in aus_json.__dict__ and "_ohne_vorgaenger" not in neu.als_json()
    naechstes(katalog_klein, aus_json)
    assert gesucht == [aus_json]
