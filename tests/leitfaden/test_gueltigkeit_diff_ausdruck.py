"""Gültigkeit (Datum, Standort, Pilot), Diff, Änderungsübersicht, CEL, Lauf als JSON."""

from __future__ import annotations

import datetime as dt

from kundenportal.leitfaden.ausdruck import Umgebung
from kundenportal.leitfaden.diff import diff, diff_text
from kundenportal.leitfaden.gueltigkeit import aufloesen
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.lauf import Lauf
from kundenportal.leitfaden.vokabular import BERLIN
from kundenportal.leitfaden.weisung import aenderungsuebersicht, punkte

D = dt.date


def test_vorgaengerfassung_gilt_bis_zum_vortag_der_weisung(katalog: Katalog) -> None:
    vorher = aufloesen(katalog, "SC 3.307", D(2020, 3, 19), None)
    ab = aufloesen(katalog, "SC 3.307", D(2020, 3, 20), None)
    assert vorher is not None and vorher.stand == D(2019, 12, 20)
    assert ab is not None and ab.stand == D(2020, 3, 20) and ab.weisung == "202003006"
    assert aufloesen(katalog, "SC 3.307", D(2019, 12, 31), None) is None


def test_pilotstandort_nutzt_pilotvariante_bis_zum_bbie_start(katalog: Katalog) -> None:
    fuerth_vorher = aufloesen(katalog, "SC 3.003", D(2020, 3, 31), "Fürth")
    fuerth_ab = aufloesen(katalog, "SC 3.003", D(2020, 4, 1), "Fürth")
    nuernberg = aufloesen(katalog, "SC 3.003", D(2020, 3, 31), "Nürnberg")
    assert fuerth_vorher is not None and fuerth_vorher.leitfaden_id == "SC 3.003-Pilot"
    assert fuerth_ab is not None and fuerth_ab.leitfaden_id == "SC 3.003"
    assert nuernberg is not None and nuernberg.leitfaden_id == "SC 3.003"
    # Die Pilotvariante direkt angefragt gilt nur dort, wo ihre Standortregel greift.
    assert aufloesen(katalog, "SC 3.003-Pilot", D(2020, 3, 31), "Nürnberg") is None


def test_diff_zeigt_die_neue_pruefung_der_sicherheitsstufe(katalog: Katalog) -> None:
    lf = katalog.leitfaeden["SC 3.307"]
    alt, neu = lf.fassung(D(2019, 12, 20)), lf.fassung(D(2020, 3, 20))
    assert alt is not None and neu is not None
    d = diff(alt, neu)
    arten = {(a.art, a.schritt_id) for a in d.schritte}
    assert ("neu", "erhoehung") in arten and ("entfallen", "konto") in arten
    text = diff_text(katalog, alt, neu)
    assert "+ Schritt erhoehung (frage) neu" in text
    assert "je_antwort.ja: konto  →  stufe" in text


def test_aenderungsuebersicht_nennt_alten_und_neuen_stand(katalog: Katalog) -> None:
    text = aenderungsuebersicht(katalog, "202003006")
    zeile = next(z for z in text.splitlines() if z.startswith("SC 3.307"))
    assert "20.12.2019" in zeile and "20.03.2020" in zeile
    assert "familienkasse: nicht betroffen" in text


def test_regelpunkte_aus_szenariotext() -> None:
    assert punkte("Weisung 202003006, 2.2 a) 3 und a) 4") == {"2.2 a) 3", "2.2 a) 4"}
    assert punkte("Weisung 202003006, 2.1 (Pilot Weiterbildungsberatung)") == {"2.1"}


def test_cel_prueft_typen_und_rechnet_tage() -> None:
    umg = Umgebung({"au_beginn": "datum", "au_ende": "datum", "x": "bool"})
    assert umg.pruefen("tage(au_beginn, au_ende) <= 42") is None
    assert umg.pruefen("x + 1") is not None
    assert umg.pruefen("unbekannt") is not None
    werte = {"au_beginn": D(2020, 3, 1), "au_ende": D(2020, 4, 11)}
    assert umg.auswerten("tage(au_beginn, au_ende)", werte) == 42


def test_schlichte_bedingungen_wie_cel() -> None:
    """`x`, `!x`, `t == '…'`, `t != '…'` gehen an CEL vorbei — mit demselben Ergebnis und denselben Fehlern."""
    import pytest

    from kundenportal.leitfaden.fehler import LaufFehler

    umg = Umgebung({"x": "bool", "t": "text", "a": "auswahl", "n": "zahl"})
    texte = ["x", "!x", " ! x ", "t == 'ja'", "t != 'ja'", "a == 'b c'", "t=='ja'", "t == ''", "n == 1",
             "x && t == 'ja'", "!t == 'ja'"]
    for werte in ({"x": True, "t": "ja", "a": "b c", "n": 1}, {"x": False, "t": "nein", "a": "b", "n": 2},
                  {"x": False, "t": "", "a": "", "n": 0}):
        for text in texte:
            if umg.pruefen(text) is not None:
                continue
            assert umg.bedingung(text, werte) == umg.auswerten(text, werte), (text, werte)
    assert umg._schlicht_erkennen("x") == ("name", "x", None)
    assert umg._schlicht_erkennen("a == 'b c'") == ("gleich", "a", "b c")
    assert umg._schlicht_erkennen("n == 1") is None
    assert umg._schlicht_erkennen("t") is None            # kein bool: CEL meldet den Typ
    with pytest.raises(LaufFehler, match="noch nicht erhoben"):
        umg.bedingung("x", {})
    with pytest.raises(LaufFehler, match="noch nicht erhoben"):
        umg.bedingung("t == 'ja'", {"x": True})


def test_lauf_ueberlebt_json() -> None:
    lauf = Lauf(fassung="SC 3.003@2020-03-20", eingebunden={"BS Terminabsage": "BS Terminabsage@2020-03-20"},
                datum=D(2020, 4, 1), jetzt=dt.datetime(2020, 4, 1, 9, 0, tzinfo=BERLIN), kanal="sc3",
                standort="Fürth", kundennummer="955A100001",
                antworten={"wunschtermin": dt.datetime(2020, 4, 2, 9, 0, tzinfo=BERLIN), "identitaet_geprueft": True})
    import json

    zurueck = Lauf.aus_json(json.loads(json.dumps(lauf.als_json())))
    assert zurueck == lauf
