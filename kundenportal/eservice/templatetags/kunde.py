"""`{% load kunde %}` für die Hülle der Kundenseite (eservice/basis.html)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.crypto import salted_hmac

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
