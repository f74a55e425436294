"""YAML mit Zeilennummern lesen: jede Abbildung und Liste merkt sich, in welcher Zeile ihre Einträge
stehen, damit jeder Befund auf Datei:Zeile zeigen kann."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .fehler import Befund, KatalogFehler
from .yamlfehler import DeutscherFehler, YamlUngueltig, yaml_fehler


class ZDict(dict[str, Any]):
    """Ein dict, das die Zeile jedes Schlüssels kennt (1-basiert)."""

    zeile: int = 0
    zeilen: dict[str, int]


class ZListe(list[Any]):
    """Eine Liste, die die Zeile jedes Elements kennt (1-basiert)."""

    zeile: int = 0
    zeilen: list[int]


_TEXT = "tag:yaml.org,2002:str"


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]  # libyaml, wenn vorhanden
    """Der sichere Loader, mit zwei Abkürzungen für große Kataloge (gleiches Ergebnis): der Typ eines
    Skalars wird je Wert gemerkt, und ein Text wird direkt übernommen statt über den Konstruktor."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and isinstance(value, str):
            return _skalar_typ(value, tuple(implicit))
        return super().resolve(kind, value, implicit)

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        if node.__class__ is yaml.ScalarNode and node.tag == _TEXT:
            return node.value
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, IndexError, KeyError, AttributeError, OverflowError):   # `!!int abc` …
            wert = f"„{node.value}“" if isinstance(node, yaml.ScalarNode) else "der Wert"
            raise DeutscherFehler(None, None, f"{wert} passt nicht zum YAML-Typ „!!{node.tag.rsplit(':', 1)[-1]}“: die "
                           "Typangabe entfernen oder den Wert anpassen", node.start_mark) from None


@lru_cache(maxsize=65536)
def _skalar_typ(value: str, implicit: tuple[bool, bool]) -> Any:
    # Hängt nur vom Wert ab: der Loader hat keine Pfad-Resolver (add_path_resolver), nur die impliziten.
    leer: Any = _Leer
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader).resolve(leer, yaml.ScalarNode, value, implicit)


class _Leer:
    """Das Mindeste, was BaseResolver.resolve von `self` liest (Klassenattribute des Loaders)."""

    yaml_implicit_resolvers = getattr(yaml, "CSafeLoader", yaml.SafeLoader).yaml_implicit_resolvers
    yaml_path_resolvers: dict[Any, Any] = {}
    DEFAULT_SCALAR_TAG = yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG
    DEFAULT_SEQUENCE_TAG = yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG
    DEFAULT_MAPPING_TAG = yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG


def _mapping(loader: _Loader, node: yaml.MappingNode) -> ZDict:
    ergebnis = ZDict()
    ergebnis.zeile = node.start_mark.line + 1
    ergebnis.zeilen = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        if key in ergebnis:
            raise DeutscherFehler(None, None, f"der Schlüssel „{key}“ steht doppelt (zuerst in Zeile {ergebnis.zeilen[key]}): "
                           "einen der beiden entfernen oder umbenennen", key_node.start_mark)
        ergebnis[key] = loader.construct_object(value_node, deep=True)
        ergebnis.zeilen[key] = key_node.start_mark.line + 1
    return ergebnis


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> ZListe:
    ergebnis = ZListe(loader.construct_object(child, deep=True) for child in node.value)
    ergebnis.zeile = node.start_mark.line + 1
    ergebnis.zeilen = [child.start_mark.line + 1 for child in node.value]
    return ergebnis


def _zeitstempel(loader: _Loader, node: yaml.ScalarNode) -> Any:
    """Ein Datum ohne Anführungszeichen, das es nicht gibt (`2020-02-30`): Befund mit Zeile statt ValueError."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError, AttributeError):         # AttributeError: `!!timestamp x`
        raise DeutscherFehler(None, None, f"kein gültiges Datum: {node.value} (JJJJ-MM-TT, Monat 1–12, Tag im Monat)",
                       node.start_mark) from None


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _zeitstempel)


MAX_VERWEISE = 50                      # YAML-Aliase (*name) je Datei: schützt vor "Billion Laughs"
_VERWEIS = re.compile(r"(?<![\w\"'])\*[A-Za-z0-9_-]+")


class FormFehler(Exception):
    """Eine gelesene Datei hat nicht die erwartete Form; `befund` nennt Datei:Zeile, Feld und was fehlt."""

    def __init__(self, befund: Befund) -> None:
        self.befund = befund
        super().__init__(str(befund))


def _art(wert: Any) -> str:
    if wert is None:
        return "nichts"
    if isinstance(wert, bool):
        return "ja/nein"
    if isinstance(wert, dict):
        return "eine Abbildung"
    if isinstance(wert, list):
        return "eine Liste"
    if isinstance(wert, dt.datetime):
        return "ein Zeitpunkt"
    if isinstance(wert, dt.date):
        return "ein Datum"
    if isinstance(wert, int | float):
        return f"die Zahl {wert!r}"
    return f"der Text {str(wert)[:40]!r}"


@dataclass(frozen=True)
class Stelle:
    """Ein Wert aus einer gelesenen YAML-Datei mit seinem Ort: Datei, Zeile und Feldpfad (etwa
    `verbuende[0].agenturen[2].bbie_ab`). Lader lesen über sie mit erwartetem Typ (`abbildung`, `liste`,
    `text`, `datum`, …); passt der Wert nicht, wirft sie einen FormFehler, dessen Befund genau diesen Ort
    nennt — statt eines TypeError ohne Zeile."""

    datei: str
    wert: Any
    zeile: int = 1
    feld: str = ""

    @classmethod
    def wurzel(cls, datei: str, wert: Any) -> Stelle:
        return cls(datei, wert, max(getattr(wert, "zeile", 1), 1))

    def falsch(self, meldung: str) -> FormFehler:
        return FormFehler(Befund(self.datei, self.zeile, self.feld, meldung))

    def _kind(self, teil: str | int, wert: Any, zeile: int) -> Stelle:
        feld = f"{self.feld}[{teil}]" if isinstance(teil, int) else (f"{self.feld}.{teil}" if self.feld else teil)
        return Stelle(self.datei, wert, zeile or self.zeile, feld)

    def abbildung(self) -> Stelle:
        if not isinstance(self.wert, dict):
            raise self.falsch(f"erwartet eine Abbildung (Schlüssel: Wert), nicht {_art(self.wert)}")
        return self

    def hat(self, schluessel: str) -> bool:
        return isinstance(self.wert, dict) and schluessel in self.wert

    def get(self, schluessel: str) -> Stelle:
        """Der Wert unter `schluessel` (fehlt er, eine Stelle mit None an der Zeile der Abbildung)."""
        self.abbildung()
        zeilen = getattr(self.wert, "zeilen", {})
        return self._kind(schluessel, self.wert.get(schluessel), zeilen.get(schluessel, 0))

    def __getitem__(self, schluessel: str) -> Stelle:
        """Ein Pflichtfeld: fehlt es, ein Befund „Pflichtfeld fehlt“ mit seinem Namen."""
        if not self.abbildung().hat(schluessel) or self.wert[schluessel] is None:
            raise self._kind(schluessel, None, 0).falsch("Pflichtfeld fehlt")
        return self.get(schluessel)

    def eintraege(self) -> list[Stelle]:
        """Die Elemente einer Liste (nichts = leer)."""
        if self.wert is None:
            return []
        if not isinstance(self.wert, list):
            raise self.falsch(f"erwartet eine Liste, nicht {_art(self.wert)}")
        zeilen = getattr(self.wert, "zeilen", [])
        return [self._kind(i, w, zeilen[i] if i < len(zeilen) else 0) for i, w in enumerate(self.wert)]

    def paare(self) -> list[tuple[str, Stelle]]:
        """Die Einträge einer Abbildung (nichts = leer), Schlüssel als Text."""
        if self.wert is None:
            return []
        self.abbildung()
        return [(str(k), self.get(k)) for k in self.wert]

    def text(self, standard: str | None = None) -> str:
        """Ein Text (Zahlen werden Text); nichts nur mit `standard`."""
        if self.wert is None and standard is not None:
            return standard
        if isinstance(self.wert, bool) or not isinstance(self.wert, str | int | float) or self.wert == "":
            raise self.falsch(f"erwartet einen Text, nicht {_art(self.wert) if self.wert != '' else 'nichts'}")
        return str(self.wert)

    def texte(self) -> tuple[str, ...]:
        return tuple(e.text() for e in self.eintraege())

    def wahr(self, standard: bool = False) -> bool:
        if self.wert is None:
            return standard
        if not isinstance(self.wert, bool):
            raise self.falsch(f"erwartet true oder false, nicht {_art(self.wert)}")
        return self.wert

    def ganzzahl(self) -> int:
        if isinstance(self.wert, bool) or not isinstance(self.wert, int):
            raise self.falsch(f"erwartet eine ganze Zahl, nicht {_art(self.wert)}")
        return self.wert

    def datum(self, pflicht: bool = True) -> dt.date | None:
        if self.wert is None and not pflicht:
            return None
        if not isinstance(self.wert, dt.date) or isinstance(self.wert, dt.datetime):
            raise self.falsch(f"erwartet ein Datum (JJJJ-MM-TT), nicht {_art(self.wert)}")
        return self.wert


def formfehler(datei: str, zeile: int, fehler: Exception) -> Befund:
    """Ein Lader stößt auf eine unerwartete Form (falscher Typ, fehlender Schlüssel): ein Befund mit
    Datei:Zeile und, wenn bekannt, dem Feld — statt eines Absturzes."""
    if isinstance(fehler, KeyError):
        return Befund(datei, zeile, str(fehler.args[0]) if fehler.args else "", "Pflichtfeld fehlt")
    return Befund(datei, zeile, "", f"unerwartete Form ({type(fehler).__name__}: {str(fehler)[:120]}); "
                                    "Aufbau mit den Beispielen in content/ vergleichen")


def lesen_text(text: str, datei: str) -> Any:
    """Liest YAML-Text; Syntaxfehler werden zu einem Befund mit Datei:Zeile (YamlUngueltig, in Worten: yaml_fehler)."""
    verweise = _VERWEIS.findall(text)
    if len(verweise) > MAX_VERWEISE:
        zeile = text[:text.find(verweise[MAX_VERWEISE])].count("\n") + 1
        raise KatalogFehler([Befund(datei, zeile, "", f"mehr als {MAX_VERWEISE} YAML-Verweise (*name): "
                                    "Anker und Verweise sparsam verwenden")])
    try:
        return yaml.load(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError) as fehler:
        raise YamlUngueltig(datei, yaml_fehler(fehler, text)) from None


def lesen(pfad: Path, anzeige: str | None = None) -> Any:
    """Liest eine YAML-Datei (UTF-8) mit Zeilennummern."""
    name = anzeige or str(pfad)
    try:
        text = pfad.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as fehler:
        raise KatalogFehler([Befund(name, 0, "", f"Datei nicht lesbar: {fehler}")]) from None
    return lesen_text(text, name)


def zeile_von(wurzel: Any, pfad: tuple[int | str, ...]) -> int:
    """Die Zeile des tiefsten Knotens entlang `pfad` (z. B. aus einem pydantic-Fehler)."""
    zeile = getattr(wurzel, "zeile", 0)
    knoten = wurzel
    for teil in pfad:
        if isinstance(knoten, ZDict) and isinstance(teil, str) and teil in knoten:
            zeile = knoten.zeilen.get(teil, zeile)
            knoten = knoten[teil]
        elif isinstance(knoten, ZListe) and isinstance(teil, int) and 0 <= teil < len(knoten):
            zeile = knoten.zeilen[teil]
            knoten = knoten[teil]
        else:
            break
    return zeile
