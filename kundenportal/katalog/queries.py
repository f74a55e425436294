"""Der geladene Katalog für die Web-Oberfläche (einmal je Prozess, aus settings.CONTENT_DIR)."""

from __future__ import annotations

from functools import cache

from django.conf import settings

from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.laden import katalog_laden


@cache
def katalog() -> Katalog:
    return katalog_laden(settings.CONTENT_DIR)
