"""Die Zwillinge der Referenzsysteme im Speicher: dieselben Ports, dieselben Zusagen (tests/fachverfahren/
vertrag laufen gegen beide), aber ohne Django und ohne Datenbank (docs/adr/0006-zwillinge-im-speicher.md).

Die Engine-Tests, alle Szenarien und `make test-fast` laufen damit ohne Datenbank; die Referenz auf der
Datenbank behält ihren eigenen Vertragslauf auf SQLite und PostgreSQL. Jede Änderung hinterlässt einen
Eintrag in `Speicher.aenderungen` (wer, System, Vorgang, Kunde), wie `Aenderung` in der Referenz. Den
gemeinsamen Zustand (`Speicher`), seine Ausgangslage und sein Zurücklesen hält speicher_zustand.py."""

from __future__ import annotations

import copy
import datetime as dt
import uuid
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from .kalender import Kalender, kalender_aus
from .ports import Systeme
from .ports.atv import Termin, TerminNichtFrei, TerminNichtGeplant
from .ports.aufgaben import Aufgabe
from .ports.colibri import KUNDENPORTAL_RECHTE, RECHTE, RechtFehlt
from .ports.kiwi import KiwiFall
from .ports.standorte import Standorte
from .ports.step import StepKonto
from .ports.verbis import Kunde, Profil
from .ports.zeitpunkt import BERLIN
from .speicher_zustand import Speicher, ausgangslage_laden, zustand_lesen

HORIZONT_TAGE = 90
Uhr = Callable[[], dt.datetime]


class VerbisSpeicher:
    def __init__(self, s: Speicher) -> None:
        self.s = s

    def kunde(self, kundennummer: str) -> Kunde | None:
        return self.s.kunden.get(kundennummer)

    def kunden_suchen(self, *, name: str = "", geburtsdatum: dt.date | None = None, grenze: int = 20) -> list[Kunde]:
        treffer = [k for k in self.s.kunden.values() if (not name or k.nachname.lower() == name.strip().lower())
                   and (not geburtsdatum or k.geburtsdatum == geburtsdatum)]
        return sorted(treffer, key=lambda k: (k.nachname, k.vorname))[:grenze]

    def kunde_per_email(self, adresse: str) -> Kunde | None:
        adresse = adresse.strip().lower()
        treffer = [n for n, e in self.s.emails.items() if adresse and e.lower() == adresse]
        return self.s.kunden[treffer[0]] if len(treffer) == 1 else None

    def kunden_per_email(self, adressen: Collection[str]) -> dict[str, Kunde | None]:
        return {a: self.kunde_per_email(a) for a in adressen}

    def abmelden(self, kundennummer: str, abmeldegrund: str, abmeldedatum: dt.date, durch: str) -> Kunde:
        kunde = replace(self._kunde(kundennummer), status="abgemeldet", abmeldegrund=abmeldegrund,
                        abmeldedatum=abmeldedatum)
        self.s.kunden[kundennummer] = kunde
        self.s.protokoll(durch, "verbis", "abmelden", kundennummer, grund=abmeldegrund, datum=abmeldedatum)
        return kunde

    def status_aendern(self, kundennummer: str, status: str, grund: str, ab: dt.date, durch: str) -> Kunde:
        kunde = replace(self._kunde(kundennummer), status=status)
        self.s.kunden[kundennummer] = kunde
        self.s.protokoll(durch, "verbis", "status_aendern", kundennummer, status=status, grund=grund, datum=ab)
        return kunde

    def profil(self, kundennummer: str) -> Profil:
        return self.s.profile.get(kundennummer, Profil())

    def profil_uebernehmen(self, kundennummer: str, profil: Profil, durch: str) -> Profil:
        self._kunde(kundennummer)
        self.s.profile[kundennummer] = profil
        self.s.protokoll(durch, "verbis", "profil_uebernehmen", kundennummer)
        return profil

    def _kunde(self, kundennummer: str) -> Kunde:
        if kundennummer not in self.s.kunden:
            raise LookupError(f"Kunde {kundennummer} gibt es in VerBIS nicht")
        return self.s.kunden[kundennummer]


class AtvSpeicher:
    """Das ATV im Speicher: dieselben Kalenderregeln wie die Referenz (fachverfahren.kalender)."""

    def __init__(self, s: Speicher, standorte: Standorte, uhr: Uhr, oeffnungszeiten: Mapping[str, str]) -> None:
        self.s, self.standorte, self.uhr, self.zeiten = s, standorte, uhr, oeffnungszeiten

    def _kalender(self, name: str) -> Kalender | None:
        return kalender_aus(name, self.standorte, self.zeiten)

    def _belegt(self, kalender: str, beginn: dt.datetime) -> bool:
        return any(t.kalender == kalender and t.beginn == beginn and t.status == "geplant"
                   for t in self.s.termine.values())

    def termine(self, kundennummer: str) -> list[Termin]:
        return sorted((t for t in self.s.termine.values() if t.kundennummer == kundennummer), key=lambda t: t.beginn)

    def termin(self, termin_id: str) -> Termin | None:
        return self.s.termine.get(termin_id)

    def ist_frei(self, kalender: str, beginn: dt.datetime) -> bool:
        k = self._kalender(kalender)
        return k is not None and k.offen(beginn) and not self._belegt(kalender, beginn)

    def freie_termine(self, kalender: str, ab: dt.datetime, anzahl: int = 10) -> list[dt.datetime]:
        k = self._kalender(kalender)
        if k is None:
            return []
        start = ab.astimezone(BERLIN)
        ende = start + dt.timedelta(days=HORIZONT_TAGE)
        frei: list[dt.datetime] = []
        tag = start.date()
        while len(frei) < anzahl and tag < ende.date():
            frei += [z for z in k.zeitfenster(tag) if z > start and not self._belegt(kalender, z)][:anzahl - len(frei)]
            tag += dt.timedelta(days=1)
        return frei

    def _pruefen(self, kalender: str, beginn: dt.datetime) -> None:
        k = self._kalender(kalender)
        if k is None:
            raise LookupError(f"Kalender {kalender} gibt es im ATV nicht")
        if not k.offen(beginn):
            raise TerminNichtFrei(f"Termin nicht mehr frei: {beginn.astimezone(BERLIN):%d.%m.%Y %H:%M} liegt "
                                  f"außerhalb der Öffnungszeiten des Kalenders {kalender}")
        if self._belegt(kalender, beginn):
            raise TerminNichtFrei("Termin nicht mehr frei")

    def termin_buchen(self, kundennummer: str, bereich: str, agentur: str, beginn: dt.datetime,
                      kalender: str, durch: str, *, vorgaenger: str = "") -> Termin:
        self._pruefen(kalender, beginn)
        t = Termin(id=f"A{uuid.uuid4().hex[:10].upper()}", kundennummer=kundennummer, bereich=bereich, beginn=beginn,
                   agentur=agentur, kalender=kalender, vorgaenger=vorgaenger)
        self.s.termine[t.id] = t
        self.s.protokoll(durch, "atv", "termin_buchen", kundennummer, termin=t.id, beginn=beginn)
        return t

    def _geplant(self, termin_id: str, vorgang: str) -> Termin:
        t = self.s.termine.get(termin_id)
        if t is None:
            raise LookupError(f"Termin {termin_id} gibt es im ATV nicht")
        if t.status != "geplant":
            raise TerminNichtGeplant(f"Termin {termin_id} ist nicht geplant (Status {t.status}): "
                                     f"{vorgang} geht nur bei geplanten Terminen")
        return t

    def termin_absagen(self, termin_id: str, grund: str, durch: str) -> Termin:
        if not grund.strip():
            raise ValueError(f"Termin {termin_id}: ein Absagegrund ist Pflicht")
        t = replace(self._geplant(termin_id, "Absagen"), status="abgesagt", absagegrund=grund.strip(),
                    abgesagt_von=durch, abgesagt_am=self.uhr())
        self.s.termine[termin_id] = t
        self.s.protokoll(durch, "atv", "termin_absagen", t.kundennummer, termin=termin_id, grund=grund)
        return t

    def termin_verschieben(self, termin_id: str, beginn: dt.datetime, durch: str) -> Termin:
        alt = self._geplant(termin_id, "Verschieben")
        self.s.termine[termin_id] = replace(alt, status="verschoben")
        try:
            neu = self.termin_buchen(alt.kundennummer, alt.bereich, alt.agentur, beginn, alt.kalender, durch,
                                     vorgaenger=alt.id)
        except Exception:
            self.s.termine[termin_id] = alt          # alles oder nichts, wie die Transaktion der Referenz
            raise
        self.s.termine[termin_id] = replace(alt, status="verschoben", nachfolger=neu.id)
        self.s.protokoll(durch, "atv", "termin_verschieben", alt.kundennummer, termin=termin_id, neu=neu.id)
        return neu

    def termin_nicht_erschienen(self, termin_id: str, durch: str) -> Termin:
        t = self._geplant(termin_id, "Nichterscheinen festhalten")
        if t.beginn > self.uhr():
            raise TerminNichtGeplant(f"Termin {termin_id} hat noch nicht begonnen "
                                     f"({t.beginn.astimezone(BERLIN):%d.%m.%Y %H:%M})")
        self.s.termine[termin_id] = t = replace(t, status="nicht_erschienen")
        self.s.protokoll(durch, "atv", "termin_nicht_erschienen", t.kundennummer, termin=termin_id)
        return t


class ColibriSpeicher:
    def __init__(self, s: Speicher, rechte: tuple[str, ...] = KUNDENPORTAL_RECHTE) -> None:
        self.s, self.rechte = s, rechte

    def alg_bezug(self, kundennummer: str) -> bool:
        return self.s.alg.get(kundennummer, False)

    def _recht(self, vorgang: str) -> None:
        noetig = RECHTE[vorgang]
        if noetig not in self.rechte:
            raise RechtFehlt(f"Colibri-Vorgang {vorgang} braucht das Recht {noetig}; das Kundenportal hat "
                             f"nur {', '.join(self.rechte)}: als Aufgabe an OS AlgPlus abgeben")

    def au_erfassen(self, kundennummer: str, au_beginn: dt.date, au_ende: dt.date, durch: str) -> None:
        self._recht("au_erfassen")
        self.s.au.append({"kundennummer": kundennummer, "beginn": au_beginn, "ende": au_ende})
        self.s.protokoll(durch, "colibri", "au_erfassen", kundennummer, beginn=au_beginn, ende=au_ende)

    def leistung_aufheben(self, kundennummer: str, grund: str, ab: dt.date, durch: str) -> None:
        self._recht("leistung_aufheben")
        if kundennummer in self.s.alg:
            self.s.alg[kundennummer] = False
        self.s.protokoll(durch, "colibri", "leistung_aufheben", kundennummer, grund=grund, ab=ab)


class StepSpeicher:
    def __init__(self, s: Speicher) -> None:
        self.s = s

    def konto(self, kundennummer: str) -> StepKonto | None:
        return self.s.step.get(kundennummer)


class KiwiSpeicher:
    def __init__(self, s: Speicher) -> None:
        self.s = s

    def fall(self, kundennummer: str) -> KiwiFall | None:
        fall = self.s.kiwi.get(kundennummer)
        return replace(fall, kinder=sorted(fall.kinder, key=lambda k: k.id)) if fall else None

    def oeffentlicher_dienst_erfassen(self, kundennummer: str, wert: str, durch: str) -> None:
        if kundennummer not in self.s.kiwi:
            raise LookupError(f"kein KIWI-Fall für {kundennummer}")
        self.s.kiwi[kundennummer] = replace(self.s.kiwi[kundennummer], oeffentlicher_dienst=wert)
        self.s.protokoll(durch, "kiwi", "oeffentlicher_dienst_erfassen", kundennummer, wert=wert)

    def haushaltszugehoerigkeit_hinterlegen(self, kundennummer: str, kind_id: str, haushalt: str, durch: str) -> None:
        fall = self.s.kiwi.get(kundennummer)
        if fall is None or kind_id not in [k.id for k in fall.kinder]:
            raise LookupError(f"kein Kind {kind_id} im KIWI-Fall {kundennummer}")
        kinder = [replace(k, haushalt=haushalt) if k.id == kind_id else k for k in fall.kinder]
        self.s.kiwi[kundennummer] = replace(fall, kinder=kinder)
        self.s.protokoll(durch, "kiwi", "haushaltszugehoerigkeit_hinterlegen", kundennummer, kind=kind_id)


class AufgabenSpeicher:
    def __init__(self, s: Speicher, uhr: Uhr) -> None:
        self.s, self.uhr = s, uhr

    def erstellen(self, an: str, betreff: str, kundennummer: str, text: str, durch: str, kontakt: str) -> Aufgabe:
        a = Aufgabe(id=max(self.s.aufgaben, default=0) + 1, an=an, betreff=betreff, kundennummer=kundennummer,
                    text=text, status="offen", erstellt=self.uhr(), erstellt_von=durch, kontakt=kontakt)
        self.s.aufgaben[a.id] = a
        self.s.protokoll(durch, "aufgaben", "erstellen", kundennummer, an=an)
        return a

    def liste(self, an: str, status: str | None = None, kundennummer: str | None = None) -> list[Aufgabe]:
        return sorted((a for a in self.s.aufgaben.values() if a.an == an and (not status or a.status == status)
                       and (kundennummer is None or a.kundennummer == kundennummer)),
                      key=lambda a: (a.erstellt, a.id))

    def _aufgabe(self, aufgabe_id: int) -> Aufgabe:
        if aufgabe_id not in self.s.aufgaben:
            raise LookupError(f"Aufgabe {aufgabe_id} gibt es nicht")
        return self.s.aufgaben[aufgabe_id]

    def nehmen(self, aufgabe_id: int, durch: str) -> Aufgabe:
        a = self._aufgabe(aufgabe_id)
        if a.status != "offen":
            raise ValueError(f"Aufgabe {aufgabe_id} ist nicht offen (Status {a.status})")
        self.s.aufgaben[aufgabe_id] = a = replace(a, status="in_bearbeitung", bearbeiter=durch)
        self.s.protokoll(durch, "aufgaben", "nehmen", a.kundennummer, aufgabe=aufgabe_id)
        return a

    def zurueckgeben(self, aufgabe_id: int, durch: str) -> Aufgabe:
        a = self._aufgabe(aufgabe_id)
        if a.status != "in_bearbeitung" or a.bearbeiter != durch:
            raise ValueError(f"Aufgabe {aufgabe_id} ist nicht bei {durch} in Bearbeitung (Status {a.status})")
        self.s.aufgaben[aufgabe_id] = a = replace(a, status="offen", bearbeiter="")
        self.s.protokoll(durch, "aufgaben", "zurueckgeben", a.kundennummer, aufgabe=aufgabe_id)
        return a

    def schliessen(self, aufgabe_id: int, durch: str, ergebnis: str) -> Aufgabe:
        a = self._aufgabe(aufgabe_id)
        if a.status != "in_bearbeitung" or a.bearbeiter != durch:
            raise ValueError(f"Aufgabe {aufgabe_id} ist nicht bei {durch} in Bearbeitung (Status {a.status})")
        if not ergebnis.strip():
            raise ValueError(f"Aufgabe {aufgabe_id}: ein Ergebnis fehlt")
        a = replace(a, status="erledigt", ergebnis=ergebnis.strip(), erledigt=self.uhr())
        self.s.aufgaben[aufgabe_id] = a
        self.s.protokoll(durch, "aufgaben", "schliessen", a.kundennummer, aufgabe=aufgabe_id)
        return a


class VersandSpeicher:
    def __init__(self, s: Speicher) -> None:
        self.s = s

    def papierantrag(self, kundennummer: str, leistung: str, durch: str) -> None:
        self.s.versand.append({"kundennummer": kundennummer, "leistung": leistung})
        self.s.protokoll(durch, "versand", "papierantrag", kundennummer, leistung=leistung)


class TelefonieSpeicher:
    def __init__(self, s: Speicher) -> None:
        self.s = s

    def weiterleiten(self, ziel: str, kontakt: str, durch: str) -> None:
        self.s.weiterleitungen.append({"art": "weiterleiten", "ziel": ziel, "kontakt": kontakt, "durch": durch})

    def verbinden(self, ziel: str, kontakt: str, durch: str) -> None:
        self.s.weiterleitungen.append({"art": "verbinden", "ziel": ziel, "kontakt": kontakt, "durch": durch})


def _jetzt() -> dt.datetime:
    return dt.datetime.now(BERLIN)


class SpeicherSysteme:
    """Alle acht Zwillinge über einem Speicher — und die Schnittstelle des Szenario-Runners
    (szenario.Testsysteme): isoliert, ausgangslage_laden, zustand_lesen, systeme."""

    def __init__(self, standorte: Standorte, *, uhr: Uhr = _jetzt, oeffnungszeiten: Mapping[str, str] | None = None,
                 colibri_rechte: tuple[str, ...] = KUNDENPORTAL_RECHTE) -> None:
        self.speicher = s = Speicher()
        self._systeme = Systeme(verbis=VerbisSpeicher(s), atv=AtvSpeicher(s, standorte, uhr, oeffnungszeiten or {}),
                                colibri=ColibriSpeicher(s, colibri_rechte), step=StepSpeicher(s), kiwi=KiwiSpeicher(s),
                                aufgaben=AufgabenSpeicher(s, uhr), versand=VersandSpeicher(s),
                                telefonie=TelefonieSpeicher(s))

    def systeme(self) -> Systeme:
        return self._systeme

    @contextmanager
    def isoliert(self) -> Iterator[None]:
        """Leer hinein, und danach wieder der Zustand von vorher."""
        vorher = copy.deepcopy(self.speicher.__dict__)
        for name, wert in Speicher().__dict__.items():
            setattr(self.speicher, name, wert)
        try:
            yield
        finally:
            self.speicher.__dict__.update(vorher)

    def ausgangslage_laden(self, roh: dict[str, Any]) -> str | None:
        return ausgangslage_laden(self.speicher, roh, _jetzt)

    def zustand_lesen(self, kundennummer: str | None) -> dict[str, Any]:
        """Der Zustand für einen Kunden, in der Form der Ausgangslage (wie referenz.ausgangslage)."""
        return zustand_lesen(self.speicher, self._systeme, kundennummer)
