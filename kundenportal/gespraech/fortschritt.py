"""Fortschritt im Gespräch: Frage n von höchstens m — m ist die Zahl der beantworteten Fragen plus
die Fragen auf dem längsten verbleibenden Weg durch den Schrittgraphen (eingebundene Leitfäden
mitgezählt, Rückwege nicht doppelt). Nur lesend, ohne Fachverfahren."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kundenportal import zeit
from kundenportal.leitfaden.katalog import Fassung, Katalog
from kundenportal.leitfaden.modell import Einbinden, Frage, nachfolger


@dataclass(frozen=True)
class Fortschritt:
    schritt: int            # die anstehende Frage ist die n-te
    hoechstens: int         # so viele Fragen hat der längste Weg insgesamt

    @property
    def prozent(self) -> int:
        return round(100 * (self.schritt - 1) / self.hoechstens) if self.hoechstens else 100


def _gepinnt(lauf: dict[str, Any]) -> dict[str, str]:
    """Die gepinnten eingebundenen Fassungen aus dem JSON des Laufs: Leitfaden-id → Fassungs-Schlüssel."""
    return {str(k): str(v) for k, v in (lauf.get("eingebunden") or {}).items()}


def _datum(lauf: dict[str, Any]) -> str:
    """Der Tag des Kontakts aus dem JSON des Laufs (ISO), ohne ihn heute."""
    roh = lauf.get("datum")
    return str(roh["$datum"]) if isinstance(roh, dict) and "$datum" in roh else zeit.heute().isoformat()


class _Graph:
    def __init__(self, katalog: Katalog, lauf: dict[str, Any]) -> None:
        self.katalog = katalog
        self.haupt = katalog.fassung(str(lauf["fassung"]))
        self.gepinnt = _gepinnt(lauf)
        self.merk: dict[tuple[str, str], int] = {}
        self.datum = dt.date.fromisoformat(_datum(lauf))

    def eingebunden(self, leitfaden_id: str) -> Fassung | None:
        if leitfaden_id in self.gepinnt:
            return self.katalog.fassung(self.gepinnt[leitfaden_id])
        lf = self.katalog.leitfaeden.get(leitfaden_id)
        gueltig = [f for f in lf.fassungen if f.gilt_am(self.datum)] if lf else []
        return gueltig[-1] if gueltig else (lf.fassungen[-1] if lf and lf.fassungen else None)

    def laenge(self, f: Fassung, sid: str, stapel: frozenset[tuple[str, str]] = frozenset()) -> int:
        """Fragen auf dem längsten Weg ab `sid` (einschließlich) bis zum Ende dieser Fassung."""
        schluessel = (f.schluessel, sid)
        if schluessel in self.merk:
            return self.merk[schluessel]
        if sid not in f.schritte or schluessel in stapel:
            return 0
        s = f.schritte[sid]
        eigen = 1 if isinstance(s, Frage) else 0
        if isinstance(s, Einbinden):
            innen = self.eingebunden(s.leitfaden)
            eigen = self.laenge(innen, innen.daten.start, stapel | {schluessel}) if innen else 0
        weiter = max((self.laenge(f, n, stapel | {schluessel}) for n in nachfolger(s)), default=0)
        self.merk[schluessel] = eigen + weiter
        return eigen + weiter


_HOECHSTENS_GEMERKT = 10_000     # Einträge je Katalog, dann beginnt der Merkzettel von vorn
_FEHLT = object()


def berechnen(katalog: Katalog, lauf: dict[str, Any], fakt: str, beantwortet: int,
              schritt: str = "") -> Fortschritt | None:
    """Fortschritt zur anstehenden Frage nach `fakt`; None, wenn sie im Graphen nicht zu finden ist.
    `schritt` (der Schlüssel des Frageschritts, mit Einbindungen „absage/termin“) sagt, welche Frage es ist,
    wenn derselbe Fakt an mehreren Stellen gefragt wird (SC 3.003: die Termin-Nummer beim Verschieben und im
    eingebundenen Absagen); ohne ihn gilt die erste Frage nach `fakt`.

    Die Fragen ab `fakt` bis zum Ende hängen nur vom Katalog, der Fassung, den gepinnten eingebundenen
    Fassungen, dem Datum des Kontakts und `fakt` ab: gemerkt im Merkzettel des Katalogs (eine neue
    Generation rechnet neu), statt bei jedem Schritt den Graphen abzugehen."""
    # der Schlüssel aus dem Lauf, ohne den Graphen anzulegen (je Schritt)
    merk = katalog.merkzettel("fortschritt")
    schluessel = (str(lauf.get("fassung")), tuple(sorted(_gepinnt(lauf).items())), _datum(lauf), fakt, schritt)
    rest = merk.get(schluessel, _FEHLT)
    if rest is _FEHLT:
        try:
            g = _Graph(katalog, lauf)
        except (KeyError, ValueError):
            rest = None                # unbekannte Fassung, unlesbares Datum: kein Fortschritt
        else:
            rest = _verbleibend_ab(g, schritt, fakt) if schritt else None
            if rest is None:
                rest = _verbleibend(g, fakt)
        if len(merk) >= _HOECHSTENS_GEMERKT:
            merk.clear()
        merk[schluessel] = rest
    return None if rest is None else Fortschritt(beantwortet + 1, beantwortet + rest)


def _verbleibend_ab(g: _Graph, schritt: str, fakt: str) -> int | None:
    """Fragen auf dem längsten Weg ab dem Frageschritt `schritt` (Schlüssel wie im Weg: die Einbindungen
    mit „/“ davor): in seiner Fassung bis zum Ende, dazu je Einbindung der längste Weg danach im Aufrufer.
    None, wenn der Schlüssel nicht zu einer Frage nach `fakt` führt."""
    *einbindungen, sid = schritt.split("/")
    f, danach = g.haupt, 0
    for eid in einbindungen:
        e = f.schritte.get(eid)
        innen = g.eingebunden(e.leitfaden) if isinstance(e, Einbinden) else None
        if e is None or innen is None:
            return None
        danach += max((g.laenge(f, n) for n in nachfolger(e)), default=0)
        f = innen
    s = f.schritte.get(sid)
    if not isinstance(s, Frage) or s.fakt != fakt:
        return None
    return max(g.laenge(f, sid), 1) + danach


def _verbleibend(g: _Graph, fakt: str) -> int | None:
    """Fragen auf dem längsten Weg ab der Frage nach `fakt` (mindestens 1); None, wenn es sie nicht gibt."""
    for s in g.haupt.daten.schritte:
        if isinstance(s, Frage) and s.fakt == fakt:
            return max(g.laenge(g.haupt, s.id), 1)
    for e in g.haupt.einbindungen():                      # die Frage steht in einem eingebundenen Leitfaden
        innen = g.eingebunden(e.leitfaden)
        treffer = next((s for s in innen.daten.schritte if isinstance(s, Frage) and s.fakt == fakt), None) \
            if innen else None
        if innen is not None and treffer is not None:
            danach = max((g.laenge(g.haupt, n) for n in nachfolger(e)), default=0)
            return max(g.laenge(innen, treffer.id), 1) + danach
    return None
