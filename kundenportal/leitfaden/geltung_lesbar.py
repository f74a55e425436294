"""Wo eine Fassung gilt, in Worten (Weisung 202003006, 2.1; domain.md A2): „bundesweit (alle Standorte)“,
„Brühl und Fürth“ oder die Pilotstandorte einer Pilotvariante mit dem Tag, bis zu dem sie dort gilt.

Eine Stelle für alle Leser, damit sie nie verschieden reden: die Liste der Fassungen und die Seite einer Fassung im
Katalog, der Änderungshinweis an die Beschäftigten („gilt in Brühl und Fürth“) und der Szenario-Rekorder. Es gilt
dieselbe Regel wie bei der Auswahl der Fassung (gueltigkeit.aufloesen): ein `geltungsbereich` nennt Verbünde und
Agenturen; ein Leitfaden mit `standortregel: pilot_weiterbildungsberatung` gilt nur an Pilotstandorten bis zum Vortag
ihres BBiE-Starts."""

from __future__ import annotations

import datetime as dt

from .katalog import Fassung, Katalog, Leitfaden
from .modell import Geltungsbereich
from .standorte import Standorte

BUNDESWEIT = "bundesweit (alle Standorte)"


def aufzaehlung(namen: list[str]) -> str:
    """„Brühl“, „Brühl und Fürth“, „Bonn, Brühl und Fürth“."""
    if len(namen) <= 1:
        return "".join(namen)
    return f"{', '.join(namen[:-1])} und {namen[-1]}"


def orte(bereich: Geltungsbereich, standorte: Standorte) -> str:
    """Die Standorte eines Geltungsbereichs: Verbünde mit ihrem Namen („Verbund Köln“), dann die Agenturen."""
    verbuende = [standorte.verbuende.get(v, f"Verbund {v}") for v in bereich.verbuende]
    return aufzaehlung(verbuende + sorted(bereich.agenturen))


def agenturen(bereich: Geltungsbereich, standorte: Standorte) -> list[str]:
    """Alle Agenturen, an denen der Geltungsbereich gilt (die Agenturen seiner Verbünde eingeschlossen), sortiert."""
    verbund_von = {n: a.verbund for n, a in standorte.agenturen.items()}
    return sorted(a for a in standorte.agenturen if bereich.umfasst(a, verbund_von))


def pilotorte(standorte: Standorte) -> str:
    """„Fürth (bis 31.03.2020), Berlin Mitte (bis 30.04.2020) und Bonn (bis 30.06.2020)“: wo Pilotvarianten gelten."""
    namen = []
    for a in standorte.agenturen.values():
        if a.pilot_weiterbildungsberatung:
            ende = f" (bis {a.bbie_ab - dt.timedelta(days=1):%d.%m.%Y})" if a.bbie_ab is not None else ""
            namen.append(f"{a.name}{ende}")
    return aufzaehlung(namen)


def eingeschraenkt(leitfaden: Leitfaden, fassung: Fassung) -> bool:
    """Gilt die Fassung nur an manchen Standorten (Geltungsbereich oder Pilotvariante)?"""
    return fassung.geltungsbereich is not None or leitfaden.kopf.standortregel is not None


def geltung(katalog: Katalog, leitfaden: Leitfaden, fassung: Fassung) -> str:
    """Der Geltungsbereich der Fassung in Worten: „bundesweit (alle Standorte)“, „nur in Brühl und Fürth“ oder
    „an den Pilotstandorten der Weiterbildungsberatung bis zum Start der BBiE: …“ (dazu ggf. der Geltungsbereich)."""
    teile = []
    if leitfaden.kopf.standortregel == "pilot_weiterbildungsberatung":
        teile.append(f"an den Pilotstandorten der Weiterbildungsberatung bis zum Start der BBiE: "
                     f"{pilotorte(katalog.standorte) or 'keiner'}")
    if fassung.geltungsbereich is not None:
        teile.append(f"nur in {orte(fassung.geltungsbereich, katalog.standorte)}")
    return "; ".join(teile) or BUNDESWEIT
