"""Vergleicht eine Bedingung mit einem Wert, den es nicht gibt? `rentenart == 'urlaub'` übersetzt CEL fehlerfrei (ein
Text ist ein Text), aber der Zweig greift nie — und `!=` ist immer wahr. Geprüft werden Vergleiche einer Variable mit
Text in Anführungszeichen (`==`, `!=`, beide Richtungen, `in [...]`), wo die Werte feststehen: die Optionen einer Frage
in dieser Fassung (`vokabular_zusatz.optionen_fuer`: eine ergänzte Option zählt erst in den Fassungen, die sie kennen)
und die Werte, die eine Abfrage für eine Variable nennt (`auftraege.abfragen.Werte`). Variablen ohne feste Werte
(Freitext, Datum, Optionen aus einer Quelle) bleiben ungeprüft."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..auftraege import ABFRAGEN
from ..fehler import Befund
from ..katalog import Fassung, Katalog
from ..modell import Frage
from ..vokabular_zusatz import optionen_fuer
from .registrierung import _befund, fassungspruefung

_TEXT = r"(?P<q>['\"])(?P<wert>[^'\"\\]*)(?P=q)"
_NAME = r"(?<![\w.])(?P<name>[A-Za-z_]\w*)(?![\w.(])"
_VERGLEICHE = (
    re.compile(rf"{_NAME}\s*(?P<op>==|!=)\s*{_TEXT}"),
    re.compile(rf"{_TEXT}\s*(?P<op>==|!=)\s*{_NAME}"),
)
_IN_LISTE = re.compile(rf"{_NAME}\s+in\s+\[(?P<liste>[^\]]*)\]")
_LISTENTEXT = re.compile(r"(['\"])([^'\"\\]*)\1")


@lru_cache(maxsize=4096)
def vergleiche(bedingung: str) -> tuple[tuple[str, str, str], ...]:
    """Die Vergleiche einer Variable mit Text in `bedingung`: (Name, Operator, Wert); `in [...]` je Listenwert mit
    Operator `in`. Nur die Form, kein CEL: was CEL nicht übersetzt, meldet schon die Ausdrucksprüfung."""
    if "'" not in bedingung and '"' not in bedingung:
        return ()
    gefunden: list[tuple[str, str, str]] = []
    for muster in _VERGLEICHE:
        gefunden += [(m["name"], m["op"], m["wert"]) for m in muster.finditer(bedingung)]
    for m in _IN_LISTE.finditer(bedingung):
        gefunden += [(m["name"], "in", w) for _, w in _LISTENTEXT.findall(m["liste"])]
    return tuple(gefunden)


def _abfragewerte(katalog: Katalog) -> dict[str, tuple[str, ...]]:
    """Variable einer Abfrage → ihre möglichen Werte (einmal je Katalog)."""
    vorhanden = getattr(katalog, "_abfragewerte", None)
    if isinstance(vorhanden, dict):
        return vorhanden
    aufzaehlungen = katalog.vokabular.aufzaehlungen
    werte = {name: (*aufzaehlungen.get(w.aufzaehlung, ()), *w.dazu)
             for a in ABFRAGEN.values() for name, w in a.werte.items()}
    katalog._abfragewerte = werte  # type: ignore[attr-defined]
    return werte


def _werte(katalog: Katalog, f: Fassung, name: str) -> tuple[str, ...]:
    """Die möglichen Werte der Variable `name` in dieser Fassung; () wenn sie nicht feststehen."""
    fakt = katalog.vokabular.fakten.get(name)
    if fakt is not None:
        return optionen_fuer(katalog.vokabular, name, f.schluessel, f.gueltig_ab) if fakt.typ == "auswahl" else ()
    return _abfragewerte(katalog).get(name, ())


def _meldung(bedingung: str, name: str, op: str, wert: str, werte: tuple[str, ...]) -> str:
    folge = {"==": "der Vergleich ist nie wahr", "!=": "der Vergleich ist immer wahr",
             "in": "dieser Listenwert trifft nie zu"}[op]
    return (f"Bedingung '{bedingung}': Wert '{wert}' gibt es für {name} nicht ({', '.join(werte) or 'leer'}) — "
            f"{folge}")


@fassungspruefung
def _vergleichswerte(katalog: Katalog, f: Fassung) -> Iterator[Befund]:
    for s in f.daten.schritte:
        bedingungen = [("weiter.wenn", z.wenn) for z in s.__dict__.get("weiter") or () if z.wenn is not None]
        if type(s) is Frage and s.gueltig_wenn:
            bedingungen.append(("gueltig_wenn", s.gueltig_wenn))
        for feld, bedingung in bedingungen:
            for name, op, wert in vergleiche(bedingung):
                werte = _werte(katalog, f, name)
                if werte and wert not in werte:
                    yield _befund(f, s.id, feld, _meldung(bedingung, name, op, wert, werte))
