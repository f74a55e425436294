"""Die Arbeitsmittel außer den Leitfäden (domain.md A12) an der Wurzel: geladen je Generation des
Katalogs, damit Apps sie wie den Katalog hier holen (docs/adr/0004-wurzel-der-verdrahtung.md).

Bietet die Quelle des Katalogs `arbeitsmittel_dateien()` (die Datenbank: redaktion.quelle.DatenbankKatalog), kommen
die Arbeitsmittel von dort — (Pfad, Text) der veröffentlichten Fassungen, dieselben Prüfungen; sonst aus content/."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings

from kundenportal.arbeitsmittel.laden import bestand_laden
from kundenportal.arbeitsmittel.modell import Bestand

from .katalog import katalog, katalog_generation, katalog_quelle


def arbeitsmittel() -> Bestand:
    return _arbeitsmittel(katalog_generation())


@lru_cache(maxsize=4)
def _arbeitsmittel(_generation: str) -> Bestand:
    quelle = getattr(katalog_quelle(), "arbeitsmittel_dateien", None)
    dateien = quelle() if callable(quelle) else None
    return bestand_laden(Path(settings.CONTENT_DIR), katalog(), dateien)
