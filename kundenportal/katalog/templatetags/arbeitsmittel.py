"""Filter für die verschachtelten Inhalte der Arbeitsmittel (Listen, Abbildungen) in Vorlagen und
`{% aufgabensteckbrief user a %}`: der passende Aufgabensteckbrief im Gespräch der Eingangszone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from kundenportal import zeit
from kundenportal.arbeitsmittel.modell import Arbeitsmittel
from kundenportal.konten.zugriff import rollen_von
from kundenportal.verdrahtung import katalog
from kundenportal.verdrahtung.arbeitsmittel import arbeitsmittel

register = template.Library()


@register.filter
def ist_liste(wert: Any) -> bool:
    return isinstance(wert, list | tuple)


@register.filter
def ist_abbildung(wert: Any) -> bool:
    return isinstance(wert, dict)


FELDNAMEN = {
    "aufgabe": "Aufgabe", "ziel": "Ziel", "selbst": "Erledigt die Eingangszone selbst", "abgabe": "Gibt ab",
    "an": "An", "wann": "Wann", "systeme": "Fachverfahren", "richtzeit_minuten": "Richtzeit (Minuten)",
    "kanaele": "Kanäle", "stichprobenplan": "Stichprobenplan",
    "je_beschaeftigten_und_monat": "Kontakte je Beschäftigten und Monat", "je_kanal": "je Kanal",
    "nach_neuer_fassung": "Nach einer neuen Leitfaden-Fassung", "wochen": "Wochen", "formulare": "Bewertungsbögen",
    "kalibrierung": "Kalibrierung", "teamleitungen_mindestens": "Teamleitungen mindestens", "je_monat": "je Monat",
    "streuung_hinweis_ab": "Hinweis ab Streuung", "freigabe": "Freigabe", "an_beschaeftigte": "an die Beschäftigten",
    "kennzahlen": "Kennzahlen", "id": "Kennung", "titel": "Titel", "regel": "Regel", "umsetzung": "Umsetzung",
    "messung": "Messung", "leitfaden": "Leitfaden", "schritte": "Schritte", "qs_kriterien": "QS-Kriterien",
    "massnahme_vorschlag": "Vorgeschlagene Maßnahme", "sc3": "Service Center SGB III", "ez": "Eingangszone",
    "emb": "E-Mail-Bearbeitung", "scfk": "Service Center Familienkasse",
}


@register.filter
def feldname(schluessel: Any) -> str:
    """Der deutsche Name eines Inhaltsfelds (keine Rohschlüssel in der Oberfläche)."""
    return FELDNAMEN.get(str(schluessel), str(schluessel).replace("_", " ").capitalize())


def _kontaktdatum(ansicht: Any) -> dt.date:
    """Der Tag, an dem das Gespräch begann (im Lauf gepinnt), sonst heute (Stichtag beachtet)."""
    lauf = getattr(getattr(ansicht, "kontakt", None), "lauf", None) or {}
    roh = lauf.get("datum") if isinstance(lauf, dict) else None
    if isinstance(roh, dict) and isinstance(roh.get("$datum"), str):
        try:
            return dt.date.fromisoformat(roh["$datum"])
        except ValueError:
            pass
    return zeit.heute()


def steckbriefe_im_gespraech(user: Any, leitfaden_id: str, datum: dt.date) -> list[Arbeitsmittel]:
    """Die am `datum` gültigen Aufgabensteckbriefe zum Leitfaden (oder seiner Basis), die eine Rolle des
    Benutzers nutzt (Eingangszone, domain.md A12); für andere Rollen keine."""
    if not getattr(user, "is_authenticated", False) or not leitfaden_id:
        return []
    rollen = {r.schluessel for r in rollen_von(user)}
    lf = katalog().leitfaeden.get(leitfaden_id)
    ids = {leitfaden_id, lf.basis_id} if lf is not None else {leitfaden_id}
    bestand = arbeitsmittel()
    treffer: dict[str, Arbeitsmittel] = {}
    for i in sorted(ids):
        for a in bestand.zu_leitfaden("aufgabensteckbrief", i, datum):
            if rollen & set(a.rollen):
                treffer[a.schluessel] = a
    return sorted(treffer.values(), key=lambda a: a.nummer)


@register.inclusion_tag("katalog/_steckbrief_im_gespraech.html")
def aufgabensteckbrief(user: Any, ansicht: Any) -> dict[str, Any]:
    """`{% aufgabensteckbrief user a %}` im Gespräch: der Aufgabensteckbrief über dem Leitfaden."""
    datum = _kontaktdatum(ansicht)
    return {"steckbriefe": steckbriefe_im_gespraech(user, str(getattr(ansicht, "leitfaden_id", "") or ""), datum),
            "datum": datum}
