"""Die Änderungsübersicht in einfachen Worten für den Änderungshinweis an die Beschäftigten.

Die Beschäftigten kennen keine Schritt-Kennungen: jede Zeile nennt den Schritt so, wie er im Gespräch
erscheint (seine Frage, sein Hinweis, sein Abschluss), und bei geändertem Wortlaut den bisherigen und den
neuen Text. Neue und entfallene Schritte stehen mit ihrer Bezeichnung da; eine Zeile je Schritt."""

from __future__ import annotations

from typing import Any

from kundenportal import lesbar
from kundenportal.leitfaden.auftraege import ABFRAGEN, SYSTEM_NAMEN
from kundenportal.leitfaden.diff import Diff
from kundenportal.leitfaden.katalog import Katalog

ARTEN = {"frage": "Frage", "hinweis": "Hinweis", "pruefung": "Prüfung", "aktion": "Aktion", "abgabe": "Übergabe",
         "einbinden": "Eingebundener Leitfaden", "rueckkehr": "Abschluss", "ende": "Abschluss"}
FELDER = {"text": "Text", "vermerk": "Vermerk", "wenn": "Bedingung", "nach": "nächster Schritt",
          "sonst": "Ausweg", "regel": "Regelbezug", "je_antwort": "Antwortmöglichkeit", "annahme": "Annahme",
          "ergebnis": "Ergebnis", "fakt": "Fakt", "parameter": "Parameter", "vorgang": "Vorgang",
          "ablehnung": "Ablehnungsgrund", "gueltig_wenn": "Prüfung der Antwort", "abfrage": "Abfrage",
          "system": "System", "leitfaden": "eingebundener Leitfaden", "optionen_aus": "Antwortliste",
          "art": "Art des Schritts"}
# Was die Beschäftigten lesen oder sagen: dafür steht der Wortlaut bisher → jetzt im Hinweis.
WORTLAUT = {"text": "Wortlaut", "vermerk": "Vermerk", "ablehnung": "Ablehnungsgrund"}
TITEL_LAENGE, TEXT_LAENGE = 80, 400


def _feld(name: str) -> str:
    teile = [t.split("[")[0] for t in name.split(".")]
    for teil in reversed(teile):
        if teil in FELDER:
            return FELDER[teil]
    return teile[-1]


def _kurz(wert: Any, laenge: int = TEXT_LAENGE) -> str:
    return lesbar.zitat(wert, laenge)


def bezeichnung(schritt: Any, katalog: Katalog | None = None) -> str:
    """Der Schritt, wie die Beschäftigten ihn im Gespräch sehen: Art und Frage- bzw. Hinweistext; ohne Text
    das, was an seiner Stelle steht (Beschriftung des Fakts, Ergebnis, Aktion, Abfrage, Leitfaden)."""
    art = str(getattr(schritt, "art", ""))
    text = str(getattr(schritt, "text", "") or "")
    vok = katalog.vokabular if katalog is not None else None
    if not text.strip():
        if art == "frage" and vok is not None and (fakt := vok.fakten.get(schritt.fakt)) is not None:
            text = fakt.label or schritt.fakt
        elif art in ("ende", "rueckkehr"):
            text = (vok.ergebnisse.get(schritt.ergebnis) if vok is not None else None) or schritt.ergebnis
        elif art in ("aktion", "abgabe"):
            text = f"{SYSTEM_NAMEN.get(schritt.system, schritt.system)}: {schritt.vorgang.replace('_', ' ')}"
        elif art == "pruefung":
            text = ABFRAGEN[schritt.abfrage].beschreibung if schritt.abfrage in ABFRAGEN else schritt.abfrage
        elif art == "einbinden":
            lf = katalog.leitfaeden.get(schritt.leitfaden) if katalog is not None else None
            text = f"{schritt.leitfaden}: {lf.kopf.titel}" if lf is not None else schritt.leitfaden
    return f"{ARTEN.get(art, art)} „{_kurz(text or schritt.id, TITEL_LAENGE)}“"


def _geaendert(schritt: Any, katalog: Katalog | None, felder: list[tuple[str, Any, Any]]) -> list[str]:
    """Die Zeilen eines geänderten Schritts: geänderter Wortlaut mit bisher → jetzt (beim Text des Schritts
    genügt die Art: der bisherige Text nennt ihn), der übrige Ablauf in einer Zeile."""
    titel, art = bezeichnung(schritt, katalog), ARTEN.get(str(getattr(schritt, "art", "")), "Schritt")
    zeilen = []
    sonst: list[str] = []
    for feld, alt, neu in felder:
        if feld not in WORTLAUT:
            if _feld(feld) not in sonst:
                sonst.append(_feld(feld))
            continue
        wer = art if feld == "text" and alt not in (None, "") else titel
        if neu in (None, ""):
            zeilen.append(f"{wer}: {WORTLAUT[feld]} entfällt – bisher: „{_kurz(alt)}“.")
        elif alt in (None, ""):
            zeilen.append(f"{wer}: {WORTLAUT[feld]} neu – jetzt: „{_kurz(neu)}“.")
        else:
            zeilen.append(f"{wer}: {WORTLAUT[feld]} geändert – bisher: „{_kurz(alt)}“ – jetzt: „{_kurz(neu)}“.")
    if sonst:
        zeilen.append(f"{titel}: Ablauf geändert ({', '.join(sonst)}).")
    return zeilen


def klartext(leitfaden_titel: str, d: Diff | None, katalog: Katalog | None = None) -> str:
    """Eine Zeile je Änderung (der Hinweis zeigt jede als Punkt einer Liste). `katalog`: für Beschriftungen von
    Fakten, Ergebnissen und eingebundenen Leitfäden, wenn ein Schritt keinen eigenen Text hat."""
    if d is None:
        return f"Neuer Leitfaden: {leitfaden_titel}."
    zeilen = []
    alt, neu = d.alt.schritte, d.neu.schritte
    for ae in d.schritte:
        if ae.art == "neu":
            zeilen.append(f"Neu: {bezeichnung(neu[ae.schritt_id], katalog)}.")
        elif ae.art == "entfallen":
            zeilen.append(f"Entfällt: {bezeichnung(alt[ae.schritt_id], katalog)}.")
        else:
            zeilen.extend(_geaendert(alt[ae.schritt_id], katalog, ae.felder))
    # Drei neue Prüfungen mit demselben Text sind für die Beschäftigten eine Zeile, nicht drei gleiche.
    return "\n".join(dict.fromkeys(zeilen)) or "Nur Kopfdaten geändert (Stand, Gültigkeit)."
