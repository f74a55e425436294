"""Der Schrittgraph einer Fassung als Zeichnung: Knoten in Ebenen (Abstand vom Start), Kanten mit
Beschriftung (Antwort, Bedingung). Die Vorlage zeichnet daraus ein Inline-SVG ohne JavaScript; die
gleiche Kantenliste steht als Liste daneben (für Screenreader und Tastatur)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from kundenportal.leitfaden.katalog import Fassung
from kundenportal.leitfaden.modell import Einbinden, Ende, Frage, Rueckkehr, Schritt

BREITE, HOEHE = 180, 46           # Knoten
ABSTAND_X, ABSTAND_Y = 40, 70     # zwischen Knoten
RAND = 20


@dataclass(frozen=True)
class Kante:
    von: str
    nach: str
    beschriftung: str


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
            return f"{s.art}: {s.ergebnis}"
        if isinstance(s, Einbinden):
            return f"bindet {s.leitfaden} ein"
        if isinstance(s, Frage):
            return f"frage: {s.fakt}"
        return s.art


@dataclass(frozen=True)
class Linie:
    kante: Kante
    pfad: str          # SVG-Pfad
    text_x: int
    text_y: int


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


def zeichnen(fassung: Fassung) -> Zeichnung:
    tiefe = ebenen(fassung)
    reihen: dict[int, list[Schritt]] = {}
    for s in fassung.daten.schritte:
        reihen.setdefault(tiefe[s.id], []).append(s)
    spalten = max((len(r) for r in reihen.values()), default=1)
    breite = 2 * RAND + spalten * BREITE + (spalten - 1) * ABSTAND_X
    knoten: dict[str, Knoten] = {}
    for ebene, reihe in sorted(reihen.items()):
        belegt = len(reihe) * BREITE + (len(reihe) - 1) * ABSTAND_X
        x0 = (breite - belegt) // 2
        for i, s in enumerate(reihe):
            knoten[s.id] = Knoten(s, x0 + i * (BREITE + ABSTAND_X), RAND + ebene * (HOEHE + ABSTAND_Y))
    linien = []
    for s in fassung.daten.schritte:
        for k in kanten(s):
            a, b = knoten[s.id], knoten.get(k.nach)
            if b is None:
                continue
            if b.y > a.y:       # abwärts: gerade Linie von unten nach oben
                x1, y1, x2, y2 = a.mitte_x, a.y + HOEHE, b.mitte_x, b.y
                pfad = f"M{x1},{y1} L{x2},{y2}"
                tx, ty = (x1 + x2) // 2, (y1 + y2) // 2
            else:               # zurück oder seitwärts: Bogen rechts herum
                x1, y1, x2, y2 = a.x + BREITE, a.y + HOEHE // 2, b.x + BREITE, b.y + HOEHE // 2
                bogen = max(x1, x2) + ABSTAND_X
                pfad = f"M{x1},{y1} C{bogen},{y1} {bogen},{y2} {x2},{y2}"
                tx, ty = bogen - 10, (y1 + y2) // 2
            linien.append(Linie(k, pfad, tx, ty))
    hoehe = 2 * RAND + (max(tiefe.values(), default=0) + 1) * (HOEHE + ABSTAND_Y)
    return Zeichnung(list(knoten.values()), linien, breite + ABSTAND_X, hoehe)
