"""Die Lesefragen der Katalogseiten: Leitfäden filtern, Suchindex je Datum und Standort, Szenarien für
die Regelspur. Den Katalog selbst hält die Wurzel der Verdrahtung (`kundenportal.verdrahtung.katalog`);
`katalog` bleibt hier als Verweis für bestehende Aufrufer."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

from kundenportal.arbeitsmittel.modell import Arbeitsmittel
from kundenportal.leitfaden.gueltigkeit import Zeile, leitfaeden_filtern
from kundenportal.leitfaden.katalog import Fassung, Katalog, Leitfaden
from kundenportal.leitfaden.modell import Frage
from kundenportal.leitfaden.suche import Suchindex, Treffer
from kundenportal.leitfaden.wortlaut import frage_text
from kundenportal.verdrahtung import katalog, katalog_generation
from kundenportal.verdrahtung.arbeitsmittel import arbeitsmittel

__all__ = ["Spur", "Umsetzung", "Zeile", "arbeitsmittel", "arbeitsmittel_suchen", "fassung", "katalog", "leitfaden", "leitfaeden", "regelspur", "suchen", "suchindex",
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
    umsetzung: list[Umsetzung]
    ohne_schritt: str = ""          # laut Weisung braucht der Punkt keinen Schritt: die Begründung


@dataclass(frozen=True)
class Umsetzung:
    """Ein Leitfaden, der eine Regel umsetzt: die Schritte (lesbar: die Frage, sonst der Anfang des Schritttexts;
    Ziel des Links ist die neueste Fassung, die den Schritt hat) und die belegenden Szenarien als (Kennung, Titel)."""

    leitfaden: str
    schritte: list[tuple[str, dt.date | None, str]]      # (Kennung, Stand der Fassung mit dem Schritt, Text)
    belege: list[tuple[str, str]]


def _vorhaben(schritt: Any) -> str:
    """Eine Aktion ohne Text: was sie tut („ATV: Termin buchen“); ein eingebundener Baustein: sein Name."""
    from kundenportal.leitfaden.auftraege.aktionen import AKTIONEN, SYSTEM_NAMEN

    if getattr(schritt, "system", None):
        eintrag = AKTIONEN.get((schritt.system, schritt.vorgang))
        return f"{SYSTEM_NAMEN.get(schritt.system, schritt.system)}: {eintrag.vorhaben if eintrag else schritt.vorgang}"
    return f"Baustein {schritt.leitfaden}" if getattr(schritt, "leitfaden", None) else ""


def _schritt(k: Katalog, lf: Leitfaden | None, schritt_id: str) -> tuple[dt.date | None, str]:
    """Die neueste Fassung mit diesem Schritt und was die Beschäftigten dort lesen: die Frage (fakten.yaml), sonst
    den Text, gekürzt. Gibt es ihn in keiner Fassung, bleibt die Kennung."""
    for fassung in reversed(lf.fassungen if lf is not None else []):
        schritt = next((s for s in fassung.daten.schritte if s.id == schritt_id), None)
        if schritt is None:
            continue
        frage = frage_text(k.vokabular, schritt) if isinstance(schritt, Frage) and (
            schritt.frage or schritt.fakt in k.vokabular.fakten) else ""      # Wortlaut der Fassung, sonst Label
        ende = k.vokabular.ergebnisse.get(getattr(schritt, "ergebnis", None) or "", "")
        text = " ".join((frage or (schritt.text or "") or _vorhaben(schritt)
                         or (f"Ende: {ende}" if ende else "") or (getattr(schritt, "vermerk", None) or "")
                         or schritt_id).split())
        text = re.sub(r"\{[^}]*\}", "…", text)            # Platzhalter („{termin_beginn}“) stehen erst im Gespräch fest
        return fassung.stand, text if len(text) <= 90 else text[:88].rsplit(" ", 1)[0] + " …"
    return None, schritt_id


def regelspur(nummer: str) -> list[Spur]:
    """Regel → Leitfaden → Schritte → Szenarien, wie `kundenportal katalog weisung --regeln` — lesbar: die
    Schritte mit ihrer Frage statt der Kennung, die Szenarien mit Titel."""
    from kundenportal.leitfaden.weisung import punkte

    k = katalog()
    alle = szenarien()
    ergebnis = []
    for r in k.weisungen[nummer].regeln:
        umsetzung = []
        for u in r.umsetzung:
            lf = k.leitfaeden.get(u.leitfaden)
            basis = lf.basis_id if lf is not None else u.leitfaden
            belege = sorted((s.id, s.titel) for s in alle if s.leitfaden in (u.leitfaden, basis)
                            and nummer in s.regel and r.punkt in punkte(s.regel))
            umsetzung.append(Umsetzung(u.leitfaden, [(sid, *_schritt(k, lf, sid)) for sid in u.schritte], belege))
        ergebnis.append(Spur(r.punkt, r.titel, umsetzung, r.ohne_schritt))
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
