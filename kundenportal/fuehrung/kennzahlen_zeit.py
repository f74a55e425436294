"""Zeitbezug der Führungsprozesse: Europe/Berlin und der Tag der Weisung 202003006."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
WEISUNG_TAG = dt.date(2020, 3, 20)
