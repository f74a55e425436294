"""Lesen für die Kundenseite: Stammdaten, Sicherheitsstufe, Profil und Termine (über die Ports)."""

from __future__ import annotations

from dataclasses import dataclass

from kundenportal.fachverfahren.ports.atv import Termin
from kundenportal.fachverfahren.ports.verbis import Kunde, Profil
from kundenportal.fachverfahren.registry import systeme
from kundenportal.termine.queries import termine_des_kunden

STUFEN_TEXTE = {
    "kein_konto": "Kein Online-Konto",
    "basis": "Basis (Identität nicht geprüft)",
    "ausweissicht": "Ausweissicht (Identität in der Agentur geprüft)",
    "eid": "Online-Ausweis (eID)",
}


@dataclass(frozen=True)
class Sicherheitsstufe:
    stufe: str
    text: str


def kunde(kundennummer: str) -> Kunde | None:
    return systeme().verbis.kunde(kundennummer)


def sicherheitsstufe(kundennummer: str) -> Sicherheitsstufe:
    """Die STEP-Sicherheitsstufe des Online-Kontos (domain.md A4)."""
    konto = systeme().step.konto(kundennummer)
    stufe = konto.sicherheitsstufe if konto else "kein_konto"
    return Sicherheitsstufe(stufe, STUFEN_TEXTE.get(stufe, stufe))


def profil(kundennummer: str) -> Profil:
    return systeme().verbis.profil(kundennummer)


def termine(kundennummer: str) -> list[Termin]:
    return termine_des_kunden(kundennummer)
