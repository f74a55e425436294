"""Die Dienste eines Kontakts — der einzige Schreiber von `Kontakt` (house style, habit 3).

Jeder Schritt lädt den Lauf, geht über `leitfaden.ausfuehrung` (derselbe Weg wie Szenarien und
E-Mail-Worker), speichert den Lauf sofort wieder und protokolliert den Zugriff. Ein Neuladen, ein
zweiter Tab oder ein Neustart setzt damit genau dort fort, wo der Kontakt stand. Fehler des Kerns
kommen als `GespraechFehler` mit deutscher Meldung und stabilem Code zurück."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from kundenportal import zeit
from kundenportal.fachverfahren.registry import systeme
from kundenportal.katalog.queries import katalog
from kundenportal.konten import zugriff
from kundenportal.konten.services import zugriff_protokollieren
from kundenportal.leitfaden import ausfuehrung
from kundenportal.leitfaden.engine import Zug, naechstes
from kundenportal.leitfaden.fehler import AntwortAbgelehnt, LaufFehler, SystemFehler
from kundenportal.leitfaden.kontext import Kontext
from kundenportal.leitfaden.lauf import Lauf
from kundenportal.leitfaden.vermerk import vermerk_schreiben

from . import queries
from .ansicht import IDENTITAET, Ansicht, bauen
from .fehler import GespraechFehler, KeinZugriff
from .models import Kontakt

SYSTEM_MELDUNGEN = {
    "termin_nicht_frei": "Dieser Termin ist inzwischen vergeben. Gehen Sie zurück und wählen Sie einen anderen.",
    "recht_fehlt": "Dem Kundenportal fehlt für diesen Vorgang das Recht im Fachverfahren: {meldung}",
    "nicht_gefunden": "Im Fachverfahren nicht gefunden ({meldung}). Gehen Sie zurück und prüfen Sie die Angabe.",
    "abgelehnt": "Das Fachverfahren hat den Vorgang abgelehnt: {meldung}",
    "nicht_erreichbar": "{meldung}. Es wurde nichts geändert; das Gespräch ist gespeichert — bitte in einem "
                        "Moment erneut versuchen.",
}


def _system_meldung(fehler: SystemFehler) -> str:
    return SYSTEM_MELDUNGEN.get(fehler.code, SYSTEM_MELDUNGEN["abgelehnt"]).format(meldung=fehler.meldung)


def _kontext(kontakt: Kontakt, lauf: Lauf) -> Kontext:
    return Kontext(datum=lauf.datum, jetzt=zeit.jetzt(), kanal=lauf.kanal, standort=lauf.standort,
                   kundennummer=lauf.kundennummer, benutzer=kontakt.user.get_username(), kontakt=str(kontakt.pk),
                   standorte=katalog().standorte)


def kontext_fuer(kontakt: Kontakt, lauf: Lauf) -> Kontext:
    """Der Kontext für Lesen außerhalb eines Schritts (terminfilter: freie Termine neu lesen)."""
    return _kontext(kontakt, lauf)


def _gesperrt(kontakt: Kontakt) -> Kontakt:
    """Der Kontakt frisch aus der Datenbank, für die Dauer der Transaktion gesperrt (zweiter Tab)."""
    return Kontakt.objects.select_for_update().select_related("user").get(pk=kontakt.pk)


def _umsetzen(fehler: Exception) -> GespraechFehler:
    if isinstance(fehler, SystemFehler):
        return GespraechFehler(f"system_{fehler.code}", _system_meldung(fehler))
    if isinstance(fehler, AntwortAbgelehnt):
        if "steht nicht an" in fehler.grund:
            return GespraechFehler("frage_steht_nicht_an", "Diese Frage ist schon beantwortet (vielleicht in "
                                   "einem anderen Tab). Die Seite zeigt jetzt den aktuellen Stand.")
        return GespraechFehler("antwort_abgelehnt", f"Antwort nicht übernommen: {fehler.grund}")
    if isinstance(fehler, LaufFehler):
        return GespraechFehler("lauf_fehler", f"{fehler}.")
    raise fehler


def _schritt(user: Any, kontakt: Kontakt, aktion: str, tun: Callable[[Kontakt, Lauf], Zug]) -> Ansicht:
    """Ein Schritt in einer Transaktion: sperren, Lauf laden, `tun`, Lauf speichern, protokollieren.

    Der Lauf wird auch gespeichert, wenn ein Fachverfahren ablehnt: bis dahin ausgeführte Aktionen sind
    geschehen und dürfen nicht noch einmal laufen. Der Fehler wird deshalb erst nach dem Commit geworfen."""
    fehler: GespraechFehler | None = None
    with transaction.atomic():
        kontakt = _gesperrt(kontakt)
        _bearbeitbar(user, kontakt)
        lauf = Lauf.aus_json(kontakt.lauf)
        try:
            zug = tun(kontakt, lauf)
        except (SystemFehler, AntwortAbgelehnt, LaufFehler) as f:
            fehler = _umsetzen(f)
        _speichern(kontakt, lauf)
        zugriff_protokollieren(user, aktion, kundennummer=kontakt.kundennummer, kontakt=kontakt.pk)
        if fehler is None:
            return _ansicht(user, kontakt, lauf, zug)
    raise fehler


def _speichern(kontakt: Kontakt, lauf: Lauf) -> None:
    kontakt.lauf = lauf.als_json()
    kontakt.ergebnis = lauf.ergebnis or ""
    kontakt.save(update_fields=["lauf", "ergebnis", "geaendert"])


def _bearbeitbar(user: Any, kontakt: Kontakt) -> None:
    if kontakt.status != Kontakt.OFFEN:
        raise GespraechFehler("abgeschlossen", "Dieser Kontakt ist abgeschlossen und kann nicht mehr geändert werden.")
    if not zugriff.darf_kontakt_bearbeiten(user, kontakt):
        raise KeinZugriff("Diesen Kontakt führt eine andere Person; Sie können ihn nicht bearbeiten.")


@transaction.atomic
def kontakt_starten(user: Any, leitfaden_id: str, kundennummer: str | None,
                    standort: str | None = None) -> Kontakt:
    """Beginnt einen Kontakt auf der Fassung, die heute am Standort gilt, und pinnt sie."""
    k = katalog()
    if not zugriff.darf_leitfaden_nutzen(user, leitfaden_id):
        raise KeinZugriff(f"Der Leitfaden {leitfaden_id} steht Ihrer Rolle nicht zur Verfügung.")
    kundennummer = (kundennummer or "").strip() or None
    if kundennummer and queries.kunde_lesen(kundennummer) is None:
        raise GespraechFehler("kunde_unbekannt", f"Keine Kundin und kein Kunde mit der Kundennummer {kundennummer}.")
    lf = k.leitfaeden[leitfaden_id]
    kanal = next(kn for kn in zugriff.kanaele_fuer(user) if kn in lf.kopf.kanaele)
    standort = standort or zugriff.standort_fuer(user)
    try:
        lauf = ausfuehrung.starten(k, leitfaden_id, datum=zeit.heute(), jetzt=zeit.jetzt(), kanal=kanal,
                                   standort=standort, kundennummer=kundennummer)
    except ausfuehrung.NichtGueltig:
        raise GespraechFehler("nicht_gueltig", f"Für {leitfaden_id} gilt heute" + (f" in {standort}" if standort else "")
                              + " keine Fassung.") from None
    fassung = k.fassung(lauf.fassung)
    kontakt = Kontakt.objects.create(user=user, kanal=kanal, standort=standort or "", kundennummer=kundennummer or "",
                                     leitfaden=fassung.leitfaden_id, stand=fassung.stand, weisung=fassung.weisung,
                                     lauf=lauf.als_json())
    zugriff_protokollieren(user, "kontakt_starten", kundennummer=kundennummer, kontakt=kontakt.pk)
    return kontakt


def _ansicht(user: Any, kontakt: Kontakt, lauf: Lauf, zug: Zug, meldung: str = "") -> Ansicht:
    ansicht = bauen(katalog(), kontakt, zug, lauf.antworten)
    ansicht.meldung = meldung
    if ansicht.identitaet_geprueft and kontakt.kundennummer:
        ansicht.kunde = queries.kundendaten(kontakt.kundennummer, zugriff.fachverfahren_fuer(user))
        if ansicht.kunde is not None and ansicht.kunde.profil is not None:   # eService-Angaben eigens protokolliert
            zugriff_protokollieren(user, "verbis_profil_lesen", kundennummer=kontakt.kundennummer, kontakt=kontakt.pk)
    if ansicht.art == "ende" and kontakt.status == Kontakt.OFFEN:
        ansicht.vermerk = vermerk_schreiben(katalog(), lauf, zug.weg)
    elif kontakt.status == Kontakt.ABGESCHLOSSEN:
        ansicht.vermerk = kontakt.vermerk
    return ansicht


def kontakt_stand(user: Any, kontakt: Kontakt) -> Ansicht:
    """Der aktuelle Stand: anstehende Frage (oder Ende), Weg, Kundendaten erst nach der Identitätsprüfung.
    Steht noch ein Auftrag an (etwa nach „Zurück“), wird er hier erledigt und der Lauf gespeichert."""
    if not zugriff.darf_kontakt_sehen(user, kontakt):
        raise KeinZugriff("Diesen Kontakt dürfen Sie nicht sehen.")
    if kontakt.status == Kontakt.OFFEN and zugriff.darf_kontakt_bearbeiten(user, kontakt):
        try:
            return _schritt(user, kontakt, "kontakt_lesen", lambda kt, lauf: ausfuehrung.vorwaerts(
                katalog(), lauf, systeme(), _kontext(kt, lauf)))
        except GespraechFehler as fehler:      # Störung im Fachverfahren: Stand zeigen, Zurück anbieten
            meldung = fehler.meldung
    else:
        meldung = ""
        zugriff_protokollieren(user, "kontakt_lesen", kundennummer=kontakt.kundennummer, kontakt=kontakt.pk)
    kontakt.refresh_from_db()
    lauf = Lauf.aus_json(kontakt.lauf)
    zug = naechstes(katalog(), lauf)
    return _ansicht(user, kontakt, lauf, zug, meldung)


def kontakt_beantworten(user: Any, kontakt: Kontakt, fakt: str, wert: Any) -> Ansicht:
    """Nimmt die Antwort auf die anstehende Frage an und geht bis zur nächsten Frage (oder zum Ende)
    weiter; lehnt sie mit deutscher Begründung ab (code `antwort_abgelehnt`), ohne sie zu speichern."""
    k = katalog()
    return _schritt(user, kontakt, "kontakt_beantworten", lambda kt, lauf: ausfuehrung.beantworten(
        k, lauf, systeme(), _kontext(kt, lauf), fakt, wert))


def kontakt_zurueck(user: Any, kontakt: Kontakt, fakt: str) -> Ansicht:
    """Geht zur Frage `fakt` zurück; sie und alle späteren Antworten fallen weg, der Weg wird neu
    ausgewertet. Nach einer ausgeführten Aktion geht das nicht (eine ATV-Absage bleibt geschehen)."""
    k = katalog()

    def tun(kt: Kontakt, lauf: Lauf) -> Zug:
        ausfuehrung.zuruecknehmen(lauf, fakt)
        return ausfuehrung.vorwaerts(k, lauf, systeme(), _kontext(kt, lauf))

    return _schritt(user, kontakt, "kontakt_zurueck", tun)


@transaction.atomic
def kontakt_abschliessen(user: Any, kontakt: Kontakt, vermerk: str) -> Kontakt:
    """Speichert den (bearbeiteten) Vermerk und das Ergebnis; der Kontakt erscheint in der Historie.
    Vor dem Ende des Leitfadens abgeschlossen, ist das Ergebnis `abgebrochen`."""
    kontakt = _gesperrt(kontakt)
    _bearbeitbar(user, kontakt)
    lauf = Lauf.aus_json(kontakt.lauf)
    vermerk = vermerk.strip()
    if not vermerk:
        raise GespraechFehler("vermerk_leer", "Der Vermerk darf nicht leer sein.")
    kontakt.vermerk = vermerk
    kontakt.ergebnis = lauf.ergebnis or "abgebrochen"
    kontakt.status = Kontakt.ABGESCHLOSSEN
    kontakt.abgeschlossen = timezone.now()
    kontakt.save(update_fields=["vermerk", "ergebnis", "status", "abgeschlossen", "geaendert"])
    zugriff_protokollieren(user, "kontakt_abschliessen", kundennummer=kontakt.kundennummer, kontakt=kontakt.pk)
    return kontakt


def identitaet_geprueft(kontakt: Kontakt) -> bool:
    return bool(kontakt.lauf.get("antworten", {}).get(IDENTITAET) is True)


def kunde_suchen(user: Any, *, kundennummer: str = "", nachname: str = "",
                 geburtsdatum: dt.date | None = None) -> list[str]:
    """Kundensuche beim Kontaktstart (protokolliert). Liefert nur Kundennummern: vor der
    Identitätsprüfung im Leitfaden wird nichts über die Person angezeigt."""
    if not zugriff.darf_kontakte_fuehren(user) or not zugriff.darf_kunden_sehen(user):
        raise KeinZugriff("Kundendaten stehen Ihrer Rolle nicht zur Verfügung.")
    treffer = queries.kunden_finden(kundennummer=kundennummer, nachname=nachname, geburtsdatum=geburtsdatum)
    for nummer in treffer or [""]:
        zugriff_protokollieren(user, "kunde_suchen", kundennummer=nummer)
    return treffer


def kundenhistorie_lesen(user: Any, kundennummer: str, kontakt: Kontakt | None = None,
                         ) -> tuple[queries.Kundendaten | None, list[Kontakt]]:
    """Kundendaten und abgeschlossene Kontakte eines Kunden (protokolliert, mit dem Kontakt, über den
    die Historie geöffnet wurde)."""
    if not zugriff.darf_kunden_sehen(user):
        raise KeinZugriff("Kundendaten stehen Ihrer Rolle nicht zur Verfügung.")
    zugriff_protokollieren(user, "kundenhistorie_lesen", kundennummer=kundennummer,
                           kontakt=kontakt.pk if kontakt else None)
    kontakte = [k for k in queries.kontakte_von_kunde(kundennummer).filter(status=Kontakt.ABGESCHLOSSEN)
                if zugriff.darf_kontakt_sehen(user, k)]           # nur der eigene Rechtskreis
    return queries.kundendaten(kundennummer, zugriff.fachverfahren_fuer(user)), kontakte


def kundenhistorie_zum_kontakt(user: Any, kontakt: Kontakt) -> tuple[queries.Kundendaten | None, list[Kontakt]]:
    """Die Kontakthistorie der Kundin oder des Kunden eines Kontakts: so erreicht die Seite die Historie
    ohne Kundennummer in der URL. Der Kontakt ist dabei der Schlüssel — wer ihn nicht sehen darf
    (darf_kontakt_sehen), erfährt über ihn auch nichts; sonst gilt dieselbe Prüfung wie bei
    `kundenhistorie_lesen`. Ein Kontakt ohne Kundennummer hat keine Historie (code `ohne_kundennummer`)."""
    if not zugriff.darf_kontakt_sehen(user, kontakt):
        raise KeinZugriff("Diesen Kontakt dürfen Sie nicht sehen.")
    if not kontakt.kundennummer:
        raise GespraechFehler("ohne_kundennummer", "Dieser Kontakt ist ohne Kundennummer geführt; "
                              "es gibt keine Kontakthistorie dazu.")
    return kundenhistorie_lesen(user, kontakt.kundennummer, kontakt)
