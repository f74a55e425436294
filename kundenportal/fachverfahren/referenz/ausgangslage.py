"""Ausgangslage laden und Zustand lesen — im Format der Szenarien (`ausgangslage` / `zustand`).

Der Szenario-Runner und die Demo-Daten füllen die Referenzsysteme hierüber; Tests lesen den Zustand
hierüber zurück. Unbekannte Felder werden abgelehnt, mit Pfad."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from kundenportal.leitfaden.vokabular import BERLIN, zeitpunkt_lesen

from . import models as m

KUNDE_FELDER = {"kundennummer", "vorname", "nachname", "geburtsdatum", "wohnort_agentur", "betreuung",
                "status", "online_asu", "abmeldegrund", "abmeldedatum", "email"}


class AusgangslageFehler(ValueError):
    def __init__(self, feld: str, meldung: str) -> None:
        self.feld = feld
        super().__init__(f"{feld}: {meldung}")


def _felder(daten: Any, erlaubt: set[str], feld: str) -> dict[str, Any]:
    if not isinstance(daten, dict):
        raise AusgangslageFehler(feld, "erwartet eine Abbildung")
    fremd = set(daten) - erlaubt
    if fremd:
        raise AusgangslageFehler(f"{feld}.{sorted(fremd)[0]}", f"unbekanntes Feld (erlaubt: {', '.join(sorted(erlaubt))})")
    return dict(daten)


def _datum(wert: Any, feld: str) -> dt.date | None:
    if wert is None or (isinstance(wert, dt.date) and not isinstance(wert, dt.datetime)):
        return wert
    try:
        return dt.date.fromisoformat(str(wert))
    except ValueError:
        raise AusgangslageFehler(feld, f"kein Datum: {wert!r}") from None


@transaction.atomic
def ausgangslage_laden(lage: dict[str, Any]) -> str | None:
    """Füllt die Referenzsysteme; gibt die Kundennummer zurück (None ohne Kunde)."""
    lage = _felder(lage or {}, {"kunde", "verbis", "termine", "step", "colibri", "kiwi", "aufgaben", "versand"},
                   "ausgangslage")
    kundennummer: str | None = None
    if "kunde" in lage:
        k = _felder(lage["kunde"], KUNDE_FELDER, "ausgangslage.kunde")
        if "kundennummer" not in k:
            raise AusgangslageFehler("ausgangslage.kunde.kundennummer", "Pflichtfeld fehlt")
        kundennummer = str(k["kundennummer"])
        for f in ("geburtsdatum", "abmeldedatum"):
            k[f] = _datum(k.get(f), f"ausgangslage.kunde.{f}")
        k = {f: v for f, v in k.items() if v is not None}
        kunde = m.Kunde.objects.create(**{f: v for f, v in k.items() if f != "kundennummer"},
                                       kundennummer=kundennummer)
        if "verbis" in lage:
            v = _felder(lage["verbis"], {"fuehrerscheine", "fahrzeuge", "sprachkenntnisse", "freie_angaben",
                                         "stellengesuch"}, "ausgangslage.verbis")
            m.VerbisProfil.objects.create(kunde=kunde, **v)
    nummer = kundennummer or ""
    for i, t in enumerate(lage.get("termine") or []):
        feld = f"ausgangslage.termine[{i}]"
        t = _felder(t, {"id", "bereich", "beginn", "agentur", "status", "kalender"}, feld)
        try:
            beginn = zeitpunkt_lesen(t["beginn"])
        except (KeyError, ValueError) as fehler:
            raise AusgangslageFehler(f"{feld}.beginn", str(fehler)) from None
        bereich = str(t.get("bereich", "av"))
        agentur = str(t.get("agentur", ""))
        m.Termin.objects.create(termin_id=str(t.get("id", f"T{i + 1}")), kundennummer=nummer, bereich=bereich,
                                beginn=beginn, agentur=agentur, status=str(t.get("status", "geplant")),
                                kalender=str(t.get("kalender") or f"{agentur}/{bereich}"))
    if "step" in lage:
        s = _felder(lage["step"], {"konto", "sicherheitsstufe"}, "ausgangslage.step")
        if s.get("konto", True):
            m.StepKonto.objects.create(kundennummer=nummer, sicherheitsstufe=str(s.get("sicherheitsstufe", "basis")))
    if "colibri" in lage:
        c = _felder(lage["colibri"], {"alg_bezug"}, "ausgangslage.colibri")
        m.AlgFall.objects.create(kundennummer=nummer, alg_bezug=bool(c.get("alg_bezug", False)))
    if "kiwi" in lage:
        kw = _felder(lage["kiwi"], {"kindergeldnummer", "familienkasse", "oeffentlicher_dienst", "kinder"},
                     "ausgangslage.kiwi")
        fall = m.KiwiFall.objects.create(kundennummer=nummer, kindergeldnummer=str(kw.get("kindergeldnummer", "")),
                                         familienkasse=str(kw.get("familienkasse", "")),
                                         oeffentlicher_dienst=str(kw.get("oeffentlicher_dienst") or ""))
        for j, kind in enumerate(kw.get("kinder") or []):
            kind = _felder(kind, {"id", "vorname", "geburtsdatum", "haushalt"}, f"ausgangslage.kiwi.kinder[{j}]")
            m.KiwiKind.objects.create(fall=fall, kind_id=str(kind.get("id", f"K{j + 1}")),
                                      vorname=str(kind.get("vorname", "")),
                                      geburtsdatum=_datum(kind.get("geburtsdatum"), f"ausgangslage.kiwi.kinder[{j}]"),
                                      haushalt=str(kind.get("haushalt", "eltern")))
    for a in lage.get("aufgaben") or []:
        a = _felder(a, {"an", "betreff", "text", "status"}, "ausgangslage.aufgaben")
        m.Aufgabe.objects.create(kundennummer=nummer, erstellt_von="ausgangslage", **a)
    return kundennummer


def zustand_lesen(kundennummer: str | None) -> dict[str, Any]:
    """Der Zustand der Systeme für einen Kunden, in der Form der Ausgangslage."""
    nummer = kundennummer or ""
    zustand: dict[str, Any] = {}
    kunde = m.Kunde.objects.filter(kundennummer=nummer).first()
    if kunde:
        zustand["kunde"] = {f: getattr(kunde, f) for f in sorted(KUNDE_FELDER)}
        profil = m.VerbisProfil.objects.filter(kunde=kunde).first()
        if profil:
            zustand["verbis"] = {f: getattr(profil, f) for f in ("fuehrerscheine", "fahrzeuge", "sprachkenntnisse",
                                                                 "freie_angaben", "stellengesuch")}
    zustand["termine"] = [
        {"id": t.termin_id, "bereich": t.bereich, "beginn": t.beginn.astimezone(BERLIN), "agentur": t.agentur,
         "status": t.status, "kalender": t.kalender, "absagegrund": t.absagegrund, "nachfolger": t.nachfolger}
        for t in m.Termin.objects.filter(kundennummer=nummer).order_by("beginn")]
    konto = m.StepKonto.objects.filter(kundennummer=nummer).first()
    zustand["step"] = {"konto": konto is not None, "sicherheitsstufe": konto.sicherheitsstufe if konto else ""}
    alg = m.AlgFall.objects.filter(kundennummer=nummer).first()
    zustand["colibri"] = {"alg_bezug": bool(alg and alg.alg_bezug),
                          "au": [{"beginn": a.beginn, "ende": a.ende} for a in m.AuEintrag.objects.filter(kundennummer=nummer)]}
    fall = m.KiwiFall.objects.filter(kundennummer=nummer).first()
    if fall:
        zustand["kiwi"] = {"kindergeldnummer": fall.kindergeldnummer, "familienkasse": fall.familienkasse,
                           "oeffentlicher_dienst": fall.oeffentlicher_dienst,
                           "kinder": [{"id": k.kind_id, "vorname": k.vorname, "geburtsdatum": k.geburtsdatum,
                                       "haushalt": k.haushalt} for k in fall.kinder.order_by("kind_id")]}
    zustand["aufgaben"] = [{"id": a.pk, "an": a.an, "betreff": a.betreff, "status": a.status}
                           for a in m.Aufgabe.objects.filter(kundennummer=nummer).order_by("pk")]
    zustand["versand"] = [{"leistung": v.leistung} for v in m.Versandauftrag.objects.filter(kundennummer=nummer)]
    return zustand
