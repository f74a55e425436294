"""Suche nach dem Anliegen: ein Index im Speicher über Titel, Schlagwörter, Beschreibung und
Schritttexte der Fassungen, die an einem Datum an einem Standort gelten (Issue 4, Punkt 3).

Deutsch: Wörter werden mit dem Snowball-Stemmer auf ihren Stamm gebracht ("Absage" und "absagen"
→ "absag"); Umlaute werden gefaltet (ä → a, auch ae → a; ß → ss), so dass "Aenderung", "Änderung"
und "Anderung" dasselbe finden. Komposita: ein Suchwort trifft auch jedes Wort, das mit ihm
beginnt ("Insolvenz" → "Insolvenzgeld"); das gilt ebenso für ein halb getipptes Wort.

Rangfolge: Treffer in Nummer, Titel und Schlagwörtern zählen mehr als in der Beschreibung, diese
mehr als in den Schritttexten; ein ganzes Wort mehr als ein Wortanfang. Jedes Suchwort muss
irgendwo treffen. Bausteine (`baustein: true`) sind keine Anliegen und erscheinen nie."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

from .gueltigkeit import aufloesen
from .katalog import Fassung, Katalog

GEWICHT = {"id": 12.0, "titel": 10.0, "schlagwort": 8.0, "beschreibung": 3.0, "schritt": 1.0}
WORTANFANG = 0.6            # Faktor für einen Treffer nur am Wortanfang (Kompositum, halbes Wort)
MIN_WORTANFANG = 3          # kürzere Suchwörter treffen nur ganze Wörter
AUSZUG_LAENGE = 160

_WORT = re.compile(r"[0-9a-zäöüß]+(?:\.[0-9a-zäöüß]+)*")
_STOPPWOERTER = frozenset((
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem", "einen", "und",
    "oder", "aber", "für", "fur", "fuer", "mit", "von", "vom", "zu", "zum", "zur", "im", "in", "am",
    "an", "auf", "aus", "bei", "ist", "sind", "wird", "werden", "nicht", "kein", "keine", "als", "wie",
    "was", "wer", "sie", "er", "es", "ich", "wir", "ihr", "ihre", "sein", "seine", "so", "auch", "nur",
    "noch", "bis", "nach", "über", "uber", "ueber", "um",
))
_STEMMER = snowballstemmer.stemmer("german")


def falten(wort: str) -> str:
    """Kleinschreibung und Umlautfaltung: "Grüße" → "grusse", "Aenderung" → "anderung"."""
    wort = wort.lower().replace("ß", "ss").replace("ä", "a").replace("ö", "o").replace("ü", "u")
    return wort.replace("ae", "a").replace("oe", "o").replace("ue", "u")


@lru_cache(maxsize=65536)
def stamm(wort: str) -> str:
    """Der Wortstamm (Snowball German) in gefalteter Form: "Absage" und "absagen" → "absag"."""
    wort = wort.lower()
    if not wort[0].isalpha():
        return wort
    return falten(_STEMMER.stemWord(wort.replace("ß", "ss")))


def woerter(text: str) -> list[str]:
    """Die Wörter eines Textes ohne Stoppwörter und Einzelzeichen; "3.003" bleibt ein Wort."""
    return [w for w in _WORT.findall(text.lower()) if len(w) > 1 and w not in _STOPPWOERTER]


@dataclass(frozen=True)
class Treffer:
    leitfaden_id: str            # die Basis-id ("SC 3.003"), auch wenn die Pilot-Variante gilt
    fassung: Fassung
    titel: str
    punkte: float
    fundstellen: tuple[str, ...]   # "titel", "schlagwort", "beschreibung", "id", "schritt:<id>"
    schritt_id: str | None = None  # der Schritt, der die meisten Suchwörter enthält
    auszug: str = ""               # sein Text, gekürzt


@dataclass
class _Dokument:
    leitfaden_id: str
    fassung: Fassung
    titel: str
    kanaele: frozenset[str]
    texte: dict[str, str] = field(default_factory=dict)    # Fundstelle → Text


class Suchindex:
    """Der Index über die an `datum` in `standort` geltenden Fassungen; einmal bauen, oft fragen."""

    def __init__(self, dokumente: Iterable[_Dokument]) -> None:
        self._dokumente = list(dokumente)
        # Begriff (Stamm oder gefaltetes Wort) → Dokument → Fundstelle → Gewicht
        self._eintraege: dict[str, dict[int, dict[str, float]]] = {}
        self._staemme: set[str] = set()
        for nr, dok in enumerate(self._dokumente):
            for ort, text in dok.texte.items():
                gewicht = GEWICHT[ort.partition(":")[0]]
                for wort in woerter(text):
                    s = stamm(wort)
                    self._staemme.add(s)
                    for begriff in {s, falten(wort)}:
                        orte = self._eintraege.setdefault(begriff, {}).setdefault(nr, {})
                        orte[ort] = max(orte.get(ort, 0.0), gewicht)
        self._begriffe = sorted(self._eintraege)

    @classmethod
    def aufbauen(cls, katalog: Katalog, datum: dt.date, standort: str | None) -> Suchindex:
        dokumente = []
        for leitfaden in sorted(katalog.leitfaeden.values(), key=lambda lf: lf.id):
            if leitfaden.kopf.baustein or leitfaden.kopf.variante_von:
                continue
            fassung = aufloesen(katalog, leitfaden.id, datum, standort)
            if fassung is None:
                continue
            kopf = katalog.leitfaeden[fassung.leitfaden_id].kopf
            texte = {"id": kopf.id, "titel": kopf.titel, "schlagwort": " ".join(kopf.schlagwoerter),
                     "beschreibung": kopf.beschreibung}
            texte.update({f"schritt:{s.id}": s.text for s in fassung.daten.schritte if s.text})
            dokumente.append(_Dokument(leitfaden.id, fassung, kopf.titel, frozenset(kopf.kanaele), texte))
        return cls(dokumente)

    def __len__(self) -> int:
        return len(self._dokumente)

    def texte(self) -> list[tuple[str, dict[str, str]]]:
        """Die indizierten Texte je Leitfaden (für Vergleichsmessungen)."""
        return [(d.leitfaden_id, dict(d.texte)) for d in self._dokumente]

    def _treffer_fuer(self, wort: str) -> dict[int, dict[str, float]]:
        """Dokument → Fundstelle → Punkte für ein Suchwort (ganzer Stamm oder Wortanfang)."""
        ergebnis: dict[int, dict[str, float]] = {}

        def nehmen(begriff: str, faktor: float) -> None:
            for nr, orte in self._eintraege[begriff].items():
                ziel = ergebnis.setdefault(nr, {})
                for ort, gewicht in orte.items():
                    ziel[ort] = max(ziel.get(ort, 0.0), gewicht * faktor)

        s = stamm(wort)
        if s in self._staemme:
            nehmen(s, 1.0)
        for anfang in {s, falten(wort)}:
            if len(anfang) < MIN_WORTANFANG:
                continue
            i = bisect.bisect_left(self._begriffe, anfang)
            while i < len(self._begriffe) and self._begriffe[i].startswith(anfang):
                if self._begriffe[i] != s:
                    nehmen(self._begriffe[i], WORTANFANG)
                i += 1
        return ergebnis

    def suchen(self, anfrage: str, kanaele: Iterable[str] | None = None, grenze: int = 20) -> list[Treffer]:
        """Die besten `grenze` Leitfäden für `anfrage`, nur mit einem der `kanaele` (None = alle)."""
        suchwoerter = list(dict.fromkeys(woerter(anfrage)))
        if not suchwoerter:
            return []
        erlaubt = None if kanaele is None else frozenset(kanaele)
        je_wort = [self._treffer_fuer(w) for w in suchwoerter]
        kandidaten = set(je_wort[0]).intersection(*je_wort[1:])
        ergebnis: list[Treffer] = []
        for nr in kandidaten:
            dok = self._dokumente[nr]
            if erlaubt is not None and not dok.kanaele & erlaubt:
                continue
            punkte = sum(max(treffer[nr].values()) for treffer in je_wort)
            orte: dict[str, int] = {}
            for treffer in je_wort:
                for ort in treffer[nr]:
                    orte[ort] = orte.get(ort, 0) + 1
            schritte = [o for o in orte if o.startswith("schritt:")]
            bester = max(schritte, key=lambda o: (orte[o], -list(dok.texte).index(o)), default=None)
            ergebnis.append(Treffer(
                leitfaden_id=dok.leitfaden_id, fassung=dok.fassung, titel=dok.titel, punkte=round(punkte, 2),
                fundstellen=tuple(sorted(orte, key=list(dok.texte).index)),
                schritt_id=bester.partition(":")[2] if bester else None,
                auszug=_kuerzen(dok.texte[bester]) if bester else "",
            ))
        ergebnis.sort(key=lambda t: (-t.punkte, t.leitfaden_id))
        return ergebnis[:grenze]


def _kuerzen(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= AUSZUG_LAENGE else text[: AUSZUG_LAENGE - 1].rstrip() + "…"
