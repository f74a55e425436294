"""Die automatische Vorbewertung aus dem Weg: ein Vorschlag, den die Prüferin bestätigt oder korrigiert.
Jedes Kriterium eines Bogens (qs/formulare.py) nennt seine Art der Vorbewertung (domain.md A12). Grundsatz:
„erfüllt“ schlägt sie nur vor, wenn der aufgezeichnete Weg es belegt; was der Weg nicht entscheidet, bleibt
offen (Urteil `OFFEN`, mit Grund) — die Teamleitung urteilt.

- Identität vor Auskunft geprüft: die Identitätsfrage steht vor jeder Abfrage und Aktion; mit „ja“
  ist sie erfüllt, mit „nein“ nur, wenn danach nichts mehr abgefragt oder geändert wurde.
- Vermerk vollständig und sachlich: fehlt eine ausgeführte Aktion im Vermerk, ist er nicht erfüllt; sonst
  erfüllt — aber nur bei einem Kontakt, der bis zum Ende seines Leitfadens geführt wurde. Endete er mit einer
  Störung, vor einer Bestätigung oder vorzeitig, bleibt er offen (Sachlichkeit prüft die Prüferin ohnehin).
- Ergebnis passend: bei nicht bestätigter Identität ist nur `abbruch_identitaet` passend; ein vom
  Leitfaden gesetztes Ergebnis gilt als passend, ein vorzeitig beendeter Kontakt bleibt offen.
- Schritt (Regelkriterien, z. B. 2.2 b) 1 „in KIWI erfasst“): die Bezugsschritte des Kriteriums setzen die
  Regel um. Ist einer davon ein Auftrag an ein Fachverfahren (Aktion, Übergabe, Abfrage), verlangt das
  Kriterium diesen Eintrag:
  - erfüllt nur, wenn ein solcher Auftrag auf dem Weg ausgeführt wurde — im Weg steht eine Aktion erst,
    wenn das Fachverfahren sie (nach der Bestätigung) erledigt hat;
  - nicht erfüllt, wenn der Kontakt endete, während ein solcher Auftrag anstand (Störung des Fachverfahrens
    oder Aktion nicht bestätigt): der Fall der Regel war da, der Eintrag fehlt;
  - nicht anwendbar, wenn der Weg die Regel nicht erreicht (Frage nicht gestellt) oder die Antworten an der
    Erfassung vorbeiführten (der Fall der Regel trat nicht ein, z. B. Auszug aus anderem Grund);
  - offen, wenn der Kontakt endete, während die Regel noch anstand (etwa bei einer ihrer Fragen).
  Hat das Kriterium keinen solchen Bezugsschritt, belegt der Weg seine Anwendung nicht: berührt er die Regel,
  bleibt es offen, sonst ist es nicht anwendbar.
Ohne Vorbewertung (`vorbewertung` leer) urteilt die Prüferin; das Kriterium fehlt im Vorschlag."""

from __future__ import annotations

from typing import Any

from kundenportal.arbeitsmittel.modell import Kriterium
from kundenportal.leitfaden.modell import Aktion, Frage, Pruefung
from kundenportal.verdrahtung import katalog

from .kriterien import ERFUELLT, NICHT_ANWENDBAR, NICHT_ERFUELLT, OFFEN
from .pfad import ART_TEXTE, IDENTITAET, Pfad, schritt_beschreiben, system_name

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
    if pfad.vorzeitig:
        return _urteil(OFFEN, f"{pfad.vorzeitig}: ob der Vermerk Stand und Grund vollständig festhält, "
                              "bitte selbst prüfen.")
    return _urteil(ERFUELLT, "Jede ausgeführte Aktion steht im Vermerk; Sachlichkeit bitte prüfen.")


def _ergebnis(pfad: Pfad) -> dict[str, str]:
    identitaet = next((s.wert for s in pfad.stationen
                       if isinstance(s.schritt, Frage) and s.schritt.fakt == IDENTITAET), None)
    if identitaet is False:
        if pfad.ergebnis == "abbruch_identitaet":
            return _urteil(ERFUELLT, "Identität nicht bestätigt: Abbruch ohne Auskunft.")
        return _urteil(NICHT_ERFUELLT, "Identität nicht bestätigt, aber Ergebnis nicht „Abbruch Identität“.")
    if pfad.ergebnis and not pfad.vorzeitig:
        return _urteil(ERFUELLT, "Ergebnis vom Ende des Leitfadens gesetzt.")
    return _urteil(OFFEN, f"{pfad.vorzeitig or 'Kein Ergebnis des Leitfadens'}: ob das passend war, bitte selbst "
                          "prüfen.")


def _auftrag(schritt: Any) -> bool:
    """Ein Auftrag an ein Fachverfahren: Aktion, Übergabe oder Abfrage."""
    return isinstance(schritt, Aktion | Pruefung)


def _im_bezug(kriterium: Kriterium, leitfaden: str, schritt_id: str) -> bool:
    return any(b.leitfaden == leitfaden and schritt_id in b.schritte for b in kriterium.bezug)


def _zur_regel(kriterium: Kriterium, leitfaden: str, schritt: Any) -> bool:
    """Ein Schritt der Regel des Kriteriums: ein Bezugsschritt oder ein Schritt eines Leitfadens des Bezugs, den
    der Leitfaden mit der Regel kennzeichnet (`regel:`)."""
    if _im_bezug(kriterium, leitfaden, schritt.id):
        return True
    return getattr(schritt, "regel", None) == kriterium.regel and any(b.leitfaden == leitfaden
                                                                       for b in kriterium.bezug)


def verlangt_eintrag(kriterium: Kriterium) -> bool:
    """Verlangt das Kriterium einen Eintrag in einem Fachverfahren? Ja, wenn einer seiner Bezugsschritte (in
    einer Fassung seines Leitfadens) ein Auftrag ist — aus der Definition des Kriteriums, nicht aus dem Weg."""
    k = katalog()
    for b in kriterium.bezug:
        lf = k.leitfaeden.get(b.leitfaden)
        for fassung in lf.fassungen if lf else ():
            if any(s.id in b.schritte and _auftrag(s) for s in fassung.daten.schritte):
                return True
    return False


def _auftrag_text(schritt: Any) -> str:
    """„Aktion in KIWI (Kindergeld)“, „Übergabe in Telefonie“, „Abfrage in STEP (Online-Konto)“."""
    system = system_name(schritt)
    return ART_TEXTE.get(schritt.art, "Auftrag") + (f" in {system}" if system else "")


def _beschreibung(leitfaden: str, schritt: Any) -> str:
    return schritt_beschreiben(leitfaden, schritt).removesuffix(".")


def _schritt(pfad: Pfad, kriterium: Kriterium) -> dict[str, str]:
    regel = kriterium.regel
    # Schritte der Regel: die Bezugsschritte und die Schritte, die ein Leitfaden des Bezugs mit der Regel
    # kennzeichnet (etwa ihre Fragen: „Teilnahme noch erforderlich?“ vor der Absage im ATV).
    beruehrt = [s for s in pfad.stationen if _zur_regel(kriterium, s.fassung.leitfaden_id, s.schritt)]
    anstehend = pfad.anstehend
    steht_an = anstehend is not None and _im_bezug(kriterium, anstehend.leitfaden, anstehend.schritt.id)
    # Stand beim Ende noch ein Schritt der Regel an, war ihr Fall noch nicht entschieden.
    bei_regel = anstehend is not None and _zur_regel(kriterium, anstehend.leitfaden, anstehend.schritt)
    if not verlangt_eintrag(kriterium):
        if beruehrt or bei_regel:
            return _urteil(OFFEN, f"Der Weg berührt die Regel {regel}; ob sie angewandt wurde, zeigt er nicht.")
        return _urteil(NICHT_ANWENDBAR, f"Regel {regel} auf dem Weg nicht erreicht (Frage nicht gestellt).")
    if anstehend is not None and steht_an and _auftrag(anstehend.schritt):
        was = "nicht bestätigt und nicht ausgeführt" if anstehend.art == "bestaetigung" else "nicht ausgeführt"
        return _urteil(NICHT_ERFUELLT, f"{_auftrag_text(anstehend.schritt)} {was}: {anstehend.text} "
                                       f"({_beschreibung(anstehend.leitfaden, anstehend.schritt)}; "
                                       f"Regel {regel}).")
    ausgefuehrt = [s for s in beruehrt if _auftrag(s.schritt) and _im_bezug(kriterium, s.fassung.leitfaden_id,
                                                                              s.schritt.id)]
    if ausgefuehrt:
        s = ausgefuehrt[-1]
        return _urteil(ERFUELLT, f"{_auftrag_text(s.schritt)} ausgeführt "
                                 f"({_beschreibung(s.fassung.leitfaden_id, s.schritt)}; Regel {regel}).")
    if bei_regel:
        assert anstehend is not None
        return _urteil(OFFEN, f"{anstehend.text}, während die Regel {regel} anstand; ob ihr Fall eintrat, "
                              "bitte selbst prüfen.")
    if beruehrt:
        s = beruehrt[-1]
        return _urteil(NICHT_ANWENDBAR, f"Fall der Regel {regel} nicht eingetreten: der Weg führte ohne Eintrag "
                                        f"weiter ({_beschreibung(s.fassung.leitfaden_id, s.schritt)}).")
    nachsatz = f" {pfad.vorzeitig}." if pfad.vorzeitig else ""
    return _urteil(NICHT_ANWENDBAR, f"Regel {regel} auf dem Weg nicht erreicht (Frage nicht gestellt).{nachsatz}")


def vorbewerten(pfad: Pfad, kriterien: tuple[Kriterium, ...]) -> Vorschlag:
    """Kriterium-id → {"urteil", "grund"} für jedes Kriterium mit Vorbewertung; Urteil `OFFEN`: der Weg
    entscheidet es nicht (der Grund sagt, warum). Kriterien ohne Vorbewertung fehlen (die Prüferin urteilt).
    Ohne aufgezeichneten Weg entscheidet der Weg nichts: kein Vorschlag (nie falsch vorbewerten)."""
    if not pfad.aufgezeichnet:
        return {}
    vorschlaege: Vorschlag = {}
    for k in kriterien:
        if k.vorbewertung == "identitaet":
            vorschlaege[k.id] = _identitaet(pfad)
        elif k.vorbewertung == "ergebnis":
            vorschlaege[k.id] = _ergebnis(pfad)
        elif k.vorbewertung == "vermerk":
            vorschlaege[k.id] = _vermerk(pfad)
        elif k.vorbewertung == "schritt":
            vorschlaege[k.id] = _schritt(pfad, k)
    return vorschlaege
