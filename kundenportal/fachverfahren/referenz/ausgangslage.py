"""Ausgangslage laden und Zustand lesen — im Format der Szenarien (`ausgangslage` / `zustand`).

Der Szenario-Runner und die Demo-Daten füllen die Referenzsysteme hierüber; Tests lesen den Zustand
hierüber zurück. Geprüft und gelesen wird in `fachverfahren.ausgangslage` (Unbekanntes mit Pfad abgelehnt)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kundenportal.fachverfahren.ausgangslage import KUNDE_FELDER, AusgangslageFehler, lage_lesen
from kundenportal.fachverfahren.ports.zeitpunkt import BERLIN

from . import models as m

__all__ = ["KUNDE_FELDER", "AusgangslageFehler", "ausgangslage_laden", "zustand_lesen"]


@transaction.atomic
def ausgangslage_laden(roh: dict[str, Any]) -> str | None:
    """Füllt die Referenzsysteme; gibt die Kundennummer zurück (None ohne Kunde)."""
    lage = lage_lesen(roh)
    nummer = lage.nummer
    if lage.kunde is not None:
        kunde = m.Kunde.objects.create(**lage.kunde, kundennummer=nummer)
        if lage.verbis is not None:
            m.VerbisProfil.objects.create(kunde=kunde, **lage.verbis)
    for t in lage.termine:
        m.Termin.objects.create(**t)
    if lage.step is not None:
        m.StepKonto.objects.create(kundennummer=nummer, sicherheitsstufe=lage.step)
    if lage.colibri is not None:
        m.AlgFall.objects.create(kundennummer=nummer, alg_bezug=lage.colibri)
    if lage.kiwi is not None:
        fall = m.KiwiFall.objects.create(kundennummer=nummer, **lage.kiwi)
        for kind in lage.kinder:
            m.KiwiKind.objects.create(fall=fall, **kind)
    for a in lage.aufgaben:
        m.Aufgabe.objects.create(kundennummer=nummer, erstellt_von="ausgangslage", **a)
    return lage.kundennummer


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
