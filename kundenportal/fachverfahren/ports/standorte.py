"""Die Standorte als Werte: Agenturen, Verbünde der Berufsberatung im Erwerbsleben (BBiE), Pilotstandorte und
KiZ-Cluster — ohne Django, ohne Datei.

Die Kalender des ATV (fachverfahren.kalender) und der Leitfaden (BBiE-Regeln) fragen dieselben Standorte;
gelesen und geprüft wird content/standorte.yaml in `leitfaden.standorte.standorte_laden`.

Regeln (Weisung 202003006, 2.1; domain.md A2, A7, A8):
- BBiE wird aus dem Verbund für alle seine Agenturen angeboten; gebucht werden kann jede Agentur des
  Verbundes, deren `bbie_ab` gesetzt ist und nicht nach dem Termin liegt. Die Stammdaten bleiben an
  der Wohnortagentur.
- Ein Pilotstandort der Weiterbildungsberatung nutzt die "-Pilot"-Fassungen bis zum Vortag seines
  `bbie_ab`.
- KiZ-Videoberatung wird im Cluster-Kalender der Familienkasse des Kunden gebucht."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Agentur:
    name: str
    verbund: str
    bbie_ab: dt.date | None = None
    pilot_weiterbildungsberatung: bool = False
    land: str = ""            # Bundesland (Feiertage), z. B. BY

    def bietet_bbie(self, datum: dt.date) -> bool:
        return self.bbie_ab is not None and self.bbie_ab <= datum


@dataclass(frozen=True)
class Cluster:
    id: str
    name: str
    familienkassen: tuple[str, ...]


@dataclass
class Standorte:
    agenturen: dict[str, Agentur] = field(default_factory=dict)
    verbuende: dict[str, str] = field(default_factory=dict)       # id → Name
    cluster: dict[str, Cluster] = field(default_factory=dict)

    def verbund_agenturen(self, agentur: str) -> list[Agentur]:
        eigene = self.agenturen.get(agentur)
        if eigene is None:
            return []
        return [a for a in self.agenturen.values() if a.verbund == eigene.verbund]

    def bbie_agenturen(self, agentur: str) -> list[Agentur]:
        """Agenturen des Verbundes von `agentur`, die BBiE anbieten oder anbieten werden (A8)."""
        return [a for a in self.verbund_agenturen(agentur) if a.bbie_ab is not None]

    def bbie_ablehnung(self, wohnort: str, wunsch: str, datum: dt.date | None) -> str | None:
        """Grund, warum `wunsch` für einen Kunden aus `wohnort` nicht buchbar ist, sonst None."""
        eigene = self.agenturen.get(wohnort)
        if eigene is None:
            return f"Wohnortagentur {wohnort} gehört zu keinem Verbund der BBiE"
        ziel = self.agenturen.get(wunsch)
        if ziel is None or ziel.verbund != eigene.verbund:
            name = self.verbuende.get(eigene.verbund, eigene.verbund)
            return f"Agentur {wunsch} gehört nicht zum {name} der Wohnortagentur {wohnort}"
        if ziel.bbie_ab is None:
            return f"Agentur {wunsch} bietet keine Berufsberatung im Erwerbsleben an"
        if datum is not None and ziel.bbie_ab > datum:
            return (f"Agentur {wunsch} bietet die Berufsberatung im Erwerbsleben erst ab "
                    f"{ziel.bbie_ab:%d.%m.%Y} an")
        return None

    def pilot_gilt(self, agentur: str | None, datum: dt.date) -> bool:
        """Gelten an `agentur` am `datum` die Pilot-Fassungen (Weiterbildungsberatung)?"""
        if not agentur or agentur not in self.agenturen:
            return False
        a = self.agenturen[agentur]
        return a.pilot_weiterbildungsberatung and (a.bbie_ab is None or datum < a.bbie_ab)

    def kiz_cluster(self, familienkasse: str) -> Cluster | None:
        for cluster in self.cluster.values():
            if familienkasse in cluster.familienkassen:
                return cluster
        return None
