"""Aufgaben-Postkörbe (OS AlgPlus, Familienkasse Direktion QS, ...)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

POSTKOERBE = {
    "os_algplus": "OS AlgPlus",
    "fk_direktion_qs": "Familienkasse Direktion (Qualitätsprüfung)",
    "team_sc3": "Service Center SGB III",
    "team_ez": "Eingangszone",
}


@dataclass(frozen=True)
class Aufgabe:
    id: int
    an: str
    betreff: str
    kundennummer: str
    text: str
    status: str          # offen | in_bearbeitung | erledigt
    erstellt: dt.datetime
    erstellt_von: str
    kontakt: str = ""
    bearbeiter: str = ""
    ergebnis: str = ""                      # was die Bearbeitung getan hat (beim Schließen Pflicht)
    erledigt: dt.datetime | None = None     # wann sie geschlossen wurde


class Aufgaben(Protocol):
    def erstellen(self, an: str, betreff: str, kundennummer: str, text: str, durch: str,
                  kontakt: str) -> Aufgabe: ...
    def liste(self, an: str, status: str | None = None, kundennummer: str | None = None) -> list[Aufgabe]:
        """Die Aufgaben im Postkorb `an` (älteste zuerst), wahlweise nur mit `status` und nur zu `kundennummer`."""
        ...
    def nehmen(self, aufgabe_id: int, durch: str) -> Aufgabe: ...
    def zurueckgeben(self, aufgabe_id: int, durch: str) -> Aufgabe:
        """Wieder offen, ohne Bearbeiter: nur, wer die Aufgabe genommen hat (Status in_bearbeitung, Bearbeiter
        `durch`), sonst ValueError."""
        ...
    def schliessen(self, aufgabe_id: int, durch: str, ergebnis: str) -> Aufgabe:
        """Nur, wer die Aufgabe genommen hat (Status in_bearbeitung, Bearbeiter `durch`), und nur mit einem
        Ergebnis (nicht leer): sonst ValueError. Speichert Ergebnis und Zeitpunkt (`erledigt`)."""
        ...
