"""Filter der E-Mail-Bearbeitung: `{{ name|ohne_steuerzeichen }}`, `{{ m.betreff|betreff_kurz }}`,
`{{ m.betreff|betreff_lesbar }}`, `{{ m|absender_kurz }}` und `{{ m.quelle|quelle }}` (emb/anzeige.py), `{{ code|anliegen }}`
(der deutsche Name eines Anliegens, zuordnung.KLASSEN_TEXTE), `{{ postkorb|stelle }}` (die Stelle, an die eine Mail
weitergeleitet ist, weiterleitung.ZIELE), `{{ antwort|versuch:jetzt }}` (Antwort.versuch:
ob `naechster_versuch` noch kommt oder schon vorbei ist; „jetzt“ gibt die Seite mit), `{{ zeit|seit:jetzt }}` (wie
lange jemand eine Mail hält) und `{{ mail|quarantaene_kopf }}` (Absender und Betreff aus den Rohbytes)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

from kundenportal.emb import anzeige, queries
from kundenportal.emb.models import Antwort
from kundenportal.emb.weiterleitung import stelle as stelle_name
from kundenportal.emb.zuordnung import KLASSEN_TEXTE

register = template.Library()


@register.filter
def ohne_steuerzeichen(text: object) -> str:
    return anzeige.ohne_steuerzeichen(str(text or ""))


@register.filter
def betreff_kurz(text: object, laengstens: int = anzeige.BETREFF_KURZ) -> str:
    """`{{ m.betreff|betreff_kurz }}`: höchstens 120 Zeichen (sonst mit „…“), leer „(ohne Betreff)“ (anzeige)."""
    return anzeige.betreff_kurz(str(text or ""), int(laengstens))


@register.filter
def betreff_lesbar(text: object) -> str:
    """`{{ mail.betreff|betreff_lesbar }}`: der ganze Betreff, leer „(ohne Betreff)“, nicht dekodierbar
    „(Betreff nicht lesbar)“ (anzeige)."""
    return anzeige.betreff_lesbar(str(text or ""))


@register.filter
def betreff_unlesbar(text: object) -> bool:
    return anzeige.betreff_unlesbar(str(text or ""))


@register.filter
def quelle(text: object) -> str:
    """`{{ m.quelle|quelle }}`: woher die Mail kam, in Worten („Datei d-binaer.eml“; anzeige.quelle_in_worten)."""
    return anzeige.quelle_in_worten(str(text or ""))


@register.filter
def absender_kurz(mail: Any) -> str:
    """`{{ m|absender_kurz }}`: Name, sonst Adresse, sonst „(ohne Absenderadresse)“ (anzeige)."""
    return anzeige.absender_kurz(str(mail.absender_name or ""), str(mail.absender or ""))


@register.filter
def hat_steuerzeichen(text: object) -> bool:
    return anzeige.hat_steuerzeichen(str(text or ""))


@register.filter
def anliegen(code: object) -> str:
    return KLASSEN_TEXTE.get(str(code or ""), str(code or ""))


@register.filter
def stelle(postkorb: object) -> str:
    """`{{ m.weitergeleitet_an|stelle }}`: der Name der Stelle, an die eine Mail weitergeleitet ist."""
    return stelle_name(str(postkorb or ""))


@register.filter
def versuch(antwort: Antwort, jetzt: dt.datetime) -> str:
    return antwort.versuch(jetzt)


@register.filter
def seit(zeitpunkt: dt.datetime | None, jetzt: dt.datetime) -> str:
    """`{{ m.beansprucht_am|seit:jetzt }}`: wie lange jemand eine Mail schon hält — „seit 2 Std. 10 Min.“, ab einem
    Tag das Datum („seit 23.03.2020, 14:05 Uhr“); ohne Zeitpunkt "" ."""
    if zeitpunkt is None:
        return ""
    minuten = max(0, int((jetzt - zeitpunkt).total_seconds() // 60))
    if minuten < 1:
        return "seit weniger als 1 Min."
    if minuten < 60:
        return f"seit {minuten} Min."
    if minuten < 24 * 60:
        stunden, rest = divmod(minuten, 60)
        return f"seit {stunden} Std. {rest} Min." if rest else f"seit {stunden} Std."
    return f"seit {timezone.localtime(zeitpunkt):%d.%m.%Y, %H:%M} Uhr"


@register.filter
def quarantaene_kopf(mail: Any) -> queries.Kopf:
    """`{% with k=m|quarantaene_kopf %}`: Absender und Betreff einer Mail der Quarantäne aus ihren Rohbytes
    (queries.quarantaene_kopf) — „(nicht lesbar)“, wo das nicht geht."""
    return queries.quarantaene_kopf(mail)
