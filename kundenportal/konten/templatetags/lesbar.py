"""Vorlagenfilter für lesbare Sprache (kundenportal.lesbar): `{% load lesbar %}`.
`{{ code|lesbar }}`, `{{ satz|lesbar_text }}`, `{{ datum|de_datum }}`, `{{ zeitpunkt|de_zeit }}`, `{{ n|de_zahl:1 }}`,
`{% for s in diff|diff_lesbar %}` (die Schritte eines leitfaden.diff.Diff in Worten)."""

from __future__ import annotations

from typing import Any

from django import template

from kundenportal import lesbar as _lesbar
from kundenportal.leitfaden import diff_lesbar as _diff_lesbar
from kundenportal.verdrahtung import katalog

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


@register.filter
def diff_lesbar(d: Any) -> list[_diff_lesbar.Schrittzeilen]:
    """Die Schritte des Diffs mit Namen und Werten ihrer Felder in Worten (leitfaden.diff_lesbar; derselbe Wortlaut
    wie im Änderungshinweis an die Beschäftigten)."""
    return _diff_lesbar.diff_lesbar(d, katalog(), code=_lesbar.code)
