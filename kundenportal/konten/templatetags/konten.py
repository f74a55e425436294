"""`{% rechte request.user as r %}`: was die Navigation zeigen darf (aus konten.zugriff).

Die Quarantäne der E-Mail-Bearbeitung erscheint nur, wenn konten.zugriff die Entscheidung
`darf_quarantaene_sehen` kennt; fehlt sie, bleibt der Eintrag weg (keine zweite Regel hier)."""

from __future__ import annotations

from typing import Any

from django import template

from kundenportal.fachverfahren.ports.aufgaben import POSTKOERBE
from kundenportal.konten import zugriff

register = template.Library()


def _darf_quarantaene_sehen(user: Any) -> bool:
    entscheidung = getattr(zugriff, "darf_quarantaene_sehen", None)
    return bool(entscheidung is not None and entscheidung(user))


@register.simple_tag
def rechte(user: Any) -> dict[str, Any]:
    return {
        "rolle": zugriff.rolle_anzeige(user),
        "kontakte": zugriff.darf_kontakte_fuehren(user),
        "email": "emb" in zugriff.kanaele_fuer(user),
        "quarantaene": _darf_quarantaene_sehen(user),
        "postkoerbe": [(p, POSTKOERBE.get(p, p)) for p in zugriff.postkoerbe_fuer(user)],
        "protokoll": zugriff.darf_protokoll_sehen(user),
        "kennzahlen": zugriff.darf_kennzahlen_sehen(user),
        "qs": zugriff.darf_qs(user),
        "standort": zugriff.standort_fuer(user),
    }
