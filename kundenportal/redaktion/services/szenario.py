"""Szenarien der Redaktion speichern (Format wie content/szenarien; geprüft vor dem Speichern)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kundenportal import zeit
from kundenportal.katalog.queries import szenarien as projekt_szenarien
from kundenportal.leitfaden.szenario import SzenarioFehler, szenario_aus_text

from ..models import Szenario
from .entwurf import EntwurfFehler
from .protokoll import eintragen


@transaction.atomic
def szenario_speichern(user: Any, text: str) -> Szenario:
    try:
        sz = szenario_aus_text(text, "szenario.yaml")
    except SzenarioFehler as fehler:
        raise EntwurfFehler("szenario_ungueltig", str(fehler)) from None
    if Szenario.objects.filter(szenario_id=sz.id).exists() or any(s.id == sz.id for s in projekt_szenarien()):
        raise EntwurfFehler("szenario_doppelt", f"Kennung: ein Szenario {sz.id} gibt es schon — bitte eine andere.")
    zeile = Szenario.objects.create(leitfaden_id=sz.leitfaden, szenario_id=sz.id, text=text, autor=user,
                                    angelegt=zeit.jetzt())
    eintragen(user, "szenario_angelegt", f"szenario:{zeile.szenario_id}", leitfaden=sz.leitfaden)
    return zeile
