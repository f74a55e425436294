"""Die Ausgangslage eines Szenarios (`ausgangslage:`), geprüft und in Werte gelesen — ohne Django.

Beide Adapter füllen sich daraus: die Referenz auf der Datenbank (referenz/ausgangslage.py) und der
Zwilling im Speicher (speicher.py). Unbekannte Felder werden abgelehnt, mit Pfad."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kundenportal.fachverfahren.ports.zeitpunkt import zeitpunkt_lesen

KUNDE_FELDER = {"kundennummer", "vorname", "nachname", "geburtsdatum", "wohnort_agentur", "betreuung",
                "status", "online_asu", "abmeldegrund", "abmeldedatum", "email"}
VERBIS_FELDER = {"fuehrerscheine", "fahrzeuge", "sprachkenntnisse", "freie_angaben", "stellengesuch"}


class AusgangslageFehler(ValueError):
    def __init__(self, feld: str, meldung: str) -> None:
        self.feld = feld
        super().__init__(f"{feld}: {meldung}")


@dataclass
class Lage:
    """Die gelesene Ausgangslage. `kunde` ohne die Kundennummer und ohne leere Felder; Termine, Kinder und
    Aufgaben als Abbildungen mit den Feldern der Referenz-Modelle."""

    kundennummer: str | None = None
    kunde: dict[str, Any] | None = None
    verbis: dict[str, Any] | None = None
    termine: list[dict[str, Any]] = field(default_factory=list)
    step: str | None = None                    # Sicherheitsstufe; None = kein Konto
    colibri: bool | None = None                # ALG-Bezug; None = kein Fall
    kiwi: dict[str, Any] | None = None         # kindergeldnummer, familienkasse, oeffentlicher_dienst
    kinder: list[dict[str, Any]] = field(default_factory=list)
    aufgaben: list[dict[str, Any]] = field(default_factory=list)

    @property
    def nummer(self) -> str:
        return self.kundennummer or ""


def felder(daten: Any, erlaubt: set[str], feld: str) -> dict[str, Any]:
    if not isinstance(daten, dict):
        raise AusgangslageFehler(feld, "erwartet eine Abbildung")
    fremd = set(daten) - erlaubt
    if fremd:
        raise AusgangslageFehler(f"{feld}.{sorted(fremd)[0]}", f"unbekanntes Feld (erlaubt: {', '.join(sorted(erlaubt))})")
    return dict(daten)


def datum(wert: Any, feld: str) -> dt.date | None:
    if wert is None or (isinstance(wert, dt.date) and not isinstance(wert, dt.datetime)):
        return wert
    try:
        return dt.date.fromisoformat(str(wert))
    except ValueError:
        raise AusgangslageFehler(feld, f"kein Datum: {wert!r}") from None


def lage_lesen(roh: dict[str, Any] | None) -> Lage:
    """Prüft die Ausgangslage und liest sie in Werte (AusgangslageFehler mit Pfad)."""
    lage = felder(roh or {}, {"kunde", "verbis", "termine", "step", "colibri", "kiwi", "aufgaben", "versand"},
                  "ausgangslage")
    ergebnis = Lage()
    if "kunde" in lage:
        k = felder(lage["kunde"], KUNDE_FELDER, "ausgangslage.kunde")
        if "kundennummer" not in k:
            raise AusgangslageFehler("ausgangslage.kunde.kundennummer", "Pflichtfeld fehlt")
        ergebnis.kundennummer = str(k.pop("kundennummer"))
        for f in ("geburtsdatum", "abmeldedatum"):
            k[f] = datum(k.get(f), f"ausgangslage.kunde.{f}")
        ergebnis.kunde = {f: v for f, v in k.items() if v is not None}
        if "verbis" in lage:
            ergebnis.verbis = felder(lage["verbis"], VERBIS_FELDER, "ausgangslage.verbis")
    for i, t in enumerate(lage.get("termine") or []):
        feld = f"ausgangslage.termine[{i}]"
        t = felder(t, {"id", "bereich", "beginn", "agentur", "status", "kalender"}, feld)
        try:
            beginn = zeitpunkt_lesen(t["beginn"])
        except (KeyError, ValueError) as fehler:
            raise AusgangslageFehler(f"{feld}.beginn", str(fehler)) from None
        bereich, agentur = str(t.get("bereich", "av")), str(t.get("agentur", ""))
        ergebnis.termine.append({"termin_id": str(t.get("id", f"T{i + 1}")), "kundennummer": ergebnis.nummer,
                                 "bereich": bereich, "beginn": beginn, "agentur": agentur,
                                 "status": str(t.get("status", "geplant")),
                                 "kalender": str(t.get("kalender") or f"{agentur}/{bereich}")})
    if "step" in lage:
        s = felder(lage["step"], {"konto", "sicherheitsstufe"}, "ausgangslage.step")
        if s.get("konto", True):
            ergebnis.step = str(s.get("sicherheitsstufe", "basis"))
    if "colibri" in lage:
        ergebnis.colibri = bool(felder(lage["colibri"], {"alg_bezug"}, "ausgangslage.colibri").get("alg_bezug", False))
    if "kiwi" in lage:
        kw = felder(lage["kiwi"], {"kindergeldnummer", "familienkasse", "oeffentlicher_dienst", "kinder"},
                    "ausgangslage.kiwi")
        ergebnis.kiwi = {"kindergeldnummer": str(kw.get("kindergeldnummer", "")),
                         "familienkasse": str(kw.get("familienkasse", "")),
                         "oeffentlicher_dienst": str(kw.get("oeffentlicher_dienst") or "")}
        for j, kind in enumerate(kw.get("kinder") or []):
            kind = felder(kind, {"id", "vorname", "geburtsdatum", "haushalt"}, f"ausgangslage.kiwi.kinder[{j}]")
            ergebnis.kinder.append({"kind_id": str(kind.get("id", f"K{j + 1}")), "vorname": str(kind.get("vorname", "")),
                                    "geburtsdatum": datum(kind.get("geburtsdatum"), f"ausgangslage.kiwi.kinder[{j}]"),
                                    "haushalt": str(kind.get("haushalt", "eltern"))})
    for a in lage.get("aufgaben") or []:
        ergebnis.aufgaben.append(felder(a, {"an", "betreff", "text", "status"}, "ausgangslage.aufgaben"))
    return ergebnis
