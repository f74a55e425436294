"""Termine lesen: die eigenen Termine eines Kunden, die BBiE-Agenturen seines Verbundes.

Gelesen wird über den ATV-Port (settings.FACHVERFAHREN), nie an ihm vorbei."""

from __future__ import annotations

import datetime as dt

from kundenportal.fachverfahren.ports.atv import Termin
from kundenportal.fachverfahren.registry import systeme
from kundenportal.leitfaden.standorte import Agentur
from kundenportal.verdrahtung import katalog

BEREICH_TEXTE = {
    "av": "Arbeitsvermittlung",
    "reha_beratung": "Reha-Beratung",
    "reha_vermittlung": "Reha-Vermittlung",
    "bb_vor_erwerbsleben": "Berufsberatung vor dem Erwerbsleben",
    "bb_im_erwerbsleben": "Berufsberatung im Erwerbsleben",
    "weiterbildungsberatung": "Weiterbildungsberatung",
    "kiz_video": "Videoberatung Kinderzuschlag",
}
STATUS_TEXTE = {
    "geplant": "geplant", "abgesagt": "abgesagt", "verschoben": "verschoben",
    "wahrgenommen": "wahrgenommen", "nicht_erschienen": "nicht erschienen",
}


class TerminNichtGefunden(LookupError):
    """Den Termin gibt es nicht, oder er gehört nicht diesem Kunden (beides sieht gleich aus)."""


def termine_des_kunden(kundennummer: str) -> list[Termin]:
    return systeme().atv.termine(kundennummer)


def termin_des_kunden(kundennummer: str, termin_id: str) -> Termin:
    termin = systeme().atv.termin(termin_id)
    if termin is None or termin.kundennummer != kundennummer:
        raise TerminNichtGefunden(f"Termin {termin_id} nicht gefunden")
    return termin


def buchbare_bbie_agenturen(wohnort_agentur: str, datum: dt.date) -> list[Agentur]:
    """Agenturen, bei denen ein Kunde der Agentur `wohnort_agentur` am `datum` einen Termin der
    Berufsberatung im Erwerbsleben buchen kann: die Agenturen ihres Verbundes, die dann BBiE anbieten
    (Weisung 202003006, 2.1; domain.md A8). Die Stammdaten bleiben an der Wohnortagentur."""
    standorte = katalog().standorte
    return [a for a in standorte.verbund_agenturen(wohnort_agentur)
            if standorte.bbie_ablehnung(wohnort_agentur, a.name, datum) is None]
