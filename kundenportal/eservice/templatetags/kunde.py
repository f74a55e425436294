"""`{% load kunde %}` für die Hülle der Kundenseite (eservice/basis.html)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.conf import settings
from django.utils.crypto import salted_hmac
from django.utils.html import format_html
from django.utils.safestring import SafeString

from kundenportal import zeit
from kundenportal.eservice.zugang import SITZUNG_KUNDE

register = template.Library()


@register.simple_tag(takes_context=True)
def entwurf_schluessel(context: template.Context) -> str:
    """Ein Schlüssel je Kunde für die nicht gesendeten Eingaben im Browser (static/eservice/kunde.js): ein
    HMAC der Kundennummer, nicht die Nummer selbst. Eingaben eines Kunden setzt das Skript nach einer
    abgelaufenen Sitzung nur wieder ein, wenn sich derselbe Kunde anmeldet — nie bei einem anderen Kunden am
    selben Gerät."""
    request = context.get("request")
    kundennummer = request.session.get(SITZUNG_KUNDE) if request is not None else None
    if not kundennummer:
        return ""
    return salted_hmac("kundenportal.eservice.entwurf", str(kundennummer)).hexdigest()[:32]


@register.simple_tag
def entwurf_minuten() -> int:
    """Wie lange nicht gesendete Eingaben im Browser wieder eingesetzt werden: die doppelte Leerlaufzeit der
    Kundensitzung (settings.KUNDENPORTAL_LEERLAUF_MINUTEN_KUNDE) — wer nach der Pause abschickt und sich neu
    anmeldet, findet seinen Text; was älter ist, verfällt."""
    return 2 * int(settings.KUNDENPORTAL_LEERLAUF_MINUTEN_KUNDE)


@register.simple_tag
def am_um(zeitpunkt: dt.datetime | None) -> SafeString | str:
    """Ein Zeitpunkt, wie Kunden ihn lesen, in Europe/Berlin: `<time datetime="2026-12-07T14:05:00+01:00">07.12.2026
    um 14:05 Uhr</time>` („übermittelt am {% am_um t %}“). Leer ohne Zeitpunkt."""
    if zeitpunkt is None:
        return ""
    lokal = zeitpunkt.astimezone(zeit.BERLIN)
    return format_html('<time datetime="{}">{} um {} Uhr</time>', lokal.isoformat(timespec="seconds"),
                       f"{lokal:%d.%m.%Y}", f"{lokal:%H:%M}")
