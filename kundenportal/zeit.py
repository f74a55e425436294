"""Systemdatum: heute, oder der Stichtag aus KUNDENPORTAL_STICHTAG (Schulung und Demo)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

BERLIN = ZoneInfo("Europe/Berlin")


def heute() -> dt.date:
    if settings.KUNDENPORTAL_STICHTAG:
        return dt.date.fromisoformat(settings.KUNDENPORTAL_STICHTAG)
    return dt.datetime.now(BERLIN).date()


def jetzt() -> dt.datetime:
    """Jetzt in Europe/Berlin; mit Stichtag dessen Datum mit der aktuellen Uhrzeit."""
    echt = dt.datetime.now(BERLIN)
    return dt.datetime.combine(heute(), echt.time(), BERLIN)
