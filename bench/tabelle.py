"""Tabellen drucken und Ziele festhalten: jede Messung, die ein Ziel hat, sagt "Ziel erfüllt" oder
"nicht erfüllt"; am Ende steht eine Übersicht aller Ziele des Laufs."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ERFUELLT = "Ziel erfüllt"
NICHT_ERFUELLT = "nicht erfüllt"


@dataclass(frozen=True)
class Ziel:
    bereich: str
    was: str
    soll: str
    ist: str
    erfuellt: bool


ZIELE: list[Ziel] = []


def ziel(bereich: str, was: str, soll: str, ist: str, erfuellt: bool) -> str:
    """Merkt das Ziel für die Übersicht und gibt den Text für die Zielspalte zurück."""
    ZIELE.append(Ziel(bereich, was, soll, ist, erfuellt))
    return ERFUELLT if erfuellt else NICHT_ERFUELLT


def tabelle(titel: str, kopf: list[str], zeilen: list[list[str]], ausgabe: Callable[[str], None] = print) -> None:
    breiten = [max(len(kopf[i]), *(len(z[i]) for z in zeilen)) if zeilen else len(kopf[i]) for i in range(len(kopf))]
    ausgabe(f"\n{titel}")
    ausgabe("  ".join(k.ljust(b) for k, b in zip(kopf, breiten, strict=True)))
    ausgabe("  ".join("-" * b for b in breiten))
    for z in zeilen:
        ausgabe("  ".join(w.rjust(b) if i else w.ljust(b) for i, (w, b) in enumerate(zip(z, breiten, strict=True))))


def uebersicht(ausgabe: Callable[[str], None] = print) -> None:
    tabelle("Ziele (Issue 15), alle Verhältnisse aus diesem Lauf", ["Bereich", "Ziel", "Soll", "Ist", "Ziel"],
            [[z.bereich, z.was, z.soll, z.ist, ERFUELLT if z.erfuellt else NICHT_ERFUELLT] for z in ZIELE], ausgabe)
    erfuellt = sum(z.erfuellt for z in ZIELE)
    ausgabe(f"{erfuellt} von {len(ZIELE)} Zielen erfüllt.")


def median_zeit(f: Callable[[], Any], wiederholungen: int) -> float:
    """Median der CPU-Zeit dieses Prozesses für `f`, in Sekunden. Im Prozess ist das die ehrliche Zahl
    auf einer geteilten Maschine (andere Prozesse verlängern die Wanduhr, nicht die CPU-Zeit); HTTP
    misst Wanduhr (bench/http.py)."""
    messungen = []
    for _ in range(wiederholungen):
        start = time.process_time()
        f()
        messungen.append(time.process_time() - start)
    return statistics.median(messungen)


def last() -> str:
    """Die Last der Maschine (1/5/15 Minuten) für die Überschrift: Wanduhrzahlen sind nur bei
    geringer Last vergleichbar."""
    eins, fuenf, fuenfzehn = os.getloadavg()
    return f"Last der Maschine {eins:.1f} / {fuenf:.1f} / {fuenfzehn:.1f} bei {os.cpu_count()} Kernen"


def perzentile(messungen: list[float]) -> tuple[float, float]:
    """(p50, p99) einer Liste von Messwerten."""
    if len(messungen) < 2:
        wert = messungen[0] if messungen else 0.0
        return wert, wert
    stufen = statistics.quantiles(messungen, n=100, method="inclusive")
    return stufen[49], stufen[98]


def ms(sekunden: float) -> str:
    return f"{sekunden * 1000:.2f}"


def rate(anzahl: float, sekunden: float) -> str:
    return f"{anzahl / sekunden:,.0f}" if sekunden else "–"
