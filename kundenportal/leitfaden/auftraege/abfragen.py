"""Die Registry der Abfragen (`art: pruefung`): sie lesen Zustand aus den Fachverfahren in Variablen für
Bedingungen; jede nennt ihre Variablen mit Typ (ausdruck.TYPEN) und, wo eine Text-Variable nur bestimmte Werte hat,
welche (`werte`: die Katalogprüfung meldet eine Bedingung, die mit einem anderen Wert vergleicht)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kundenportal.fachverfahren.ports import Systeme
from kundenportal.fachverfahren.ports.step import STUFEN

from ..kontext import Kontext
from ..registry import Registry
from ..vokabular import BERLIN
from .termin import _kundennummer, _termin_label


@dataclass(frozen=True)
class Werte:
    """Die Werte, die eine Text-Variable einer Abfrage annehmen kann: die einer Aufzählung aus content/fakten.yaml
    (`aufzaehlungen`) und, was die Abfrage sonst liefert (`dazu`, etwa "" für einen unbekannten Kunden)."""

    aufzaehlung: str
    dazu: tuple[str, ...] = ()


@dataclass(frozen=True)
class Abfrage:
    name: str
    variablen: dict[str, str]      # Variable → Typ (ausdruck.TYPEN)
    lesen: Callable[[Systeme, Kontext, Mapping[str, Any]], dict[str, Any]]
    beschreibung: str
    werte: dict[str, Werte] = field(default_factory=dict)     # Text-Variable → ihre möglichen Werte


ABFRAGEN: Registry[str, Abfrage] = Registry("Abfrage")


def abfrage(name: str, variablen: dict[str, str], beschreibung: str,
            werte: dict[str, Werte] | None = None) -> Callable[..., Any]:
    def registrieren(f: Callable[[Systeme, Kontext, Mapping[str, Any]], dict[str, Any]]) -> Any:
        ABFRAGEN.eintragen(name, Abfrage(name, variablen, f, beschreibung, dict(werte or {})))
        return f
    return registrieren


@abfrage("kunde", {"online_asu": "text", "betreuung": "text", "kundenstatus": "text",
                   "wohnort_agentur": "text", "kunde_bekannt": "bool"}, "VerBIS: Stammdaten",
         {"online_asu": Werte("online_asu"), "betreuung": Werte("betreuung", ("",)),
          "kundenstatus": Werte("kundenstatus", ("",))})
def _kunde(systeme: Systeme, kontext: Kontext, _p: Mapping[str, Any]) -> dict[str, Any]:
    kunde = systeme.verbis.kunde(_kundennummer(kontext))
    if kunde is None:
        return {"online_asu": "keine", "betreuung": "", "kundenstatus": "", "wohnort_agentur": "",
                "kunde_bekannt": False}
    return {"online_asu": kunde.online_asu, "betreuung": kunde.betreuung, "kundenstatus": kunde.status,
            "wohnort_agentur": kunde.wohnort_agentur, "kunde_bekannt": True}


@abfrage("sicherheitsstufe", {"sicherheitsstufe": "text", "stufe_ausweissicht": "bool"},
         "STEP: Sicherheitsstufe des Online-Kontos (kein Konto zählt unter Ausweissicht, A4)",
         {"sicherheitsstufe": Werte("sicherheitsstufe", ("kein_konto",))})
def _sicherheitsstufe(systeme: Systeme, kontext: Kontext, _p: Mapping[str, Any]) -> dict[str, Any]:
    konto = systeme.step.konto(_kundennummer(kontext))
    stufe = konto.sicherheitsstufe if konto else "kein_konto"
    ausreichend = stufe in STUFEN and STUFEN.index(stufe) >= STUFEN.index("ausweissicht")
    return {"sicherheitsstufe": stufe, "stufe_ausweissicht": ausreichend}


@abfrage("alg_bezug", {"alg_bezug": "bool"}, "Colibri: bezieht der Kunde Arbeitslosengeld?")
def _alg(systeme: Systeme, kontext: Kontext, _p: Mapping[str, Any]) -> dict[str, Any]:
    return {"alg_bezug": systeme.colibri.alg_bezug(_kundennummer(kontext))}


@abfrage("kiwi_fall", {"familienkasse": "text", "kiz_kalender": "text", "kinder": "liste",
                       "oed_erfasst": "text"}, "KIWI: Kindergeldfall und KiZ-Cluster-Kalender",
         {"oed_erfasst": Werte("oeffentlicher_dienst", ("",))})
def _kiwi(systeme: Systeme, kontext: Kontext, _p: Mapping[str, Any]) -> dict[str, Any]:
    fall = systeme.kiwi.fall(_kundennummer(kontext))
    if fall is None:
        return {"familienkasse": "", "kiz_kalender": "", "kinder": [], "oed_erfasst": ""}
    cluster = kontext.standorte.kiz_cluster(fall.familienkasse)
    kinder = [{"id": k.id, "vorname": k.vorname, "haushalt": k.haushalt} for k in fall.kinder]
    return {"familienkasse": fall.familienkasse, "kiz_kalender": cluster.id if cluster else "",
            "kinder": kinder, "oed_erfasst": fall.oeffentlicher_dienst}


@abfrage("termine", {"termine_geplant": "liste", "anzahl_termine_geplant": "zahl"},
         "ATV: geplante Termine des Kunden")
def _termine(systeme: Systeme, kontext: Kontext, _p: Mapping[str, Any]) -> dict[str, Any]:
    geplant = [t for t in systeme.atv.termine(_kundennummer(kontext)) if t.status == "geplant"]
    liste = [{"id": t.id, "bereich": t.bereich, "agentur": t.agentur} for t in geplant]
    return {"termine_geplant": liste, "anzahl_termine_geplant": len(liste)}


@abfrage("termin", {"termin_bereich": "text", "termin_agentur": "text", "termin_beginn": "zeitpunkt",
                    "termin_kalender": "text"}, "ATV: ein Termin (Parameter termin_id)")
def _termin(systeme: Systeme, kontext: Kontext, p: Mapping[str, Any]) -> dict[str, Any]:
    termin = systeme.atv.termin(str(p.get("termin_id", "")))
    if termin is None or termin.kundennummer != _kundennummer(kontext):
        raise LookupError(f"Termin {p.get('termin_id')} gehört nicht zu diesem Kunden")
    return {"termin_bereich": termin.bereich, "termin_agentur": termin.agentur, "termin_beginn": termin.beginn,
            "termin_kalender": termin.kalender}


def _tag(wert: Any) -> dt.date:
    """Ein Kalendertag aus einem Parameter (Datum, Zeitpunkt in Berliner Zeit oder ISO-Text)."""
    if isinstance(wert, dt.datetime):
        return wert.astimezone(BERLIN).date()
    if isinstance(wert, dt.date):
        return wert
    return dt.date.fromisoformat(str(wert)[:10])


@abfrage("termine_im_zeitraum", {"termine_im_zeitraum": "liste", "termin_ids_im_zeitraum": "liste",
                                 "anzahl_termine_im_zeitraum": "zahl", "termine_im_zeitraum_text": "text"},
         "ATV: geplante Termine des Kunden, deren Tag im Zeitraum liegt (Parameter von, bis; beide Tage zählen)")
def _termine_im_zeitraum(systeme: Systeme, kontext: Kontext, p: Mapping[str, Any]) -> dict[str, Any]:
    """Alle geplanten Termine von `von` bis `bis` (Tag in Berliner Zeit), nach Beginn — ohne Grenze der Zahl: eine
    AU-Meldung sagt jeden Termin im AU-Zeitraum ab (Aktion `termine_absagen`), nicht nur die ersten."""
    von, bis = _tag(p["von"]), _tag(p["bis"])
    treffer = sorted((t for t in systeme.atv.termine(_kundennummer(kontext))
                      if t.status == "geplant" and von <= t.beginn.astimezone(BERLIN).date() <= bis),
                     key=lambda t: (t.beginn, t.id))
    return {"termine_im_zeitraum": [{"id": t.id, "bereich": t.bereich, "agentur": t.agentur} for t in treffer],
            "termin_ids_im_zeitraum": [t.id for t in treffer], "anzahl_termine_im_zeitraum": len(treffer),
            "termine_im_zeitraum_text": "; ".join(_termin_label(t) for t in treffer)}

