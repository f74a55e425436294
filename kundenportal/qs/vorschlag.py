"""Die automatische Vorbewertung aus dem Weg: ein Vorschlag, den die Prüferin bestätigt oder korrigiert.
Jedes Kriterium eines Bogens (qs/formulare.py) nennt seine Art der Vorbewertung (domain.md A12):

- Identität vor Auskunft geprüft: die Identitätsfrage steht vor jeder Abfrage und Aktion; mit „ja“
  ist sie erfüllt, mit „nein“ nur, wenn danach nichts mehr abgefragt oder geändert wurde.
- Weisungsregel korrekt angewandt: berührt der Weg keine Regel, ist das Kriterium nicht anwendbar;
  sonst urteilt die Prüferin.
- Vermerk vollständig und sachlich: jede ausgeführte Aktion steht im Vermerk (Sachlichkeit prüft die
  Prüferin).
- Ergebnis passend: bei nicht bestätigter Identität ist nur `abbruch_identitaet` passend; ein vom
  Leitfaden gesetztes Ergebnis gilt als passend, ein abgebrochener Kontakt bleibt der Prüferin.
- Schritt (Regelkriterien, z. B. 2.2 a) 2 „abgesagt“ im ATV): ging der Weg über einen der Schritte,
  die die Regel umsetzen, ist sie erfüllt — die Engine hat sie ausgeführt; berührt der Weg sie nicht,
  ist das Kriterium nicht anwendbar. Ohne Vorbewertung urteilt die Prüferin."""

from __future__ import annotations

from kundenportal.arbeitsmittel.modell import Kriterium
from kundenportal.leitfaden.modell import Aktion, Frage

from .kriterien import ERFUELLT, NICHT_ANWENDBAR, NICHT_ERFUELLT
from .pfad import IDENTITAET, Pfad, schritt_beschreiben

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


def _schritt(pfad: Pfad, kriterium: Kriterium) -> dict[str, str]:
    for station in pfad.stationen:
        for b in kriterium.bezug:
            if station.fassung.leitfaden_id == b.leitfaden and station.schritt.id in b.schritte:
                return _urteil(ERFUELLT, f"Weg über {schritt_beschreiben(b.leitfaden, station.schritt)} "
                                         f"(Regel {kriterium.regel}).")
    return _urteil(NICHT_ANWENDBAR, f"Der Weg berührt die Regel {kriterium.regel} nicht.")


def vorbewerten(pfad: Pfad, kriterien: tuple[Kriterium, ...]) -> Vorschlag:
    """Kriterium-id → {"urteil", "grund"}; Kriterien ohne Vorschlag fehlen (die Prüferin urteilt). Ohne
    aufgezeichneten Weg entscheidet der Weg nichts: kein Vorschlag (nie falsch vorbewerten)."""
    if not pfad.aufgezeichnet:
        return {}
    vorschlaege: dict[str, dict[str, str] | None] = {}
    for k in kriterien:
        if k.vorbewertung == "identitaet":
            vorschlaege[k.id] = _identitaet(pfad)
        elif k.vorbewertung == "ergebnis":
            vorschlaege[k.id] = _ergebnis(pfad)
        elif k.vorbewertung == "vermerk":
            vorschlaege[k.id] = _vermerk(pfad)
        elif k.vorbewertung == "schritt":
            vorschlaege[k.id] = _schritt(pfad, k)
    return {k: v for k, v in vorschlaege.items() if v is not None}
