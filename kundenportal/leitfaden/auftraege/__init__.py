"""Registries der Aufträge an die Fachverfahren (docs/hausstil.md, Gewohnheit 5: Registries statt if-Ketten).

- Abfragen (`art: pruefung`) lesen Zustand in Variablen für Bedingungen.
- Optionen-Quellen liefern die Optionen einer Frage aus einem System (Termine, freie Zeiten, Kinder)
  und prüfen eine Antwort dagegen.
- Aktionen ändern ein System; was sie tun, steht im Vokabular (`aktionen` in fakten.yaml), und wie der
  Vermerk sie nennt, steht bei der Aktion selbst (`text`, Platzhalter aus ihren Parametern und Ergebnissen).

Jede Registry lehnt einen doppelten Namen ab (registry.DoppelterEintrag). Je Art ein Modul (abfragen,
optionen, aktionen); wer eine Registry liest, importiert dieses Paket und damit jedes von ihnen."""

from __future__ import annotations

from .abfragen import ABFRAGEN, Abfrage, abfrage
from .aktionen import (
    AKTIONEN,
    KUNDE_FEHLT,
    SYSTEM_NAMEN,
    AktionsEintrag,
    AktionsFunktion,
    aktion,
    aktionstext,
    bestaetigung_noetig,
    bestaetigung_schluessel,
    kunde_fehlt,
)
from .optionen import QUELLEN, QUELLEN_SYSTEM, Option, OptionenQuelle

__all__ = [
    "ABFRAGEN", "AKTIONEN", "KUNDE_FEHLT", "QUELLEN", "QUELLEN_SYSTEM", "SYSTEM_NAMEN",
    "Abfrage", "AktionsEintrag", "AktionsFunktion", "Option", "OptionenQuelle",
    "abfrage", "aktion", "aktionstext", "bestaetigung_noetig", "bestaetigung_schluessel", "kunde_fehlt",
]
