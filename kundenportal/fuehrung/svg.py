"""Server-gerenderte SVG-Diagramme (kein JavaScript, keine Bibliothek): Balken je Kennzahl und Segment,
Trendlinien je Woche. Jedes Diagramm ist `role="img"` mit Titel und Beschreibung; die Seite zeigt
daneben immer die Tabelle mit denselben Zahlen (WCAG 2.1: Textalternative)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

FARBEN = ("#0b4f9c", "#8a4b00", "#2e6b30", "#6a1b9a")     # Kontrast ≥ 3:1 zu Weiß (WCAG 1.4.11)
MUSTER = ("", "6 3", "2 2", "8 2 2 2")


@dataclass(frozen=True)
class Reihe:
    name: str
    werte: Sequence[float | None]


def _kopf(kennung: str, titel: str, beschreibung: str, breite: int, hoehe: int) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {breite} {hoehe}" width="100%" '
            f'role="img" aria-labelledby="{kennung}-t {kennung}-d" class="diagramm">'
            f'<title id="{kennung}-t">{escape(titel)}</title><desc id="{kennung}-d">{escape(beschreibung)}</desc>')


def _legende(reihen: Sequence[Reihe], x: int, y: int) -> str:
    teile = []
    for i, r in enumerate(reihen):
        teile.append(f'<rect x="{x}" y="{y + i * 18}" width="12" height="12" fill="{FARBEN[i % 4]}"/>'
                     f'<text x="{x + 18}" y="{y + i * 18 + 11}">{escape(r.name)}</text>')
    return "".join(teile)


def balken(kennung: str, titel: str, gruppen: Sequence[str], reihen: Sequence[Reihe], einheit: str = "%") -> SafeString:
    """Gruppierte Balken: je Gruppe (Kennzahl) ihre Beschriftung über den Balken (lange deutsche Namen
    werden nie abgeschnitten), darunter ein Balken je Reihe (Segment) mit dem Wert am Ende; Skala 0–100
    bei Prozent."""
    zeile, links, oben, unten = 11, 4, 10, 40
    block = 22 + zeile * len(reihen) + 12
    breite, hoehe = 760, oben + block * max(1, len(gruppen)) + unten // 2 + 18 * len(reihen)
    hoechst = 100.0 if einheit == "%" else max([v for r in reihen for v in r.werte if v is not None] or [1.0])
    flaeche = breite - links - 70
    teile = [_kopf(kennung, titel, f"Balkendiagramm, {len(gruppen)} Kennzahlen, je {len(reihen)} Vergleichsgruppen; "
                   "die Zahlen stehen in der Tabelle darunter.", breite, hoehe)]
    for gi, gruppe in enumerate(gruppen):
        y0 = oben + gi * block
        teile.append(f'<text x="{links}" y="{y0 + 14}" font-weight="600">{escape(gruppe)}</text>')
        for ri, r in enumerate(reihen):
            wert = r.werte[gi]
            w = 0 if wert is None else flaeche * wert / hoechst
            y = y0 + 20 + ri * zeile
            beschriftung = "–" if wert is None else f"{wert:g}".replace(".", ",") + (" %" if einheit == "%" else "")
            teile.append(f'<rect x="{links}" y="{y}" width="{w:.1f}" height="{zeile - 2}" fill="{FARBEN[ri % 4]}">'
                         f'<title>{escape(r.name)}: {escape(beschriftung)}</title></rect>'
                         f'<text x="{links + w + 4:.1f}" y="{y + zeile - 3}" font-size="10">{escape(beschriftung)}</text>')
    ende = oben + block * len(gruppen)
    teile.append(f'<line x1="{links}" y1="{oben}" x2="{links}" y2="{ende}" stroke="#333"/>')
    teile.append(_legende(reihen, links, ende + unten // 2 - 10))
    teile.append("</svg>")
    return mark_safe("".join(teile))   # alle Texte oben mit html.escape


def linien(kennung: str, titel: str, tage: Sequence[dt.date], reihen: Sequence[Reihe], einheit: str,
           markierung: dt.date | None = None) -> SafeString:
    """Trendlinien je Reihe über die Wochen; `markierung` zeichnet den Weisungstag als senkrechte Linie."""
    breite, hoehe, links, oben, unten = 760, 300, 60, 10, 80
    werte = [v for r in reihen for v in r.werte if v is not None]
    hoechst = max(werte or [1.0]) or 1.0
    flaeche_x, flaeche_y = breite - links - 20, hoehe - oben - unten
    n = max(1, len(tage) - 1)

    def punkt(i: int, v: float) -> str:
        return f"{links + flaeche_x * i / n:.1f},{oben + flaeche_y * (1 - v / hoechst):.1f}"

    teile = [_kopf(kennung, titel, f"Liniendiagramm über {len(tage)} Wochen, {len(reihen)} Linien, höchster Wert "
                   f"{hoechst:g} {einheit}; die Zahlen stehen in der Tabelle darunter.", breite, hoehe)]
    teile.append(f'<line x1="{links}" y1="{oben + flaeche_y}" x2="{links + flaeche_x}" y2="{oben + flaeche_y}" stroke="#333"/>'
                 f'<text x="{links - 6}" y="{oben + 10}" text-anchor="end">{hoechst:g}</text>'
                 f'<text x="{links - 6}" y="{oben + flaeche_y}" text-anchor="end">0</text>')
    if tage:
        teile.append(f'<text x="{links}" y="{oben + flaeche_y + 18}">{tage[0]:%d.%m.%Y}</text>'
                     f'<text x="{links + flaeche_x}" y="{oben + flaeche_y + 18}" text-anchor="end">{tage[-1]:%d.%m.%Y}</text>')
    if markierung and tage and tage[0] <= markierung <= tage[-1]:
        i = sum(1 for t in tage if t < markierung)
        x = links + flaeche_x * i / n
        teile.append(f'<line x1="{x:.1f}" y1="{oben}" x2="{x:.1f}" y2="{oben + flaeche_y}" stroke="#a4001d" '
                     f'stroke-dasharray="3 3"/><text x="{x + 4:.1f}" y="{oben + 12}">Weisung {markierung:%d.%m.%Y}</text>')
    for ri, r in enumerate(reihen):
        punkte = " ".join(punkt(i, v) for i, v in enumerate(r.werte) if v is not None)
        if punkte:
            teile.append(f'<polyline points="{punkte}" fill="none" stroke="{FARBEN[ri % 4]}" stroke-width="2.5" '
                         f'stroke-dasharray="{MUSTER[ri % 4]}"/>')
    teile.append(_legende([Reihe(r.name, []) for r in reihen], links, oben + flaeche_y + 30))
    teile.append("</svg>")
    return mark_safe("".join(teile))   # alle Texte oben mit html.escape
