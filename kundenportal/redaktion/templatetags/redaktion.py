"""`{% aenderungshinweise user %}` (Arbeitsplatz), `{% aenderungshinweise user leitfaden_id %}` (im
Leitfaden: "neu seit …") und `{% redaktion_link user %}` (Navigation)."""

from __future__ import annotations

from typing import Any

from django import template

from kundenportal import zeit

from ..hinweise import neu_seit, offene_hinweise
from ..zugriff import darf_lesestand_sehen, darf_redaktion_sehen

register = template.Library()


@register.inclusion_tag("redaktion/_hinweise.html")
def aenderungshinweise(user: Any, leitfaden_id: str = "") -> dict[str, Any]:
    heute = zeit.heute()
    if not getattr(user, "is_authenticated", False):
        return {"hinweise": [], "neu": None}
    return {"hinweise": offene_hinweise(user, heute, leitfaden_id),
            "neu": neu_seit(leitfaden_id, heute) if leitfaden_id else None, "im_leitfaden": bool(leitfaden_id)}


@register.simple_tag
def redaktion_sichtbar(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and darf_redaktion_sehen(user)


@register.simple_tag
def lesestand_sichtbar(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and darf_lesestand_sehen(user)
