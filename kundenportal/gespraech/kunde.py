"""Die Kundin, der Kunde zum Kontakt: suchen und auswählen beim Kontaktbeginn, Kundendaten und Kontakthistorie
lesen — nur mit Recht (konten.zugriff), jeder Zugriff protokolliert; gezeigt wird nur der eigene Rechtskreis.
Über `gespraech.services` erreichbar wie jeder Dienst des Gesprächs."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.contrib.sessions.backends.base import SessionBase

from kundenportal import zeit
from kundenportal.fachverfahren.ports.aufgaben import Aufgabe
from kundenportal.fachverfahren.registry import systeme
from kundenportal.konten import rechtskreis, zugriff
from kundenportal.konten.services import zugriff_verweigert_protokollieren, zugriffe_protokollieren
from kundenportal.vorbereitet import Abfrage, Fest, Wert

from . import auswahl, queries
from .fehler import GespraechFehler, KeinZugriff
from .models import Kontakt

_KONTAKT_ID = Wert("id", Kontakt._meta.pk)      # der Kontakt, über den gelesen wird (kundenportal/vorbereitet.py)

IDENTITAET = "identitaet_geprueft"
OHNE_KUNDE = "ohne"       # statt eines Auswahlschlüssels: ausdrücklich ohne Kundennummer beginnen


def kundenauswahl_lesen(sitzung: SessionBase, schluessel: str) -> str | None:
    """Die Kundennummer hinter einer Auswahl aus der Kundensuche (auswahl.py), oder None (abgelaufen, fremd).
    Für Seiten anderer Apps (die Anliegensuche), die die Kundin des Kontaktbeginns mitführen."""
    return auswahl.auswahl_lesen(sitzung, schluessel, zeit.echt())


def kunde_suchen(user: Any, *, kundennummer: str = "", nachname: str = "",
                 geburtsdatum: dt.date | None = None) -> list[str]:
    """Kundensuche beim Kontaktstart (protokolliert). Liefert nur Kundennummern: vor der
    Identitätsprüfung im Leitfaden wird nichts über die Person angezeigt."""
    if not zugriff.darf_kontakte_fuehren(user) or not zugriff.darf_kunden_sehen(user):
        raise KeinZugriff("Kundendaten stehen Ihrer Rolle nicht zur Verfügung.")
    treffer = queries.kunden_finden(kundennummer=kundennummer, nachname=nachname, geburtsdatum=geburtsdatum)
    zugriffe_protokollieren(user, "kunde_suchen", [(nummer, None) for nummer in treffer])
    return treffer


def kundenhistorie_lesen(user: Any, kundennummer: str, kontakt: Kontakt | None = None, *, kundendaten: bool = True,
                         ) -> tuple[queries.Kundendaten | None, list[Kontakt]]:
    """Kundendaten und abgeschlossene Kontakte eines Kunden (protokolliert: der Kontakt, über den die
    Historie geöffnet wurde, und jeder gezeigte Kontakt). `kundendaten=False`: nur die Kontakte (die Seite
    hält die Kundendaten schon) — die Fachverfahren werden dann nicht noch einmal gelesen (None)."""
    if not zugriff.darf_kunden_sehen(user):
        zugriff_verweigert_protokollieren(user, "kundenhistorie_lesen", kundennummer=kundennummer)
        raise KeinZugriff("Kundendaten stehen Ihrer Rolle nicht zur Verfügung.")
    kontakte = [k for k in queries.kontakte_von_kunde(kundennummer).filter(status=Kontakt.ABGESCHLOSSEN)
                if zugriff.darf_kontakt_sehen(user, k)]           # nur der eigene Rechtskreis
    zugriffe_protokollieren(user, "kundenhistorie_lesen", [(kundennummer, kontakt.pk if kontakt else None)]
                            + [(kundennummer, k.pk) for k in kontakte])
    if not kundendaten:
        return None, kontakte
    return queries.kundendaten(kundennummer, user), kontakte


def letzte_kontakte(user: Any, kontakt: Kontakt, anzahl: int = 3) -> list[Kontakt]:
    """Die letzten `anzahl` abgeschlossenen Kontakte der Kundin oder des Kunden eines Kontakts (neben dem
    Gespräch): in der Datenbank begrenzt und auf den eigenen Rechtskreis gefiltert, sodass ein Schritt nicht
    mit der Länge der Historie teurer wird; protokolliert wird der Kontakt, über den gelesen wurde, und jeder
    gezeigte — nicht die ganze Historie. Wer keine Kundendaten sehen darf, bekommt eine leere Liste."""
    if not kontakt.kundennummer or not zugriff.darf_kunden_sehen(user):
        return []
    kanaele = tuple(sorted(rechtskreis.kanaele(*zugriff.rechtskreise_fuer(user))))
    kontakte = [k for k in _letzte_abfrage(kanaele, anzahl)(kundennummer=kontakt.kundennummer, id=kontakt.pk)
                if zugriff.darf_kontakt_sehen(user, k)]
    zugriffe_protokollieren(user, "kundenhistorie_lesen", [(kontakt.kundennummer, kontakt.pk)]
                            + [(kontakt.kundennummer, k.pk) for k in kontakte])
    return kontakte


@functools.cache
def _letzte_abfrage(kanaele: tuple[str, ...], anzahl: int) -> Abfrage[Kontakt]:
    """Die letzten Kontakte, vorbereitet je Rechtskreis (seine Kanäle stehen fest im SQL) und Anzahl."""
    return Abfrage(lambda: queries.kontakte_von_kunde(Wert("kundennummer", Kontakt._meta.get_field("kundennummer")))
                   .filter(status=Fest(Kontakt.ABGESCHLOSSEN, Kontakt._meta.get_field("status")), kanal__in=kanaele)
                   .exclude(pk=_KONTAKT_ID)[:anzahl])


def kundenhistorie_zum_kontakt(user: Any, kontakt: Kontakt) -> tuple[queries.Kundendaten | None, list[Kontakt]]:
    """Die Kontakthistorie der Kundin oder des Kunden eines Kontakts: so erreicht die Seite die Historie
    ohne Kundennummer in der URL. Der Kontakt ist dabei der Schlüssel — wer ihn nicht sehen darf
    (darf_kontakt_sehen), erfährt über ihn auch nichts; sonst gilt dieselbe Prüfung wie bei
    `kundenhistorie_lesen`. Ein Kontakt ohne Kundennummer hat keine Historie (code `ohne_kundennummer`)."""
    if not zugriff.darf_kontakt_sehen(user, kontakt):
        zugriff_verweigert_protokollieren(user, "kundenhistorie_lesen", kundennummer=kontakt.kundennummer,
                                          kontakt=kontakt.pk)
        raise KeinZugriff("Diesen Kontakt dürfen Sie nicht sehen.")
    if not kontakt.kundennummer:
        raise GespraechFehler("ohne_kundennummer", "Dieser Kontakt ist ohne Kundennummer geführt; "
                              "es gibt keine Kontakthistorie dazu.")
    if kontakt.status == Kontakt.OFFEN and kontakt.lauf.get("antworten", {}).get(IDENTITAET) is not True:
        # domain.md A3: vor der bestätigten Identität wird über den Fall nichts gezeigt — auch nicht über die
        # Adresse der Historie am Leitfaden vorbei. Nach dem Abschluss (Dokumentation) gilt das nicht mehr.
        zugriff_verweigert_protokollieren(user, "kundenhistorie_lesen", kundennummer=kontakt.kundennummer,
                                          kontakt=kontakt.pk)
        raise GespraechFehler("identitaet_offen", "Die Kontakthistorie erscheint, sobald die Identität im "
                              "Leitfaden bestätigt ist.")
    return kundenhistorie_lesen(user, kontakt.kundennummer, kontakt)


def kontaktliste_vor_identitaet(user: Any, kundennummer: str) -> list[Kontakt]:
    """Vor dem Kontakt (Anliegen wählen): nur, wann welcher Leitfaden mit welchem Ergebnis lief — ohne Vermerke
    und ohne Angaben zur Person (domain.md A3: die erscheinen erst nach der Identitätsprüfung im Leitfaden).
    Protokolliert wie die Historie; gezeigt wird nur der eigene Rechtskreis."""
    _, kontakte = kundenhistorie_lesen(user, kundennummer, kundendaten=False)
    return kontakte


def aufgaben_zum_kunden(user: Any, kundennummer: str) -> list[Aufgabe]:
    """Die Aufgaben an andere Teams zu einer Kundennummer (neueste zuerst), für die Kontakthistorie: so sieht das
    Service Center, was etwa die Familienkasse Direktion mit einer Übergabe getan hat (Status, Ergebnis). Nur
    Postkörbe im Rechtskreis des Benutzers (rechtskreis.POSTKORB) und nur, wer Kundendaten sehen darf; jede
    gezeigte Aufgabe kommt als Lesen der Historie ins Zugriffsprotokoll. Erst nach der bestätigten Identität
    aufrufen (die Seite ruft sie nur über `kundenhistorie_zum_kontakt`, nicht vor dem Gespräch)."""
    if not kundennummer or not zugriff.darf_kunden_sehen(user):
        return []
    koerbe = [p for p, kreis in rechtskreis.POSTKORB.items() if zugriff.im_rechtskreis(user, kreis)]
    gefunden = [a for p in koerbe for a in systeme().aufgaben.liste(p, kundennummer=kundennummer)]
    gefunden.sort(key=lambda a: (a.erstellt, a.id), reverse=True)
    if gefunden:
        zugriffe_protokollieren(user, "kundenhistorie_lesen", [(kundennummer, a.kontakt or None) for a in gefunden])
    return gefunden
