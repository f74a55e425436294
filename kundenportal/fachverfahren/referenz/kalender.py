"""Die Kalender des Referenz-ATV: die Regeln aus `fachverfahren.kalender` mit den Standorten, die
settings.ATV_STANDORTE liefert (ein Pfad zu einer Funktion ohne Argumente, wie FACHVERFAHREN: die
Verdrahtung gibt dem Referenz-ATV die Standorte, das Fachverfahren liest kein Inhaltsformat), und den
Öffnungszeiten aus settings.ATV_OEFFNUNGSZEITEN ({"Köln/av": "07:30-15:00", "kiz_video": ...})."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from kundenportal.fachverfahren.kalender import (
    BERLIN,
    KIZ_VIDEO,
    OEFFNUNG,
    RASTER,
    Kalender,
    agentur_laender,
    kalender_aus,
)
from kundenportal.fachverfahren.kalender import land_der_agentur as _land
from kundenportal.fachverfahren.ports.standorte import Standorte

__all__ = ["BERLIN", "KIZ_VIDEO", "OEFFNUNG", "RASTER", "Kalender", "kalender_lesen", "land_der_agentur",
           "standorte"]


def standorte() -> Standorte:
    """Die Standorte aus der Funktion, die settings.ATV_STANDORTE nennt (einmal je Einstellung gelesen)."""
    return _standorte(settings.ATV_STANDORTE)


@cache
def _standorte(pfad: str) -> Standorte:
    lieferant: Callable[[], Standorte] = import_string(pfad)
    return lieferant()


def kalender_lesen(name: str) -> Kalender | None:
    """Der Kalender zu `name`, oder None, wenn es ihn nicht gibt (fachverfahren.kalender.kalender_aus)."""
    return kalender_aus(name, standorte(), getattr(settings, "ATV_OEFFNUNGSZEITEN", {}), _laender())


def _laender() -> dict[str, str]:
    return agentur_laender(Path(settings.CONTENT_DIR) / "agenturen.yaml")


def land_der_agentur(name: str) -> str:
    """Das Bundesland einer Agentur (standorte.yaml, sonst content/agenturen.yaml)."""
    return _land(name, standorte(), _laender())
