"""YAML mit Zeilennummern lesen: jede Abbildung und Liste merkt sich, in welcher Zeile ihre Einträge
stehen, damit jeder Befund auf Datei:Zeile zeigen kann."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .fehler import Befund, KatalogFehler


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
        return super().construct_object(node, deep)


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
            raise yaml.constructor.ConstructorError(
                None, None, f"Schlüssel '{key}' doppelt", key_node.start_mark
            )
        ergebnis[key] = loader.construct_object(value_node, deep=True)
        ergebnis.zeilen[key] = key_node.start_mark.line + 1
    return ergebnis


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> ZListe:
    ergebnis = ZListe(loader.construct_object(child, deep=True) for child in node.value)
    ergebnis.zeile = node.start_mark.line + 1
    ergebnis.zeilen = [child.start_mark.line + 1 for child in node.value]
    return ergebnis


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


MAX_VERWEISE = 50                      # YAML-Aliase (*name) je Datei: schützt vor "Billion Laughs"
_VERWEIS = re.compile(r"(?<![\w\"'])\*[A-Za-z0-9_-]+")


def formfehler(datei: str, zeile: int, fehler: Exception) -> Befund:
    """Ein Lader stößt auf eine unerwartete Form (falscher Typ, fehlender Schlüssel): ein Befund mit
    Datei:Zeile und, wenn bekannt, dem Feld — statt eines Absturzes."""
    if isinstance(fehler, KeyError):
        return Befund(datei, zeile, str(fehler.args[0]) if fehler.args else "", "Pflichtfeld fehlt")
    return Befund(datei, zeile, "", f"unerwartete Form ({type(fehler).__name__}: {str(fehler)[:120]}); "
                                    "Aufbau mit den Beispielen in content/ vergleichen")


def lesen_text(text: str, datei: str) -> Any:
    """Liest YAML-Text; Syntaxfehler werden zu einem Befund mit Datei:Zeile."""
    verweise = _VERWEIS.findall(text)
    if len(verweise) > MAX_VERWEISE:
        zeile = text[:text.find(verweise[MAX_VERWEISE])].count("\n") + 1
        raise KatalogFehler([Befund(datei, zeile, "", f"mehr als {MAX_VERWEISE} YAML-Verweise (*name): "
                                    "Anker und Verweise sparsam verwenden")])
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as fehler:
        mark = fehler.problem_mark or fehler.context_mark
        zeile = mark.line + 1 if mark else 0
        meldung = f"kein gültiges YAML: {fehler.problem or fehler.context}"
        raise KatalogFehler([Befund(datei, zeile, "", meldung)]) from None
    except yaml.YAMLError as fehler:
        raise KatalogFehler([Befund(datei, 0, "", f"kein gültiges YAML: {fehler}")]) from None


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
