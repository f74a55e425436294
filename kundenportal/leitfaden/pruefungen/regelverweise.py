"""Nennt der Regelverweis eines Schritts (`regel:`) einen Punkt der Weisung seiner Fassung? Sonst sähen die
Beschäftigten „Weisung, Regel 1“ zu einer Regel, die es nicht gibt, und die Regelspur der Weisung fände den
Schritt nicht. Die Punkte liest `weisung.punkte` wie die Regelspur („2.2 a) 3 und a) 4“ → zwei Punkte)."""

from __future__ import annotations

from collections.abc import Iterator

from ..fehler import Befund
from ..katalog import Fassung, Katalog
from ..weisung import punkte
from .registrierung import _befund, _feld, fassungspruefung

# Bekannte Altlast in content/ (gemeldet, nicht still geduldet): die gesiegelten Fassungen vom 20.12.2019 der
# Pilot-Leitfäden nennen „2.1“, ihre Weisung 201912024 hat aber keine Regeln. Eine gesiegelte Fassung ändert sich
# nie; die Korrektur gehört in content/weisungen/201912024.yaml (Punkt 2.1 ergänzen). Danach ist dieser Eintrag
# wirkungslos und wird gelöscht. Gilt nur für genau diese Schritte dieser Fassungen — nie für Neues.
ALTLAST: frozenset[tuple[str, str]] = frozenset(
    (f"{lf}@2019-12-20", sid) for lf in ("SC 3.003-Pilot", "EZ 1.003-Pilot")
    for sid in ("bbie_agentur", "wb_zeit", "wb_buchen"))


def _liste(werte: list[str]) -> str:
    return ", ".join(werte) if len(werte) <= 8 else ", ".join(werte[:8]) + " …"


@fassungspruefung
def _regelverweise(katalog: Katalog, f: Fassung) -> Iterator[Befund]:
    weisung = katalog.weisungen.get(f.weisung)
    if weisung is None:             # „unbekannte Weisung“ meldet zeitachse._weisung
        return
    vorhanden = [r.punkt for r in weisung.regeln]
    for s in f.daten.schritte:
        regel = _feld(s, "regel", "")
        if not regel or (f.schluessel, s.id) in ALTLAST:
            continue
        genannt = punkte(regel)
        if not genannt:
            yield _befund(f, s.id, "regel", f"Regelverweis „{regel}“ nennt keinen Punkt einer Weisung: einen Punkt "
                          f"der Weisung {f.weisung} eintragen (Form wie „2.1“ oder „2.2 a) 6“; vorhanden: "
                          f"{_liste(vorhanden) or 'keine'})")
            continue
        for punkt in sorted(genannt - set(vorhanden)):
            yield _befund(f, s.id, "regel", f"Regelverweis „{regel}“: die Weisung {f.weisung} hat keinen Punkt "
                          f"{punkt} (vorhanden: {_liste(vorhanden) or 'keine'}) — einen vorhandenen Punkt eintragen "
                          "oder den Punkt in der Weisung ergänzen")
