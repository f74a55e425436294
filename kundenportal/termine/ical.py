"""Ein Termin als iCalendar-Datei (RFC 5545) zum Herunterladen."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from kundenportal.fachverfahren.ports.atv import Termin

from .queries import BEREICH_TEXTE

DAUER = dt.timedelta(minutes=30)


def termin_als_ics(termin: Termin, *, erstellt: dt.datetime) -> bytes:
    kalender = Calendar()
    kalender.add("prodid", "-//Bundesagentur für Arbeit//Kundenportal//DE")
    kalender.add("version", "2.0")
    ereignis = Event()
    ereignis.add("uid", f"{termin.id}@kundenportal.arbeitsagentur.de")
    ereignis.add("dtstamp", erstellt.astimezone(dt.UTC))
    ereignis.add("dtstart", termin.beginn.astimezone(dt.UTC))
    ereignis.add("dtend", (termin.beginn + DAUER).astimezone(dt.UTC))
    thema = BEREICH_TEXTE.get(termin.bereich, termin.bereich)
    ereignis.add("summary", f"Termin Agentur für Arbeit: {thema}")
    ort = f"Agentur für Arbeit {termin.agentur}" if termin.agentur else "Videoberatung"
    ereignis.add("location", ort)
    ereignis.add("description", f"{thema}, Terminnummer {termin.id}")
    ereignis.add("status", "CONFIRMED" if termin.status == "geplant" else "CANCELLED")
    kalender.add_component(ereignis)
    ics: bytes = kalender.to_ical()
    return ics
