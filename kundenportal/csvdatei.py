"""CSV für Tabellenprogramme, wie alle Downloads des Portals sie schreiben (Anlagen 5 und 7, Zugriffsprotokoll):
Semikolon, CRLF, UTF-8 mit Bytereihenfolge-Marke (Excel erkennt sonst die Umlaute nicht) und kein Text, den eine
Tabellenkalkulation als Formel ausführt (CSV-Injektion)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

_FORMEL = ("=", "+", "-", "@", "\t", "\r")
_ZAHL = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def zelle(wert: str) -> str:
    """Text, der mit = + - @ Tab oder CR beginnt (etwa eine Maßnahme „=HYPERLINK(…)“), bekommt ein ' davor;
    Zahlen („-1,5“) bleiben."""
    return "'" + wert if wert.startswith(_FORMEL) and not _ZAHL.match(wert) else wert


def csv_text(zeilen: Iterable[Iterable[object]]) -> str:
    """Die Zeilen als CSV-Text mit Bytereihenfolge-Marke; jeder Wert als Text (`str`) durch `zelle`."""
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    schreiber.writerows([zelle(str(w)) for w in zeile] for zeile in zeilen)
    return "\ufeff" + puffer.getvalue()
