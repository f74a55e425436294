"""Die Änderungsübersicht in einfachen Worten für den Änderungshinweis an die Beschäftigten."""

from __future__ import annotations

from typing import Any

from kundenportal.leitfaden.diff import Diff

ARTEN = {"frage": "Frage", "hinweis": "Hinweis", "pruefung": "Prüfung", "aktion": "Aktion", "abgabe": "Abgabe",
         "einbinden": "Einbindung", "rueckkehr": "Rückkehr", "ende": "Ende"}
FELDER = {"text": "Text", "vermerk": "Vermerk", "wenn": "Bedingung", "nach": "nächster Schritt",
          "sonst": "Ausweg", "regel": "Regelbezug", "je_antwort": "Antwortmöglichkeit", "annahme": "Annahme",
          "ergebnis": "Ergebnis", "fakt": "Fakt", "parameter": "Parameter", "vorgang": "Vorgang"}


def _feld(name: str) -> str:
    teile = [t.split("[")[0] for t in name.split(".")]
    for teil in reversed(teile):
        if teil in FELDER:
            return FELDER[teil]
    return teile[-1]


def _kurz(wert: Any) -> str:
    text = " ".join(str(wert).split())
    return text if len(text) <= 160 else text[:157] + "…"


def klartext(leitfaden_titel: str, d: Diff | None) -> str:
    if d is None:
        return f"Neuer Leitfaden: {leitfaden_titel}."
    zeilen = []
    for ae in d.schritte:
        art = ARTEN.get(ae.schritt_art, ae.schritt_art)
        if ae.art == "neu":
            zeilen.append(f"Neuer Schritt „{ae.schritt_id}“ ({art}).")
        elif ae.art == "entfallen":
            zeilen.append(f"Schritt „{ae.schritt_id}“ ({art}) entfällt.")
        else:
            for feld, _, neu in ae.felder:
                zeilen.append(f"Schritt „{ae.schritt_id}“ ({art}): {_feld(feld)} geändert"
                              + (f" – neu: „{_kurz(neu)}“." if neu not in (None, "") else "."))
    return "\n".join(zeilen) or "Nur Kopfdaten geändert (Stand, Gültigkeit)."
