"""Die automatische Vorbewertung aus dem Weg: ein Vorschlag, den die Prüferin bestätigt oder korrigiert.

- Identität vor Auskunft geprüft: die Identitätsfrage steht vor jeder Abfrage und Aktion; mit „ja“
  ist sie erfüllt, mit „nein“ nur, wenn danach nichts mehr abgefragt oder geändert wurde.
- Weisungsregel korrekt angewandt: berührt der Weg keine Regel, ist das Kriterium nicht anwendbar;
  sonst urteilt die Prüferin.
- Vermerk vollständig und sachlich: jede ausgeführte Aktion steht im Vermerk (Sachlichkeit prüft die
  Prüferin).
- Ergebnis passend: bei nicht bestätigter Identität ist nur `abbruch_identitaet` passend; ein vom
  Leitfaden gesetztes Ergebnis gilt als passend, ein abgebrochener Kontakt bleibt der Prüferin."""

from __future__ import annotations

from kundenportal.leitfaden.modell import Aktion, Frage

from .kriterien import ERFUELLT, NICHT_ANWENDBAR, NICHT_ERFUELLT
from .pfad import IDENTITAET, Pfad

Vorschlag = dict[str, dict[str, str]]


def _urteil(urteil: str, grund: str) -> dict[str, str]:
    return {"urteil": urteil, "grund": grund}


def _identitaet(pfad: Pfad) -> dict[str, str]:
    arten = [s.schritt.art for s in pfad.stationen]
    frage = next((i for i, s in enumerate(pfad.stationen)
                  if isinstance(s.schritt, Frage) and s.schritt.fakt == IDENTITAET), None)
    zugriffe = [i for i, s in enumerate(pfad.stationen) if isinstance(s.schritt, Aktion) or arten[i] == "pruefung"]
    if frage is None:
        if zugriffe:
            return _urteil(NICHT_ERFUELLT, "Abfrage oder Aktion ohne Identitätsprüfung auf dem Weg.")
        return _urteil(NICHT_ANWENDBAR, "Keine Identitätsprüfung und keine Auskunft auf dem Weg.")
    if any(i < frage for i in zugriffe):
        return _urteil(NICHT_ERFUELLT, "Abfrage oder Aktion vor der Identitätsprüfung.")
    if pfad.stationen[frage].wert is True:
        return _urteil(ERFUELLT, "Identität zuerst geprüft und bestätigt, vor jeder Abfrage und Aktion.")
    if zugriffe:
        return _urteil(NICHT_ERFUELLT, "Identität nicht bestätigt, trotzdem abgefragt oder geändert.")
    return _urteil(ERFUELLT, "Identität geprüft und nicht bestätigt; danach keine Auskunft und keine Aktion.")


def _regel(pfad: Pfad) -> dict[str, str] | None:
    if not pfad.regeln:
        return _urteil(NICHT_ANWENDBAR, "Der Weg berührt keine Weisungsregel.")
    return None


def _vermerk(pfad: Pfad) -> dict[str, str]:
    if not pfad.vermerk.strip():
        return _urteil(NICHT_ERFUELLT, "Der Vermerk ist leer.")
    if pfad.fehlende_vermerkzeilen:
        return _urteil(NICHT_ERFUELLT, f"{len(pfad.fehlende_vermerkzeilen)} ausgeführte Aktion(en) fehlen im Vermerk.")
    return _urteil(ERFUELLT, "Jede ausgeführte Aktion steht im Vermerk; Sachlichkeit bitte prüfen.")


def _ergebnis(pfad: Pfad) -> dict[str, str] | None:
    identitaet = next((s.wert for s in pfad.stationen
                       if isinstance(s.schritt, Frage) and s.schritt.fakt == IDENTITAET), None)
    if identitaet is False:
        if pfad.ergebnis == "abbruch_identitaet":
            return _urteil(ERFUELLT, "Identität nicht bestätigt: Abbruch ohne Auskunft.")
        return _urteil(NICHT_ERFUELLT, "Identität nicht bestätigt, aber Ergebnis nicht „Abbruch Identität“.")
    if pfad.ergebnis and pfad.ergebnis != "abgebrochen":
        return _urteil(ERFUELLT, "Ergebnis vom Ende des Leitfadens gesetzt.")
    return None


def vorbewerten(pfad: Pfad) -> Vorschlag:
    """Kriterium → {"urteil", "grund"}; Kriterien ohne Vorschlag fehlen (die Prüferin urteilt)."""
    vorschlaege = {"identitaet": _identitaet(pfad), "regel": _regel(pfad), "vermerk": _vermerk(pfad),
                   "ergebnis": _ergebnis(pfad)}
    return {k: v for k, v in vorschlaege.items() if v is not None}
