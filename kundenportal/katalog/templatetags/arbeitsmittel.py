"""Filter für die verschachtelten Inhalte der Arbeitsmittel (Listen, Abbildungen) in Vorlagen."""

from __future__ import annotations

from typing import Any

from django import template

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
