"""Die Registry der Optionen-Quellen: sie liefern die Optionen einer Frage aus einem System (Termine, freie
Zeiten, Agenturen, Kinder) und prüfen eine Antwort dagegen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kundenportal.fachverfahren.ports import Systeme

from ..kontext import Kontext
from ..registry import Registry
from ..vokabular import BERLIN, wert_text
from .termin import _kalender, _kundennummer, _termin_label


@dataclass(frozen=True)
class Option:
    wert: Any
    label: str


@dataclass(frozen=True)
class OptionenQuelle:
    name: str
    optionen: Callable[[Systeme, Kontext, Mapping[str, Any]], list[Option]]
    ablehnung: Callable[[Systeme, Kontext, Mapping[str, Any], Any], str | None] | None = None


QUELLEN: Registry[str, OptionenQuelle] = Registry("Optionen-Quelle")


def _geplante(systeme: Systeme, kontext: Kontext, _p: Mapping[str, Any]) -> list[Option]:
    termine = systeme.atv.termine(_kundennummer(kontext))
    return [Option(t.id, _termin_label(t)) for t in termine if t.status == "geplant"]


QUELLEN.eintragen("geplante_termine", OptionenQuelle("geplante_termine", _geplante))


def _wohnort(systeme: Systeme, kontext: Kontext) -> str:
    kunde = systeme.verbis.kunde(_kundennummer(kontext))
    return kunde.wohnort_agentur if kunde else (kontext.standort or "")


def _bbie_agenturen(systeme: Systeme, kontext: Kontext, _p: Mapping[str, Any]) -> list[Option]:
    wohnort = _wohnort(systeme, kontext)
    return [Option(a.name, a.name if a.bbie_ab is None or a.bbie_ab <= kontext.datum
                   else f"{a.name} (BBiE ab {a.bbie_ab:%d.%m.%Y})")
            for a in kontext.standorte.bbie_agenturen(wohnort)]


def _bbie_ablehnung(systeme: Systeme, kontext: Kontext, _p: Mapping[str, Any], wert: Any) -> str | None:
    return kontext.standorte.bbie_ablehnung(_wohnort(systeme, kontext), str(wert), None)


QUELLEN.eintragen("bbie_agenturen", OptionenQuelle("bbie_agenturen", _bbie_agenturen, _bbie_ablehnung))


def _freie(systeme: Systeme, kontext: Kontext, p: Mapping[str, Any]) -> list[Option]:
    ab = kontext.jetzt
    if p.get("bereich") == "bb_im_erwerbsleben":
        agentur = kontext.standorte.agenturen.get(str(p.get("agentur")))
        if agentur and agentur.bbie_ab:
            ab = max(ab, dt.datetime.combine(agentur.bbie_ab, dt.time(0), BERLIN))
    if p.get("ab_tag"):   # Filter "ab Tag" (Datum oder Zeitpunkt): die nächsten zehn ab diesem Tag
        tag = p["ab_tag"]
        tag = tag.astimezone(BERLIN).date() if isinstance(tag, dt.datetime) else dt.date.fromisoformat(str(tag))
        ab = max(ab, dt.datetime.combine(tag, dt.time(0), BERLIN))
    return [Option(z, wert_text(z)) for z in systeme.atv.freie_termine(_kalender(p), ab, 10)]


def _freie_ablehnung(systeme: Systeme, kontext: Kontext, p: Mapping[str, Any], wert: Any) -> str | None:
    if wert <= kontext.jetzt:
        return f"{wert_text(wert)} liegt nicht in der Zukunft"
    if p.get("bereich") == "bb_im_erwerbsleben":
        grund = kontext.standorte.bbie_ablehnung(_wohnort(systeme, kontext), str(p.get("agentur")),
                                                 wert.astimezone(BERLIN).date())
        if grund:
            return grund
    if p.get("bereich") == "weiterbildungsberatung":
        agentur = kontext.standorte.agenturen.get(str(p.get("agentur")))
        if agentur and agentur.bbie_ab and wert.astimezone(BERLIN).date() >= agentur.bbie_ab:
            return (f"Die Weiterbildungsberatung (Pilot) in {agentur.name} endet am Vortag des BBiE-Starts "
                    f"{agentur.bbie_ab:%d.%m.%Y}; für spätere Termine die Berufsberatung im Erwerbsleben buchen")
    if not systeme.atv.ist_frei(_kalender(p), wert):
        return f"Termin nicht mehr frei: {wert_text(wert)} im Kalender {_kalender(p)}"
    return None


QUELLEN.eintragen("freie_termine", OptionenQuelle("freie_termine", _freie, _freie_ablehnung))


def _kinder(systeme: Systeme, kontext: Kontext, _p: Mapping[str, Any]) -> list[Option]:
    fall = systeme.kiwi.fall(_kundennummer(kontext))
    return [Option(k.id, f"{k.id} – {k.vorname}" + (f" ({k.geburtsdatum:%d.%m.%Y})" if k.geburtsdatum else ""))
            for k in (fall.kinder if fall else [])]


QUELLEN.eintragen("kinder", OptionenQuelle("kinder", _kinder))

# Aus welchem Fachverfahren eine Optionen-Quelle liest (für „System nicht erreichbar“).
QUELLEN_SYSTEM: Mapping[str, str] = {"geplante_termine": "atv", "freie_termine": "atv",
                                     "bbie_agenturen": "verbis", "kinder": "kiwi"}
