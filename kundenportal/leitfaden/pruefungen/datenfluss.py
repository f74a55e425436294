"""Erhoben vor Gebrauch: jeder Ausdruck benutzt nur Fakten und Abfrage-Variablen, die auf jedem Weg zu ihm
schon erhoben sind — eine Datenflussanalyse über den Schrittgraphen, eingebundene Leitfäden eingeschlossen;
nur wo sie eine Lücke für möglich hält, werden die Wege aufgezählt (für den Befund mit Beispielweg)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..auftraege import ABFRAGEN
from ..ausdruck import KONTEXT, Umgebung
from ..engine import umgebung
from ..fehler import Befund
from ..gueltigkeit import aufloesen
from ..katalog import Fassung, Katalog
from ..modell import Einbinden, Frage, Pruefung, Rueckkehr, Schritt
from ..wege import MAX_TIEFE, wege
from .lauf import _LAUF, Zusammenfassung, _Lauf, _namen
from .registrierung import _feld, fassungspruefung


def _ausdruecke_des_schritts(s: object) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(Feld, CEL-Ausdruck) eines Schritts: was vor ihm ausgewertet wird (Parameter) und was danach
    (Bedingungen der Ausgänge, gueltig_wenn — sie sehen die Antwort bzw. das Abfrage-Ergebnis)."""
    vorher: list[tuple[str, str]] = [(f"parameter.{n}", w[1:]) for n, w in (_feld(s, "parameter", {}) or {}).items()
                                     if isinstance(w, str) and w.startswith("=")]
    nachher = [("weiter.wenn", z.wenn) for z in _feld(s, "weiter", []) if z.wenn]
    if type(s) is Frage:
        if s.gueltig_wenn:
            nachher.append(("gueltig_wenn", s.gueltig_wenn))
        if s.optionen_aus:
            vorher += [(f"optionen_aus.parameter.{n}", w[1:]) for n, w in s.optionen_aus.parameter.items()
                       if isinstance(w, str) and w.startswith("=")]
    return vorher, nachher


@fassungspruefung
def _erhoben_vor_gebrauch(katalog: Katalog, f: Fassung) -> Iterator[Befund]:
    """Jeder Ausdruck benutzt nur Fakten und Abfrage-Variablen, die auf JEDEM Weg zu ihm schon erhoben
    sind — sonst bricht das Gespräch dort ab ("braucht X, das auf diesem Weg noch nicht erhoben wurde").

    Erst eine Datenflussanalyse über den Schrittgraphen (`_vielleicht_unerhoben`, ohne Wege aufzuzählen); nur
    wo sie eine Lücke für möglich hält, zählt `_unerhoben_auf_wegen` die Wege auf — für den Befund mit
    seinem Beispielweg, genau wie zuvor."""
    umg = umgebung(katalog)
    if _vielleicht_unerhoben(katalog, f, umg):
        yield from _unerhoben_auf_wegen(katalog, f, umg)


def _vielleicht_unerhoben(katalog: Katalog, f: Fassung, umg: Umgebung) -> bool:
    """Kann ein Ausdruck der Fassung (oder eines eingebundenen Leitfadens) einen Namen benutzen, der auf einem
    Weg zu ihm noch nicht erhoben ist? Eine Vorwärts-Analyse über die Schritte, die `wege` geht (mit Schleifen):
    sicher erhoben ist an einem Schritt die Schnittmenge über seine Vorgänger, vereinigt mit dem, was jeder
    erhebt; ein eingebundener Leitfaden geht als seine Zusammenfassung ein (`_zusammenfassung`) — so genau, als
    wäre er an jeder Einbindung ausgeklappt.

    Die Analyse sieht jeden Weg, den `wege` aufzählt (und mehr: Wege mit Schleifen, ohne Ende, über MAX_WEGE
    hinaus); die Schnittmenge über mehr Wege ist höchstens kleiner. Meldet die Wege-Prüfung etwas, ist die
    Antwort also True; bei False gibt es sicher nichts zu melden. Ein True ohne Befund (etwa auf einem Weg, der
    nur in eine Schleife führt) kostet nur Zeit."""
    lauf = _LAUF.get()
    if lauf is None or lauf.katalog is not katalog or lauf.umg is not umg:
        lauf = _Lauf(katalog, umg)
    # Ohne Einbindung und ohne einen Ausdruck in der Fassung gibt es nichts zu melden.
    for s in f.daten.schritte:
        if type(s) is Einbinden:
            break
        vorher, _, nachher = lauf.schritt(s)
        if vorher or nachher:
            break
    else:
        return False
    zusammenfassung = _zusammenfassung(katalog, f, 0, lauf)
    return zusammenfassung is not None and bool(zusammenfassung[0] & ~lauf.maske(KONTEXT))


def _zusammenfassung(katalog: Katalog, f: Fassung, tiefe: int, lauf: _Lauf) -> Zusammenfassung | None:
    """Die Zusammenfassung von `f` als Leitfaden in Tiefe `tiefe` (0: geprüft, 1: eingebunden, …), einmal je
    Lauf. Wie `wege`: tiefer als MAX_TIEFE gibt es keinen Weg, eingebunden wird die Fassung, die am ersten
    Gültigkeitstag der einbindenden gilt."""
    if tiefe > MAX_TIEFE:
        return None
    schluessel = (id(f), tiefe)
    if schluessel in lauf.zusammenfassungen:
        return lauf.zusammenfassungen[schluessel]
    ergebnis = lauf.zusammenfassungen[schluessel] = _zusammenfassen(katalog, f, tiefe, lauf)
    return ergebnis


def _sicher_erhoben(katalog: Katalog, f: Fassung, je_id: Mapping[str, Schritt], tiefe: int,
                    lauf: _Lauf) -> tuple[dict[str, int], dict[str, Zusammenfassung]] | None:
    """Je vom Start erreichbarem Schritt (id) die Bits, die auf jedem Weg zu ihm sicher erhoben sind, wenn beim
    Start nichts erhoben ist; dazu je Einbinden-Schritt die Zusammenfassung des Eingebundenen. None: kein Start.
    `je_id`: die Schritte der Fassung (f.schritte, wie `wege` sie sieht: bei doppelter id der letzte)."""
    start = f.daten.start
    if start not in je_id:
        return None
    ziele = f.ziele
    # je Schritt: was er seinen Nachfolgern hinzufügt, und die Nachfolger (ohne fehlende Ziele)
    uebergaenge: dict[str, tuple[int, list[str]]] = {}
    unter: dict[str, Zusammenfassung] = {}          # Einbinden-Schritt → Zusammenfassung des Eingebundenen
    sicher = {start: 0}
    offen = [start]
    while offen:
        sid = offen.pop()
        uebergang = uebergaenge.get(sid)
        if uebergang is None:
            s = je_id[sid]
            nach = [n for n in ziele[sid] if n in je_id]
            if type(s) is Einbinden:
                ziel = aufloesen(katalog, s.leitfaden, f.gueltig_ab, None)
                eingebunden = None if ziel is None else _zusammenfassung(katalog, ziel, tiefe + 1, lauf)
                if eingebunden is None:
                    uebergang = (0, [])
                else:
                    unter[sid] = eingebunden
                    uebergang = (0, []) if eingebunden[1] is None else (eingebunden[1], nach)
            else:
                uebergang = (lauf.schritt(s)[1], nach)
            uebergaenge[sid] = uebergang
        danach = sicher[sid] | uebergang[0]
        for n in uebergang[1]:
            bisher = sicher.get(n)
            if bisher is None:
                sicher[n] = danach
                offen.append(n)
            elif bisher & danach != bisher:
                sicher[n] = bisher & danach
                offen.append(n)
    return sicher, unter


def _zusammenfassen(katalog: Katalog, f: Fassung, tiefe: int, lauf: _Lauf) -> Zusammenfassung | None:
    """Vom Start aus, mit nichts erhoben, je erreichbarem Schritt: was auf jedem Weg zu ihm sicher erhoben ist
    (Schnittmenge, bis sich nichts mehr ändert). Weil Erheben nur hinzufügt, ist mit `x` beim Einstieg an jedem
    Schritt genau `x | sicher` erhoben: der Einstieg braucht also, was ein Schritt benutzt und nicht `sicher`
    ist, und Rückkehr-Schritte geben `sicher | erhebt` zurück."""
    je_id = f.schritte
    erhoben = _sicher_erhoben(katalog, f, je_id, tiefe, lauf)
    if erhoben is None:
        return None
    sicher, unter = erhoben
    ziele = f.ziele
    bedarf = 0
    zurueck: int | None = None
    for sid, ein in sicher.items():
        s = je_id[sid]
        vorher, erhebt, nachher = lauf.schritt(s)
        bedarf |= vorher & ~ein | nachher & ~(ein | erhebt)
        eingebunden = unter.get(sid)
        if eingebunden is not None:
            bedarf |= eingebunden[0] & ~ein
        if type(s) is Rueckkehr and not ziele[sid]:
            zurueck = ein | erhebt if zurueck is None else zurueck & (ein | erhebt)
    return bedarf, zurueck


def _unerhoben_auf_wegen(katalog: Katalog, f: Fassung, umg: Umgebung) -> Iterator[Befund]:
    """Die Befunde von `_erhoben_vor_gebrauch`: je Schritt, Feld und Name einer, am ersten Weg (in der Folge von
    `wege`), auf dem der Name fehlt — mit diesem Weg in der Meldung."""
    gemeldet: set[tuple[str, str, str]] = set()
    # Einmal je Schritt: (Feld, benutzte Namen) vor und nach ihm, und was er erhebt. Ausdrücke mit Typ- oder
    # Namensfehlern fallen heraus (die meldet _ausdruecke); Schritte ohne Ausdrücke kosten je Weg fast nichts.
    je_schritt: dict[int, tuple[list[tuple[str, frozenset[str]]], frozenset[str], list[tuple[str, frozenset[str]]]]] = {}

    def vorbereiten(s: object) -> tuple[list[tuple[str, frozenset[str]]], frozenset[str],
                                        list[tuple[str, frozenset[str]]]]:
        vorher, nachher = _ausdruecke_des_schritts(s)
        erhebt: set[str] = set()
        if type(s) is Frage:
            erhebt.add(s.fakt)
        if type(s) is Pruefung and s.abfrage in ABFRAGEN:
            erhebt |= set(ABFRAGEN[s.abfrage].variablen)
        return ([(feld, _namen(a)) for feld, a in vorher if not umg.pruefen(a, None)], frozenset(erhebt),
                [(feld, _namen(a)) for feld, a in nachher if not umg.pruefen(a, None)])

    for weg, _ in wege(katalog, f):
        bekannt = set(KONTEXT)
        for i, punkt in enumerate(weg):
            s = punkt.schritt
            vorbereitet = je_schritt.get(id(s))
            if vorbereitet is None:
                vorbereitet = je_schritt[id(s)] = vorbereiten(s)
            vorher, erhebt, nachher = vorbereitet
            if not vorher and not nachher:       # der häufige Schritt ohne Ausdruck: nur was er erhebt
                if erhebt:
                    bekannt |= erhebt
                continue
            for teil in (vorher, nachher):
                if teil is nachher and erhebt:
                    bekannt |= erhebt
                for feld, benutzt in teil:
                    if benutzt <= bekannt:
                        continue
                    for name in sorted(benutzt - bekannt):
                        if (punkt.schluessel, feld, name) in gemeldet:
                            continue
                        gemeldet.add((punkt.schluessel, feld, name))
                        pfad = " → ".join(p.schritt.id for p in weg[:i + 1])
                        yield Befund(punkt.fassung.datei, punkt.fassung.zeile(s.id), f"schritte.{s.id}.{feld}",
                                     f"'{name}' ist auf dem Weg {pfad} noch nicht erhoben (vorher fragen oder "
                                     "mit art: pruefung lesen)")

