"""`{% gespraechsbereich "gespraech/_gespraech.html" ohne_abbruch=True %}`: eine Jinja2-Vorlage des
Gesprächsbereichs (kundenportal/gespraech/vorlagen.py) in einer Django-Seite, mit deren Kontext."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest
from django.template import engines
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def gespraechsbereich(context: template.Context, vorlage: str, **werte: Any) -> SafeString:
    daten: dict[str, Any] = {str(k): v for k, v in context.flatten().items()} | werte
    request = daten.get("request")
    html = engines["jinja2"].get_template(vorlage).render(daten, request if isinstance(request, HttpRequest) else None)
    return mark_safe(html)      # von Jinja2 gerendert, mit Autoescape
