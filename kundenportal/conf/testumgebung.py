"""Pytest-Plugin (in pyproject per `-p kundenportal.conf.testumgebung` geladen, bevor Django die Einstellungen liest):
die Tests laufen im Entwicklungsbetrieb (http, Entwicklungsschlüssel) — ausdrücklich, wie `make run`.
Den Betrieb selbst prüfen tests/conf in eigenen Prozessen mit gesetzten Variablen."""

from __future__ import annotations

import os

os.environ.setdefault("KUNDENPORTAL_ENTWICKLUNG", "1")
