"""`{% rechte request.user as r %}`: was die Navigation zeigen darf — jede Entscheidung aus konten.zugriff,
keine zweite Regel hier. `{{ code|aktion_text }}`: eine Aktion des Zugriffsprotokolls in Worten."""

from __future__ import annotations

from typing import Any

from django import template

from kundenportal.fachverfahren.ports.aufgaben import POSTKOERBE
from kundenportal.konten import aktionen, zugriff

register = template.Library()


@register.simple_tag
def rechte(user: Any) -> dict[str, Any]:
    return {
        "rolle": zugriff.rolle_anzeige(user),
        "kontakte": zugriff.darf_kontakte_fuehren(user),
        "email": "emb" in zugriff.kanaele_fuer(user) or zugriff.darf_warteschlange_steuern(user),
        "postkoerbe": [(p, POSTKOERBE.get(p, p)) for p in zugriff.postkoerbe_fuer(user)],
        "protokoll": zugriff.darf_protokoll_sehen(user),
        "verwaltung": zugriff.darf_benutzer_verwalten(user),
        "kennzahlen": zugriff.darf_kennzahlen_sehen(user),
        "anlage5": zugriff.darf_anlage5_sehen(user),
        "qs": zugriff.darf_qs(user),
        "quarantaene": zugriff.darf_quarantaene_sehen(user),
        "standort": zugriff.standort_fuer(user),
    }


@register.filter
def aktion_text(code: str) -> str:
    """`{{ z.aktion|aktion_text }}`: der deutsche Text einer Aktion des Zugriffsprotokolls (aktionen.text)."""
    return aktionen.text(str(code))
