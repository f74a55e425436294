"""Welcher Adapter bedient welches System: settings.FACHVERFAHREN nennt je System einen Pfad
(wie EMAIL_BACKEND). Die Referenz ist der Standard; ein echter Adapter ersetzt sie dort."""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from .ports import SYSTEM_KURZNAMEN, Systeme, SystemNichtErreichbar


class Gestoert:
    """Störungsmodus (Schulung, Tests): jeder Aufruf des Systems scheitert mit SystemNichtErreichbar.
    Eingeschaltet je System über settings.FACHVERFAHREN_STOERUNG (Umgebung KUNDENPORTAL_STOERUNG=atv,kiwi)."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, methode: str) -> Any:
        def scheitern(*args: Any, **kwargs: Any) -> Any:
            raise SystemNichtErreichbar(f"{SYSTEM_KURZNAMEN.get(self._name, self._name)} ist zurzeit nicht erreichbar")
        return scheitern


def systeme() -> Systeme:
    """Die Adapter nach settings.FACHVERFAHREN (gestörte nach FACHVERFAHREN_STOERUNG): einmal je Einstellung
    gebaut, jeder Schritt eines Gesprächs fragt hier. Ein Adapter wird damit von allen Anfragen (auch aus
    mehreren Threads) geteilt: er hält keinen Zustand je Gespräch (die Referenz-Adapter halten gar keinen)."""
    return _systeme(tuple(settings.FACHVERFAHREN.items()), tuple(settings.FACHVERFAHREN_STOERUNG))


@functools.lru_cache(maxsize=8)
def _systeme(fachverfahren: tuple[tuple[str, str], ...], gestoert: tuple[str, ...]) -> Systeme:
    return Systeme(**{name: Gestoert(name) if name in gestoert else import_string(pfad)()
                      for name, pfad in fachverfahren})
