"""Die Demo-Termine liegen in Kalendern, die es im ATV gibt, an offenen Tagen (Rundgang: „Termin verschieben“
fand für 900D000002 keinen freien Termin — sein Termin lag im Kalender der BBiE einer Agentur ohne BBiE; andere
lagen auf Neujahr oder dem 06.01. in Bayern), und ihre Kennung verrät die Kundennummer nicht (QS zeigt sie
pseudonymisiert)."""

from __future__ import annotations

import datetime as dt
import random

from kundenportal.fachverfahren.kalender import BERLIN, kalender_aus
from kundenportal.gespraech.demodaten import ANZAHL, _kunde
from kundenportal.verdrahtung import katalog


def test_demo_termine_in_offenen_kalendern_und_ohne_kundennummer() -> None:
    standorte = katalog().standorte
    agenturen = sorted(standorte.agenturen)
    for heute in (dt.date(2026, 12, 6), dt.date(2020, 3, 1)):    # über Weihnachten/Neujahr und vor den BBiE-Starts
        zufall, belegt, gesehen = random.Random(20200320), set[tuple[str, str]](), 0
        for i in range(1, ANZAHL + 1):
            lage = _kunde(i, zufall, agenturen, heute, belegt)
            nummer = lage["kunde"]["kundennummer"]
            for t in lage.get("termine", []):
                gesehen += 1
                kalender = kalender_aus(t["kalender"], standorte, {})
                assert kalender is not None, (nummer, t)
                beginn = dt.datetime.fromisoformat(t["beginn"]).replace(tzinfo=BERLIN)
                assert kalender.offen(beginn), (nummer, t)
                assert t["id"].startswith("T-") and nummer[-5:] not in t["id"], (nummer, t)
        assert gesehen > 200
