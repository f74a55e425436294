"""Das Referenz-ATV: Termine in den Kalendern je Agentur und Team und den KiZ-Cluster-Kalendern
(kalender.py).

Absagen setzt den Status `abgesagt` mit Grund, wer und wann — gelöscht wird nie (Weisung 202003006,
2.2 a) 2). Verschieben setzt den alten Termin auf `verschoben` und verknüpft ihn mit dem neuen;
`nicht_erschienen` hält ein Fernbleiben fest. Ein Zeitfenster ist höchstens einmal belegt: das sichert
die Datenbank-Bedingung `termin_zeitfenster_einmal` (nur geplante Termine zählen, ein abgesagtes
Fenster ist also wieder frei), nicht eine vorherige Abfrage — bei gleichzeitigen Buchungen gewinnt
genau eine, die anderen bekommen TerminNichtFrei("Termin nicht mehr frei")."""

from __future__ import annotations

import datetime as dt
import time
import uuid

from django.db import IntegrityError, OperationalError, connection, transaction

from kundenportal import zeit
from kundenportal.fachverfahren.ports.atv import Termin, TerminNichtFrei, TerminNichtGeplant
from kundenportal.vorbereitet import Abfrage, Wert

from . import models as m
from .kalender import BERLIN, kalender_lesen

HORIZONT_TAGE = 90
SPERR_VERSUCHE = 5      # SQLite: "database is locked" trotz Wartezeit → erneut versuchen


def _protokoll(benutzer: str, vorgang: str, kundennummer: str, **details: object) -> None:
    m.Aenderung.objects.create(benutzer=benutzer, system="atv", vorgang=vorgang, kundennummer=kundennummer,
                               details={k: str(v) for k, v in details.items()})


# Die Termine einer Kundin stehen bei jedem Gespräch neben der Frage: vorbereitet (kundenportal/vorbereitet.py).
_TERMINE = Abfrage(lambda: m.Termin.objects.filter(kundennummer=Wert("kundennummer",
                                                                     m.Termin._meta.get_field("kundennummer")))
                   .order_by("beginn"))


def _termin(t: m.Termin) -> Termin:
    return Termin(id=t.termin_id, kundennummer=t.kundennummer, bereich=t.bereich, beginn=t.beginn,
                  agentur=t.agentur, kalender=t.kalender, status=t.status, absagegrund=t.absagegrund,
                  abgesagt_von=t.abgesagt_von, abgesagt_am=t.abgesagt_am, nachfolger=t.nachfolger,
                  vorgaenger=t.vorgaenger)


def _geplant(termin_id: str, vorgang: str) -> m.Termin:
    t = m.Termin.objects.select_for_update().filter(termin_id=termin_id).first()
    if t is None:
        raise LookupError(f"Termin {termin_id} gibt es im ATV nicht")
    if t.status != "geplant":
        raise TerminNichtGeplant(f"Termin {termin_id} ist nicht geplant (Status {t.status}): "
                                 f"{vorgang} geht nur bei geplanten Terminen")
    return t


class AtvReferenz:
    """Kalender je Agentur und Team sowie Cluster-Kalender; Zeitfenster aus Öffnungszeiten, Raster und
    den Feiertagen des Landes der Agentur (kalender.py)."""

    def termine(self, kundennummer: str) -> list[Termin]:
        return [_termin(t) for t in _TERMINE(kundennummer=kundennummer)]

    def termin(self, termin_id: str) -> Termin | None:
        t = m.Termin.objects.filter(termin_id=termin_id).first()
        return _termin(t) if t else None

    def ist_frei(self, kalender: str, beginn: dt.datetime) -> bool:
        k = kalender_lesen(kalender)
        if k is None or not k.offen(beginn):
            return False
        return not m.Termin.objects.filter(kalender=kalender, beginn=beginn, status="geplant").exists()

    def freie_termine(self, kalender: str, ab: dt.datetime, anzahl: int = 10) -> list[dt.datetime]:
        """Die nächsten `anzahl` freien Zeitfenster nach `ab` (höchstens 90 Tage voraus)."""
        k = kalender_lesen(kalender)
        if k is None:
            return []
        start = ab.astimezone(BERLIN)
        ende = start + dt.timedelta(days=HORIZONT_TAGE)
        belegt = set(m.Termin.objects.filter(kalender=kalender, status="geplant", beginn__gte=start,
                                             beginn__lt=ende).values_list("beginn", flat=True))
        frei: list[dt.datetime] = []
        tag = start.date()
        while len(frei) < anzahl and tag < ende.date():
            frei += [z for z in k.zeitfenster(tag) if z > start and z not in belegt][:anzahl - len(frei)]
            tag += dt.timedelta(days=1)
        return frei

    def termin_buchen(self, kundennummer: str, bereich: str, agentur: str, beginn: dt.datetime,
                      kalender: str, durch: str, *, vorgaenger: str = "") -> Termin:
        k = kalender_lesen(kalender)
        if k is None:
            raise LookupError(f"Kalender {kalender} gibt es im ATV nicht")
        if not k.offen(beginn):
            raise TerminNichtFrei(f"Termin nicht mehr frei: {beginn.astimezone(BERLIN):%d.%m.%Y %H:%M} liegt "
                                  f"außerhalb der Öffnungszeiten des Kalenders {kalender}")
        for versuch in range(SPERR_VERSUCHE):
            try:
                with transaction.atomic():
                    t = m.Termin.objects.create(
                        termin_id=f"A{uuid.uuid4().hex[:10].upper()}", kundennummer=kundennummer,
                        bereich=bereich, beginn=beginn, agentur=agentur, kalender=kalender, vorgaenger=vorgaenger,
                        geaendert_von=durch, geaendert=zeit.jetzt())
                    _protokoll(durch, "termin_buchen", kundennummer, termin=t.termin_id, beginn=beginn)
                return _termin(t)
            except IntegrityError:
                raise TerminNichtFrei("Termin nicht mehr frei") from None
            except OperationalError as fehler:
                # SQLite meldet "database is locked", wenn die Wartezeit (OPTIONS timeout) nicht reicht.
                # Nur außerhalb einer äußeren Transaktion ist ein neuer Versuch sauber.
                if "locked" not in str(fehler) or connection.in_atomic_block or versuch == SPERR_VERSUCHE - 1:
                    raise
                time.sleep(0.05 * (versuch + 1))
        raise AssertionError("unerreichbar")  # pragma: no cover

    @transaction.atomic
    def termin_absagen(self, termin_id: str, grund: str, durch: str) -> Termin:
        if not grund.strip():
            raise ValueError(f"Termin {termin_id}: ein Absagegrund ist Pflicht")
        t = _geplant(termin_id, "Absagen")
        jetzt = zeit.jetzt()
        t.status, t.absagegrund, t.abgesagt_von, t.abgesagt_am = "abgesagt", grund.strip(), durch, jetzt
        t.geaendert, t.geaendert_von = jetzt, durch
        t.save(update_fields=["status", "absagegrund", "abgesagt_von", "abgesagt_am", "geaendert", "geaendert_von"])
        _protokoll(durch, "termin_absagen", t.kundennummer, termin=termin_id, grund=grund)
        return _termin(t)

    @transaction.atomic
    def termin_verschieben(self, termin_id: str, beginn: dt.datetime, durch: str) -> Termin:
        alt = _geplant(termin_id, "Verschieben")
        alt.status = "verschoben"
        alt.save(update_fields=["status"])
        neu = self.termin_buchen(alt.kundennummer, alt.bereich, alt.agentur, beginn, alt.kalender, durch,
                                 vorgaenger=alt.termin_id)
        alt.nachfolger = neu.id
        alt.geaendert, alt.geaendert_von = zeit.jetzt(), durch
        alt.save(update_fields=["nachfolger", "geaendert", "geaendert_von"])
        _protokoll(durch, "termin_verschieben", alt.kundennummer, termin=termin_id, neu=neu.id)
        return neu

    @transaction.atomic
    def termin_nicht_erschienen(self, termin_id: str, durch: str) -> Termin:
        t = _geplant(termin_id, "Nichterscheinen festhalten")
        if t.beginn > zeit.jetzt():
            raise TerminNichtGeplant(f"Termin {termin_id} hat noch nicht begonnen "
                                     f"({t.beginn.astimezone(BERLIN):%d.%m.%Y %H:%M})")
        t.status, t.geaendert, t.geaendert_von = "nicht_erschienen", zeit.jetzt(), durch
        t.save(update_fields=["status", "geaendert", "geaendert_von"])
        _protokoll(durch, "termin_nicht_erschienen", t.kundennummer, termin=termin_id)
        return _termin(t)
