"""Einstellungen für die Typprüfung (mypy mit django-stubs lädt sie): wie settings, im
Entwicklungsbetrieb, damit mypy ohne DJANGO_SECRET_KEY läuft."""

import os

os.environ.setdefault("KUNDENPORTAL_ENTWICKLUNG", "1")

from .settings import *  # noqa: F403
