"""Messtabellen für `make bench` und die Messungen der Apps: eine Tabelle drucken, Median der CPU-Zeit,
Perzentile, die Last der Maschine, Ziele (✔/✘) und ihre Übersicht. Ohne Django und ohne App — jede Schicht
darf es benutzen.

Eine Messung in einem eigenen Prozess (Redaktion, Führung) meldet ihre Ziele an `make bench`, wenn die
Umgebungsvariable ZIELE_DATEI (`KUNDENPORTAL_BENCH_ZIELE`) eine Datei nennt: je Ziel eine JSON-Zeile, die der
aufrufende Prozess mit `ziele_uebernehmen` in seine Übersicht holt."""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ERFUELLT = "✔ Ziel erfüllt"
NICHT_ERFUELLT = "✘ nicht erfüllt"
ZIELE_DATEI = "KUNDENPORTAL_BENCH_ZIELE"


@dataclass(frozen=True)
class Ziel:
    bereich: str
    was: str
    soll: str
    ist: str
    erfuellt: bool


ZIELE: list[Ziel] = []


def ziel(bereich: str, was: str, soll: str, ist: str, erfuellt: bool) -> str:
    """Merkt das Ziel für die Übersicht (und schreibt es nach ZIELE_DATEI, falls gesetzt) und gibt den Text
    für die Zielspalte zurück."""
    eintrag = Ziel(bereich, was, soll, ist, bool(erfuellt))
    ZIELE.append(eintrag)
    datei = os.environ.get(ZIELE_DATEI)
    if datei:
        with Path(datei).open("a", encoding="utf-8") as f:
            f.write(json.dumps(asdict(eintrag), ensure_ascii=False) + "\n")
    return ERFUELLT if erfuellt else NICHT_ERFUELLT


def ziele_uebernehmen(datei: Path) -> None:
    """Die Ziele, die ein Messprozess nach `datei` geschrieben hat, in die Übersicht dieses Prozesses."""
    if datei.exists():
        ZIELE.extend(Ziel(**json.loads(z)) for z in datei.read_text(encoding="utf-8").splitlines() if z.strip())


def uebersicht(ausgabe: Callable[[str], None] = print) -> None:
    tabelle("Ziele (Issue 15 und die der Apps), alle Verhältnisse aus diesem Lauf",
            ["Bereich", "Ziel", "Soll", "Ist", "Ziel"],
            [[z.bereich, z.was, z.soll, z.ist, ERFUELLT if z.erfuellt else NICHT_ERFUELLT] for z in ZIELE], ausgabe,
            rechts={2, 3})
    erfuellt = sum(z.erfuellt for z in ZIELE)
    ausgabe(f"{erfuellt} von {len(ZIELE)} Zielen erfüllt.")


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
