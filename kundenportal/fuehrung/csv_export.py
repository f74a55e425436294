"""CSV der Anlage 5 (Semikolon, UTF-8 mit BOM für Tabellenprogramme): eine Zeile je Kennzahl, eine Spalte
je Vergleichsgruppe; ein leerer Zeitraum ergibt die Kopfzeile und leere Werte — immer gültiges CSV."""

from __future__ import annotations

import csv
import io

from .kennzahlen import Bericht


def anlage5_csv(bericht: Bericht) -> str:
    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    schreiber.writerow(["Kennzahl", "Einheit", *bericht.segment_namen])
    for z in bericht.zeilen:
        schreiber.writerow([z.titel, z.einheit, *("" if w is None else f"{w:g}".replace(".", ",") for w in z.werte)])
    return "\ufeff" + puffer.getvalue()
