"""Die Registry der Prüfungen und was jede braucht: sich eintragen (`@fassungspruefung` je Fassung,
`@leitfadenpruefung` je Leitfaden) und ihren Befund an Datei:Zeile des Schritts melden. Wer die Registry von
hier liest, hat damit das Paket pruefungen geladen und so jede Prüfung eingetragen (pruefungen/__init__.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from ..fehler import Befund
from ..katalog import Fassung, Katalog, Leitfaden

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


# Schrittarten nach genauem Typ (`type(s) is Frage`) statt isinstance: isinstance gegen pydantic-Modelle geht
# über ABCMeta und kostet je verfehlter Klasse einige 100 ns (bei 1.000 Leitfäden Hunderttausende Prüfungen);
# Schritte sind nie Unterklassen ihrer Art.
def _feld(s: object, name: str, sonst: Any) -> Any:
    """Ein Feld des Schritts, wenn seine Art es hat — ohne getattr mit Vorgabe: ein fehlendes Attribut
    geht bei pydantic über __getattr__ und eine Ausnahme (bei 1.000 Leitfäden eine Sekunde der Prüfung)."""
    return s.__dict__.get(name, sonst)


def _befund(f: Fassung, schritt_id: str, feld: str, meldung: str) -> Befund:
    return Befund(f.datei, f.zeile(schritt_id), f"schritte.{schritt_id}.{feld}" if feld else f"schritte.{schritt_id}",
                  meldung)
