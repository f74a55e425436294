"""Pfadabdeckung: jeder Weg vom Start bis zu einem Ende einer Fassung soll in einem Szenario
vorkommen (Schritt-Schlüssel wie in der Engine: eingebundene Schritte mit dem Präfix des
Einbinden-Schritts)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .katalog import Fassung, Katalog
from .modell import Einbinden
from .wege import wege

Pfad = tuple[str, ...]


def pfade(katalog: Katalog, fassung: Fassung) -> list[tuple[Pfad, bool]]:
    """Alle Wege durch `fassung` als Schritt-Schlüssel: (Schlüssel, endet_mit_rueckkehr)."""
    return [(tuple(p.schluessel for p in weg), zurueck) for weg, zurueck in wege(katalog, fassung)]


def abgedeckte(katalog: Katalog, ergebnisse: Sequence[object]) -> dict[str, set[Pfad]]:
    """Fassungs-Schlüssel → gegangene Wege (auch die Teilwege eingebundener Bausteine)."""
    gesehen: dict[str, set[Pfad]] = {}
    for erg in ergebnisse:
        fassung = getattr(erg, "fassung", "")
        weg = tuple(getattr(erg, "weg", []))
        if not fassung or not weg:
            continue
        gesehen.setdefault(fassung, set()).add(weg)
        eingebunden: dict[str, str] = getattr(erg, "eingebunden", {})
        for schluessel in weg:
            if "/" in schluessel:
                continue
            praefix = schluessel + "/"
            teil = tuple(k[len(praefix):] for k in weg if k.startswith(praefix))
            if teil:
                sid = schluessel
                schritt = katalog.fassung(fassung).schritte.get(sid)
                if isinstance(schritt, Einbinden) and schritt.leitfaden in eingebunden:
                    gesehen.setdefault(eingebunden[schritt.leitfaden], set()).add(teil)
    return gesehen


def abdeckung(katalog: Katalog, ergebnisse: Sequence[object]) -> list[tuple[Fassung, int, int, list[Pfad]]]:
    gesehen = abgedeckte(katalog, ergebnisse)
    zeilen = []
    for f in sorted(katalog.fassungen(), key=lambda f: (f.leitfaden_id, f.stand)):
        alle = list(dict.fromkeys(p for p, _ in pfade(katalog, f)))
        offen = [p for p in alle if p not in gesehen.get(f.schluessel, set())]
        zeilen.append((f, len(alle) - len(offen), len(alle), offen))
    return zeilen


def abdeckung_text(katalog: Katalog, pfade_szenarien: list[Path], nur: list[str] | None) -> tuple[str, bool]:
    from kundenportal.fachverfahren.speicher import SpeicherSysteme

    from .szenario import SzenarioFehler, ausfuehren, dateien, szenario_lesen

    test = SpeicherSysteme(katalog.standorte)      # die Zwillinge: keine Datenbank nötig
    ergebnisse = []
    for datei in dateien([p for p in pfade_szenarien if p.exists()]):
        try:
            ergebnisse.append(ausfuehren(katalog, szenario_lesen(datei), test))
        except SzenarioFehler:
            continue
    zeilen = [f"{'Leitfaden':<24} {'Stand':<11} {'Pfade':>9}  Abdeckung"]
    vollstaendig = True
    for f, gedeckt, alle, offen in abdeckung(katalog, ergebnisse):
        if nur and f.leitfaden_id not in nur:
            continue
        anteil = 100 * gedeckt / alle if alle else 100.0
        vollstaendig &= gedeckt == alle
        zeilen.append(f"{f.leitfaden_id:<24} {f.stand:%d.%m.%Y}  {gedeckt:>4}/{alle:<4}  {anteil:5.1f} %")
        for p in offen[:5]:
            zeilen.append(f"    ungedeckt: {' → '.join(x.rsplit('/', 1)[-1] for x in p)}")
        if len(offen) > 5:
            zeilen.append(f"    … und {len(offen) - 5} weitere")
    return "\n".join(zeilen), vollstaendig
