"""Die Referenz-Adapter: je Port eine vollständige Implementierung auf der eigenen Datenbank.

Jede Änderung läuft in einer Transaktion und hinterlässt einen Eintrag in `Aenderung` (wer, wann,
welcher Kunde, was). Lesen ist frei von Nebenwirkungen.

Sparsam: ein Lesen ist ein Befehl ohne Sortierung (die Schlüssel sind eindeutig), ein Vorgang ohne
fachliche Ablehnung (Versand, Telefonie) schreibt ohne eigenen Sicherungspunkt — scheitert er, scheitert
die ganze Transaktion ohnehin."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Upper

from kundenportal import zeit
from kundenportal.fachverfahren.ports.aufgaben import Aufgabe
from kundenportal.fachverfahren.ports.colibri import RECHTE, RechtFehlt
from kundenportal.fachverfahren.ports.kiwi import Kind, KiwiFall
from kundenportal.fachverfahren.ports.step import StepKonto
from kundenportal.fachverfahren.ports.verbis import Kunde, Profil
from kundenportal.vorbereitet import Abfrage, Wert

from . import models as m
from .atv import AtvReferenz as AtvReferenz  # steht in atv.py; der Pfad hier bleibt für FACHVERFAHREN

T = TypeVar("T")


def _protokoll(benutzer: str, system: str, vorgang: str, kundennummer: str = "", **details: Any) -> None:
    m.Aenderung.objects.create(benutzer=benutzer, system=system, vorgang=vorgang, kundennummer=kundennummer,
                               details={k: str(v) for k, v in details.items()})


def _erster(treffer: list[T]) -> T | None:
    return treffer[0] if treffer else None


# Was bei jedem Gespräch gelesen wird (Kundendaten neben der Frage, Abfragen der Leitfäden), als vorbereitete
# Abfragen: einmal je Verbindung übersetzt, dann nur noch ausgeführt (kundenportal/vorbereitet.py).
def _nummer(modell: type[Any], feld: str = "kundennummer") -> Wert:
    return Wert("kundennummer", modell._meta.get_field(feld))


_KUNDE = Abfrage(lambda: m.Kunde.objects.filter(kundennummer=_nummer(m.Kunde))[:1])
_PROFIL = Abfrage(lambda: m.VerbisProfil.objects.filter(kunde__kundennummer=_nummer(m.Kunde))[:1])
_ALG = Abfrage(lambda: m.AlgFall.objects.filter(kundennummer=_nummer(m.AlgFall), alg_bezug=True).only("pk")[:1])
_STEP = Abfrage(lambda: m.StepKonto.objects.filter(kundennummer=_nummer(m.StepKonto)).only("sicherheitsstufe")[:1])
_KIWI = Abfrage(lambda: m.KiwiFall.objects.filter(kundennummer=_nummer(m.KiwiFall))[:1])
_KINDER = Abfrage(lambda: m.KiwiKind.objects.filter(fall=Wert("fall", m.KiwiKind._meta.get_field("fall")))
                  .order_by("kind_id"))


def _kunde(k: m.Kunde) -> Kunde:
    return Kunde(kundennummer=k.kundennummer, vorname=k.vorname, nachname=k.nachname,
                 geburtsdatum=k.geburtsdatum, wohnort_agentur=k.wohnort_agentur, betreuung=k.betreuung,
                 status=k.status, online_asu=k.online_asu, abmeldegrund=k.abmeldegrund,
                 abmeldedatum=k.abmeldedatum)


def _kunde_zum_aendern(kundennummer: str) -> m.Kunde:
    """Der Kunde, gesperrt zum Ändern; ein unbekannter ist ein LookupError (Port-Vertrag), kein Absturz."""
    k = m.Kunde.objects.select_for_update().filter(kundennummer=kundennummer).first() if kundennummer else None
    if k is None:
        raise LookupError("keine Kundin und kein Kunde mit dieser Kundennummer in VerBIS")
    return k


class VerbisReferenz:
    def kunde(self, kundennummer: str) -> Kunde | None:
        k = _erster(_KUNDE(kundennummer=kundennummer))
        return _kunde(k) if k else None

    def kunden_suchen(self, *, name: str = "", geburtsdatum: dt.date | None = None,
                      grenze: int = 20) -> list[Kunde]:
        qs = m.Kunde.objects.all()
        if name:
            qs = qs.filter(nachname__iexact=name.strip())
        if geburtsdatum:
            qs = qs.filter(geburtsdatum=geburtsdatum)
        return [_kunde(k) for k in qs.order_by("nachname", "vorname")[:grenze]]

    def kunde_per_email(self, adresse: str) -> Kunde | None:
        adresse = adresse.strip()
        if not adresse:
            return None
        treffer = list(m.Kunde.objects.filter(email__iexact=adresse)[:2])
        return _kunde(treffer[0]) if len(treffer) == 1 else None

    def kunden_per_email(self, adressen: Collection[str]) -> dict[str, Kunde | None]:
        """Eine Abfrage für alle Adressen aus ASCII-Zeichen (dort vergleicht UPPER wie `iexact` auf jeder
        Datenbank); eine Adresse mit anderen Zeichen — oder ein Treffer mit solchen — einzeln über
        `kunde_per_email`, damit Groß und Klein genau so verglichen werden wie dort."""
        ergebnis: dict[str, Kunde | None] = dict.fromkeys(adressen)
        gross = {a: a.strip().upper() for a in adressen if a.strip() and a.strip().isascii()}
        einzeln = [a for a in adressen if a.strip() and a not in gross]
        je: dict[str, list[m.Kunde]] = {}
        if gross:
            for k in m.Kunde.objects.annotate(email_gross=Upper("email")).filter(email_gross__in=set(gross.values())):
                je.setdefault(k.email.upper() if k.email.isascii() else "", []).append(k)
        if "" in je:
            einzeln, gross = [a for a in adressen if a.strip()], {}
        for a, g in gross.items():
            treffer = je.get(g, [])
            ergebnis[a] = _kunde(treffer[0]) if len(treffer) == 1 else None
        for a in einzeln:
            ergebnis[a] = self.kunde_per_email(a)
        return ergebnis

    @transaction.atomic
    def abmelden(self, kundennummer: str, abmeldegrund: str, abmeldedatum: dt.date, durch: str) -> Kunde:
        k = _kunde_zum_aendern(kundennummer)
        k.status, k.abmeldegrund, k.abmeldedatum = "abgemeldet", abmeldegrund, abmeldedatum
        k.save(update_fields=["status", "abmeldegrund", "abmeldedatum"])
        _protokoll(durch, "verbis", "abmelden", kundennummer, grund=abmeldegrund, datum=abmeldedatum)
        return _kunde(k)

    @transaction.atomic
    def status_aendern(self, kundennummer: str, status: str, grund: str, ab: dt.date, durch: str) -> Kunde:
        k = m.Kunde.objects.select_for_update().get(kundennummer=kundennummer)
        k.status = status
        k.save(update_fields=["status"])
        _protokoll(durch, "verbis", "status_aendern", kundennummer, status=status, grund=grund, datum=ab)
        return _kunde(k)

    def profil(self, kundennummer: str) -> Profil:
        p = _erster(_PROFIL(kundennummer=kundennummer))
        if p is None:
            return Profil()
        return Profil(fuehrerscheine=list(p.fuehrerscheine), fahrzeuge=list(p.fahrzeuge),
                      sprachkenntnisse=list(p.sprachkenntnisse), freie_angaben=p.freie_angaben,
                      stellengesuch=p.stellengesuch)

    @transaction.atomic
    def profil_uebernehmen(self, kundennummer: str, profil: Profil, durch: str) -> Profil:
        kunde = _kunde_zum_aendern(kundennummer)
        m.VerbisProfil.objects.update_or_create(kunde=kunde, defaults={
            "fuehrerscheine": profil.fuehrerscheine, "fahrzeuge": profil.fahrzeuge,
            "sprachkenntnisse": profil.sprachkenntnisse, "freie_angaben": profil.freie_angaben,
            "stellengesuch": profil.stellengesuch, "geaendert": zeit.jetzt(),
            "geaendert_von": durch})
        _protokoll(durch, "verbis", "profil_uebernehmen", kundennummer)
        return profil


class ColibriReferenz:
    def alg_bezug(self, kundennummer: str) -> bool:
        return bool(_ALG(kundennummer=kundennummer))

    def _recht(self, vorgang: str) -> None:
        noetig = RECHTE[vorgang]
        if noetig not in settings.COLIBRI_RECHTE:
            raise RechtFehlt(f"Colibri-Vorgang {vorgang} braucht das Recht {noetig}; das Kundenportal hat "
                             f"nur {', '.join(settings.COLIBRI_RECHTE)}: als Aufgabe an OS AlgPlus abgeben")

    @transaction.atomic
    def au_erfassen(self, kundennummer: str, au_beginn: dt.date, au_ende: dt.date, durch: str) -> None:
        self._recht("au_erfassen")
        m.AuEintrag.objects.create(kundennummer=kundennummer, beginn=au_beginn, ende=au_ende, erfasst_von=durch)
        _protokoll(durch, "colibri", "au_erfassen", kundennummer, beginn=au_beginn, ende=au_ende)

    @transaction.atomic
    def leistung_aufheben(self, kundennummer: str, grund: str, ab: dt.date, durch: str) -> None:
        self._recht("leistung_aufheben")
        m.AlgFall.objects.filter(kundennummer=kundennummer).update(alg_bezug=False)
        _protokoll(durch, "colibri", "leistung_aufheben", kundennummer, grund=grund, ab=ab)


class StepReferenz:
    def konto(self, kundennummer: str) -> StepKonto | None:
        konto = _erster(_STEP(kundennummer=kundennummer))
        return StepKonto(kundennummer, konto.sicherheitsstufe) if konto is not None else None


class KiwiReferenz:
    def fall(self, kundennummer: str) -> KiwiFall | None:
        f = _erster(_KIWI(kundennummer=kundennummer))
        if f is None:
            return None
        kinder = [Kind(k.kind_id, k.vorname, k.geburtsdatum, k.haushalt) for k in _KINDER(fall=f.pk)]
        return KiwiFall(kundennummer=kundennummer, kindergeldnummer=f.kindergeldnummer,
                        familienkasse=f.familienkasse, oeffentlicher_dienst=f.oeffentlicher_dienst,
                        kinder=kinder)

    @transaction.atomic
    def oeffentlicher_dienst_erfassen(self, kundennummer: str, wert: str, durch: str) -> None:
        if not m.KiwiFall.objects.filter(kundennummer=kundennummer).update(oeffentlicher_dienst=wert):
            raise LookupError(f"kein KIWI-Fall für {kundennummer}")
        _protokoll(durch, "kiwi", "oeffentlicher_dienst_erfassen", kundennummer, wert=wert)

    @transaction.atomic
    def haushaltszugehoerigkeit_hinterlegen(self, kundennummer: str, kind_id: str, haushalt: str,
                                            durch: str) -> None:
        if not m.KiwiKind.objects.filter(fall__kundennummer=kundennummer, kind_id=kind_id).update(haushalt=haushalt):
            raise LookupError(f"kein Kind {kind_id} im KIWI-Fall {kundennummer}")
        _protokoll(durch, "kiwi", "haushaltszugehoerigkeit_hinterlegen", kundennummer, kind=kind_id)


def _aufgabe(a: m.Aufgabe) -> Aufgabe:
    return Aufgabe(id=a.pk, an=a.an, betreff=a.betreff, kundennummer=a.kundennummer, text=a.text,
                   status=a.status, erstellt=a.erstellt, erstellt_von=a.erstellt_von, kontakt=a.kontakt,
                   bearbeiter=a.bearbeiter, ergebnis=a.ergebnis, erledigt=a.erledigt)


class AufgabenReferenz:
    @transaction.atomic
    def erstellen(self, an: str, betreff: str, kundennummer: str, text: str, durch: str,
                  kontakt: str) -> Aufgabe:
        a = m.Aufgabe.objects.create(an=an, betreff=betreff, kundennummer=kundennummer, text=text,
                                     erstellt_von=durch, kontakt=kontakt)
        _protokoll(durch, "aufgaben", "erstellen", kundennummer, an=an)
        return _aufgabe(a)

    def liste(self, an: str, status: str | None = None, kundennummer: str | None = None) -> list[Aufgabe]:
        qs = m.Aufgabe.objects.filter(an=an)
        if status:
            qs = qs.filter(status=status)
        if kundennummer is not None:
            qs = qs.filter(kundennummer=kundennummer)
        return [_aufgabe(a) for a in qs.order_by("erstellt", "pk")]

    @transaction.atomic
    def nehmen(self, aufgabe_id: int, durch: str) -> Aufgabe:
        a = m.Aufgabe.objects.select_for_update().get(pk=aufgabe_id)
        if a.status != "offen":
            raise ValueError(f"Aufgabe {aufgabe_id} ist nicht offen (Status {a.status})")
        a.status, a.bearbeiter = "in_bearbeitung", durch
        a.save(update_fields=["status", "bearbeiter"])
        _protokoll(durch, "aufgaben", "nehmen", a.kundennummer, aufgabe=aufgabe_id)
        return _aufgabe(a)

    @transaction.atomic
    def zurueckgeben(self, aufgabe_id: int, durch: str) -> Aufgabe:
        a = m.Aufgabe.objects.select_for_update().get(pk=aufgabe_id)
        if a.status != "in_bearbeitung" or a.bearbeiter != durch:
            raise ValueError(f"Aufgabe {aufgabe_id} ist nicht bei {durch} in Bearbeitung (Status {a.status})")
        a.status, a.bearbeiter = "offen", ""
        a.save(update_fields=["status", "bearbeiter"])
        _protokoll(durch, "aufgaben", "zurueckgeben", a.kundennummer, aufgabe=aufgabe_id)
        return _aufgabe(a)

    @transaction.atomic
    def schliessen(self, aufgabe_id: int, durch: str, ergebnis: str) -> Aufgabe:
        a = m.Aufgabe.objects.select_for_update().get(pk=aufgabe_id)
        if a.status != "in_bearbeitung" or a.bearbeiter != durch:
            raise ValueError(f"Aufgabe {aufgabe_id} ist nicht bei {durch} in Bearbeitung (Status {a.status})")
        if not ergebnis.strip():
            raise ValueError(f"Aufgabe {aufgabe_id}: ein Ergebnis fehlt")
        a.status, a.ergebnis, a.erledigt = "erledigt", ergebnis.strip(), zeit.jetzt()
        a.save(update_fields=["status", "ergebnis", "erledigt"])
        _protokoll(durch, "aufgaben", "schliessen", a.kundennummer, aufgabe=aufgabe_id)
        return _aufgabe(a)


class VersandReferenz:
    @transaction.atomic(savepoint=False)
    def papierantrag(self, kundennummer: str, leistung: str, durch: str) -> None:
        m.Versandauftrag.objects.create(kundennummer=kundennummer, leistung=leistung, erstellt_von=durch)
        _protokoll(durch, "versand", "papierantrag", kundennummer, leistung=leistung)


class TelefonieReferenz:
    def weiterleiten(self, ziel: str, kontakt: str, durch: str) -> None:
        m.Weiterleitung.objects.create(art="weiterleiten", ziel=ziel, kontakt=kontakt, durch=durch)

    def verbinden(self, ziel: str, kontakt: str, durch: str) -> None:
        m.Weiterleitung.objects.create(art="verbinden", ziel=ziel, kontakt=kontakt, durch=durch)
