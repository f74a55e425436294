"""Vorlagenfilter für lesbare Sprache (kundenportal.lesbar): `{% load lesbar %}`.
`{{ code|lesbar }}`, `{{ satz|lesbar_text }}`, `{{ datum|de_datum }}`, `{{ zeitpunkt|de_zeit }}`, `{{ n|de_zahl:1 }}`."""

from __future__ import annotations

from typing import Any

from django import template

from kundenportal import lesbar as _lesbar

register = template.Library()


@register.filter
def lesbar(wert: Any) -> str:
    return _lesbar.code(wert)


@register.filter
def lesbar_text(wert: Any) -> str:
    return _lesbar.im_text(wert)


@register.filter
def de_datum(wert: Any) -> str:
    return _lesbar.datum(wert, mit_zeit=False)


@register.filter
def de_zeit(wert: Any) -> str:
    return _lesbar.datum(wert, mit_zeit=True)


@register.filter
def de_zahl(wert: Any, stellen: int = 0) -> str:
    return _lesbar.zahl(wert, int(stellen))
