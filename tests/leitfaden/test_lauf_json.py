"""Der Zustand als JSON (`Lauf.als_json` / `Lauf.aus_json`): die schnellen Wege für schlichte Werte
liefern genau, was die allgemeine Umwandlung lieferte — gespeicherte Gespräche laden unverändert."""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections import UserDict
from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kundenportal.leitfaden.auftraege import Option
from kundenportal.leitfaden.lauf import Lauf
from kundenportal.leitfaden.vokabular import BERLIN

# --- Die Umwandlung, wie sie vor den schnellen Wegen war (der Maßstab) ----------------------------

def _kodieren_bisher(wert: Any) -> Any:
    if isinstance(wert, dt.datetime):
        return {"$zeitpunkt": wert.isoformat()}
    if isinstance(wert, dt.date):
        return {"$datum": wert.isoformat()}
    if isinstance(wert, Option):
        return {"$option": [_kodieren_bisher(wert.wert), wert.label]}
    if isinstance(wert, dict):
        return {str(k): _kodieren_bisher(v) for k, v in wert.items()}
    if isinstance(wert, list | tuple):
        return [_kodieren_bisher(x) for x in wert]
    return wert


def _dekodieren_bisher(wert: Any) -> Any:
    if isinstance(wert, dict):
        if set(wert) == {"$zeitpunkt"}:
            return dt.datetime.fromisoformat(wert["$zeitpunkt"])
        if set(wert) == {"$datum"}:
            return dt.date.fromisoformat(wert["$datum"])
        if set(wert) == {"$option"}:
            return Option(_dekodieren_bisher(wert["$option"][0]), wert["$option"][1])
        return {k: _dekodieren_bisher(v) for k, v in wert.items()}
    if isinstance(wert, list):
        return [_dekodieren_bisher(x) for x in wert]
    return wert


def _als_json_bisher(lauf: Lauf) -> Any:
    return _kodieren_bisher({k: getattr(lauf, k) for k in lauf.__dataclass_fields__})


class _Art(enum.StrEnum):
    TELEFON = "telefon"


class _Zahl(int):
    pass


def _lauf(**felder: Any) -> Lauf:
    grund: dict[str, Any] = {"fassung": "SC 3.307@2020-03-20", "eingebunden": {}, "datum": dt.date(2020, 4, 14),
                             "jetzt": dt.datetime(2020, 4, 14, 9, tzinfo=BERLIN), "kanal": "sc3",
                             "standort": None, "kundennummer": "955A999002"}
    return Lauf(**(grund | felder))


BESONDERE = [
    _lauf(),
    _lauf(antworten={"wunschtermin": dt.datetime(2020, 4, 2, 9, 0, 0, 5, tzinfo=BERLIN), "ja": True,
                     "tag": dt.date(2020, 5, 1), "zahl": 3, "anteil": 0.5, "nichts": None,
                     "liste": [dt.date(2020, 1, 1), (1, "a"), [{"x": dt.date(2020, 2, 2)}]],
                     "art": _Art.TELEFON, "gross": _Zahl(7)},
          auftraege={"termine#optionen#[]": [Option("T1", "Termin 1"), Option(dt.date(2020, 4, 3), "Tag")],
                     "stufe": {"sicherheitsstufe": "basis", "stufe_ausweissicht": False},
                     "leer": {}, "zahlschluessel": {1: "eins", _Art.TELEFON: ("a", "b")},
                     "ansicht": UserDict({"a": dt.date(2020, 1, 1)}),
                     # sieht aus wie eine Marke, hat aber weitere Schlüssel: bleibt ein dict
                     "fast": {"$datum": "2020-01-01", "und": 1}},
          protokoll=["antwort:ja", "auftrag:stufe"], ergebnis="papierantrag_versandt",
          eingebunden={"BS Terminabsage": "BS Terminabsage@2020-03-20"}, standort="Fürth",
          jetzt=dt.datetime(2020, 4, 14, 9)),      # auch ohne Zeitzone
    _lauf(jetzt=dt.datetime(2020, 4, 14, 7, tzinfo=dt.UTC), kundennummer=None, protokoll=("a", "b")),
]


def test_als_json_wie_bisher() -> None:
    for lauf in BESONDERE:
        neu, bisher = lauf.als_json(), _als_json_bisher(lauf)
        assert neu == bisher
        assert json.dumps(neu, default=repr) == json.dumps(bisher, default=repr)   # auch Reihenfolge und Typen


def test_aus_json_wie_bisher() -> None:
    for lauf in BESONDERE:
        daten = json.loads(json.dumps(_als_json_bisher(lauf), default=str))
        assert Lauf.aus_json(daten) == Lauf(**_dekodieren_bisher(daten))
        assert Lauf.aus_json(daten).als_json() == _als_json_bisher(Lauf.aus_json(daten))


def test_als_json_teilt_nichts_mit_dem_lauf() -> None:
    lauf = BESONDERE[1]
    daten = lauf.als_json()
    daten["antworten"]["ja"] = False
    daten["protokoll"].append("x")
    daten["auftraege"]["stufe"]["sicherheitsstufe"] = "hoch"
    assert lauf.antworten["ja"] is True and "x" not in lauf.protokoll
    assert lauf.auftraege["stufe"]["sicherheitsstufe"] == "basis"
    zurueck = Lauf.aus_json(daten)
    daten["antworten"]["ja"] = True
    daten["auftraege"]["stufe"]["sicherheitsstufe"] = "mittel"
    assert zurueck.antworten["ja"] is False and zurueck.auftraege["stufe"]["sicherheitsstufe"] == "hoch"


def _fehlerart(aufruf: Callable[[dict[str, Any]], object], daten: dict[str, Any]) -> type[BaseException] | None:
    try:
        aufruf(daten)
    except Exception as fehler:
        return type(fehler)
    return None


def test_fehler_wie_bisher() -> None:
    for kaputt in ({"fassung": "x"}, {"$datum": "2020-01-01"}, {"unbekannt": 1}):
        bisher = _fehlerart(lambda d: Lauf(**_dekodieren_bisher(d)), kaputt)
        assert bisher is not None and _fehlerart(Lauf.aus_json, kaputt) is bisher


_BLATT = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=5),
                   st.dates(), st.datetimes(timezones=st.sampled_from([None, dt.UTC, BERLIN])))
_WERT = st.recursive(
    _BLATT | st.builds(Option, _BLATT, st.text(max_size=3)),
    lambda innen: st.lists(innen, max_size=3) | st.tuples(innen, innen)
    | st.dictionaries(st.text(max_size=4) | st.integers(), innen, max_size=3)
    | st.dictionaries(st.sampled_from(["$datum", "$zeitpunkt", "$option", "x"]), innen, max_size=2),
    max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(antworten=st.dictionaries(st.text(max_size=6), _WERT, max_size=4),
       auftraege=st.dictionaries(st.text(max_size=6), _WERT, max_size=4))
def test_beliebige_werte_wie_bisher(antworten: dict[str, Any], auftraege: dict[str, Any]) -> None:
    lauf = _lauf(antworten=antworten, auftraege=auftraege)
    bisher = _als_json_bisher(lauf)
    assert json.dumps(lauf.als_json(), default=repr) == json.dumps(bisher, default=repr)
    try:
        erwartet: Any = Lauf(**_dekodieren_bisher(bisher))
    except Exception as fehler:
        erwartet = type(fehler)
    try:
        erhalten: Any = Lauf.aus_json(bisher)
    except Exception as fehler:
        erhalten = type(fehler)
    assert repr(erhalten) == repr(erwartet)
