"""Ziele und Tabellen für `make bench`: alles aus kundenportal.messtabelle (dort auch für die Messungen der
Redaktion und der Führung); jede Messung, die ein Ziel hat, sagt "✔ Ziel erfüllt" oder "✘ nicht erfüllt", am
Ende steht eine Übersicht aller Ziele des Laufs."""

from __future__ import annotations

from kundenportal.messtabelle import (
    ERFUELLT,
    NICHT_ERFUELLT,
    ZIELE,
    ZIELE_DATEI,
    Ziel,
    last,
    median_zeit,
    perzentile,
    tabelle,
    uebersicht,
    ziel,
    ziele_uebernehmen,
)

__all__ = ["ERFUELLT", "NICHT_ERFUELLT", "ZIELE", "ZIELE_DATEI", "Ziel", "last", "median_zeit", "ms", "perzentile", "rate", "tabelle",
           "uebersicht", "ziel", "ziele_uebernehmen"]


def ms(sekunden: float) -> str:
    return f"{sekunden * 1000:.2f}"


def rate(anzahl: float, sekunden: float) -> str:
    return f"{anzahl / sekunden:,.0f}" if sekunden else "–"
