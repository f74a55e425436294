"""Eine kleine Registry (docs/hausstil.md, Gewohnheit 5: Registries statt if-Ketten): Schlüssel → Eintrag,
ein doppelter Schlüssel ist ein Fehler beim Import, kein stilles Überschreiben."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, TypeVar, overload

K = TypeVar("K")
T = TypeVar("T")
D = TypeVar("D")


class DoppelterEintrag(ValueError):
    """Ein Schlüssel wurde zweimal eingetragen (zwei Abfragen, Quellen oder Aktionen gleichen Namens)."""


class Registry(Mapping[K, T]):
    """Lesbar wie eine Abbildung; schreibbar nur über `eintragen`, jeder Schlüssel genau einmal."""

    def __init__(self, art: str) -> None:
        self.art = art
        self._eintraege: dict[K, T] = {}

    def eintragen(self, schluessel: K, eintrag: T) -> T:
        if schluessel in self._eintraege:
            raise DoppelterEintrag(f"{self.art} {schluessel!r} ist schon eingetragen")
        self._eintraege[schluessel] = eintrag
        return eintrag

    def __getitem__(self, schluessel: K) -> T:
        return self._eintraege[schluessel]

    # Direkt am dict statt über die Vorgaben von Mapping (je Aufruf zwei Python-Aufrufe und ein try);
    # die Überladungen halten die Typen wie bei Mapping.get.
    @overload
    def get(self, schluessel: K, /) -> T | None: ...
    @overload
    def get(self, schluessel: K, /, vorgabe: T | D) -> T | D: ...
    def get(self, schluessel: K, /, vorgabe: Any = None) -> Any:
        return self._eintraege.get(schluessel, vorgabe)

    def __contains__(self, schluessel: object) -> bool:
        return schluessel in self._eintraege

    def __iter__(self) -> Iterator[K]:
        return iter(self._eintraege)

    def __len__(self) -> int:
        return len(self._eintraege)
