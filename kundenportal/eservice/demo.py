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
TERMIN_FENSTER_TAGE = 60


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


def _termine_auffuellen(d: Demokunde, heute: dt.date) -> None:
    """Bucht die Demotermine ab einer Woche nach `heute`, wenn der Kunde in den Wochen nach `heute` keinen
    geplanten Termin hat — so passen die Termine zum Systemdatum, auch wenn die Demokunden an einem anderen
    Tag (oder mit einem anderen KUNDENPORTAL_STICHTAG) angelegt wurden. Ist ein Kalender noch zu (BBiE
    vor `bbie_ab`), entfällt dieser Termin."""
    s = systeme()
    ab = dt.datetime.combine(heute + dt.timedelta(days=7), dt.time(0), BERLIN)
    bis = heute + dt.timedelta(days=TERMIN_FENSTER_TAGE)
    if any(t.status == "geplant" and heute <= t.beginn.astimezone(BERLIN).date() <= bis
           for t in s.atv.termine(d.kundennummer)):
        return
    for bereich in d.termine:
        kalender = kalender_fuer(d.wohnort_agentur, bereich)
        frei = s.atv.freie_termine(kalender, ab, 1)
        if not frei:
            continue
        s.atv.termin_buchen(d.kundennummer, bereich, d.wohnort_agentur, frei[0], kalender, "demo")
        ab = frei[0] + dt.timedelta(days=2)


@transaction.atomic
def demokunden_anlegen(heute: dt.date) -> list[Demokunde]:
    """Legt fehlende Demokunden an und setzt ihr Passwort (idempotent); gibt alle Demokunden zurück.
    Termine: siehe _termine_auffuellen."""
    s = systeme()
    for d in DEMOKUNDEN:
        if s.verbis.kunde(d.kundennummer) is None:
            ausgangslage_laden({
                "kunde": {"kundennummer": d.kundennummer, "vorname": d.vorname, "nachname": d.nachname,
                          "wohnort_agentur": d.wohnort_agentur, "betreuung": d.termine[0],
                          "online_asu": d.online_asu},
                "step": {"konto": True, "sicherheitsstufe": d.sicherheitsstufe}})
        _termine_auffuellen(d, heute)
        kundenkonto_anlegen(d.kundennummer, DEMO_PASSWORT)
    return list(DEMOKUNDEN)
