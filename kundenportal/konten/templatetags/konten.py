"""`{% rechte request.user as r %}`: was die Navigation zeigen darf — jede Entscheidung aus konten.zugriff,
keine zweite Regel hier. `{{ code|aktion_text }}`: eine Aktion des Zugriffsprotokolls in Worten.
`{% sperre_bis as bis %}`: bis wann die Anmeldung gesperrt ist, in Worten („bis morgen, 00:14 Uhr“) oder ""."""

from __future__ import annotations

from typing import Any

from django import template

from kundenportal import zeit
from kundenportal.fachverfahren.ports.aufgaben import POSTKOERBE
from kundenportal.konten import aktionen, drosselung, zugriff

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


@register.simple_tag(takes_context=True)
def sperre_bis(context: Any) -> str:
    """Das Ende der Anmeldesperre der Anfrage (drosselung.sperre_bis) als „bis …“ mit Tag, wenn nicht heute
    (drosselung.bis_wann); "" wenn es sich nicht sagen lässt."""
    request = context.get("request")
    bis = drosselung.sperre_bis(request) if request is not None else None
    return drosselung.bis_wann(bis, zeit.echt()) if bis else ""
