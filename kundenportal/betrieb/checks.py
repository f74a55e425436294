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

# (Einstellung, Variable, Id, was sie bewirkt, wofür sie gedacht ist)
_SCHALTER = [
    ("KUNDENPORTAL_STICHTAG", "KUNDENPORTAL_STICHTAG", "kundenportal.W001",
     "das Portal rechnet mit diesem Tag statt mit dem echten Datum (gültige Fassungen, Termine, Fristen)",
     "Nur für Schulung und Demo"),
    ("FACHVERFAHREN_STOERUNG", "KUNDENPORTAL_STOERUNG", "kundenportal.W002",
     "diese Fachverfahren gelten als nicht erreichbar, jeder Auftrag an sie scheitert",
     "Nur für Schulung (Störungsmodus)"),
]


@register(Tags.security, deploy=True)
def schulungsschalter(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    befunde = []
    for einstellung, variable, kennung, wirkung, zweck in _SCHALTER:
        wert = getattr(settings, einstellung, None)
        if wert:
            text = ", ".join(wert) if isinstance(wert, list | tuple) else str(wert)
            befunde.append(Warning(f"{variable} ist gesetzt ({text}): {wirkung}.",
                                   hint=f"{zweck}; im Betrieb die Variable leer lassen (docs/betrieb.md).",
                                   id=kennung))
    return befunde


# Kontaktangaben der Kundenseiten (Datenschutz, Barrierefreiheit, Impressum): ohne Einstellung steht ein Platzhalter
# in eckigen Klammern da (conf/settings.py) — eine Kundin läse „[… im Betrieb einzutragen]“ statt der Stelle, an die
# sie sich wenden kann.
PLATZHALTER = "im Betrieb einzutragen"
_KUNDENSEITEN = [
    ("KUNDENPORTAL_ESERVICE_DATENSCHUTZ_KONTAKT", "Kontakt der oder des Datenschutzbeauftragten (Seite „Datenschutz“)"),
    ("KUNDENPORTAL_ESERVICE_BARRIEREN_KONTAKT", "Meldestelle für Barrieren (Seite „Barrierefreiheit“)"),
    ("KUNDENPORTAL_ESERVICE_IMPRESSUM", "Impressum (Seite „Impressum“)"),
]


@register(Tags.security, deploy=True)
def kundenseiten_ohne_platzhalter(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    return [Warning(f"{name} ist nicht gesetzt: die Kundenseiten zeigen für {was} einen Platzhalter.",
                    hint="Im Betrieb eintragen (docs/betrieb.md, „Pflicht im Betrieb“).", id="kundenportal.W003")
            for name, was in _KUNDENSEITEN if PLATZHALTER in str(getattr(settings, name, PLATZHALTER))]


@register(Tags.database, deploy=True)
def datenbank_im_betrieb(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Ohne DATABASE_URL (und ohne ausdrückliches KUNDENPORTAL_SQLITE) starten gunicorn und Worker nicht — die
    Prüfung vor dem Start sagt es schon (Rundgang Betrieb: sie ging ohne DATABASE_URL durch)."""
    try:
        datenbank_fuer_dienst(getattr(settings, "ENTWICKLUNG", False), engine=settings.DATABASES["default"]["ENGINE"])
    except ImproperlyConfigured as fehler:
        return [Error(str(fehler), id="kundenportal.E001")]
    return []
