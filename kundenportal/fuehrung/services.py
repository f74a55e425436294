"""Schreibende Dienste der Führungsprozesse: eine vereinbarte Maßnahme zur Anlage 7 festhalten (nur die
Teamleitung, am eigenen Standort; domain.md A12).

Wer für welchen Standort: die Anlage 7 ist das Protokoll des Umsetzungsdialogs, den eine Teamleitung mit ihrem
Team führt — die Maßnahme gehört dem Standort ihres Arbeitsplatzes, wie ihre QS-Stichproben
(konten/zugriff.py: darf_stichprobe_sehen). Für einen anderen Standort hält sie keine fest: das ist eine klare
Meldung, nie eine Maßnahme, die still unter dem eigenen Standort landet."""

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


def massnahme_standort(user: Any, fuer_standort: str | None = None) -> str:
    """Der Standort, für den `user` eine Maßnahme festhält: der seines Arbeitsplatzes. `fuer_standort`: der
    Standort, für den sie eingegeben wird (Filter der Seite; leer: alle Standorte). FuehrungFehler mit der
    Meldung, wenn `user` keine Teamleitung ist, keinen Standort hat oder einen anderen gewählt hat."""
    if not zugriff.darf_kennzahlen_sehen(user):
        raise FuehrungFehler("Maßnahmen hält die Teamleitung fest.")
    standort = zugriff.standort_fuer(user)
    if not standort:
        raise FuehrungFehler("Ihrem Arbeitsplatz ist kein Standort zugeordnet; Maßnahmen hält die Teamleitung eines "
                             "Standorts fest.")
    if fuer_standort and fuer_standort != standort:
        raise FuehrungFehler(f"Maßnahmen halten Sie nur für Ihren Standort {standort} fest, nicht für "
                             f"{fuer_standort}. Bitte den Standort {standort} (oder alle Standorte) wählen.")
    return standort


@transaction.atomic
def massnahme_festhalten(user: Any, *, weisung: str, regel: str, text: str, jetzt: dt.datetime,
                         fuer_standort: str | None = None) -> Massnahme:
    """Hält die Maßnahme für den Standort der Teamleitung fest (`massnahme_standort`)."""
    standort = massnahme_standort(user, fuer_standort)
    w = katalog().weisungen.get(weisung)
    if w is None or regel not in {r.punkt for r in w.regeln}:
        raise FuehrungFehler(f"Die Weisung {weisung} hat keine Regel „{regel}“.")
    text = text.strip()
    if not text or len(text) > TEXT_MAX or "<" in text or ">" in text:
        raise FuehrungFehler(f"Die Maßnahme braucht einen Text (höchstens {TEXT_MAX} Zeichen, ohne < und >).")
    return Massnahme.objects.create(weisung=weisung, regel=regel, standort=standort, text=text, user=user,
                                    erstellt=jetzt)
