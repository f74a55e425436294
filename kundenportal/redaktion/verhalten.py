"""Verhaltens-Diff: die aufgezeichneten Wege vergangener Kontakte (Antworten und erledigte Aufträge
aus dem gepinnten Lauf) gegen den Entwurf nachspielen — ohne ein Fachverfahren zu berühren, denn die
Engine entscheidet nur (house style, habit 2). Gemeldet wird jeder Kontakt, der jetzt etwas anderes
fragen, anders enden oder andere Aktionen ausführen würde; gezeigt werden nur Fakt-, Ergebnis- und
Aktionsnamen, keine Antworten (Sozialdaten bleiben im Kontakt)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kundenportal.fachverfahren.ports import Systeme
from kundenportal.leitfaden.engine import Zug
from kundenportal.leitfaden.fehler import LaufFehler
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.lauf import Lauf
from kundenportal.leitfaden.modell import Frage
from kundenportal.leitfaden.sitzung import Sitzung


@dataclass
class Weg:
    fragen: list[str] = field(default_factory=list)
    ergebnis: str = ""
    aktionen: list[str] = field(default_factory=list)
    halt: str = ""                       # warum der Weg vor dem Ende stehen bleibt


@dataclass
class Abweichung:
    kontakt: str
    begonnen: dt.datetime | None
    fassung_alt: str
    fassung_neu: str
    alt: Weg
    neu: Weg
    gruende: list[str]


def _weg(zug: Zug) -> Weg:
    weg = Weg(fragen=[s.schritt.fakt for s in zug.weg if isinstance(s.schritt, Frage)])
    for s in zug.weg:
        if s.schritt.art in ("aktion", "abgabe") and isinstance(s.wert, dict):
            weg.aktionen.append(f"{s.wert.get('system')}/{s.wert.get('vorgang')}")
    if zug.art == "ende":
        weg.ergebnis = zug.ergebnis
    elif zug.art == "frage":
        weg.halt = f"fragt {zug.fakt}"
    elif zug.art == "aktion":
        weg.halt = f"führt {getattr(zug.schritt, 'system', '')}/{getattr(zug.schritt, 'vorgang', '')} aus"
    else:
        weg.halt = f"liest neu aus einem Fachverfahren (Schritt {zug.schritt.id})"
    return weg


def _sitzung(katalog: Katalog, systeme: Systeme, lauf: Lauf) -> Sitzung:
    return Sitzung.fortsetzen(katalog, systeme, lauf, jetzt=lauf.jetzt, benutzer="redaktion:verhalten",
                              kontakt="verhalten")


def _gehen(sitzung: Sitzung) -> Weg:
    """Nur `stand()`: die Engine geht den Weg mit den aufgezeichneten Antworten und Aufträgen, ohne ein
    Fachverfahren zu fragen."""
    try:
        return _weg(sitzung.stand())
    except (LaufFehler, KeyError) as fehler:
        return Weg(halt=f"bricht ab: {fehler}")


def nachspielen(alt: Katalog, neu: Katalog, systeme: Systeme, lauf_json: dict[str, Any], ersetzt: dict[str, str],
                kontakt: str = "", begonnen: dt.datetime | None = None) -> Abweichung | None:
    """`ersetzt`: Leitfaden-id → Schlüssel der Entwurfsfassung. None, wenn sich nichts ändert."""
    lauf = Lauf.aus_json(lauf_json)
    leitfaden_id = lauf.fassung.rpartition("@")[0]
    if leitfaden_id not in ersetzt and not set(lauf.eingebunden) & set(ersetzt):
        return None
    vorher_sitzung = _sitzung(alt, systeme, lauf)
    vorher = _gehen(vorher_sitzung)
    nachher_lauf = Lauf.aus_json(lauf_json)
    nachher_lauf.fassung = ersetzt.get(leitfaden_id, lauf.fassung)
    nachher_lauf.eingebunden = {k: ersetzt.get(k, v) for k, v in lauf.eingebunden.items()}
    nachher = _gehen(_sitzung(neu, systeme, nachher_lauf))
    if not vorher.aktionen:
        vorher.aktionen = [f"{a.get('system')}/{a.get('vorgang')}" for a in vorher_sitzung.aktionen()]
    gruende = []
    if nachher.fragen != vorher.fragen or nachher.halt.startswith("fragt"):
        gruende.append("fragt etwas anderes")
    if nachher.ergebnis != vorher.ergebnis:
        gruende.append("endet anders")
    if nachher.aktionen != vorher.aktionen or nachher.halt.startswith("führt"):
        gruende.append("andere Aktionen")
    if nachher.halt.startswith(("bricht", "liest")):
        gruende.append(nachher.halt)
    if not gruende:
        return None
    return Abweichung(kontakt=kontakt, begonnen=begonnen, fassung_alt=lauf.fassung,
                      fassung_neu=nachher_lauf.fassung, alt=vorher, neu=nachher, gruende=gruende)


def verhaltensdiff(alt: Katalog, neu: Katalog, laeufe: list[tuple[str, dt.datetime | None, dict[str, Any]]],
                   ersetzt: dict[str, str], systeme: Systeme) -> tuple[int, list[Abweichung]]:
    """(nachgespielt, Abweichungen) über die Läufe (Kontakt-id, Beginn, Lauf-JSON). `systeme` braucht die
    Sitzung zum Bau; `stand()` fragt sie nie."""
    abweichungen = []
    for kontakt, begonnen, lauf in laeufe:
        a = nachspielen(alt, neu, systeme, lauf, ersetzt, kontakt, begonnen)
        if a is not None:
            abweichungen.append(a)
    return len(laeufe), abweichungen
