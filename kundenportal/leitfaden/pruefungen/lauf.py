"""Der Lauf einer Prüfung des ganzen Katalogs: was sie einmal bestimmt und sich merkt, solange sie läuft — je
Ausdruck die Namen, die er benutzt, je Schritt seine Masken für die Datenflussanalyse (pruefungen.datenfluss),
je eingebundenem Leitfaden, ob er zurückkehrt."""

from __future__ import annotations

import contextvars
import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..auftraege import ABFRAGEN
from ..ausdruck import Umgebung
from ..katalog import Katalog
from ..modell import Frage, Pruefung, Rueckkehr

# Was ein Schritt für die Datenflussanalyse bedeutet, als Bitmasken über die Namen: benutzt vor ihm, erhebt,
# benutzt nach ihm.
Masken = tuple[int, int, int]
# Was ein (eingebundener) Leitfaden von seinem Start aus bedeutet: die Namen, die beim Einstieg schon erhoben
# sein müssen (sonst fehlt einer auf einem Weg), und was auf jedem Weg bis zu einer Rückkehr sicher erhoben ist
# (None: keine Rückkehr erreichbar). None statt der Zusammenfassung: `wege` fände keinen Weg.
Zusammenfassung = tuple[int, int | None]


class _Lauf:
    """Was die Analyse einmal je Prüfung des Katalogs bestimmt (dieselben Ausdrücke stehen in vielen Fassungen,
    dieselben Bausteine sind in vielen eingebunden): je Name ein Bit, je Ausdruck die Maske seiner Namen (0 bei
    Typ- oder Namensfehlern: die meldet _ausdruecke), je Schritt seine Masken, je Fassung und Tiefe ihre
    Zusammenfassung, je eingebundenem Leitfaden, ob er zurückkehrt. Schlüssel sind ids von Schritten und
    Fassungen: sie leben im Katalog, solange die Prüfung läuft — über sie hinaus wird nichts gemerkt."""

    __slots__ = ("ausdruecke", "katalog", "masken", "namen", "rueckkehr", "umg", "zusammenfassungen")

    def __init__(self, katalog: Katalog, umg: Umgebung) -> None:
        self.katalog = katalog
        self.umg = umg
        self.rueckkehr: dict[str, bool] = {}        # Leitfaden-id → hat einen Schritt art: rueckkehr
        self.namen: dict[str, int] = {}
        self.ausdruecke: dict[str, int] = {}
        self.masken: dict[int, Masken] = {}
        self.zusammenfassungen: dict[tuple[int, int], Zusammenfassung | None] = {}

    def maske(self, namen: Iterable[str]) -> int:
        maske = 0
        for name in namen:
            bit = self.namen.get(name)
            if bit is None:
                bit = self.namen[name] = 1 << len(self.namen)
            maske |= bit
        return maske

    def ausdruck(self, ausdruck: str) -> int:
        maske = self.ausdruecke.get(ausdruck)
        if maske is None:
            fehler = self.umg.pruefen(ausdruck, None)
            maske = self.ausdruecke[ausdruck] = 0 if fehler else self.maske(_namen(ausdruck))
        return maske

    def parameter(self, parameter: Mapping[str, Any] | None) -> int:
        maske = 0
        for wert in (parameter or {}).values():
            if isinstance(wert, str) and wert.startswith("="):
                maske |= self.ausdruck(wert[1:])
        return maske

    def schritt(self, s: object) -> Masken:
        """Die Masken eines Schritts — dieselben Ausdrücke wie `_ausdruecke_des_schritts`, ohne deren Listen zu
        bauen (der häufige Schritt ohne Ausdruck kostet so fast nichts)."""
        gemerkt = self.masken.get(id(s))
        if gemerkt is not None:
            return gemerkt
        felder = s.__dict__
        vorher = self.parameter(felder.get("parameter"))
        nachher = 0
        for zweig in felder.get("weiter") or ():
            if zweig.wenn:
                nachher |= self.ausdruck(zweig.wenn)
        erhebt = 0
        if type(s) is Frage:
            erhebt = self.maske((s.fakt,))
            if s.gueltig_wenn:
                nachher |= self.ausdruck(s.gueltig_wenn)
            if s.optionen_aus:
                vorher |= self.parameter(s.optionen_aus.parameter)
        elif type(s) is Pruefung and s.abfrage in ABFRAGEN:
            erhebt = self.maske(ABFRAGEN[s.abfrage].variablen)
        gemerkt = self.masken[id(s)] = (vorher, erhebt, nachher)
        return gemerkt


# Der Lauf der Prüfung des ganzen Katalogs (katalog_pruefen); je Kontext (Thread) ein eigener.
_LAUF: contextvars.ContextVar[_Lauf | None] = contextvars.ContextVar("_LAUF", default=None)


def _hat_rueckkehr(katalog: Katalog, leitfaden_id: str) -> bool:
    lauf = _LAUF.get()
    if lauf is None or lauf.katalog is not katalog:
        return _rueckkehr_suchen(katalog, leitfaden_id)
    gemerkt = lauf.rueckkehr.get(leitfaden_id)
    if gemerkt is None:
        gemerkt = lauf.rueckkehr[leitfaden_id] = _rueckkehr_suchen(katalog, leitfaden_id)
    return gemerkt


def _rueckkehr_suchen(katalog: Katalog, leitfaden_id: str) -> bool:
    leitfaeden = katalog.varianten(leitfaden_id)
    if not leitfaeden and leitfaden_id in katalog.leitfaeden:
        leitfaeden = [katalog.leitfaeden[leitfaden_id]]
    return any(type(s) is Rueckkehr for lf in leitfaeden for f in lf.fassungen for s in f.daten.schritte)


_UNDEKLARIERT = re.compile(r"undeclared reference to '([a-z_][a-z0-9_]*)'")


def _namen(ausdruck: str) -> frozenset[str]:
    """Die Variablen, die `ausdruck` benutzt: was in einer leeren Umgebung undeklariert ist."""
    return _namen_gemerkt(ausdruck)


@functools.lru_cache(maxsize=8192)
def _namen_gemerkt(ausdruck: str) -> frozenset[str]:
    # Gemerkt je Ausdruck: dieselbe Bedingung steht auf vielen Wegen vieler Fassungen (jedes Mal
    # neu übersetzt kostete bei 1.000 Leitfäden Sekunden).
    namen: set[str] = set()
    for _ in range(20):
        treffer = _UNDEKLARIERT.search(_leere_umgebung(frozenset(namen)).pruefen(ausdruck, None) or "")
        if not treffer:
            break
        namen.add(treffer.group(1))
    return frozenset(namen)


@functools.cache
def _leere_umgebung(namen: frozenset[str] = frozenset()) -> Umgebung:
    return Umgebung({n: "text" for n in namen})
