"""Was Abfragen, Optionen-Quellen und Aktionen gleich sehen: die Kundennummer des Kontakts, einen ATV-Termin in
Worten und den Kalender aus den Parametern — an einer Stelle, damit Option, Abfrage-Variable und Vermerk einen
Termin gleich nennen und Quelle (freie_termine) und Aktion (termin_buchen) denselben Kalender meinen."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kundenportal.fachverfahren.ports.atv import kalender_fuer

from ..kontext import Kontext
from ..vokabular import BERLIN


def _kundennummer(kontext: Kontext) -> str:
    return kontext.kundennummer or ""


def _termin_label(t: Any) -> str:
    """Erst, was die Kundin kennt (Tag, Uhrzeit, Bereich, Agentur), dann die Nummer im ATV. Der Bereich steht als
    Code; die Oberfläche zeigt ihn mit seinem Label (gespraech.ansicht.optionen, lesbar.im_text)."""
    return f"{t.beginn.astimezone(BERLIN):%d.%m.%Y %H:%M} Uhr, {t.bereich}, Agentur {t.agentur} (Termin {t.id})"


def _kalender(p: Mapping[str, Any]) -> str:
    return str(p.get("kalender") or kalender_fuer(str(p.get("agentur", "")), str(p.get("bereich", ""))))
