"""Messtabellen für `make bench` und die Messungen der Apps: eine Tabelle drucken, Median der CPU-Zeit,
Perzentile, die Last der Maschine. Ohne Django und ohne App — jede Schicht darf es benutzen."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Collection
from typing import Any


def tabelle(titel: str, kopf: list[str], zeilen: list[list[str]], ausgabe: Callable[[str], None] = print,
            rechts: Collection[int] | None = None) -> None:
    """Druckt `zeilen` unter `kopf` in Spalten. Rechtsbündig sind die Spalten `rechts` (Standard: alle
    außer der ersten — Zahlen), die übrigen linksbündig."""
    breiten = [max(len(kopf[i]), *(len(z[i]) for z in zeilen)) if zeilen else len(kopf[i]) for i in range(len(kopf))]
    spalten = set(range(1, len(kopf))) if rechts is None else set(rechts)
    ausgabe(f"\n{titel}")
    ausgabe("  ".join(k.ljust(b) for k, b in zip(kopf, breiten, strict=True)))
    ausgabe("  ".join("-" * b for b in breiten))
    for z in zeilen:
        ausgabe("  ".join(w.rjust(b) if i in spalten else w.ljust(b)
                          for i, (w, b) in enumerate(zip(z, breiten, strict=True))))


def median_zeit(f: Callable[[], Any], wiederholungen: int) -> float:
    """Median der CPU-Zeit dieses Prozesses für `f`, in Sekunden. Im Prozess ist das die ehrliche Zahl
    auf einer geteilten Maschine (andere Prozesse verlängern die Wanduhr, nicht die CPU-Zeit)."""
    messungen = []
    for _ in range(wiederholungen):
        start = time.process_time()
        f()
        messungen.append(time.process_time() - start)
    return statistics.median(messungen)


def perzentile(messungen: list[float]) -> tuple[float, float]:
    """(p50, p99) einer Liste von Messwerten."""
    if len(messungen) < 2:
        wert = messungen[0] if messungen else 0.0
        return wert, wert
    stufen = statistics.quantiles(messungen, n=100, method="inclusive")
    return stufen[49], stufen[98]


def last() -> str:
    """Die Last der Maschine (1/5/15 Minuten): Wanduhrzahlen sind nur bei geringer Last vergleichbar."""
    eins, fuenf, fuenfzehn = os.getloadavg()
    return f"Last der Maschine {eins:.1f} / {fuenf:.1f} / {fuenfzehn:.1f} bei {os.cpu_count()} Kernen"
