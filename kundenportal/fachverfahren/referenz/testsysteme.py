"""Referenzsysteme für den Szenario-Runner: jedes Szenario in einer eigenen Transaktion, die am Ende
zurückgerollt wird — frisch, leer und ohne Spuren für das nächste Szenario."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction

from kundenportal.fachverfahren.ports import Systeme
from kundenportal.fachverfahren.registry import systeme

from . import models as m
from .ausgangslage import ausgangslage_laden, zustand_lesen

REFERENZ_MODELLE: list[type[Any]] = [m.Aenderung, m.Weiterleitung, m.Versandauftrag, m.Aufgabe, m.KiwiKind, m.KiwiFall,
                    m.AuEintrag, m.AlgFall, m.StepKonto, m.Termin, m.VerbisProfil, m.Kunde]


class ReferenzTestsysteme:
    def __init__(self) -> None:
        self._systeme = systeme()

    @contextmanager
    def isoliert(self) -> Iterator[None]:
        with transaction.atomic():
            for modell in REFERENZ_MODELLE:
                modell.objects.all().delete()
            yield
            transaction.set_rollback(True)

    def ausgangslage_laden(self, lage: dict[str, Any]) -> str | None:
        return ausgangslage_laden(lage)

    def zustand_lesen(self, kundennummer: str | None) -> dict[str, Any]:
        return zustand_lesen(kundennummer)

    def systeme(self) -> Systeme:
        return self._systeme
