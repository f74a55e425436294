"""Termine ändern — die einzige Stelle außerhalb der Gesprächsleitfäden, die das ATV schreibt.

Die Absage ist für alle Teams dieselbe (Weisung 202003006, 2.2 a) 2): mit Grund, Status `abgesagt`,
nie gelöscht; das ATV hält fest, wer wann abgesagt hat."""

from __future__ import annotations

from kundenportal.fachverfahren.ports.atv import Termin, TerminNichtGeplant
from kundenportal.fachverfahren.registry import systeme

from .queries import termin_des_kunden

GRUND_MIN, GRUND_MAX = 3, 500


class AbsageAbgelehnt(ValueError):
    """Die Absage ist so nicht möglich; die Meldung sagt dem Kunden, warum."""


def termin_absagen(kundennummer: str, termin_id: str, grund: str, *, durch: str) -> Termin:
    """Sagt einen eigenen, geplanten Termin des Kunden ab. `durch`: wer handelt (z. B. `kunde:955A…`)."""
    termin = termin_des_kunden(kundennummer, termin_id)
    grund = " ".join(grund.split())
    if len(grund) < GRUND_MIN:
        raise AbsageAbgelehnt(f"Bitte geben Sie einen Grund für die Absage an (mindestens {GRUND_MIN} Zeichen).")
    if len(grund) > GRUND_MAX:
        raise AbsageAbgelehnt(f"Bitte fassen Sie den Grund in höchstens {GRUND_MAX} Zeichen.")
    if termin.status != "geplant":
        raise AbsageAbgelehnt("Dieser Termin ist nicht mehr geplant und kann nicht abgesagt werden.")
    try:
        return systeme().atv.termin_absagen(termin.id, grund, durch)
    except TerminNichtGeplant:
        raise AbsageAbgelehnt("Dieser Termin ist nicht mehr geplant und kann nicht abgesagt werden.") from None
