"""Schreibende Dienste der Führungsprozesse: eine vereinbarte Maßnahme zur Anlage 7 festhalten (nur die
Teamleitung, am eigenen Standort; domain.md A12)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from kundenportal.konten import zugriff
from kundenportal.verdrahtung import katalog

from .models import Massnahme

TEXT_MAX = 500


class FuehrungFehler(Exception):
    def __init__(self, meldung: str) -> None:
        super().__init__(meldung)
        self.meldung = meldung


@transaction.atomic
def massnahme_festhalten(user: Any, *, weisung: str, regel: str, text: str, jetzt: dt.datetime) -> Massnahme:
    if not zugriff.darf_kennzahlen_sehen(user):
        raise FuehrungFehler("Maßnahmen hält die Teamleitung fest.")
    standort = zugriff.standort_fuer(user)
    if not standort:
        raise FuehrungFehler("Ihrem Arbeitsplatz ist kein Standort zugeordnet.")
    w = katalog().weisungen.get(weisung)
    if w is None or regel not in {r.punkt for r in w.regeln}:
        raise FuehrungFehler(f"Die Weisung {weisung} hat keine Regel „{regel}“.")
    text = text.strip()
    if not text or len(text) > TEXT_MAX or "<" in text or ">" in text:
        raise FuehrungFehler(f"Die Maßnahme braucht einen Text (höchstens {TEXT_MAX} Zeichen, ohne < und >).")
    return Massnahme.objects.create(weisung=weisung, regel=regel, standort=standort, text=text, user=user,
                                    erstellt=jetzt)
