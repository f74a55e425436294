"""Lesefragen der Gespräche: Kundendaten aus den Fachverfahren, Kontakthistorie, Kundensuche,
Kennzahlen der Teamleitung.

Reine Leser — das Protokollieren der Zugriffe erledigen die aufrufenden Dienste (services.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Count, F, QuerySet
from django.db.models.functions import TruncDate

from kundenportal.fachverfahren.ports import SYSTEM_KURZNAMEN, SystemNichtErreichbar
from kundenportal.fachverfahren.ports.atv import Termin
from kundenportal.fachverfahren.ports.aufgaben import POSTKOERBE
from kundenportal.fachverfahren.ports.kiwi import KiwiFall
from kundenportal.fachverfahren.ports.verbis import Kunde, Profil, kundennummer_normalisieren
from kundenportal.konten import rechtskreis, zugriff
from kundenportal.leitfaden.gueltigkeit import Zeile, leitfaeden_filtern
from kundenportal.verdrahtung import katalog, systeme
from kundenportal.vorbereitet import Wert

from . import kundensuche
from .models import Kontakt

T = TypeVar("T")


@dataclass(frozen=True)
class Kundendaten:
    """Was neben der Frage steht: Stammdaten, geplante Termine, STEP, ALG, KIWI und das VerBIS-Profil
    (die Angaben aus dem eService „Beratungsgespräch vorbereiten“) — je nur, wenn die Rolle das
    Fachverfahren sehen darf (None: nicht gelesen, nicht gezeigt)."""

    kunde: Kunde
    termine: list[Termin] | None = None
    sicherheitsstufe: str | None = None
    alg_bezug: bool | None = None
    kiwi: KiwiFall | None = None
    profil: Profil | None = None
    gestoert: tuple[str, ...] = ()      # Fachverfahren, die gerade nicht antworten (nicht gezeigt)
    sgb3: bool = True                   # Vermittlungsdaten (Betreuung, Status) gezeigt: nur im Rechtskreis SGB III

    @property
    def gestoert_text(self) -> str:
        return ", ".join(SYSTEM_KURZNAMEN.get(g, g) for g in self.gestoert)

    @property
    def profil_leer(self) -> bool:
        p = self.profil
        return p is None or not (p.fuehrerscheine or p.fahrzeuge or p.sprachkenntnisse or p.freie_angaben
                                 or p.stellengesuch)


def leitfaeden(*, kanal: str, datum: dt.date, standort: str | None, bausteine: bool = False) -> list[Zeile]:
    """Die Leitfäden, die am `datum` in `standort` im `kanal` gelten (Anliegen beim Kontaktstart)."""
    return leitfaeden_filtern(katalog(), kanal=kanal, datum=datum, standort=standort, bausteine=bausteine)


def kunde_lesen(kundennummer: str) -> Kunde | None:
    return systeme().verbis.kunde(kundennummer) if kundennummer else None


def kinder_vornamen(kundennummer: str) -> tuple[str, ...]:
    """Die Vornamen der Kinder im Kindergeldfall (KIWI) — nur zum Schwärzen in der QS der Familienkasse."""
    fall = systeme().kiwi.fall(kundennummer) if kundennummer else None
    return tuple(k.vorname for k in fall.kinder if k.vorname) if fall else ()


def kundendaten(kundennummer: str, user: Any) -> Kundendaten | None:
    """Liest nur aus den Fachverfahren, die `user` sieht (konten.zugriff.fachverfahren_fuer), aus VerBIS ohne
    SGB III nur Name, Geburtsdatum und Wohnortagentur (keine Betreuung, kein Status), und davon nur
    die Termine seines Rechtskreises (konten.zugriff.darf_termin_sehen: keine KiZ-Videoberatung der
    Familienkasse im Service Center SGB III und umgekehrt). Ein gestörtes
    Fachverfahren fehlt in der Anzeige (None, in `gestoert` genannt) statt die Seite abzubrechen; ist
    VerBIS gestört, gibt es keine Kundendaten."""
    s = systeme()
    sichtbar = zugriff.fachverfahren_fuer(user)
    gestoert: list[str] = []

    def lesen(system: str, f: Callable[[], T]) -> T | None:
        if system not in sichtbar:
            return None
        try:
            return f()
        except SystemNichtErreichbar:
            gestoert.append(system)
            return None

    kunde = lesen("verbis", lambda: s.verbis.kunde(kundennummer)) if kundennummer else None
    if kunde is None:
        return None
    sgb3 = zugriff.im_rechtskreis(user, rechtskreis.SGB_III)
    if not sgb3:     # die Familienkasse liest aus VerBIS nur, wer es ist: keine Vermittlungsdaten (§ 35 SGB I)
        kunde = Kunde(kunde.kundennummer, kunde.vorname, kunde.nachname, kunde.geburtsdatum, kunde.wohnort_agentur,
                      betreuung="", status="", online_asu="", abmeldegrund="", abmeldedatum=None)
    konto = lesen("step", lambda: s.step.konto(kundennummer) or "kein_konto")
    return Kundendaten(
        kunde=kunde,
        termine=lesen("atv", lambda: [t for t in s.atv.termine(kundennummer)
                                      if t.status == "geplant" and zugriff.darf_termin_sehen(user, t)]),
        sicherheitsstufe=konto if isinstance(konto, str) or konto is None else konto.sicherheitsstufe,
        alg_bezug=lesen("colibri", lambda: s.colibri.alg_bezug(kundennummer)),
        kiwi=lesen("kiwi", lambda: s.kiwi.fall(kundennummer)),
        profil=lesen("verbis_profil", lambda: s.verbis.profil(kundennummer)),
        gestoert=tuple(gestoert), sgb3=sgb3)


def kunden_finden(*, kundennummer: str = "", nachname: str = "", geburtsdatum: dt.date | None = None) -> list[str]:
    """Kundennummern zu einer Kundennummer oder zu Nachname und Geburtsdatum (beides nötig)."""
    verbis = systeme().verbis
    if kundennummer:
        kunde = verbis.kunde(kundennummer_normalisieren(kundennummer))
        return [kunde.kundennummer] if kunde else []
    if nachname and geburtsdatum:          # auch in Umschrift: "Schroeder" findet "Schröder"
        nummern: list[str] = []
        for name in kundensuche.namensvarianten(nachname):
            nummern += [k.kundennummer for k in verbis.kunden_suchen(name=name, geburtsdatum=geburtsdatum)
                        if k.kundennummer not in nummern]
        return nummern
    return []


def kontakt(kontakt_id: Any) -> Kontakt | None:
    """Ein Kontakt mit seinem Benutzer, oder None. Rechte prüft der aufrufende Dienst."""
    return Kontakt.objects.filter(pk=kontakt_id).select_related("user").first()


def kontakte_von_kunde(kundennummer: str | Wert) -> QuerySet[Kontakt]:
    """Die Kontakte einer Kundin, neueste zuerst (`kundennummer` auch ein Platzhalter einer vorbereiteten Abfrage)."""
    return Kontakt.objects.filter(kundennummer=kundennummer).select_related("user").order_by("-begonnen")


def offene_kontakte(user: Any) -> QuerySet[Kontakt]:
    """Die offenen Kontakte, zuletzt bearbeitete zuerst (ältere Kontakte ohne `bearbeitet` nach `geaendert`)."""
    return Kontakt.objects.filter(user=user, status=Kontakt.OFFEN).order_by(
        F("bearbeitet").desc(nulls_last=True), "-geaendert")


@dataclass(frozen=True)
class Tageszeile:
    tag: dt.date
    leitfaden: str
    ergebnis: str          # leer: noch offen
    anzahl: int


@dataclass(frozen=True)
class Kennzahlen:
    """Kennzahlen für die Teamleitung — nur Zählungen, keine Kundendaten, keine Namen."""

    von: dt.date
    bis: dt.date
    kontakte: int
    je_tag: list[Tageszeile]
    anteil_abbruch_identitaet: float | None      # Anteil an den Kontakten mit Ergebnis; None ohne solche
    schritte_je_kontakt: float | None            # beantwortete Fragen je Kontakt
    offene_aufgaben: dict[str, int]              # Postkorb-Name → offene Aufgaben


def kennzahlen(*, bis: dt.date, kanaele: list[str], postkoerbe: list[str], tage: int = 7,
               standort: str | None = None) -> Kennzahlen:
    """Kontakte je Tag, Leitfaden und Ergebnis der letzten `tage` Tage bis einschließlich `bis` (am
    `standort`, wenn angegeben), der Anteil `abbruch_identitaet`, beantwortete Fragen je Kontakt und
    die offenen Aufgaben je Postkorb (Aufgaben-Port) — nur in den `kanaele` und `postkoerbe`, die der Benutzer
    sieht (konten.zugriff: Rechtskreis). `bis` wird übergeben, nicht gelesen (habit 6)."""
    von = bis - dt.timedelta(days=tage - 1)
    qs = Kontakt.objects.annotate(tag=TruncDate("begonnen")).filter(tag__gte=von, tag__lte=bis, kanal__in=kanaele)
    if standort:
        qs = qs.filter(standort=standort)
    je_tag = [Tageszeile(z["tag"], z["leitfaden"], z["ergebnis"], z["anzahl"]) for z in
              qs.values("tag", "leitfaden", "ergebnis").annotate(anzahl=Count("id"))
              .order_by("-tag", "leitfaden", "ergebnis")]
    laeufe = list(qs.values_list("lauf", flat=True))
    mit_ergebnis = [z for z in je_tag if z.ergebnis]
    beendet = sum(z.anzahl for z in mit_ergebnis)
    abbrueche = sum(z.anzahl for z in mit_ergebnis if z.ergebnis == "abbruch_identitaet")
    schritte = [sum(1 for p in lauf.get("protokoll", []) if str(p).startswith("antwort:")) for lauf in laeufe]
    aufgaben = systeme().aufgaben
    return Kennzahlen(
        von=von, bis=bis, kontakte=len(laeufe), je_tag=je_tag,
        anteil_abbruch_identitaet=abbrueche / beendet if beendet else None,
        schritte_je_kontakt=sum(schritte) / len(schritte) if schritte else None,
        offene_aufgaben={name: len(aufgaben.liste(p, "offen")) for p, name in POSTKOERBE.items() if p in postkoerbe})
