"""Celery-Aufgaben des Betriebs: die Löschfristen einmal täglich (Zeitplan in kundenportal/celery.py)."""

from __future__ import annotations

from celery import shared_task

from kundenportal import zeit

from . import loeschfristen


@shared_task(name="betrieb.loeschen")
def loeschen() -> dict[str, int]:
    return {p.art: p.anzahl for p in loeschfristen.loeschen(zeit.echt())}
