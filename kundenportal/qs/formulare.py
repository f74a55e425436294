"""Welcher Bewertungsbogen (QS-Anlage 2.2.1–2.2.4) gilt für einen Kontakt, mit welchen Kriterien
(Weisung 202003006, Abschnitt 4; domain.md A12).

- Die Anlage folgt dem Kanal (Stichprobenplan 2.2.6, `formulare`), ihre Fassung der Leitfaden-Fassung des
  Kontakts: es gilt die Fassung der Anlage, die am `gueltig_ab` der gepinnten Leitfaden-Fassung gilt.
- Ein Kriterium mit `nur_mit_fakt` steht nur auf dem Bogen, wenn der Leitfaden (oder ein eingebundener)
  diese Frage hat — ein Leitfaden ohne Identitätsschritt (SC 3.017) hat kein Identitätskriterium.
- Ein Kriterium mit `bezug` steht nur auf dem Bogen, wenn einer seiner Leitfäden erreichbar ist."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kundenportal.arbeitsmittel.modell import Arbeitsmittel, Kriterium
from kundenportal.gespraech.models import Kontakt
from kundenportal.leitfaden.gueltigkeit import einbindungen_aufloesen
from kundenportal.leitfaden.katalog import Fassung
from kundenportal.leitfaden.modell import Frage
from kundenportal.verdrahtung import katalog
from kundenportal.verdrahtung.arbeitsmittel import arbeitsmittel

PLAN = "2.2.6"


@dataclass(frozen=True)
class Formular:
    anlage: Arbeitsmittel
    kriterien: tuple[Kriterium, ...]

    @property
    def schluessel(self) -> str:
        return f"{self.anlage.nummer}@{self.anlage.stand.isoformat()}"

    @property
    def titel(self) -> str:
        return f"Anlage {self.anlage.nummer}, Stand {self.anlage.stand:%d.%m.%Y}: {self.anlage.titel}"


def plan_fuer(datum: dt.date) -> Arbeitsmittel:
    """Der Stichprobenplan 2.2.6, der am `datum` gilt (vor dem ersten: der älteste)."""
    return arbeitsmittel().gueltig("qs_anlage", PLAN, datum) or arbeitsmittel().von("qs_anlage", PLAN)[0]


def _erreichbar(fassung: Fassung, standort: str) -> list[Fassung]:
    k = katalog()
    pins = einbindungen_aufloesen(k, fassung, fassung.gueltig_ab, standort or None)
    return [fassung, *(k.fassung(s) for s in pins.values())]


def formular_fuer(kontakt: Kontakt) -> Formular | None:
    """Der Bogen für den Kontakt (None: der Kanal hat keinen Bogen oder die Fassung fehlt)."""
    k = katalog()
    lf = k.leitfaeden.get(kontakt.leitfaden)
    fassung = lf.fassung(kontakt.stand) if lf else None
    if fassung is None:
        return None
    nummer = (plan_fuer(fassung.gueltig_ab).inhalt.get("stichprobenplan") or {}).get("formulare", {}).get(kontakt.kanal)
    anlage = arbeitsmittel().gueltig("qs_anlage", str(nummer), fassung.gueltig_ab) if nummer else None
    if anlage is None:
        return None
    erreichbar = _erreichbar(fassung, kontakt.standort)
    leitfaeden = {f.leitfaden_id for f in erreichbar}
    fakten = {s.fakt for f in erreichbar for s in f.daten.schritte if isinstance(s, Frage)}
    kriterien = tuple(kr for kr in anlage.kriterien
                      if (not kr.nur_mit_fakt or kr.nur_mit_fakt in fakten)
                      and (not kr.bezug or any(b.leitfaden in leitfaeden for b in kr.bezug)))
    return Formular(anlage, kriterien)


def formular_lesen(schluessel: str) -> Formular | None:
    """Ein gespeicherter Bogen-Schlüssel ("2.2.1@2020-03-20") — für Anzeige gespeicherter Bewertungen."""
    nummer, _, stand = schluessel.partition("@")
    try:
        a = arbeitsmittel().fassung("qs_anlage", nummer, dt.date.fromisoformat(stand))
    except ValueError:
        return None
    return Formular(a, a.kriterien) if a else None
