"""Die eine Hülle um CEL (Common Expression Language, cel-expr-python): Bedingungen in Leitfäden sind
typgeprüfte Ausdrücke, kein Python-eval.

Variablen: jeder Fakt des Vokabulars (mit seinem Typ), jede Variable einer Abfrage (abfragen.py) und
der Kontext: `datum` (Kontaktdatum), `standort`, `kanal`. Funktion `tage(von, bis)`: Kalendertage
einschließlich beider Tage (für die 6-Wochen-Grenze nach § 146 SGB III)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from cel_expr_python import cel

from .fehler import LaufFehler

T = cel.Type
TYPEN: dict[str, Any] = {
    "bool": T.BOOL, "text": T.STRING, "auswahl": T.STRING, "datum": T.TIMESTAMP,
    "zeitpunkt": T.TIMESTAMP, "zahl": T.INT, "liste": T.List(T.DYN),
}
KONTEXT = {"datum": "datum", "standort": "text", "kanal": "text"}


def _tage(von: dt.datetime, bis: dt.datetime) -> int:
    return (bis.date() - von.date()).days + 1


_FUNKTIONEN = [cel.FunctionDecl("tage", [cel.Overload("tage_ts_ts", T.INT, [T.TIMESTAMP, T.TIMESTAMP],
                                                       impl=_tage)])]


class AusdruckFehler(Exception):
    """Ein Ausdruck ist syntaktisch oder vom Typ her falsch (mit CELs Meldung)."""


_SCHLICHT = frozenset({str, bool, int, float})


def cel_wert(wert: Any) -> Any:
    """Python-Wert → CEL-Wert (Datum wird Mitternacht UTC, Listen und Abbildungen rekursiv)."""
    if type(wert) in _SCHLICHT:          # der häufige Fall zuerst: ohne ABC-Prüfung (Mapping)
        return wert
    if isinstance(wert, dt.datetime):
        return wert
    if isinstance(wert, dt.date):
        return dt.datetime(wert.year, wert.month, wert.day, tzinfo=dt.UTC)
    if isinstance(wert, list | tuple):
        return [cel_wert(x) for x in wert]
    if isinstance(wert, Mapping):
        return {str(k): cel_wert(v) for k, v in wert.items()}
    return wert


class Umgebung:
    """Eine CEL-Umgebung mit festen Variablen und Typen; übersetzte Ausdrücke werden gemerkt."""

    def __init__(self, variablen: Mapping[str, str]) -> None:
        self.variablen = dict(variablen) | KONTEXT
        self._env = cel.NewEnv(variables={n: TYPEN[t] for n, t in self.variablen.items()},
                               functions=_FUNKTIONEN)
        self._uebersetzt = lru_cache(maxsize=4096)(self._uebersetzen)
        self._schlicht: dict[str, tuple[str, str, Any] | None] = {}

    def _uebersetzen(self, text: str) -> Any:
        try:
            return self._env.compile(text)
        except RuntimeError as fehler:
            meldung = str(fehler).replace("INVALID_ARGUMENT: ", "").split("\n")[0]
            raise AusdruckFehler(meldung.replace("ERROR: <input>:", "Ausdruck ")) from None

    def pruefen(self, text: str, erwartet: str | None = "bool") -> str | None:
        """Übersetzt `text`; gibt eine Fehlermeldung zurück oder None. `erwartet`: Ergebnistyp."""
        try:
            ausdruck = self._uebersetzt(text)
        except AusdruckFehler as fehler:
            return str(fehler)
        if erwartet is not None:
            typ = ausdruck.return_type()
            if not (TYPEN[erwartet] == typ or typ == T.DYN):
                return f"liefert {typ.name()}, erwartet {TYPEN[erwartet].name()}"
        return None

    def auswerten(self, text: str, werte: Mapping[str, Any]) -> Any:
        ausdruck = self._uebersetzt(text)
        # Nur die Werte, die der Ausdruck nennen kann, für CEL umwandeln — nicht alle des Wegs (sonst
        # kostet jede Bedingung mehr, je länger das Gespräch schon läuft).
        daten = {}
        for k in _bezeichner(text):
            v = werte.get(k)
            if v is not None:
                daten[k] = cel_wert(v)
        ergebnis = ausdruck.eval(data=daten)
        wert = ergebnis.value()
        if type(wert) is bool:               # ein Fehler kommt als Text: wahr/falsch ist nie einer
            return wert
        if ergebnis.type() == T.ERROR:
            meldung = str(ergebnis)
            if "No value with name" in meldung:
                name = meldung.split('"')[1] if '"' in meldung else "?"
                raise LaufFehler(f"Bedingung '{text}' braucht '{name}', das auf diesem Weg noch nicht "
                                 f"erhoben wurde")
            raise LaufFehler(f"Bedingung '{text}': {meldung}")
        return _python(wert)

    def bedingung(self, text: str, werte: Mapping[str, Any]) -> bool:
        form = self._schlicht.get(text, _UNBEKANNT)
        if form is _UNBEKANNT:
            if len(self._schlicht) >= 4096:
                self._schlicht.clear()
            form = self._schlicht[text] = self._schlicht_erkennen(text)
        if form is not None:
            # Die häufigen schlichten Bedingungen (`alg_bezug`, `!alg_bezug`, `betreuung == 'x'`) ohne den
            # Umweg über CEL — mit genau CELs Ergebnis, solange der Wert den deklarierten Typ hat; sonst
            # (fehlender Wert, anderer Typ) wertet CEL aus und meldet wie immer.
            art, name, literal = form
            wert = werte.get(name)
            if art == "name":
                if type(wert) is bool:
                    return wert
            elif art == "nicht":
                if type(wert) is bool:
                    return not wert
            elif type(wert) is str:
                return bool(wert == literal) if art == "gleich" else bool(wert != literal)
        ergebnis = self.auswerten(text, werte)
        if not isinstance(ergebnis, bool):
            raise LaufFehler(f"Bedingung '{text}' liefert {ergebnis!r}, nicht wahr/falsch")
        return ergebnis

    def _schlicht_erkennen(self, text: str) -> tuple[str, str, Any] | None:
        """Ist `text` eine schlichte Bedingung über eine Variable? (art, name, literal) oder None. Nur für
        Ausdrücke, die CEL fehlerfrei übersetzt (sonst meldet `auswerten` den Fehler wie bisher)."""
        treffer = _SCHLICHT_AUSDRUCK.fullmatch(text)
        if treffer is None:
            return None
        try:
            self._uebersetzt(text)
        except AusdruckFehler:
            return None
        nicht, name, op, literal = treffer.group("nicht", "name", "op", "literal")
        typ = self.variablen.get(name)
        if op is None:
            return ("nicht" if nicht else "name", name, None) if typ == "bool" else None
        if nicht or typ not in ("text", "auswahl"):
            return None
        return ("gleich" if op == "==" else "ungleich", name, literal)


_BEZEICHNER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_UNBEKANNT: Any = object()
# `name`, `!name`, `name == 'text'`, `name != 'text'` (Literal ohne Anführungszeichen und Backslash darin).
_SCHLICHT_AUSDRUCK = re.compile(
    r"\s*(?P<nicht>!\s*)?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?:(?P<op>==|!=)\s*'(?P<literal>[^'\\]*)'\s*)?")


@lru_cache(maxsize=8192)
def _bezeichner(text: str) -> tuple[str, ...]:
    """Alle Bezeichner im Ausdruck (Variablen, auch Funktions- und Feldnamen — zu viele schaden nicht)."""
    return tuple(dict.fromkeys(_BEZEICHNER.findall(text)))


def _python(wert: Any) -> Any:
    if isinstance(wert, list):
        return [_python(x.value() if hasattr(x, "value") else x) for x in wert]
    if isinstance(wert, dict):
        return {k: _python(v.value() if hasattr(v, "value") else v) for k, v in wert.items()}
    return wert
