"""Die Engine: läuft eine gepinnte Fassung gegen die bisherigen Antworten und erledigten Aufträge ab
und sagt, was als Nächstes ansteht — eine Frage, ein Auftrag an ein Fachverfahren oder das Ende.

Sie führt nichts aus (docs/hausstil.md, Gewohnheit 2): Aufträge kommen als Daten zurück; `ausfuehrung` erledigt
sie über die Ports und ruft die Engine erneut. Der Weg ergibt sich allein aus Antworten und
Ergebnissen; "zurückgehen und eine Antwort ändern" ist nur das Entfernen von Antworten. Damit ein
Schritt nicht den ganzen Weg kostet, merkt sich die Engine am Lauf, wie weit sie gegangen ist, und
geht dort weiter, solange das dort Gelesene unverändert ist (`_Gang`)."""

from __future__ import annotations

import re
import threading
import weakref
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, assert_never

from .auftraege import ABFRAGEN, Option, bestaetigung_noetig, bestaetigung_schluessel
from .ausdruck import Umgebung
from .fehler import LaufFehler
from .katalog import Fassung, Katalog
from .lauf import Lauf
from .modell import Aktion, Einbinden, Ende, Frage, Hinweis, Pruefung, Rueckkehr, Schritt, Zweig

MAX_SCHRITTE = 2000


@dataclass(slots=True)
class Station:
    """Ein Schritt auf dem gegangenen Weg, mit Antwort oder Auftragsergebnis."""

    schluessel: str
    fassung: Fassung
    schritt: Schritt
    wert: Any = None
    werte: dict[str, Any] = field(default_factory=dict)   # Variablen zu diesem Zeitpunkt (für Texte)


ZugArt = Literal["frage", "optionen", "abfrage", "bestaetigung", "aktion", "ende"]
MitAusgang = Frage | Hinweis | Pruefung | Aktion | Einbinden


@dataclass
class Zug:
    """Was ansteht: eine Frage (`frage`), ein Auftrag (`optionen` lesen, `abfrage`, `aktion`), die
    Bestätigung einer ändernden Aktion (`bestaetigung`, bestaetigung.py) oder das Ende."""

    art: ZugArt
    schluessel: str
    fassung: Fassung
    schritt: Schritt
    weg: list[Station]
    werte: dict[str, Any]
    fakt: str = ""
    optionen: list[Option] | None = None
    parameter: dict[str, Any] = field(default_factory=dict)
    ergebnis: str = ""


def umgebung(katalog: Katalog) -> Umgebung:
    """Die CEL-Umgebung des Katalogs: alle Fakten und alle Abfrage-Variablen (einmal je Katalog)."""
    vorhanden = getattr(katalog, "_umgebung", None)
    if isinstance(vorhanden, Umgebung):
        return vorhanden
    variablen = {name: fakt.typ for name, fakt in katalog.vokabular.fakten.items()}
    for a in ABFRAGEN.values():
        variablen.update(a.variablen)
    neu = Umgebung(variablen)
    katalog._umgebung = neu  # type: ignore[attr-defined]
    return neu


NAME = re.compile(r"[a-z_][a-z0-9_]*")


def parameter_auswerten(umg: Umgebung, parameter: dict[str, Any], werte: dict[str, Any]) -> dict[str, Any]:
    """Parameterwerte sind Literale; ein Text, der mit `=` beginnt, ist ein CEL-Ausdruck. Ein bloßer
    Name (`=rentenbeginn`) liefert den Wert mit seinem Python-Typ (ein Datum bleibt ein Datum)."""
    ergebnis: dict[str, Any] = {}
    for name, wert in parameter.items():
        if isinstance(wert, str) and wert.startswith("="):
            ausdruck = wert[1:].strip()
            ergebnis[name] = werte[ausdruck] if NAME.fullmatch(ausdruck) and ausdruck in werte else \
                umg.auswerten(ausdruck, werte)
        else:
            ergebnis[name] = wert
    return ergebnis


def optionen_schluessel(schluessel: str, parameter: dict[str, Any]) -> str:
    return f"{schluessel}#optionen#{sorted((k, str(v)) for k, v in parameter.items())}"


def abfrage_schluessel(schluessel: str, parameter: dict[str, Any]) -> str:
    return f"{schluessel}#abfrage#{sorted((k, str(v)) for k, v in parameter.items())}" if parameter else schluessel


def antwort_schluessel(wert: Any) -> str:
    if isinstance(wert, bool):
        return "ja" if wert else "nein"
    return str(wert)


def ausgang(umg: Umgebung, schritt: MitAusgang, werte: dict[str, Any], antwort: Any = None) -> str:
    """Der nächste Schritt: `je_antwort`, sonst der erste zutreffende Zweig von `weiter`, sonst `nach`."""
    if type(schritt) is Frage and schritt.je_antwort:
        schluessel = antwort_schluessel(antwort)
        if schluessel in schritt.je_antwort:
            return schritt.je_antwort[schluessel]
        if "sonst" in schritt.je_antwort:
            return schritt.je_antwort["sonst"]
        raise LaufFehler(f"Schritt {schritt.id}: kein Ausgang für die Antwort {schluessel!r}")
    zweige: list[Zweig] = schritt.weiter
    for zweig in zweige:
        if zweig.wenn is None or umg.bedingung(zweig.wenn, werte):
            return zweig.nach
    if schritt.nach is None:
        raise LaufFehler(f"Schritt {schritt.id}: keine Bedingung trifft zu und kein 'sonst'")
    return schritt.nach


_FEHLT = object()


@dataclass
class _Gang:
    """Der Stand eines Gangs über den Weg: wo er steht und was er dafür aus dem Lauf gelesen hat.

    Die Engine merkt ihn am Lauf (nicht im JSON). Beim nächsten Aufruf geht sie von dort weiter, statt
    vom Start neu zu gehen — solange alles Gelesene unverändert im Lauf steht (nach "zurück" oder einer
    geänderten Antwort geht sie wieder vom Start). So kostet ein Schritt gleich viel, ob der Weg 5 oder
    60 Fragen lang ist; das Ergebnis ist dasselbe wie beim Gang vom Start."""

    katalog: Katalog
    umg: Umgebung                     # die CEL-Umgebung des Katalogs (umgebung(katalog))
    merkmal: tuple[Any, ...]
    eingebunden: dict[str, str]
    werte: dict[str, Any]
    weg: list[Station]
    fassung: Fassung
    schritt_id: str
    praefix: str
    stapel: list[tuple[Fassung, Einbinden, str]]
    besucht: set[str]
    gelesen: list[tuple[bool, str, Any]]          # (aus den Antworten?, Schlüssel, Wert)
    schritte: int = 0
    ende: Zug | None = None
    frage: Zug | None = None          # die anstehende Frage, solange ihre Antwort fehlt (ohne neuen Zug)
    stand: dict[str, Any] | None = None   # Abzug von `werte` für Stationen, solange sich werte nicht ändern

    def abzug(self) -> dict[str, Any]:
        """Die Werte für eine Station: eine Kopie von `werte`, geteilt mit den vorigen Stationen, solange sich
        seitdem kein Wert geändert hat (Stationen lesen ihre Werte nur)."""
        stand = self.stand
        if stand is None:
            stand = self.stand = dict(self.werte)
        return stand

    def gilt_fuer(self, katalog: Katalog, lauf: Lauf) -> bool:
        fassung, datum, standort, kanal = self.merkmal         # _merkmal(lauf), ohne ein Tupel anzulegen
        if katalog is not self.katalog or lauf.fassung != fassung or lauf.datum != datum or \
                lauf.standort != standort or lauf.kanal != kanal or lauf.eingebunden != self.eingebunden:
            return False
        for antwort, schluessel, wert in self.gelesen:
            jetzt = (lauf.antworten if antwort else lauf.auftraege).get(schluessel, _FEHLT)
            if jetzt is not wert and (jetzt is _FEHLT or jetzt != wert):
                return False
        return True


def _merkmal(lauf: Lauf) -> tuple[Any, ...]:
    return (lauf.fassung, lauf.datum, lauf.standort, lauf.kanal)


# Gänge über das Ende ihres Laufs hinaus, je Prozess: ein Lauf, der aus JSON neu gelesen wurde (die nächste
# Anfrage, ein Zustand aus der Datenbank), übernimmt den Gang seines Vorgängers, wenn der nicht mehr lebt und
# alles, was der Gang gelesen hat, unverändert im neuen Lauf steht (gilt_fuer) — statt vom Start neu zu gehen.
# Schlüssel: was ein Gespräch ausmacht (Fassung, Tag, Standort, Kanal, Kunde, Beginn).
_GAENGE: OrderedDict[tuple[Any, ...], tuple[weakref.ref[Lauf], _Gang, tuple[Any, ...]]] = OrderedDict()
_GAENGE_MAX = 1024
_GAENGE_SPERRE = threading.Lock()


def _prozess_schluessel(lauf: Lauf) -> tuple[Any, ...]:
    return (*_merkmal(lauf), lauf.kundennummer, lauf.jetzt)


def _uebernehmen(katalog: Katalog, lauf: Lauf) -> _Gang | None:
    """Der Gang eines nicht mehr lebenden Vorgängers dieses Laufs, wenn er noch gilt — dann gleich für diesen
    Lauf gemerkt und vorgemerkt (exklusiv: nur ein lebender Lauf benutzt einen Gang)."""
    schluessel = _prozess_schluessel(lauf)
    with _GAENGE_SPERRE:
        eintrag = _GAENGE.get(schluessel)
        if eintrag is None or eintrag[0]() is not None:
            return None
        # Weiter mit dem gemerkten Schlüssel (gleich, sonst hätte get ihn nicht gefunden): dasselbe Objekt
        # findet das dict ohne Vergleich. `jetzt` ist nach jeder Rundreise ein neues Objekt mit neuem tzinfo,
        # und zwei solche Zeitpunkte zu vergleichen kostet je Vergleich rund 1 µs (Versätze, PEP 495).
        schluessel = eintrag[2]
        del _GAENGE[schluessel]
    gang = eintrag[1]
    if not gang.gilt_fuer(katalog, lauf):
        return None
    lauf.__dict__["_gang"] = gang
    _vormerken(lauf, gang, schluessel)
    return gang


def _vormerken(lauf: Lauf, gang: _Gang, schluessel: tuple[Any, ...] | None = None) -> None:
    """Merkt den Gang für einen Nachfolger des Laufs vor; `schluessel`: der schon bestimmte des Laufs."""
    if schluessel is None:
        schluessel = _prozess_schluessel(lauf)
    with _GAENGE_SPERRE:
        _GAENGE[schluessel] = (weakref.ref(lauf), gang, schluessel)
        _GAENGE.move_to_end(schluessel)
        while len(_GAENGE) > _GAENGE_MAX:
            _GAENGE.popitem(last=False)


def ohne_vorgaenger(lauf: Lauf) -> Lauf:
    """Markiert einen eben begonnenen Lauf (ausfuehrung.starten): er hat keinen Vorgänger, dessen Gang er
    übernehmen könnte — sein erster Schritt sucht keinen (`_uebernehmen` bildet und vergleicht dafür einen
    Schlüssel mit Zeitpunkt, ~1,5–3 µs). Ein Lauf aus JSON trägt die Marke nicht; fehlt sie, wird wie bisher
    gesucht. Die Marke spart nur Arbeit: gefunden hätte die Suche für einen neuen Lauf nie etwas, das gilt."""
    lauf.__dict__["_ohne_vorgaenger"] = True
    return lauf


def _gang(katalog: Katalog, lauf: Lauf) -> _Gang:
    """Der gemerkte Gang, wenn er noch gilt (am Lauf oder von seinem Vorgänger), sonst ein neuer am Start."""
    gemerkt = lauf.__dict__.get("_gang")
    if gemerkt is not None and gemerkt.gilt_fuer(katalog, lauf):
        return gemerkt  # type: ignore[no-any-return]
    if "_ohne_vorgaenger" not in lauf.__dict__:
        uebernommen = _uebernehmen(katalog, lauf)
        if uebernommen is not None:
            return uebernommen
    fassung = katalog.fassung(lauf.fassung)
    # katalog, umg, merkmal, eingebunden, werte, weg, fassung, schritt_id, praefix, stapel, besucht, gelesen
    gang = _Gang(katalog, umgebung(katalog), _merkmal(lauf), dict(lauf.eingebunden),
                 {"datum": lauf.datum, "standort": lauf.standort or "", "kanal": lauf.kanal},
                 [], fassung, fassung.daten.start, "", [], set(), [])
    lauf.__dict__["_gang"] = gang
    _vormerken(lauf, gang)
    return gang


def naechstes(katalog: Katalog, lauf: Lauf, *, kopie: bool = True) -> Zug:
    """Gibt zurück, was ansteht: geht den Weg vom Start — oder von dort weiter, wo der letzte Aufruf
    für diesen Lauf stand, wenn sich seither nur Antworten oder Ergebnisse hinzugefügt haben.
    `kopie=False` (nur im Kern, für einen Zug, der sofort verworfen wird, bevor der Lauf sich ändert):
    Weg und Werte des Zugs sind die des gemerkten Gangs, ohne sie zu kopieren."""
    gang = _gang(katalog, lauf)
    if gang.ende is not None:
        return kopiert(gang.ende) if kopie else gang.ende
    wartet = gang.frage
    if wartet is not None and wartet.fakt not in lauf.antworten:     # alles Gelesene prüfte gilt_fuer
        return kopiert(wartet) if kopie else wartet
    gang.frage = None
    try:
        zug = _gehen(katalog, lauf, gang)
    except Exception:
        lauf.__dict__.pop("_gang", None)       # halb gegangen: beim nächsten Mal vom Start
        with _GAENGE_SPERRE:
            _GAENGE.pop(_prozess_schluessel(lauf), None)
        raise
    if zug.art == "ende":
        gang.ende = zug
    elif zug.art == "frage":
        gang.frage = zug
    return kopiert(zug) if kopie else zug


def kopiert(zug: Zug) -> Zug:
    """Der Zug mit eigenem Weg und eigenen Werten: der gemerkte Gang wächst weiter, der Zug nicht."""
    neu = object.__new__(Zug)            # alle Felder auf einmal (wie Zug(**felder), ohne __init__)
    felder = neu.__dict__
    felder.update(zug.__dict__)
    felder["weg"] = list(zug.weg)
    felder["werte"] = dict(zug.werte)
    return neu


def _gehen(katalog: Katalog, lauf: Lauf, gang: _Gang) -> Zug:
    """Geht vom Stand des Gangs weiter, bis etwas ansteht; der Gang steht danach genau davor."""
    umg, werte, weg, stapel, besucht, gelesen = gang.umg, gang.werte, gang.weg, gang.stapel, gang.besucht, gang.gelesen
    while gang.schritte < MAX_SCHRITTE:
        fassung, schritt_id, praefix = gang.fassung, gang.schritt_id, gang.praefix
        schritt = fassung.schritt(schritt_id)
        schluessel = praefix + schritt_id
        if schluessel in besucht:
            raise LaufFehler(f"{fassung.datei}: Schritt {schritt_id} wird erneut erreicht (Schleife)")
        # Züge mit allen Feldern in Reihenfolge (art, schluessel, fassung, schritt, weg, werte, fakt, optionen,
        # parameter, ergebnis): Schlüsselwortargumente kosten beim Anlegen eines Zugs etwa das Doppelte.
        # Nach dem genauen Typ statt `match`/isinstance: isinstance gegen pydantic-Modelle geht über
        # ABCMeta (je verfehlter Klasse einige 100 ns, je Schritt bis zu sechs). Die Schrittarten sind
        # @final: mypy verengt auch `type(s) is …` und prüft mit assert_never, dass jede behandelt ist.
        if type(schritt) is Frage:
            optionen: list[Option] | None = None
            p: dict[str, Any] = {}
            if schritt.optionen_aus is not None:
                p = parameter_auswerten(umg, schritt.optionen_aus.parameter, werte)
                okey = optionen_schluessel(schluessel, p)
                if okey not in lauf.auftraege:
                    return Zug("optionen", schluessel, fassung, schritt, weg, werte, "", None, p, "")
                optionen = lauf.auftraege[okey]
                gelesen.append((False, okey, optionen))
            if schritt.fakt not in lauf.antworten:
                return Zug("frage", schluessel, fassung, schritt, weg, werte, schritt.fakt, optionen, p, "")
            antwort = lauf.antworten[schritt.fakt]
            gelesen.append((True, schritt.fakt, antwort))
            werte[schritt.fakt] = antwort
            gang.stand = abzug = dict(werte)
            weg.append(Station(schluessel, fassung, schritt, antwort, abzug))
            naechster = ausgang(umg, schritt, werte, antwort)
        elif type(schritt) is Pruefung:
            # Ein Ergebnis gilt für genau diese Parameter: nach "zurück" mit anderer Antwort (anderer
            # Termin) wird neu gelesen.
            p = parameter_auswerten(umg, schritt.parameter, werte)
            akey = abfrage_schluessel(schluessel, p)
            if akey not in lauf.auftraege:
                return Zug("abfrage", akey, fassung, schritt, weg, werte, "", None, p, "")
            gelesen.append((False, akey, lauf.auftraege[akey]))
            werte.update(lauf.auftraege[akey])
            gang.stand = abzug = dict(werte)
            weg.append(Station(schluessel, fassung, schritt, lauf.auftraege[akey], abzug))
            naechster = ausgang(umg, schritt, werte)
        elif type(schritt) is Aktion:
            if schluessel not in lauf.auftraege:
                p = parameter_auswerten(umg, schritt.parameter, werte)
                # Eine ändernde Aktion läuft erst, wenn genau diese Werte bestätigt sind.
                bestaetigt = lauf.auftraege.get(bestaetigung_schluessel(schluessel), _FEHLT)
                art: ZugArt = "aktion" if bestaetigt == p or not bestaetigung_noetig(schritt) \
                    else "bestaetigung"
                return Zug(art, schluessel, fassung, schritt, weg, werte, "", None, p, "")
            gelesen.append((False, schluessel, lauf.auftraege[schluessel]))
            weg.append(Station(schluessel, fassung, schritt, lauf.auftraege[schluessel], gang.abzug()))
            naechster = ausgang(umg, schritt, werte)
        elif type(schritt) is Ende:
            weg.append(Station(schluessel, fassung, schritt, None, gang.abzug()))
            besucht.add(schluessel)
            return Zug("ende", schluessel, fassung, schritt, weg, werte, "", None, {}, schritt.ergebnis)
        elif type(schritt) is Hinweis:
            weg.append(Station(schluessel, fassung, schritt, None, gang.abzug()))
            naechster = ausgang(umg, schritt, werte)
        elif type(schritt) is Einbinden:
            ziel = lauf.eingebunden.get(schritt.leitfaden)
            if ziel is None:
                raise LaufFehler(f"{fassung.datei}: {schritt.leitfaden} gilt am {lauf.datum} nicht")
            weg.append(Station(schluessel, fassung, schritt, None, gang.abzug()))
            stapel.append((fassung, schritt, praefix))
            gang.praefix = schluessel + "/"
            gang.fassung = katalog.fassung(ziel)
            naechster = gang.fassung.daten.start
        elif type(schritt) is Rueckkehr:
            weg.append(Station(schluessel, fassung, schritt, None, gang.abzug()))
            if not stapel:
                besucht.add(schluessel)
                return Zug("ende", schluessel, fassung, schritt, weg, werte, "", None, {}, schritt.ergebnis)
            gang.fassung, aufrufer, gang.praefix = stapel.pop()
            naechster = ausgang(umg, aufrufer, werte)
        else:       # die Schrittarten sind @final: mypy prüft, dass jede hier behandelt ist
            assert_never(schritt)
        besucht.add(schluessel)
        gang.schritt_id = naechster
        gang.schritte += 1
    raise LaufFehler(f"mehr als {MAX_SCHRITTE} Schritte ohne Frage")


PLATZHALTER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def text_fuellen(text: str, werte: dict[str, Any], texte: Mapping[str, str] | None = None) -> str:
    """Ersetzt `{name}` durch den Wert (deutsch formatiert, mit `texte` ein Code durch sein Label);
    Unbekanntes bleibt sichtbar stehen."""
    from .vokabular import wert_lesbar, wert_text

    def fuellen(m: re.Match[str]) -> str:
        if m.group(1) not in werte:
            return m.group(0)
        wert = werte[m.group(1)]
        return wert_lesbar(wert, texte) if texte is not None else wert_text(wert)

    return PLATZHALTER.sub(fuellen, text)
