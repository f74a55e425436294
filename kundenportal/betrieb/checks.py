"""Prüfungen für `manage.py check --deploy` (die systemd-Unit ruft es vor dem Start mit --fail-level WARNING):
Schalter der Schulung dürfen im Betrieb nicht gesetzt sein. Rundgang Betrieb: mit KUNDENPORTAL_STICHTAG=2020-04-15
oder KUNDENPORTAL_STOERUNG=atv meldete die Prüfung „no issues“, obwohl das Betriebshandbuch beide leer verlangt —
ein Knoten lief dann mit falschem Datum oder verweigerte Aufträge an ATV."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

from kundenportal.conf.umgebung import datenbank_fuer_dienst


@register(Tags.security, deploy=True)
def schulungsschalter(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    befunde = []
    if getattr(settings, "KUNDENPORTAL_STICHTAG", None):
        befunde.append(Warning(
            f"KUNDENPORTAL_STICHTAG ist gesetzt ({settings.KUNDENPORTAL_STICHTAG}): das Portal rechnet mit diesem Tag "
            "statt mit dem echten Datum (gültige Fassungen, Termine, Fristen).",
            hint="Nur für Schulung und Demo; im Betrieb die Variable leer lassen (docs/betrieb.md).",
            id="kundenportal.W001"))
    if getattr(settings, "FACHVERFAHREN_STOERUNG", None):
        befunde.append(Warning(
            f"KUNDENPORTAL_STOERUNG ist gesetzt ({', '.join(settings.FACHVERFAHREN_STOERUNG)}): diese Fachverfahren "
            "gelten als nicht erreichbar, jeder Auftrag an sie scheitert.",
            hint="Nur für Schulung (Störungsmodus); im Betrieb die Variable leer lassen (docs/betrieb.md).",
            id="kundenportal.W002"))
    return befunde


@register(Tags.database, deploy=True)
def datenbank_im_betrieb(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Ohne DATABASE_URL (und ohne ausdrückliches KUNDENPORTAL_SQLITE) starten gunicorn und Worker nicht — die
    Prüfung vor dem Start sagt es schon (Rundgang Betrieb: sie ging ohne DATABASE_URL durch)."""
    try:
        datenbank_fuer_dienst(getattr(settings, "ENTWICKLUNG", False), engine=settings.DATABASES["default"]["ENGINE"])
    except ImproperlyConfigured as fehler:
        return [Error(str(fehler), id="kundenportal.E001")]
    return []
