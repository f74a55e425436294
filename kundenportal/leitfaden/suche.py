"""Suche nach dem Anliegen: ein Index im Speicher über Titel, Schlagwörter, Beschreibung und
Schritttexte der Fassungen, die an einem Datum an einem Standort gelten (docs/architektur.md, Suche).

Deutsch: Wörter werden mit dem Snowball-Stemmer auf ihren Stamm gebracht ("Absage" und "absagen"
→ "absag"); Umlaute werden gefaltet (ä → a, auch ae → a; ß → ss), so dass "Aenderung", "Änderung"
und "Anderung" dasselbe finden. Komposita: ein Suchwort trifft auch jedes Wort, das mit ihm
beginnt ("Insolvenz" → "Insolvenzgeld"); das gilt ebenso für ein halb getipptes Wort.

Nachsichtig: trifft ein Wort nichts, wird ein Partizip auf seinen Stamm gebracht ("abgemeldet" →
"abmelden"), dann ein Tippfehler verziehen (Levenshtein-Abstand 1, ab 8 Zeichen 2: "Abmeldng" →
"Abmeldung"). Ein langes Kompositum trifft zusätzlich Leitfäden, die beide Teile enthalten
("Terminverschiebung" → "Termin … verschieben"). Alles davon zählt weniger als ein echter Treffer.

Rangfolge: Treffer in Nummer, Titel und Schlagwörtern zählen mehr als in der Beschreibung, diese
mehr als in den Schritttexten; ein ganzes Wort mehr als ein Wortanfang. Jedes Suchwort muss
irgendwo treffen. Bausteine (`baustein: true`) sind keine Anliegen und erscheinen nie.

Schnell auch bei 1.000 Leitfäden: der Index hält je Begriff die beste Gewichtung je Dokument;
Fundstellen und Auszug werden nur für die ausgegebenen Treffer bestimmt; Suchwörter und Anfragen
werden gemerkt (der Index ist unveränderlich)."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .gueltigkeit import aufloesen
from .katalog import Fassung, Katalog

GEWICHT = {"id": 12.0, "titel": 10.0, "schlagwort": 8.0, "beschreibung": 3.0, "schritt": 1.0}
STUFEN = sorted(set(GEWICHT.values()))
WORTANFANG = 0.6            # Faktor für einen Treffer nur am Wortanfang (Kompositum, halbes Wort)
MIN_WORTANFANG = 3          # kürzere Suchwörter treffen nur ganze Wörter
AUSZUG_LAENGE = 160
NACHSICHT = 0.5             # Faktor für einen verziehenen Tippfehler oder ein gestutztes Partizip
KOMPOSITUM = 0.8            # Faktor für einen Treffer beider Teile eines Kompositums
MIN_TEIL = 4                # kürzester Teil eines Kompositums
MERKEN = 8192               # gemerkte Suchwörter je Index

_WORT = re.compile(r"[0-9a-zäöüß]+(?:\.[0-9a-zäöüß]+)*")
_STOPPWOERTER = frozenset((
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem", "einen", "und",
    "oder", "aber", "für", "fur", "fuer", "mit", "von", "vom", "zu", "zum", "zur", "im", "in", "am",
    "an", "auf", "aus", "bei", "ist", "sind", "wird", "werden", "nicht", "kein", "keine", "als", "wie",
    "was", "wer", "sie", "er", "es", "ich", "wir", "ihr", "ihre", "sein", "seine", "so", "auch", "nur",
    "noch", "bis", "nach", "über", "uber", "ueber", "um",
))
_STEMMER = snowballstemmer.stemmer("german")


MAX_ANFRAGE = 200     # Zeichen einer Suchanfrage, die ausgewertet werden
MAX_WORT = 40         # längere "Wörter" sind keine (das längste Kompositum im Katalog hat 32 Zeichen)
MAX_WOERTER = 12


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


_PARTIZIP = re.compile(r"^(ab|an|auf|aus|bei|ein|fest|frei|her|hin|mit|nach|um|vor|weg|zu|zuruck|zusammen)?ge(.{3,})$")

# Ein Suchwort: Dokument → Punkte, und die Begriffe (mit Faktor), die es getroffen hat.
_Wortreffer = tuple[dict[int, float], dict[str, float]]


class Suchindex:
    """Der Index über die an `datum` in `standort` geltenden Fassungen; einmal bauen, oft fragen."""

    def __init__(self, dokumente: Iterable[_Dokument]) -> None:
        # nach id geordnet: die Nummer eines Dokuments ist sein Rang bei gleichen Punkten (kein id-Vergleich je Treffer)
        self._dokumente = sorted(dokumente, key=lambda d: d.leitfaden_id)
        self._reihenfolge = [{ort: i for i, ort in enumerate(d.texte)} for d in self._dokumente]
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
        self._begriffe_je_dokument: list[dict[str, dict[str, float]]] = [{} for _ in self._dokumente]
        for begriff, je in self._eintraege.items():
            for nr, orte in je.items():
                self._begriffe_je_dokument[nr][begriff] = orte
        # Begriff → je Gewichtsstufe die Dokumente, in denen das das beste Gewicht des Begriffs ist
        # (für die Punkte; die Fundstellen erst für die Ausgabe)
        self._stufen: dict[str, tuple[frozenset[int], ...]] = {}
        for begriff, je in self._eintraege.items():
            beste = {nr: max(orte.values()) for nr, orte in je.items()}
            self._stufen[begriff] = tuple(frozenset(nr for nr, g in beste.items() if g == gewicht)
                                          for gewicht in STUFEN)
        self._gemerkt: dict[str, _Wortreffer] = {}
        self._ergebnisse: dict[tuple[tuple[str, ...], frozenset[str] | None, int], tuple[Treffer, ...]] = {}
        self._ids = [d.leitfaden_id for d in self._dokumente]
        self._je_kanaele: dict[frozenset[str], frozenset[int]] = {}

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

    def _direkt(self, wort: str, faktor: float = 1.0) -> dict[str, float]:
        """Begriff → Faktor für ein Suchwort: der ganze Stamm, sonst jeder Begriff, der mit dem Stamm
        oder dem gefalteten Wort beginnt (Kompositum, halb getipptes Wort)."""
        begriffe: dict[str, float] = {}
        s = stamm(wort)
        if s in self._staemme:
            begriffe[s] = faktor
        for anfang in {s, falten(wort)}:
            if len(anfang) < MIN_WORTANFANG:
                continue
            # Der Bereich der Begriffe mit diesem Anfang: beide Grenzen per bisect, eingetragen in C (ein kurzer
            # Anfang wie "9.0" trifft bei 1.000 Leitfäden ebenso viele Begriffe).
            i = bisect.bisect_left(self._begriffe, anfang)
            j = bisect.bisect_left(self._begriffe, anfang + _LETZTES_ZEICHEN, i)
            while j < len(self._begriffe) and self._begriffe[j].startswith(anfang):   # nur nach U+10FFFF
                j += 1
            bereich = dict.fromkeys(self._begriffe[i:j], faktor * WORTANFANG)
            bereich.pop(s, None)            # der ganze Stamm zählt oben voll (oder gar nicht)
            begriffe.update(bereich)
        return begriffe

    def _genau(self, wort: str) -> dict[str, float]:
        """Nur der ganze Stamm oder das ganze gefaltete Wort (für die Teile eines Kompositums)."""
        for begriff in (stamm(wort), falten(wort)):
            if begriff in self._eintraege:
                return {begriff: 1.0}
        return {}

    def _punkte(self, begriffe: dict[str, float]) -> dict[int, float]:
        """Dokument → bestes Gewicht × Faktor über alle `begriffe`: je (Faktor, Gewichtsstufe) eine
        Mengenvereinigung, aufsteigend eingetragen, so dass der höchste Wert bleibt (alles in C — ein
        kurzer Wortanfang trifft bei 1.000 Leitfäden Dutzende Begriffe)."""
        gruppen: dict[float, list[str]] = {}
        for begriff, faktor in begriffe.items():
            gruppen.setdefault(faktor, []).append(begriff)
        stufen = sorted((gewicht * faktor, i, liste) for faktor, liste in gruppen.items()
                        for i, gewicht in enumerate(STUFEN))
        punkte: dict[int, float] = {}
        for wert, i, liste in stufen:
            punkte.update(dict.fromkeys(set().union(*map(itemgetter(i), map(self._stufen.__getitem__, liste))), wert))
        return punkte

    def _nachsichtig(self, wort: str) -> dict[str, float]:
        """Für ein Wort ohne Treffer: Partizip ohne "ge", sonst der nächste Begriff mit Tippfehler."""
        gefaltet = falten(wort)
        partizip = _PARTIZIP.match(gefaltet)
        if partizip and (begriffe := self._direkt((partizip.group(1) or "") + partizip.group(2), NACHSICHT)):
            return begriffe
        if len(gefaltet) < 5 or not gefaltet.isalpha():
            return {}
        grenze = 1 if len(gefaltet) < 8 else 2
        aehnlich = process.extract(gefaltet, self._begriffe, scorer=Levenshtein.distance, score_cutoff=grenze,
                                   limit=8)
        if not aehnlich:
            return {}
        bester = min(abstand for _, abstand, _ in aehnlich)
        return {begriff: NACHSICHT for begriff, abstand, _ in aehnlich if abstand == bester}

    def _kompositum(self, wort: str) -> tuple[dict[int, float], dict[str, float]]:
        """Leitfäden, die beide Teile eines Kompositums enthalten: das längste bekannte Vorderwort
        (auch mit Fugen-s) und ein Hinterwort mit Treffern."""
        gefaltet = falten(wort)
        for i in range(len(gefaltet) - MIN_TEIL, MIN_TEIL - 1, -1):
            vorne, hinten = gefaltet[:i], gefaltet[i:]
            for kandidat in (vorne, vorne[:-1] if vorne.endswith("s") else ""):
                if len(kandidat) < MIN_TEIL or not (kandidat in self._eintraege or stamm(kandidat) in self._staemme):
                    continue
                erste, zweite = self._genau(kandidat), self._genau(hinten)
                if not zweite:
                    continue
                a, b = self._punkte(erste), self._punkte(zweite)
                beide = {nr: (a[nr] + b[nr]) / 2 * KOMPOSITUM for nr in a.keys() & b.keys()}
                if beide:
                    return beide, erste | zweite
        return {}, {}

    def _treffer_fuer(self, wort: str) -> _Wortreffer:
        """Dokument → Punkte für ein Suchwort und die Begriffe, die getroffen haben (gemerkt)."""
        gemerkt = self._gemerkt.get(wort)
        if gemerkt is not None:
            return gemerkt
        begriffe = self._direkt(wort) or self._nachsichtig(wort)
        punkte = self._punkte(begriffe)
        if len(wort) >= 2 * MIN_TEIL + 2:
            teile, teilbegriffe = self._kompositum(wort)
            for nr, wert in teile.items():
                if wert > punkte.get(nr, 0.0):
                    punkte[nr] = wert
            for begriff, faktor in teilbegriffe.items():
                begriffe.setdefault(begriff, faktor * KOMPOSITUM)
        if len(self._gemerkt) >= MERKEN:
            self._gemerkt.clear()
        self._gemerkt[wort] = (punkte, begriffe)
        return punkte, begriffe

    def _in_kanaelen(self, kanaele: frozenset[str]) -> frozenset[int]:
        """Die Nummern der Dokumente mit einem der `kanaele` (einmal je Kanalmenge)."""
        gemerkt = self._je_kanaele.get(kanaele)
        if gemerkt is None:
            gemerkt = self._je_kanaele[kanaele] = frozenset(
                nr for nr, d in enumerate(self._dokumente) if d.kanaele & kanaele)
        return gemerkt

    def _orte(self, nr: int, begriffe: dict[str, float]) -> set[str]:
        """Die Fundstellen der `begriffe` im Dokument `nr` — die gemeinsamen Begriffe als Schnitt der
        Schlüsselmengen in C (ein Wortanfang wie "9.0" trifft bei 1.000 Leitfäden ebenso viele Begriffe)."""
        im_dokument = self._begriffe_je_dokument[nr]
        return {ort for begriff in im_dokument.keys() & begriffe.keys() for ort in im_dokument[begriff]}

    def suchen(self, anfrage: str, kanaele: Iterable[str] | None = None, grenze: int = 20) -> list[Treffer]:
        """Die besten `grenze` Leitfäden für `anfrage`, nur mit einem der `kanaele` (None = alle)."""
        # Eine Anfrage ist ein paar Wörter: Länge und Wortzahl begrenzt, damit kein langer Text die Suche
        # (Kompositum, Tippfehler) quadratisch teuer macht.
        suchwoerter = list(dict.fromkeys(w for w in woerter(anfrage[:MAX_ANFRAGE]) if len(w) <= MAX_WORT))[:MAX_WOERTER]
        if not suchwoerter:
            return []
        erlaubt = None if kanaele is None else frozenset(kanaele)
        schluessel = (tuple(suchwoerter), erlaubt, grenze)
        if (gemerkt := self._ergebnisse.get(schluessel)) is not None:
            return list(gemerkt)
        je_wort = sorted((self._treffer_fuer(w) for w in suchwoerter), key=lambda t: len(t[0]))
        if len(je_wort) == 1:
            punkte = je_wort[0][0]
        else:
            kandidaten = set(je_wort[0][0]).intersection(*(p for p, _ in je_wort[1:]))
            punkte = {nr: sum(p[nr] for p, _ in je_wort) for nr in kandidaten}
        if erlaubt is not None:
            punkte = {nr: punkte[nr] for nr in punkte.keys() & self._in_kanaelen(erlaubt)}
        ergebnis: list[Treffer] = []
        for minus_punkte, nr in _beste(punkte, grenze):
            dok, reihenfolge = self._dokumente[nr], self._reihenfolge[nr]
            orte: dict[str, int] = {}
            for _, begriffe in je_wort:
                for ort in self._orte(nr, begriffe):
                    orte[ort] = orte.get(ort, 0) + 1
            schritte = [o for o in orte if o.startswith("schritt:")]
            bester = max(schritte, key=lambda o: (orte[o], -reihenfolge[o]), default=None)
            ergebnis.append(Treffer(
                leitfaden_id=dok.leitfaden_id, fassung=dok.fassung, titel=dok.titel, punkte=-minus_punkte,
                fundstellen=tuple(sorted(orte, key=reihenfolge.__getitem__)),
                schritt_id=bester.partition(":")[2] if bester else None,
                auszug=_kuerzen(dok.texte[bester]) if bester else "",
            ))
        if len(self._ergebnisse) >= MERKEN:
            self._ergebnisse.clear()
        self._ergebnisse[schluessel] = tuple(ergebnis)
        return ergebnis


_LETZTES_ZEICHEN = "\U0010ffff"    # größer als jedes Zeichen: Anfang + es begrenzt die Begriffe mit diesem Anfang


def _beste(punkte: dict[int, float], grenze: int) -> list[tuple[float, int]]:
    """Die `grenze` besten (−Punkte auf 2 Stellen, Nummer), bei gleichen Punkten die kleinere Nummer (= id).
    Sortiert wird in C; Python-Schleifen nur über die Spitze, nicht über alle Treffer (ein häufiges Wort
    trifft bei 1.000 Leitfäden fast alle, oft mit gleichen Punkten)."""
    if len(punkte) <= grenze:
        return sorted((-round(p, 2), nr) for nr, p in punkte.items())
    geordnet = sorted(punkte.items(), key=itemgetter(1), reverse=True)
    schwelle = round(geordnet[grenze - 1][1], 2)
    # alle mit gerundet ≥ schwelle (ein Anfang der Ordnung); bisect ruft den Schlüssel nur log n mal
    ende = bisect.bisect_left(geordnet, -(schwelle - 0.005), key=lambda e: -e[1])
    oben = bisect.bisect_left(geordnet, -(schwelle + 0.005), key=lambda e: -e[1])
    besser = sorted((-round(p, 2), nr) for nr, p in geordnet[:oben])
    gleich = sorted(map(itemgetter(0), geordnet[oben:ende]))[:grenze - len(besser)]
    return [*besser, *((-schwelle, nr) for nr in gleich)][:grenze]


def _kuerzen(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= AUSZUG_LAENGE else text[: AUSZUG_LAENGE - 1].rstrip() + "…"
