"""Demokunden für Schulung und Vorführung: Stammdaten in den Referenzsystemen, ein STEP-Konto, ein
Kundenkonto mit Passwort und geplante Termine — über dieselben Wege wie im Betrieb (ATV-Port,
services.kundenkonto_anlegen)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from kundenportal.fachverfahren.ports.atv import kalender_fuer
from kundenportal.fachverfahren.referenz.ausgangslage import ausgangslage_laden
from kundenportal.fachverfahren.registry import systeme
from kundenportal.zeit import BERLIN

from .services import kundenkonto_anlegen

DEMO_PASSWORT = "Beratung2020!"


@dataclass(frozen=True)
class Demokunde:
    kundennummer: str
    vorname: str
    nachname: str
    wohnort_agentur: str
    online_asu: str
    sicherheitsstufe: str
    termine: tuple[str, ...]    # Teams, in deren Agenturkalender ein Termin gebucht wird


DEMOKUNDEN = (
    Demokunde("955D100001", "Aylin", "Demir", "Köln", "abgeschlossen", "basis", ("av", "av")),
    Demokunde("955D100002", "Jonas", "Weber", "Nürnberg", "offen", "ausweissicht", ("bb_im_erwerbsleben",)),
)


@transaction.atomic
def demokunden_anlegen(heute: dt.date) -> list[Demokunde]:
    """Legt fehlende Demokunden an (idempotent); Termine ab einer Woche nach `heute`."""
    s = systeme()
    angelegt = []
    for d in DEMOKUNDEN:
        if s.verbis.kunde(d.kundennummer) is None:
            ausgangslage_laden({
                "kunde": {"kundennummer": d.kundennummer, "vorname": d.vorname, "nachname": d.nachname,
                          "wohnort_agentur": d.wohnort_agentur, "betreuung": d.termine[0],
                          "online_asu": d.online_asu},
                "step": {"konto": True, "sicherheitsstufe": d.sicherheitsstufe}})
            ab = dt.datetime.combine(heute + dt.timedelta(days=7), dt.time(0), BERLIN)
            for bereich in d.termine:
                kalender = kalender_fuer(d.wohnort_agentur, bereich)
                beginn = s.atv.freie_termine(kalender, ab, 1)[0]
                s.atv.termin_buchen(d.kundennummer, bereich, d.wohnort_agentur, beginn, kalender, "demo")
                ab = beginn + dt.timedelta(days=2)
        kundenkonto_anlegen(d.kundennummer, DEMO_PASSWORT)
        angelegt.append(d)
    return angelegt
