"""Die Adressen eines Kontakts für die Vorlagen des Gesprächs (Antwort, Zurück, Abschließen, …).

Ein Schritt zeigt bis zu neun davon; `{% url %}` löst jede einzeln auf. Hier wird jede Adresse einmal je
Prozess (und URL-Konfiguration) mit einer Muster-id aufgelöst; für einen Kontakt wird nur dessen id eingesetzt —
dasselbe Ergebnis wie `reverse`, ohne dessen Kosten je Schritt."""

from __future__ import annotations

import functools
import uuid

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

NAMEN = ("kontakt", "antwort", "zurueck", "weiter", "bestaetigen", "termin", "abschliessen", "historie")
_MUSTER = str(uuid.UUID(int=0))


@functools.lru_cache(maxsize=16)
def _muster(praefix: str, urlconf: str | None, root: str) -> tuple[tuple[str, str, str], ...]:
    """Je Name: (Name, Text vor der id, Text nach der id) — die id kommt in der Adresse genau einmal vor."""
    teile = []
    for name in NAMEN:
        adresse = reverse(f"gespraech:{name}", args=[_MUSTER], urlconf=urlconf)
        vor, _, nach = adresse.partition(_MUSTER)
        teile.append((name, vor, nach))
    return tuple(teile)


def wege(kontakt_id: uuid.UUID | str) -> dict[str, str]:
    """Name → Adresse für diesen Kontakt (wie `reverse("gespraech:<name>", args=[kontakt_id])`)."""
    text = str(kontakt_id)
    urlconf = get_urlconf()
    return {name: f"{vor}{text}{nach}"
            for name, vor, nach in _muster(get_script_prefix(), urlconf, str(settings.ROOT_URLCONF))}
