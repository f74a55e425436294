"""Die Lesefragen der Katalogseiten: Leitfäden filtern, Suchindex je Datum und Standort, Szenarien für
die Regelspur. Den Katalog selbst hält die Wurzel der Verdrahtung (`kundenportal.verdrahtung.katalog`);
`katalog` bleibt hier als Verweis für bestehende Aufrufer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

from kundenportal.arbeitsmittel.modell import Arbeitsmittel
from kundenportal.leitfaden.gueltigkeit import Zeile, leitfaeden_filtern
from kundenportal.leitfaden.katalog import Fassung, Leitfaden
from kundenportal.leitfaden.suche import Suchindex, Treffer
from kundenportal.verdrahtung import katalog, katalog_generation
from kundenportal.verdrahtung.arbeitsmittel import arbeitsmittel

__all__ = ["Spur", "Zeile", "arbeitsmittel", "arbeitsmittel_suchen", "fassung", "katalog", "leitfaden", "leitfaeden", "regelspur", "suchen", "suchindex",
           "szenarien"]


def suchindex(datum: dt.date, standort: str | None) -> Suchindex:
    """Der Index über die am `datum` in `standort` geltenden Fassungen (gebaut beim ersten Bedarf, je
    Generation des Katalogs)."""
    return _suchindex(katalog_generation(), datum, standort)


@lru_cache(maxsize=64)
def _suchindex(_generation: str, datum: dt.date, standort: str | None) -> Suchindex:
    return Suchindex.aufbauen(katalog(), datum, standort)


def suchen(anfrage: str, datum: dt.date, standort: str | None, kanaele: Iterable[str],
           grenze: int = 20) -> list[Treffer]:
    return suchindex(datum, standort).suchen(anfrage, kanaele, grenze)


def leitfaeden(*, kanal: str = "", weisung: str = "", datum: dt.date | None = None,
               standort: str | None = None, bausteine: bool = True) -> list[Zeile]:
    """Leitfäden, gefiltert nach Kanal, Weisung und Gültigkeit am Datum in Standort
    (gueltigkeit.leitfaeden_filtern über den geltenden Katalog)."""
    return leitfaeden_filtern(katalog(), kanal=kanal, weisung=weisung, datum=datum, standort=standort,
                              bausteine=bausteine)


def leitfaden(leitfaden_id: str) -> Leitfaden | None:
    return katalog().leitfaeden.get(leitfaden_id)


def fassung(leitfaden_id: str, stand: str) -> Fassung | None:
    lf = leitfaden(leitfaden_id)
    try:
        datum = dt.date.fromisoformat(stand)
    except ValueError:
        return None
    return lf.fassung(datum) if lf else None


def szenarien() -> list[Any]:
    """Die Szenarien des Projekts (content/szenarien, darin die öffentlichen unter `oeffentlich/`) als
    Belege der Regelspur."""
    return _szenarien(Path(settings.CONTENT_DIR) / "szenarien")


@lru_cache(maxsize=4)
def _szenarien(ordner: Path) -> list[Any]:
    from kundenportal.leitfaden.szenario import SzenarioFehler, dateien, szenario_lesen

    ergebnis = []
    for datei in dateien([ordner] if ordner.is_dir() else []):
        try:
            ergebnis.append(szenario_lesen(datei))
        except SzenarioFehler:
            continue
    return ergebnis


@dataclass(frozen=True)
class Spur:
    """Eine Regel der Weisung, wo sie umgesetzt ist, und welche Szenarien sie belegen."""

    punkt: str
    titel: str
    umsetzung: list[tuple[str, tuple[str, ...], list[str]]]     # (Leitfaden, Schritte, Szenario-ids)


def regelspur(nummer: str) -> list[Spur]:
    """Regel → Leitfaden → Schritte → Szenarien, wie `kundenportal katalog weisung --regeln`."""
    from kundenportal.leitfaden.weisung import punkte

    k = katalog()
    ergebnis = []
    for r in k.weisungen[nummer].regeln:
        umsetzung = []
        for u in r.umsetzung:
            basis = k.leitfaeden[u.leitfaden].basis_id if u.leitfaden in k.leitfaeden else u.leitfaden
            belege = sorted(s.id for s in szenarien() if s.leitfaden in (u.leitfaden, basis)
                            and nummer in s.regel and r.punkt in punkte(s.regel))
            umsetzung.append((u.leitfaden, u.schritte, belege))
        ergebnis.append(Spur(r.punkt, r.titel, umsetzung))
    return ergebnis


def arbeitsmittel_suchen(anfrage: str) -> list[Arbeitsmittel]:
    """Die neueste Fassung jedes Arbeitsmittels, in dessen Nummer, Titel, Regeln, Leitfäden oder Inhalt
    alle Wörter der Anfrage vorkommen (Groß-/Kleinschreibung egal)."""
    woerter = [w for w in anfrage.casefold().split() if w]
    bestand = arbeitsmittel()
    treffer = []
    for art, nummer in sorted({(a.art, a.nummer) for a in bestand.fassungen}):
        a = bestand.von(art, nummer)[-1]
        text = " ".join([a.nummer, a.titel, *a.regeln, *a.leitfaeden, *a.aenderungen,
                         *(f"{k.text} {k.regel}" for k in a.kriterien), str(a.inhalt)]).casefold()
        if all(w in text for w in woerter):
            treffer.append(a)
    return treffer
