"""Filter der E-Mail-Bearbeitung: `{{ name|ohne_steuerzeichen }}` (emb/anzeige.py), `{{ code|anliegen }}`
(der deutsche Name eines Anliegens, zuordnung.KLASSEN_TEXTE), `{{ antwort|versuch:jetzt }}` (Antwort.versuch:
ob `naechster_versuch` noch kommt oder schon vorbei ist; „jetzt“ gibt die Seite mit)."""

from __future__ import annotations

import datetime as dt

from django import template

from kundenportal.emb import anzeige
from kundenportal.emb.models import Antwort
from kundenportal.emb.zuordnung import KLASSEN_TEXTE

register = template.Library()


@register.filter
def ohne_steuerzeichen(text: object) -> str:
    return anzeige.ohne_steuerzeichen(str(text or ""))


@register.filter
def hat_steuerzeichen(text: object) -> bool:
    return anzeige.hat_steuerzeichen(str(text or ""))


@register.filter
def anliegen(code: object) -> str:
    return KLASSEN_TEXTE.get(str(code or ""), str(code or ""))


@register.filter
def versuch(antwort: Antwort, jetzt: dt.datetime) -> str:
    return antwort.versuch(jetzt)
