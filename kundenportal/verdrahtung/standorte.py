"""Die Standorte für das Referenz-ATV (settings.ATV_STANDORTE): gelesen und geprüft aus
content/standorte.yaml mit `leitfaden.standorte.standorte_laden` — dieselbe Datei und derselbe Leser wie
für den Katalog. Das Fachverfahren bekommt sie von hier und liest selbst kein Inhaltsformat
(docs/adr/0004-wurzel-der-verdrahtung.md)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from kundenportal.fachverfahren.ports.standorte import Standorte
from kundenportal.leitfaden.standorte import standorte_laden


def standorte_des_inhalts() -> Standorte:
    return standorte_laden(Path(settings.CONTENT_DIR) / "standorte.yaml")
