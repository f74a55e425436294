"""Der Schrittgraph einer Fassung als Zeichnung, gesetzt vom Sugiyama-Verfahren der Bibliothek
`grandalf` (reines Python, Ebenen, wenige Kreuzungen). Jede beschriftete Kante läuft über einen
eigenen Beschriftungsknoten in der Größe ihres Textes: so legt das Verfahren Beschriftungen wie
Knoten ab — sie überlappen weder einander noch Kästen. Die Vorlage zeichnet ein Inline-SVG ohne
JavaScript; die gleiche Kantenliste steht als Liste daneben (für Screenreader und Tastatur)."""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from grandalf.graphs import Edge, Graph, Vertex
from grandalf.layouts import SugiyamaLayout

from kundenportal import lesbar
from kundenportal.leitfaden.katalog import Fassung
from kundenportal.leitfaden.modell import Einbinden, Ende, Frage, Rueckkehr, Schritt

BREITE, HOEHE = 180, 46           # Knoten
BESCHRIFTUNG_H = 20               # Höhe eines Beschriftungsknotens
ZEICHEN_BREITE = 6.6              # mittlere Breite eines Zeichens bei 11 px
BESCHRIFTUNG_MAX = 28             # Zeichen, danach gekürzt (die Liste nennt den vollen Text)
ABSTAND_X, ABSTAND_Y = 28, 34
RAND = 20


@dataclass(frozen=True)
class Kante:
    von: str
    nach: str
    beschriftung: str


# Schrittarten, wie die zweite Zeile im Kasten sie nennt (deutsch, ohne Codes).
ARTEN = {"frage": "Frage", "ende": "Ende", "rueckkehr": "Rückkehr", "aktion": "Aktion", "abgabe": "Übergabe",
         "pruefung": "Prüfung", "hinweis": "Hinweis", "einbinden": "Einbindung"}

@dataclass(frozen=True)
class Knoten:
    schritt: Schritt
    x: int
    y: int

    @property
    def mitte_x(self) -> int:
        return self.x + BREITE // 2

    @property
    def unterschrift(self) -> str:
        """Zweite Zeile im Kasten: wohin der Schritt führt, wenn er nicht auf einen Schritt zeigt."""
        s = self.schritt
        if isinstance(s, Ende | Rueckkehr):
            return f"{ARTEN.get(s.art, s.art)}: {lesbar.code(s.ergebnis)}"
        if isinstance(s, Einbinden):
            return f"bindet {s.leitfaden} ein"
        return ARTEN.get(s.art, s.art)

    @property
    def klasse(self) -> str:
        return {"ende": "ende", "rueckkehr": "ende", "aktion": "aktion", "abgabe": "aktion"}.get(self.schritt.art, "")


@dataclass(frozen=True)
class Linie:
    kante: Kante
    pfad: str          # SVG-Pfad
    text_x: int
    text_y: int
    text: str = ""     # gekürzte Beschriftung
    text_breite: int = 0

    @property
    def kasten_x(self) -> int:
        return self.text_x - self.text_breite // 2

    @property
    def kasten_y(self) -> int:
        return self.text_y - 4 - BESCHRIFTUNG_H // 2


@dataclass(frozen=True)
class Zeichnung:
    knoten: list[Knoten]
    linien: list[Linie]
    breite: int
    hoehe: int


def kanten(schritt: Schritt) -> list[Kante]:
    """Die Ausgänge eines Schritts mit ihrer Beschriftung, in der Reihenfolge der Datei."""
    ergebnis: list[Kante] = []
    if isinstance(schritt, Frage):
        ergebnis.extend(Kante(schritt.id, ziel, antwort) for antwort, ziel in schritt.je_antwort.items())
    for zweig in getattr(schritt, "weiter", []):
        ergebnis.append(Kante(schritt.id, zweig.nach, zweig.wenn or "sonst"))
    nach = getattr(schritt, "nach", None)
    if nach:
        ergebnis.append(Kante(schritt.id, nach, ""))
    return ergebnis


def ebenen(fassung: Fassung) -> dict[str, int]:
    """Abstand jedes Schritts vom Start (Breitensuche); nicht erreichbare Schritte ganz unten."""
    schritte = fassung.schritte
    tiefe = {fassung.daten.start: 0}
    offen = deque([fassung.daten.start])
    while offen:
        sid = offen.popleft()
        if sid not in schritte:
            continue
        for k in kanten(schritte[sid]):
            if k.nach not in tiefe:
                tiefe[k.nach] = tiefe[sid] + 1
                offen.append(k.nach)
    unten = max(tiefe.values(), default=0) + 1
    return {sid: tiefe.get(sid, unten) for sid in schritte}


def kurz(text: str) -> str:
    return text if len(text) <= BESCHRIFTUNG_MAX else text[:BESCHRIFTUNG_MAX - 1] + "…"


@dataclass
class _Ansicht:
    """Größe und Lage eines Knotens für grandalf (w, h, xy = Mitte)."""

    w: float
    h: float
    xy: tuple[float, float] = (0.0, 0.0)


@dataclass
class _Weg:
    punkte: list[tuple[float, float]] = field(default_factory=list)

    def setpath(self, punkte: list[tuple[float, float]]) -> None:
        self.punkte = list(punkte)


def _pfad(punkte: list[tuple[float, float]]) -> str:
    """Senkrechte S-Kurven von Punkt zu Punkt (kubische Bézier-Kurven): ruhige Linien wie in
    gesetzten Flussdiagrammen; ein Rückweg nach oben bekommt dieselbe Form."""
    teile = [f"M{punkte[0][0]:.0f},{punkte[0][1]:.0f}"]
    for (ax, ay), (bx, by) in itertools.pairwise(punkte):
        if ax == bx:
            teile.append(f"L{bx:.0f},{by:.0f}")
            continue
        mitte = (ay + by) / 2
        teile.append(f"C{ax:.0f},{mitte:.0f} {bx:.0f},{mitte:.0f} {bx:.0f},{by:.0f}")
    return " ".join(teile)


def _anschluss(ansicht: _Ansicht, nach: tuple[float, float]) -> tuple[float, float]:
    """Unten oder oben in der Mitte des Kastens, je nachdem, wo der nächste Punkt liegt."""
    x, y = ansicht.xy
    return (x, y + ansicht.h / 2) if nach[1] >= y else (x, y - ansicht.h / 2)


def zeichnen(fassung: Fassung) -> Zeichnung:
    schritte = fassung.daten.schritte
    ecken: dict[str, Vertex] = {}
    for s in schritte:
        v = Vertex(s.id)
        v.view = _Ansicht(BREITE, HOEHE)
        ecken[s.id] = v
    teilstuecke: list[tuple[Kante, list[Edge], Vertex | None]] = []
    alle_kanten: list[Edge] = []
    for s in schritte:
        for k in kanten(s):
            ziel = ecken.get(k.nach)
            if ziel is None:
                continue
            if k.beschriftung:      # über einen Beschriftungsknoten: Text bekommt seinen eigenen Platz
                text = kurz(k.beschriftung)
                mitte = Vertex(f"{k.von}→{k.nach}:{k.beschriftung}")
                mitte.view = _Ansicht(len(text) * ZEICHEN_BREITE + 12, BESCHRIFTUNG_H)
                stuecke = [Edge(ecken[s.id], mitte), Edge(mitte, ziel)]
            else:
                mitte, stuecke = None, [Edge(ecken[s.id], ziel)]
            for e in stuecke:
                e.view = _Weg()
            alle_kanten += stuecke
            teilstuecke.append((k, stuecke, mitte))
    knoten_alle = list(ecken.values()) + [m for _, _, m in teilstuecke if m is not None]
    graph = Graph(knoten_alle, alle_kanten)
    start = ecken.get(fassung.daten.start)
    for teil in graph.C:
        layout = SugiyamaLayout(teil)
        layout.xspace, layout.yspace = ABSTAND_X, ABSTAND_Y
        wurzeln = [start] if start is not None and start in teil.sV else None
        layout.init_all(roots=wurzeln)
        layout.draw()
        if _auseinanderruecken(layout):
            layout.draw_edges()             # Kanten nach den verschobenen Knoten neu legen
    # Komponenten nebeneinander (grandalf setzt jede ab x≈0), dann alles in den positiven Bereich.
    versatz = 0.0
    for teil in graph.C:
        links = min(v.view.xy[0] - v.view.w / 2 for v in teil.sV)
        rechts = max(v.view.xy[0] + v.view.w / 2 for v in teil.sV)
        for v in teil.sV:
            v.view.xy = (v.view.xy[0] - links + versatz, v.view.xy[1])
        for e in teil.sE:
            e.view.punkte = [(x - links + versatz, y) for x, y in e.view.punkte]
        versatz += rechts - links + ABSTAND_X * 2
    breite = RAND * 2 + max(versatz - ABSTAND_X * 2, BREITE)
    hoehe = RAND * 2 + max((v.view.xy[1] + v.view.h / 2 for v in knoten_alle), default=HOEHE)

    def verschieben(p: tuple[float, float]) -> tuple[float, float]:
        return p[0] + RAND, p[1] + RAND

    knoten = [Knoten(s, round(ecken[s.id].view.xy[0] - BREITE / 2 + RAND), round(ecken[s.id].view.xy[1] - HOEHE / 2
                                                                                   + RAND)) for s in schritte]
    linien: list[Linie] = []
    for k, stuecke, mitte in teilstuecke:
        punkte: list[tuple[float, float]] = []
        for e in stuecke:
            p = list(e.view.punkte) or [e.v[0].view.xy, e.v[1].view.xy]
            if p and _abstand(p[0], e.v[0].view.xy) > _abstand(p[0], e.v[1].view.xy):
                p.reverse()             # grandalf liefert umgedrehte Rückwege von hinten nach vorn
            innen = p[1:-1]             # Zwischenpunkte langer Kanten (Platzhalter je Ebene)
            if mitte is not None and e.v[1] is mitte:      # in die Beschriftung: oben hinein
                lx, ly = mitte.view.xy
                vorher = innen[-1] if innen else e.v[0].view.xy
                ein, aus = ((lx, ly - mitte.view.h / 2), (lx, ly + mitte.view.h / 2)) if vorher[1] <= ly \
                    else ((lx, ly + mitte.view.h / 2), (lx, ly - mitte.view.h / 2))
                punkte += [*innen, ein, aus]
            else:
                punkte += innen
        quelle, ziel = ecken[k.von].view, ecken[k.nach].view
        punkte.insert(0, _anschluss(quelle, punkte[0] if punkte else ziel.xy))
        punkte.append(_anschluss(ziel, punkte[-1]))
        punkte = [verschieben(p) for p in punkte]
        if mitte is not None:
            tx, ty = verschieben(mitte.view.xy)
            linien.append(Linie(k, _pfad(punkte), round(tx), round(ty + 4), kurz(k.beschriftung),
                                round(mitte.view.w)))
        else:
            linien.append(Linie(k, _pfad(punkte), 0, 0))
    return Zeichnung(knoten, linien, round(breite), round(hoehe))


def _auseinanderruecken(layout: Any) -> bool:
    """Brandes-Köpf mittelt vier Ausrichtungen; dabei können Nachbarn einer Ebene zusammenrücken.
    Je Ebene von links nach rechts: jeder Knoten hält zum vorigen mindestens den Abstand ABSTAND_X."""
    verschoben = False
    for ebene in layout.layers:
        reihe = sorted(ebene, key=lambda v: v.view.xy[0])
        for links, rechts in itertools.pairwise(reihe):
            mindestens = links.view.xy[0] + (links.view.w + rechts.view.w) / 2 + ABSTAND_X
            if rechts.view.xy[0] < mindestens:
                rechts.view.xy = (mindestens, rechts.view.xy[1])
                verschoben = True
    return verschoben


def _abstand(a: Any, b: Any) -> float:
    return float((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2)
