"""Lesen für die Kundenseite: Stammdaten, Sicherheitsstufe, Profil und Termine (über die Ports)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kundenportal.fachverfahren.ports.atv import Termin
from kundenportal.fachverfahren.ports.verbis import Kunde, Profil
from kundenportal.fachverfahren.registry import systeme
from kundenportal.termine.queries import termine_des_kunden

from .models import KundenKonto

STUFEN_TEXTE = {
    "kein_konto": "Kein Online-Konto",
    "basis": "Basis (Identität nicht geprüft)",
    "ausweissicht": "Ausweissicht (Identität in der Agentur geprüft)",
    "eid": "Online-Ausweis (eID)",
}


# Was die Stufe für den Kunden heißt, in einem Satz (domain.md A4, 4.6: Insolvenzgeld online erst ab
# Ausweissicht; höher kommt man mit dem Online-Ausweis oder mit einem Ausweis bei der Agentur).
STUFEN_BEDEUTUNG = {
    "kein_konto": "Für die meisten Online-Dienste der Agentur brauchen Sie ein Online-Konto.",
    "basis": "Sie können Termine ansehen und absagen und Ihr Beratungsgespräch vorbereiten. Für einige Anträge, "
             "zum Beispiel Insolvenzgeld, brauchen Sie eine höhere Stufe: Dafür zeigen Sie Ihren Ausweis in Ihrer "
             "Agentur für Arbeit vor oder nutzen den Online-Ausweis.",
    "ausweissicht": "Die Agentur hat Ihren Ausweis gesehen. Damit können Sie auch Anträge online stellen, die eine "
                    "geprüfte Identität verlangen, zum Beispiel Insolvenzgeld.",
    "eid": "Sie haben sich mit dem Online-Ausweis ausgewiesen. Damit können Sie auch Anträge online stellen, die "
           "eine geprüfte Identität verlangen, zum Beispiel Insolvenzgeld.",
}


@dataclass(frozen=True)
class Sicherheitsstufe:
    stufe: str
    text: str
    bedeutung: str = ""     # was die Stufe für den Kunden heißt (STUFEN_BEDEUTUNG)


def kunde(kundennummer: str) -> Kunde | None:
    return systeme().verbis.kunde(kundennummer)


def sicherheitsstufe(kundennummer: str) -> Sicherheitsstufe:
    """Die STEP-Sicherheitsstufe des Online-Kontos (domain.md A4)."""
    konto = systeme().step.konto(kundennummer)
    stufe = konto.sicherheitsstufe if konto else "kein_konto"
    return Sicherheitsstufe(stufe, STUFEN_TEXTE.get(stufe, stufe), STUFEN_BEDEUTUNG.get(stufe, ""))


def profil(kundennummer: str) -> Profil:
    return systeme().verbis.profil(kundennummer)


def termine(kundennummer: str) -> list[Termin]:
    return termine_des_kunden(kundennummer)


def beratungsgespraech_uebermittelt(kundennummer: str) -> dt.datetime | None:
    """Wann der Kunde seine Angaben zum Beratungsgespräch zuletzt übermittelt hat; None: noch nie."""
    return (KundenKonto.objects.filter(kundennummer=kundennummer)
            .values_list("beratungsgespraech_uebermittelt", flat=True).first())
