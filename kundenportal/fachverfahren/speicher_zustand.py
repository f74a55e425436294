"""Der Speicher der Zwillinge (speicher.py): ihr gemeinsamer Zustand, gefüllt aus einer Ausgangslage und
zurückgelesen als Zustand — im Format der Szenarien (`ausgangslage` / `zustand`), wie referenz/ausgangslage.py
es für die Referenz auf der Datenbank tut. Ohne Django; geprüft und gelesen wird in `fachverfahren.ausgangslage`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .ausgangslage import KUNDE_FELDER, lage_lesen
from .ports import Systeme
from .ports.atv import Termin
from .ports.aufgaben import Aufgabe
from .ports.kiwi import Kind, KiwiFall
from .ports.step import StepKonto
from .ports.verbis import Kunde, Profil
from .ports.zeitpunkt import BERLIN


@dataclass
class Speicher:
    """Der gemeinsame Zustand aller Zwillinge eines Satzes `SpeicherSysteme`."""

    kunden: dict[str, Kunde] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)            # Kundennummer → E-Mail-Adresse
    profile: dict[str, Profil] = field(default_factory=dict)
    termine: dict[str, Termin] = field(default_factory=dict)
    step: dict[str, StepKonto] = field(default_factory=dict)
    alg: dict[str, bool] = field(default_factory=dict)
    au: list[dict[str, Any]] = field(default_factory=list)
    kiwi: dict[str, KiwiFall] = field(default_factory=dict)
    aufgaben: dict[int, Aufgabe] = field(default_factory=dict)
    versand: list[dict[str, str]] = field(default_factory=list)
    weiterleitungen: list[dict[str, str]] = field(default_factory=list)
    aenderungen: list[dict[str, Any]] = field(default_factory=list)

    def protokoll(self, durch: str, system: str, vorgang: str, kundennummer: str = "", **details: Any) -> None:
        self.aenderungen.append({"benutzer": durch, "system": system, "vorgang": vorgang,
                                 "kundennummer": kundennummer, "details": {k: str(v) for k, v in details.items()}})


def ausgangslage_laden(s: Speicher, roh: dict[str, Any], uhr: Callable[[], dt.datetime]) -> str | None:
    """Füllt den Speicher `s`; gibt die Kundennummer zurück (None ohne Kunde). `uhr` stempelt die Aufgaben."""
    lage = lage_lesen(roh)
    nummer = lage.nummer
    if lage.kunde is not None:
        daten = {f: v for f, v in lage.kunde.items() if f != "email"}
        s.kunden[nummer] = Kunde(kundennummer=nummer, **{"vorname": "", "nachname": "", "geburtsdatum": None,
                                                          "wohnort_agentur": "", **daten})
        if lage.kunde.get("email"):
            s.emails[nummer] = str(lage.kunde["email"])
        if lage.verbis is not None:
            s.profile[nummer] = Profil(**lage.verbis)
    for t in lage.termine:
        termin = Termin(id=t["termin_id"], **{k: v for k, v in t.items() if k != "termin_id"})
        s.termine[termin.id] = termin
    if lage.step is not None:
        s.step[nummer] = StepKonto(nummer, lage.step)
    if lage.colibri is not None:
        s.alg[nummer] = lage.colibri
    if lage.kiwi is not None:
        s.kiwi[nummer] = KiwiFall(kundennummer=nummer, **lage.kiwi,
                                  kinder=[Kind(k["kind_id"], k["vorname"], k["geburtsdatum"], k["haushalt"])
                                          for k in lage.kinder])
    for a in lage.aufgaben:
        aufgabe = Aufgabe(id=max(s.aufgaben, default=0) + 1, an=str(a.get("an", "")),
                          betreff=str(a.get("betreff", "")), kundennummer=nummer, text=str(a.get("text", "")),
                          status=str(a.get("status") or "offen"), erstellt=uhr(), erstellt_von="ausgangslage")
        s.aufgaben[aufgabe.id] = aufgabe
    return lage.kundennummer


def zustand_lesen(s: Speicher, systeme: Systeme, kundennummer: str | None) -> dict[str, Any]:
    """Der Zustand für einen Kunden, in der Form der Ausgangslage (wie referenz.ausgangslage); Termine und
    KIWI-Fall so, wie die Zwillinge in `systeme` sie zeigen."""
    nummer = kundennummer or ""
    zustand: dict[str, Any] = {}
    kunde = s.kunden.get(nummer)
    if kunde:
        werte = {**kunde.__dict__, "email": s.emails.get(nummer, "")}
        zustand["kunde"] = {f: werte[f] for f in sorted(KUNDE_FELDER)}
        if nummer in s.profile:
            zustand["verbis"] = dict(s.profile[nummer].__dict__)
    zustand["termine"] = [{"id": t.id, "bereich": t.bereich, "beginn": t.beginn.astimezone(BERLIN),
                           "agentur": t.agentur, "status": t.status, "kalender": t.kalender,
                           "absagegrund": t.absagegrund, "nachfolger": t.nachfolger}
                          for t in systeme.atv.termine(nummer)]
    konto = s.step.get(nummer)
    zustand["step"] = {"konto": konto is not None, "sicherheitsstufe": konto.sicherheitsstufe if konto else ""}
    zustand["colibri"] = {"alg_bezug": s.alg.get(nummer, False),
                          "au": [{"beginn": a["beginn"], "ende": a["ende"]} for a in s.au
                                 if a["kundennummer"] == nummer]}
    fall = systeme.kiwi.fall(nummer)
    if fall:
        zustand["kiwi"] = {"kindergeldnummer": fall.kindergeldnummer, "familienkasse": fall.familienkasse,
                           "oeffentlicher_dienst": fall.oeffentlicher_dienst,
                           "kinder": [{"id": k.id, "vorname": k.vorname, "geburtsdatum": k.geburtsdatum,
                                       "haushalt": k.haushalt} for k in fall.kinder]}
    zustand["aufgaben"] = [{"id": a.id, "an": a.an, "betreff": a.betreff, "status": a.status}
                           for a in sorted(s.aufgaben.values(), key=lambda a: a.id) if a.kundennummer == nummer]
    zustand["versand"] = [{"leistung": v["leistung"]} for v in s.versand if v["kundennummer"] == nummer]
    return zustand
