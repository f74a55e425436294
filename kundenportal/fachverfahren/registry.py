"""Welcher Adapter bedient welches System: settings.FACHVERFAHREN nennt je System einen Pfad
(wie EMAIL_BACKEND). Die Referenz ist der Standard; ein echter Adapter ersetzt sie dort."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from .ports import Systeme


def systeme() -> Systeme:
    return Systeme(**{name: import_string(pfad)() for name, pfad in settings.FACHVERFAHREN.items()})
