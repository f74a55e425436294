"""Lesefragen der Gespräche: Kundendaten aus den Fachverfahren, Kontakthistorie, Kundensuche.

Reine Leser — das Protokollieren der Zugriffe erledigen die aufrufenden Dienste (services.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from kundenportal.fachverfahren.ports.atv import Termin
from kundenportal.fachverfahren.ports.kiwi import KiwiFall
from kundenportal.fachverfahren.ports.verbis import Kunde
from kundenportal.fachverfahren.registry import systeme

from .models import Kontakt


@dataclass(frozen=True)
class Kundendaten:
    """Was neben der Frage steht: Stammdaten, geplante Termine, STEP, ALG, KIWI."""

    kunde: Kunde
    termine: list[Termin] = field(default_factory=list)
    sicherheitsstufe: str = ""
    alg_bezug: bool = False
    kiwi: KiwiFall | None = None


def kunde_lesen(kundennummer: str) -> Kunde | None:
    return systeme().verbis.kunde(kundennummer) if kundennummer else None


def kundendaten(kundennummer: str) -> Kundendaten | None:
    s = systeme()
    kunde = s.verbis.kunde(kundennummer) if kundennummer else None
    if kunde is None:
        return None
    konto = s.step.konto(kundennummer)
    return Kundendaten(kunde=kunde, termine=[t for t in s.atv.termine(kundennummer) if t.status == "geplant"],
                       sicherheitsstufe=konto.sicherheitsstufe if konto else "kein_konto",
                       alg_bezug=s.colibri.alg_bezug(kundennummer), kiwi=s.kiwi.fall(kundennummer))


def kunden_finden(*, kundennummer: str = "", nachname: str = "", geburtsdatum: dt.date | None = None) -> list[str]:
    """Kundennummern zu einer Kundennummer oder zu Nachname und Geburtsdatum (beides nötig)."""
    verbis = systeme().verbis
    if kundennummer:
        kunde = verbis.kunde(kundennummer.strip())
        return [kunde.kundennummer] if kunde else []
    if nachname and geburtsdatum:
        return [k.kundennummer for k in verbis.kunden_suchen(name=nachname, geburtsdatum=geburtsdatum)]
    return []


def kontakte_von_kunde(kundennummer: str) -> QuerySet[Kontakt]:
    return Kontakt.objects.filter(kundennummer=kundennummer).select_related("user").order_by("-begonnen")


def offene_kontakte(user: Any) -> QuerySet[Kontakt]:
    return Kontakt.objects.filter(user=user, status=Kontakt.OFFEN).order_by("-geaendert")
