"""Statische Prüfung des Katalogs: jeder Befund mit Datei:Zeile, Feld und Abhilfe.

Geprüft werden unbekannte Fakten, Aktionen, Systeme, Abfragen und Ergebnisse; Typfehler in
Bedingungen; unerreichbare Schritte; Wege, die ohne Ergebnis enden; Schleifen; Optionen ohne Ausgang;
Einbindungen, die nicht an denselben Tagen gelten; überlappende Gültigkeit und unbeabsichtigte
Lücken zwischen Fassungen; Colibri-Vorgänge, für die das Kundenportal kein Recht hat."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import gc
import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from kundenportal.fachverfahren.ports.colibri import KUNDENPORTAL_RECHTE

from .auftraege import ABFRAGEN, AKTIONEN, QUELLEN
from .ausdruck import KONTEXT, Umgebung
from .engine import PLATZHALTER, umgebung
from .fehler import Befund
from .gueltigkeit import aufloesen
from .katalog import Fassung, Katalog, Leitfaden
from .modell import Aktion, Einbinden, Ende, Frage, OptionenQuelle, Pruefung, Rueckkehr, Schritt, nachfolger
from .wege import MAX_TIEFE, wege

TAG = dt.timedelta(days=1)
FassungsPruefung = Callable[[Katalog, Fassung], Iterator[Befund]]
LeitfadenPruefung = Callable[[Katalog, Leitfaden], Iterator[Befund]]
FASSUNGS_PRUEFUNGEN: list[FassungsPruefung] = []
LEITFADEN_PRUEFUNGEN: list[LeitfadenPruefung] = []


def fassungspruefung(f: FassungsPruefung) -> FassungsPruefung:
    FASSUNGS_PRUEFUNGEN.append(f)
    return f


def leitfadenpruefung(f: LeitfadenPruefung) -> LeitfadenPruefung:
    LEITFADEN_PRUEFUNGEN.append(f)
    return f


def _feld(s: object, name: str, sonst: Any) -> Any:
    """Ein Feld des Schritts, wenn seine Art es hat — ohne getattr mit Vorgabe: ein fehlendes Attribut
    geht bei pydantic über __getattr__ und eine Ausnahme (bei 1.000 Leitfäden eine Sekunde der Prüfung)."""
    return s.__dict__.get(name, sonst)


def _befund(f: Fassung, schritt_id: str, feld: str, meldung: str) -> Befund:
    return Befund(f.datei, f.zeile(schritt_id), f"schritte.{schritt_id}.{feld}" if feld else f"schritte.{schritt_id}",
                  meldung)


def _hat_rueckkehr(katalog: Katalog, leitfaden_id: str) -> bool:
    lauf = _LAUF.get()
    if lauf is None or lauf.katalog is not katalog:
        return _rueckkehr_suchen(katalog, leitfaden_id)
    gemerkt = lauf.rueckkehr.get(leitfaden_id)
    if gemerkt is None:
        gemerkt = lauf.rueckkehr[leitfaden_id] = _rueckkehr_suchen(katalog, leitfaden_id)
    return gemerkt


def _rueckkehr_suchen(katalog: Katalog, leitfaden_id: str) -> bool:
    leitfaeden = katalog.varianten(leitfaden_id)
    if not leitfaeden and leitfaden_id in katalog.leitfaeden:
        leitfaeden = [katalog.leitfaeden[leitfaden_id]]
    return any(type(s) is Rueckkehr for lf in leitfaeden for f in lf.fassungen for s in f.daten.schritte)


@fassungspruefung
def _verweise(katalog: Katalog, f: Fassung) -> Iterator[Befund]:
    daten = f.daten
    ids = [s.id for s in daten.schritte]
    gesehen = set(ids)
    if len(gesehen) < len(ids):
        for doppelt in sorted(i for i, n in Counter(ids).items() if n > 1):
            yield _befund(f, doppelt, "id", f"Schritt-id {doppelt} ist doppelt")
    if daten.start not in gesehen:
        yield Befund(f.datei, 1, "start", f"Start-Schritt {daten.start} gibt es nicht")
    ergebnisse = katalog.vokabular.ergebnisse
    for s in daten.schritte:
        ausgaenge = nachfolger(s)
        for ziel in ausgaenge:
            if ziel not in gesehen:
                yield _befund(f, s.id, "nach", f"Ziel-Schritt {ziel} gibt es nicht (vorhanden: {', '.join(ids)})")
        endet = type(s) is Ende or type(s) is Rueckkehr
        if (type(s) is Ende or type(s) is Rueckkehr) and s.ergebnis not in ergebnisse:
            yield _befund(f, s.id, "ergebnis", f"unbekanntes Ergebnis {s.ergebnis} (fakten.yaml: ergebnisse)")
        endet_im_baustein = type(s) is Einbinden and not _hat_rueckkehr(katalog, s.leitfaden)
        if not ausgaenge and not endet and not endet_im_baustein:
            yield _befund(f, s.id, "nach", "Weg endet ohne Ergebnis: Ausgang oder art: ende fehlt")
        zweige = _feld(s, "weiter", [])
        if zweige and zweige[-1].wenn is not None:
            yield _befund(f, s.id, "weiter", "der letzte Zweig braucht '- sonst: <schritt>', sonst kann der "
                          "Weg ohne Ergebnis enden")


@fassungspruefung
def _fragen(katalog: Katalog, f: Fassung) -> Iterator[Befund]:
    vok = katalog.vokabular
    for s in f.daten.schritte:
        if type(s) is not Frage:
            continue
        fakt = vok.fakten.get(s.fakt)
        if fakt is None:
            yield _befund(f, s.id, "fakt", f"unbekannter Fakt {s.fakt}: erst in content/fakten.yaml anlegen")
            continue
        if s.optionen_aus is not None:
            yield from _quelle(katalog, f, s.id, s.optionen_aus)
        if not s.je_antwort:
            continue
        optionen = ("ja", "nein") if fakt.typ == "bool" else fakt.optionen
        if not optionen:
            if set(s.je_antwort) != {"sonst"}:
                yield _befund(f, s.id, "je_antwort", f"{s.fakt} ({fakt.typ}) hat keine festen Optionen: "
                              "'weiter' mit Bedingungen verwenden")
            continue
        for option in s.je_antwort:
            if option != "sonst" and option not in optionen:
                yield _befund(f, s.id, "je_antwort", f"{option} ist keine Option von {s.fakt} ({', '.join(optionen)})")
        if "sonst" not in s.je_antwort:
            for option in optionen:
                if option not in s.je_antwort:
                    yield _befund(f, s.id, "je_antwort", f"Option {option} von {s.fakt} hat keinen Ausgang")


def _quelle(katalog: Katalog, f: Fassung, sid: str, q: OptionenQuelle) -> Iterator[Befund]:
    if q.quelle not in QUELLEN:
        yield _befund(f, sid, "optionen_aus.quelle", f"unbekannte Optionen-Quelle {q.quelle} "
                      f"(vorhanden: {', '.join(sorted(QUELLEN))})")


@fassungspruefung
def _auftraege(katalog: Katalog, f: Fassung) -> Iterator[Befund]:
    vok = katalog.vokabular
    systeme: set[str] | None = None           # vok.systeme baut die Menge je Aufruf: einmal je Fassung
    for s in f.daten.schritte:
        if type(s) is Pruefung and s.abfrage not in ABFRAGEN:
            yield _befund(f, s.id, "abfrage", f"unbekannte Abfrage {s.abfrage} (vorhanden: {', '.join(sorted(ABFRAGEN))})")
        if type(s) is not Aktion:
            continue
        if systeme is None:
            systeme = vok.systeme
        if s.system not in systeme:
            yield _befund(f, s.id, "system", f"unbekanntes System {s.system} (bekannt: {', '.join(sorted(systeme))})")
            continue
        art = vok.aktionen.get((s.system, s.vorgang))
        if art is None or (s.system, s.vorgang) not in AKTIONEN:
            yield _befund(f, s.id, "vorgang", f"unbekannte Aktion {s.system}.{s.vorgang} (fakten.yaml: aktionen)")
            continue
        erlaubt = set(art.parameter) | {"kalender", "text"}
        for name in s.parameter:
            if name not in erlaubt:
                yield _befund(f, s.id, f"parameter.{name}", f"{s.system}.{s.vorgang} kennt den Parameter {name} nicht "
                              f"({', '.join(art.parameter)})")
        if art.recht and art.recht not in KUNDENPORTAL_RECHTE:
            yield _befund(f, s.id, "vorgang", f"Colibri-Vorgang {s.vorgang} braucht das Recht {art.recht}; das "
                          f"Kundenportal hat nur {', '.join(KUNDENPORTAL_RECHTE)}: als Aufgabe an os_algplus abgeben "
                          "(Weisung 2.2 a) 4)")


@fassungspruefung
def _ausdruecke(katalog: Katalog, f: Fassung) -> Iterator[Befund]:
    umg = umgebung(katalog)
    variablen = umg.variablen          # alle Fakten und Abfrage-Variablen, dazu KONTEXT
    for s in f.daten.schritte:
        felder = s.__dict__            # wie _feld: ein fehlendes Feld ohne pydantic-Ausnahme
        for zweig in felder.get("weiter") or ():
            if zweig.wenn is not None and (fehler := umg.pruefen(zweig.wenn)):
                yield _befund(f, s.id, "weiter.wenn", f"Bedingung '{zweig.wenn}': {fehler}")
        if type(s) is Frage and s.gueltig_wenn and (fehler := umg.pruefen(s.gueltig_wenn)):
            yield _befund(f, s.id, "gueltig_wenn", f"Bedingung '{s.gueltig_wenn}': {fehler}")
        parameter: Mapping[str, Any] = felder.get("parameter") or {}     # nur gelesen: keine Kopie je Schritt
        if type(s) is Frage and s.optionen_aus:
            parameter = {**parameter, **s.optionen_aus.parameter}
        for name, wert in parameter.items():
            if isinstance(wert, str) and wert.startswith("=") and (fehler := umg.pruefen(wert[1:], None)):
                yield _befund(f, s.id, f"parameter.{name}", f"Ausdruck '{wert[1:]}': {fehler}")
        for feld in ("text", "vermerk"):
            text = getattr(s, feld)
            if "{" not in text:          # kein Platzhalter: ohne regulären Ausdruck (je Schritt zwei Texte)
                continue
            for m in PLATZHALTER.finditer(text):
                name = m.group(1)
                if name not in variablen and name not in KONTEXT and name not in parameter and \
                        name not in ("system", "vorgang"):
                    yield _befund(f, s.id, feld, f"unbekannter Platzhalter {{{m.group(1)}}}")


# Schrittarten nach genauem Typ (`type(s) is Frage`) statt isinstance: isinstance gegen pydantic-Modelle geht
# über ABCMeta und kostet je verfehlter Klasse einige 100 ns (bei 1.000 Leitfäden Hunderttausende Prüfungen);
# Schritte sind nie Unterklassen ihrer Art.
_UNDEKLARIERT = re.compile(r"undeclared reference to '([a-z_][a-z0-9_]*)'")


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


# Was ein Schritt für die Datenflussanalyse bedeutet, als Bitmasken über die Namen: benutzt vor ihm, erhebt,
# benutzt nach ihm.
Masken = tuple[int, int, int]
# Was ein (eingebundener) Leitfaden von seinem Start aus bedeutet: die Namen, die beim Einstieg schon erhoben
# sein müssen (sonst fehlt einer auf einem Weg), und was auf jedem Weg bis zu einer Rückkehr sicher erhoben ist
# (None: keine Rückkehr erreichbar). None statt der Zusammenfassung: `wege` fände keinen Weg.
Zusammenfassung = tuple[int, int | None]


class _Lauf:
    """Was die Analyse einmal je Prüfung des Katalogs bestimmt (dieselben Ausdrücke stehen in vielen Fassungen,
    dieselben Bausteine sind in vielen eingebunden): je Name ein Bit, je Ausdruck die Maske seiner Namen (0 bei
    Typ- oder Namensfehlern: die meldet _ausdruecke), je Schritt seine Masken, je Fassung und Tiefe ihre
    Zusammenfassung, je eingebundenem Leitfaden, ob er zurückkehrt. Schlüssel sind ids von Schritten und
    Fassungen: sie leben im Katalog, solange die Prüfung läuft — über sie hinaus wird nichts gemerkt."""

    __slots__ = ("ausdruecke", "katalog", "masken", "namen", "rueckkehr", "umg", "zusammenfassungen")

    def __init__(self, katalog: Katalog, umg: Umgebung) -> None:
        self.katalog = katalog
        self.umg = umg
        self.rueckkehr: dict[str, bool] = {}        # Leitfaden-id → hat einen Schritt art: rueckkehr
        self.namen: dict[str, int] = {}
        self.ausdruecke: dict[str, int] = {}
        self.masken: dict[int, Masken] = {}
        self.zusammenfassungen: dict[tuple[int, int], Zusammenfassung | None] = {}

    def maske(self, namen: Iterable[str]) -> int:
        maske = 0
        for name in namen:
            bit = self.namen.get(name)
            if bit is None:
                bit = self.namen[name] = 1 << len(self.namen)
            maske |= bit
        return maske

    def ausdruck(self, ausdruck: str) -> int:
        maske = self.ausdruecke.get(ausdruck)
        if maske is None:
            fehler = self.umg.pruefen(ausdruck, None)
            maske = self.ausdruecke[ausdruck] = 0 if fehler else self.maske(_namen(ausdruck))
        return maske

    def parameter(self, parameter: Mapping[str, Any] | None) -> int:
        maske = 0
        for wert in (parameter or {}).values():
            if isinstance(wert, str) and wert.startswith("="):
                maske |= self.ausdruck(wert[1:])
        return maske

    def schritt(self, s: object) -> Masken:
        """Die Masken eines Schritts — dieselben Ausdrücke wie `_ausdruecke_des_schritts`, ohne deren Listen zu
        bauen (der häufige Schritt ohne Ausdruck kostet so fast nichts)."""
        gemerkt = self.masken.get(id(s))
        if gemerkt is not None:
            return gemerkt
        felder = s.__dict__
        vorher = self.parameter(felder.get("parameter"))
        nachher = 0
        for zweig in felder.get("weiter") or ():
            if zweig.wenn:
                nachher |= self.ausdruck(zweig.wenn)
        erhebt = 0
        if type(s) is Frage:
            erhebt = self.maske((s.fakt,))
            if s.gueltig_wenn:
                nachher |= self.ausdruck(s.gueltig_wenn)
            if s.optionen_aus:
                vorher |= self.parameter(s.optionen_aus.parameter)
        elif type(s) is Pruefung and s.abfrage in ABFRAGEN:
            erhebt = self.maske(ABFRAGEN[s.abfrage].variablen)
        gemerkt = self.masken[id(s)] = (vorher, erhebt, nachher)
        return gemerkt


# Der Lauf der Prüfung des ganzen Katalogs (katalog_pruefen); je Kontext (Thread) ein eigener.
_LAUF: contextvars.ContextVar[_Lauf | None] = contextvars.ContextVar("_LAUF", default=None)


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


def _namen(ausdruck: str) -> frozenset[str]:
    """Die Variablen, die `ausdruck` benutzt: was in einer leeren Umgebung undeklariert ist."""
    return _namen_gemerkt(ausdruck)


@functools.lru_cache(maxsize=8192)
def _namen_gemerkt(ausdruck: str) -> frozenset[str]:
    # Gemerkt je Ausdruck: dieselbe Bedingung steht auf vielen Wegen vieler Fassungen (jedes Mal
    # neu übersetzt kostete bei 1.000 Leitfäden Sekunden).
    namen: set[str] = set()
    for _ in range(20):
        treffer = _UNDEKLARIERT.search(_leere_umgebung(frozenset(namen)).pruefen(ausdruck, None) or "")
        if not treffer:
            break
        namen.add(treffer.group(1))
    return frozenset(namen)


@functools.cache
def _leere_umgebung(namen: frozenset[str] = frozenset()) -> Umgebung:
    return Umgebung({n: "text" for n in namen})


@fassungspruefung
def _graph(katalog: Katalog, f: Fassung) -> Iterator[Befund]:
    schritte = f.schritte
    start = f.daten.start
    if start not in schritte:
        return
    ziele = f.ziele
    erreicht: set[str] = set()
    offen = [start]
    while offen:
        sid = offen.pop()
        if sid in erreicht or sid not in schritte:
            continue
        erreicht.add(sid)
        offen.extend(ziele[sid])
    for sid in schritte:
        if sid not in erreicht:
            yield _befund(f, sid, "", f"Schritt {sid} ist vom Start {start} aus nicht erreichbar")
    # Schleifen (Tiefensuche): die Engine stellt eine beantwortete Frage nicht erneut.
    yield from _schleifen(f, schritte, start)


def _schleifen(f: Fassung, schritte: Mapping[str, Schritt], start: str) -> Iterator[Befund]:
    """Tiefensuche nach Schleifen ab `start` (Farben: 1 = auf dem Pfad, 2 = fertig), je Kreis ein Befund.
    Ohne Rekursion: ein Stapel der offenen Ausgänge je Schritt auf dem Pfad (keine Generator-Kette je Schritt,
    keine Kopie des Pfads je Schritt, keine Grenze der Rekursionstiefe bei langen Leitfäden). Auf dem Pfad
    stehen genau die Schritte mit Farbe 1."""
    ziele = f.ziele
    farbe: dict[str, int] = {start: 1}
    gemeldet: set[frozenset[str]] = set()
    pfad = [start]
    stapel = [iter(ziele[start])]
    while stapel:
        for ziel in stapel[-1]:
            if ziel not in schritte:
                continue
            if farbe.get(ziel) == 1:
                kreis = pfad[pfad.index(ziel):]
                if frozenset(kreis) not in gemeldet:
                    gemeldet.add(frozenset(kreis))
                    fragt = any(type(schritte[k]) is Frage for k in kreis)
                    art = "Schleife" if fragt else "Schleife ohne Frage"
                    yield _befund(f, ziel, "", f"{art}: {' → '.join([*kreis, ziel])}")
            elif ziel not in farbe:
                farbe[ziel] = 1
                pfad.append(ziel)
                stapel.append(iter(ziele[ziel]))
                break
        else:
            farbe[pfad.pop()] = 2
            stapel.pop()


def _abdeckung(katalog: Katalog, leitfaden_id: str, von: dt.date, bis: dt.date | None) -> str | None:
    """Gilt `leitfaden_id` (reguläre Variante) an jedem Tag von `von` bis `bis`? Sonst die erste Lücke."""
    varianten = [lf for lf in katalog.varianten(leitfaden_id) if lf.kopf.variante_von is None]
    if not varianten and leitfaden_id in katalog.leitfaeden:
        varianten = [katalog.leitfaeden[leitfaden_id]]
    fassungen = sorted((x for lf in varianten for x in lf.fassungen), key=lambda x: x.gueltig_ab)
    tag = von
    for x in fassungen:
        if x.gueltig_ab > tag:
            break
        if x.gueltig_bis is None:
            return None
        tag = max(tag, x.gueltig_bis + TAG)
        if bis is not None and tag > bis:
            return None
    return f"{tag:%d.%m.%Y}"


@fassungspruefung
def _einbindungen(katalog: Katalog, f: Fassung) -> Iterator[Befund]:
    for s in f.einbindungen():
        if s.leitfaden not in katalog.leitfaeden and not katalog.varianten(s.leitfaden):
            yield _befund(f, s.id, "leitfaden", f"eingebundener Leitfaden {s.leitfaden} ist nicht im Katalog")
            continue
        if s.leitfaden == f.leitfaden_id:
            yield _befund(f, s.id, "leitfaden", "ein Leitfaden kann sich nicht selbst einbinden")
            continue
        luecke = _abdeckung(katalog, s.leitfaden, f.gueltig_ab, f.gueltig_bis)
        if luecke:
            yield _befund(f, s.id, "leitfaden", f"{s.leitfaden} gilt nicht an denselben Tagen wie diese Fassung "
                          f"(keine gültige Fassung am {luecke})")
        if nachfolger(s) and not _hat_rueckkehr(katalog, s.leitfaden):
            yield _befund(f, s.id, "nach", f"{s.leitfaden} kehrt nie zurück (kein Schritt art: rueckkehr): "
                          "'nach' ist nie erreichbar")


@fassungspruefung
def _weisung(katalog: Katalog, f: Fassung) -> Iterator[Befund]:
    if f.weisung not in katalog.weisungen:
        yield Befund(f.datei, 1, "weisung", f"unbekannte Weisung {f.weisung}: content/weisungen/{f.weisung}.yaml fehlt")
    if f.gueltig_bis is not None and f.gueltig_bis < f.gueltig_ab:
        yield Befund(f.datei, 1, "gueltig_bis", "endet vor gueltig_ab")


@fassungspruefung
def _geltungsbereich(katalog: Katalog, f: Fassung) -> Iterator[Befund]:
    """Standortregeln nennen nur Verbünde und Agenturen aus standorte.yaml."""
    bereich = f.geltungsbereich
    if bereich is None:
        return
    for v in bereich.verbuende:
        if v not in katalog.standorte.verbuende:
            yield Befund(f.datei, 1, "geltungsbereich.verbuende", f"unbekannter Verbund {v!r} (standorte.yaml: "
                         f"{', '.join(sorted(katalog.standorte.verbuende))})")
    for a in bereich.agenturen:
        if a not in katalog.standorte.agenturen:
            yield Befund(f.datei, 1, "geltungsbereich.agenturen", f"unbekannte Agentur {a!r} (nicht in standorte.yaml)")


def _hash_ohne_gueltig_bis(katalog: Katalog, f: Fassung) -> str:
    """Das Siegel ohne die Zeile `gueltig_bis:` — die einzige Angabe, die eine veröffentlichte Fassung
    nachträglich erhält, wenn eine Korrektur sie ablöst (docs/leitfaden-format.md)."""
    pfad = Path(katalog.wurzel).parent / f.datei
    if not pfad.exists():
        return ""
    zeilen = pfad.read_bytes().splitlines(keepends=True)
    return hashlib.sha256(b"".join(z for z in zeilen if not z.startswith(b"gueltig_bis:"))).hexdigest()


@fassungspruefung
def _unveraendert(katalog: Katalog, f: Fassung) -> Iterator[Befund]:
    """Veröffentlicht ist unveränderlich (docs/hausstil.md, Gewohnheit 6): eine Korrektur ist eine neue Fassung."""
    gesiegelt = katalog.veroeffentlicht.get(f.schluessel)
    if gesiegelt is not None and gesiegelt not in (f.inhalt_hash, _hash_ohne_gueltig_bis(katalog, f)):
        yield Befund(f.datei, 1, "", f"veröffentlichte Fassung {f.schluessel} wurde geändert (Inhalts-Hash weicht "
                     "von content/veroeffentlicht.yaml ab): eine Korrektur ist eine neue Datei <stand>.yaml, "
                     "die Vorgängerin erhält gueltig_bis")


@leitfadenpruefung
def _zeitachse(katalog: Katalog, lf: Leitfaden) -> Iterator[Befund]:
    if lf.kopf.variante_von and lf.kopf.variante_von not in katalog.leitfaeden:
        yield Befund(f"{lf.ordner}/leitfaden.yaml", 1, "variante_von", f"Basis-Leitfaden {lf.kopf.variante_von} fehlt")
    if not lf.fassungen:
        yield Befund(f"{lf.ordner}/leitfaden.yaml", 1, "", "Leitfaden ohne Fassung: <stand>.yaml anlegen")
    # Die Zeitachse gilt für die Fassungen ohne Geltungsbereich; eine Fassung mit Geltungsbereich gilt an
    # ihren Standorten neben ihnen (gueltigkeit: die neueste dort gültige gewinnt).
    ueberall = [f for f in lf.fassungen if f.geltungsbereich is None]
    for alt, neu in itertools.pairwise(ueberall):
        if alt.gueltig_bis is None or alt.gueltig_bis >= neu.gueltig_ab:
            yield Befund(neu.datei, 1, "gueltig_ab", f"überlappt mit {alt.datei} (Stand {alt.stand:%d.%m.%Y}): "
                         f"dort gueltig_bis auf {neu.gueltig_ab - TAG:%Y-%m-%d} setzen")
        elif alt.gueltig_bis + TAG < neu.gueltig_ab:
            gewollt = any(lf.id in w.beabsichtigte_luecken for w in katalog.weisungen.values())
            if not gewollt:
                yield Befund(neu.datei, 1, "gueltig_ab", f"Lücke vom {alt.gueltig_bis + TAG:%d.%m.%Y} bis "
                             f"{neu.gueltig_ab - TAG:%d.%m.%Y} nach {alt.datei}; die Weisung sieht keine vor")


def _regeln(katalog: Katalog) -> Iterator[Befund]:
    for w in katalog.weisungen.values():
        for r in w.regeln:
            for u in r.umsetzung:
                lf = katalog.leitfaeden.get(u.leitfaden)
                if lf is None:
                    yield Befund(w.datei, r.zeile, f"regeln.{r.punkt}", f"unbekannter Leitfaden {u.leitfaden}")
                    continue
                schritte = {s.id for f in lf.fassungen if f.weisung == w.nummer for s in f.daten.schritte}
                for sid in u.schritte:
                    if sid not in schritte:
                        yield Befund(w.datei, r.zeile, f"regeln.{r.punkt}",
                                     f"{u.leitfaden} hat in Fassungen der Weisung {w.nummer} keinen Schritt {sid}")


@contextlib.contextmanager
def _ohne_zyklische_bereinigung() -> Iterator[None]:
    """Die zyklische Speicherbereinigung ruht, solange die Prüfung läuft, und läuft danach wie vorher weiter.

    Die Prüfung legt sehr viele langlebige Objekte an (die Schritte jeder Fassung, beim ersten Zugriff aus dem
    Katalog-Cache entpickelt) und kaum Kreise; die Bereinigung durchsuchte dabei immer wieder den ganzen,
    wachsenden Bestand — bei 1.000 Leitfäden nach dem Laden über die Hälfte der Prüfzeit. Was die Prüfung an
    Kreisen hinterlässt, räumt die nächste Bereinigung danach ab. War sie schon aus, bleibt sie aus. Was die
    Prüfung angelegt hat und noch lebt, kommt danach gleich in die älteste Generation (gc.freeze/unfreeze)."""
    war_an = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if war_an:
            if gc.get_freeze_count() == 0:
                # Was die Prüfung angelegt hat und noch lebt (die entpickelten Schritte), gleich in die älteste
                # Generation: sonst durchsucht die erste Bereinigung nach gc.enable() alles auf einmal (bei 1.000
                # Leitfäden 25 ms). Hat der Prozess selbst Objekte eingefroren, bleibt es bei ihm.
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def katalog_pruefen(katalog: Katalog) -> list[Befund]:
    befunde: list[Befund] = []
    lauf = _LAUF.set(_Lauf(katalog, umgebung(katalog)))
    try:
        with _ohne_zyklische_bereinigung():
            for lf in katalog.leitfaeden.values():
                for pruefung in LEITFADEN_PRUEFUNGEN:
                    befunde.extend(pruefung(katalog, lf))
                for f in lf.fassungen:
                    for fpruefung in FASSUNGS_PRUEFUNGEN:
                        befunde.extend(fpruefung(katalog, f))
            befunde.extend(_regeln(katalog))
    finally:
        _LAUF.reset(lauf)
    return sorted(befunde, key=lambda b: (b.datei, b.zeile, b.feld))
