"""Ein Termin als iCalendar-Datei (RFC 5545, Methoden nach RFC 5546) zum Herunterladen.

Ein Termin behält über alle Verschiebungen EINE UID (die Terminnummer des ersten Termins der Kette
`vorgaenger` → `nachfolger`); jede Verschiebung erhöht SEQUENCE, sodass der Kalender des Kunden den
Eintrag ersetzt statt einen zweiten anzulegen. Eine Absage ist METHOD:CANCEL mit STATUS:CANCELLED und
nächsthöherer SEQUENCE: der Kalender entfernt den Eintrag. Ein verschobener (alter) Termin liefert den
aktuellen Stand der Kette."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from icalendar import Calendar, Event, vCalAddress, vText

from kundenportal.fachverfahren.ports.atv import Termin
from kundenportal.fachverfahren.registry import systeme

from .queries import BEREICH_TEXTE

DAUER = dt.timedelta(minutes=30)
DOMAIN = "kundenportal.arbeitsagentur.de"
ORGANISATOR = "mailto:noreply@arbeitsagentur.de"
KETTE_HOECHSTENS = 50        # Schutz gegen eine (fehlerhafte) zyklische Verknüpfung


def kette(termin: Termin, lesen: Callable[[str], Termin | None] | None = None) -> list[Termin]:
    """Alle Termine der Verschiebungskette, vom ersten bis zum aktuellen (über ATV gelesen)."""
    lies = lesen or systeme().atv.termin
    zurueck: list[Termin] = [termin]
    while zurueck[0].vorgaenger and len(zurueck) < KETTE_HOECHSTENS:
        vorher = lies(zurueck[0].vorgaenger)
        if vorher is None or any(t.id == vorher.id for t in zurueck):
            break
        zurueck.insert(0, vorher)
    while zurueck[-1].nachfolger and len(zurueck) < KETTE_HOECHSTENS:
        nachher = lies(zurueck[-1].nachfolger)
        if nachher is None or any(t.id == nachher.id for t in zurueck):
            break
        zurueck.append(nachher)
    return zurueck


def uid(termin: Termin, glieder: list[Termin]) -> str:
    return f"{glieder[0].id if glieder else termin.id}@{DOMAIN}"


def termin_als_ics(termin: Termin, *, erstellt: dt.datetime,
                   lesen: Callable[[str], Termin | None] | None = None) -> bytes:
    glieder = kette(termin, lesen)
    aktuell = glieder[-1]                     # ein verschobener Termin zeigt, was jetzt gilt
    abgesagt = aktuell.status == "abgesagt"
    sequence = len(glieder) - 1 + (1 if abgesagt else 0)
    kalender = Calendar()
    kalender.add("prodid", "-//Bundesagentur für Arbeit//Kundenportal//DE")
    kalender.add("version", "2.0")
    kalender.add("method", "CANCEL" if abgesagt else "PUBLISH")
    ereignis = Event()
    ereignis.add("uid", uid(aktuell, glieder))
    ereignis.add("sequence", sequence)
    ereignis.add("dtstamp", erstellt.astimezone(dt.UTC))
    ereignis.add("dtstart", aktuell.beginn.astimezone(dt.UTC))
    ereignis.add("dtend", (aktuell.beginn + DAUER).astimezone(dt.UTC))
    thema = BEREICH_TEXTE.get(aktuell.bereich, aktuell.bereich)
    ereignis.add("summary", ("Abgesagt: " if abgesagt else "") + f"Termin Agentur für Arbeit: {thema}")
    # Die Videoberatung der Familienkasse hat eine Agentur (wer berät), aber keinen Ort, an den man geht
    ort = "Videoberatung" if aktuell.bereich == "kiz_video" or not aktuell.agentur \
        else f"Agentur für Arbeit {aktuell.agentur}"
    ereignis.add("location", ort)
    beschreibung = f"{thema}, Terminnummer {aktuell.id}"
    if abgesagt:
        beschreibung += ". Dieser Termin ist abgesagt" + (f" (Grund: {aktuell.absagegrund})." if aktuell.absagegrund
                                                          else ".")
    ereignis.add("description", beschreibung)
    organisator = vCalAddress(ORGANISATOR)
    organisator.params["cn"] = vText("Agentur für Arbeit")
    ereignis.add("organizer", organisator)
    ereignis.add("status", "CANCELLED" if abgesagt else "CONFIRMED")
    kalender.add_component(ereignis)
    ics: bytes = kalender.to_ical()
    return ics
