"""Der Katalog, wie /readyz und /metrics ihn melden: ein Kennzeichen seiner Fassungen (`katalog_stand`) und die
Befunde von `katalog pruefen`, einmal je geladenem Katalog gemerkt (`katalog_befunde_gemerkt`)."""

from __future__ import annotations

import hashlib
import threading
import weakref
from typing import Any

from django.conf import settings

_katalog_geprueft: tuple[Any, list[str], str] | None = None   # (weakref auf den Katalog, Befunde, katalog_stand)
_katalog_sperre = threading.Lock()


def katalog_befunde_gemerkt(k: Any) -> tuple[list[str], str]:
    """Die Befunde von `katalog pruefen` für diesen Katalog und sein Kennzeichen (`katalog_stand`) — einmal je
    geladenem Katalog (neue Generation: neu geprüft), nicht bei jeder Abfrage des Load-Balancers (auch /metrics
    liest sie hier, betrieb/metriken.py)."""
    global _katalog_geprueft
    with _katalog_sperre:
        if _katalog_geprueft is not None and _katalog_geprueft[0]() is k:
            return _katalog_geprueft[1], _katalog_geprueft[2]
        from kundenportal.redaktion.pruefung import katalog_befunde

        befunde = [str(b) for b in katalog_befunde(k)]
        stand = katalog_stand(k)
        _katalog_geprueft = (weakref.ref(k), befunde, stand)
        return befunde, stand


def katalog_stand(k: Any) -> str:
    """Woher der Katalog kommt und ein Kennzeichen seiner Fassungen (Inhalts-Hash und Ende jeder Fassung): Knoten
    mit verschiedenem Katalog sind im /readyz-Rumpf zu unterscheiden (Rundgang Betrieb: ein Knoten ohne
    KUNDENPORTAL_KATALOG_QUELLE las content/ und zeigte andere Fassungen, /readyz sagte auf allen „bereit“)."""
    fassungen = k.fassungen()
    h = hashlib.blake2b(digest_size=4)
    for f in sorted(fassungen, key=lambda f: (f.leitfaden_id, f.inhalt_hash)):
        h.update(f"{f.leitfaden_id}|{f.inhalt_hash}|{getattr(f.daten, 'gueltig_bis', '')}\n".encode())
    quelle = "aus der Datenbank" if getattr(settings, "KUNDENPORTAL_KATALOG_QUELLE", "") else "aus content/"
    return f"{len(fassungen)} Fassungen {quelle}, Stand {h.hexdigest()}"
