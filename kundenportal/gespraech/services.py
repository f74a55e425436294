"""Die Dienste eines Kontakts — der einzige Schreiber von `Kontakt` (docs/hausstil.md, Gewohnheit 3).

Jeder Schritt lädt den Lauf, geht über `leitfaden.sitzung.Sitzung` (derselbe Weg wie Szenarien und
E-Mail-Worker), speichert den Lauf sofort wieder und protokolliert den Zugriff. Ein Neuladen, ein
zweiter Tab oder ein Neustart setzt damit genau dort fort, wo der Kontakt stand. Fehler des Kerns
kommen als `GespraechFehler` (Abgelehnt, Konflikt) mit deutscher Meldung und stabilem Code zurück
(`sitzungsfehler.py`), fehlende Rechte als `KeinZugriff` (eine PermissionDenied). Was andere Apps vor einem
Schritt prüfen, melden sie in `schrittpruefungen.py` an (auch von hier zu rufen). Kundensuche und Kontakthistorie
(nur lesend) stehen in `kunde.py` und sind auch von hier zu importieren."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError, transaction

from kundenportal import verdrahtung, zeit
from kundenportal.konten import zugriff
from kundenportal.konten.services import (
    Vorgemerkt,
    zugriff_protokollieren,
    zugriff_verweigert_protokollieren,
    zugriffe_gesammelt,
)
from kundenportal.leitfaden.engine import Zug
from kundenportal.leitfaden.fehler import LaufFehler, NichtGueltig, SitzungFehler, SystemFehler
from kundenportal.leitfaden.lauf import Lauf
from kundenportal.leitfaden.sitzung import Sitzung
from kundenportal.leitfaden.vermerk import abbruch_vermerk, vermerk_kopf
from kundenportal.vorbereitet import Abfrage, Aenderung, Wert

from . import queries
from .ansicht import IDENTITAET, Ansicht, bauen, eingabewert, vorhaben_lesbar
from .eingabe import text_antwort
from .fehler import Abgelehnt, GespraechFehler, KeinZugriff, Konflikt

# Suchen und Lesen rund um die Kundin (kunde.py) sind Dienste des Gesprächs: auch von hier zu importieren.
from .kunde import OHNE_KUNDE as OHNE_KUNDE
from .kunde import kontaktliste_vor_identitaet as kontaktliste_vor_identitaet
from .kunde import kunde_suchen as kunde_suchen
from .kunde import kundenauswahl_lesen as kundenauswahl_lesen
from .kunde import kundenhistorie_lesen as kundenhistorie_lesen
from .kunde import kundenhistorie_zum_kontakt as kundenhistorie_zum_kontakt
from .kunde import letzte_kontakte as letzte_kontakte
from .models import Kontakt

# Prüfungen anderer Apps vor einem Schritt (schrittpruefungen.py): anmelden auch von hier (wie emb/apps.py).
from .schrittpruefungen import ANTWORT_PRUEFUNGEN, schritt_pruefen
from .schrittpruefungen import antwort_pruefung_anmelden as antwort_pruefung_anmelden
from .schrittpruefungen import schritt_sperre_anmelden as schritt_sperre_anmelden
from .sitzungsfehler import stoerung_merken, umsetzen


def sitzung(kontakt: Kontakt, lauf: Lauf | None = None) -> Sitzung:
    """Die Sitzung eines Kontakts (über die Wurzel der Verdrahtung: Katalog, Fachverfahren, Uhr)."""
    return verdrahtung.sitzung_fortsetzen(lauf or Lauf.aus_json(kontakt.lauf),
                                          benutzer=kontakt.user.get_username(), kontakt=str(kontakt.pk))


# Der heiße Weg eines Schritts (sperren und lesen, speichern) als vorbereitete Abfragen: einmal je Verbindung
# übersetzt statt bei jedem Schritt (kundenportal/vorbereitet.py).
_KONTAKT_ID = Wert("id", Kontakt._meta.pk)
_SPERREN = Abfrage(lambda: Kontakt.objects.select_for_update().filter(pk=_KONTAKT_ID).order_by())
_SPERREN_MIT_BENUTZER = Abfrage(lambda: Kontakt.objects.select_for_update().select_related("user")
                                .filter(pk=_KONTAKT_ID).order_by())
# Nur Spalten ohne Index (Kontakt.bearbeitet statt geaendert): auf PostgreSQL ein HOT-Update.
_LAUF_SPEICHERN = Aenderung(Kontakt, {"lauf": "lauf", "ergebnis": "ergebnis", "bearbeitet": "bearbeitet"},
                            lambda: Kontakt.objects.filter(pk=_KONTAKT_ID))


def _gesperrt(kontakt: Kontakt, user: Any = None) -> Kontakt:
    """Der Kontakt frisch aus der Datenbank, für die Dauer der Transaktion gesperrt (zweiter Tab).
    Führt ihn `user` (der angemeldete Benutzer), wird dessen Objekt übernommen statt neu gelesen."""
    if getattr(user, "pk", None) is None:
        gefunden = _SPERREN_MIT_BENUTZER(id=kontakt.pk)
    else:
        gefunden = _SPERREN(id=kontakt.pk)
    if not gefunden:
        raise Kontakt.DoesNotExist("Diesen Kontakt gibt es nicht.")
    gesperrt = gefunden[0]
    if user is not None and gesperrt.user_id == getattr(user, "pk", None):
        gesperrt.user = user
    return gesperrt


def _schritt(user: Any, kontakt: Kontakt, aktion: str, tun: Callable[[Sitzung], Zug],
             kundendaten: bool = True, historie: bool = False, antwort: tuple[str, Any] | None = None) -> Ansicht:
    """Ein Schritt in einer Transaktion: sperren, Sitzung laden, `tun`, Lauf speichern, protokollieren.

    Der Lauf wird auch gespeichert, wenn ein Fachverfahren ablehnt: bis dahin ausgeführte Aktionen sind
    geschehen und dürfen nicht noch einmal laufen. Der Fehler wird deshalb erst nach dem Commit geworfen.
    Mit `kundendaten=False` (die Seite hält die Kundendaten schon) werden sie nur neu gelesen, wenn der
    Schritt sie ändern kann: die Identitätsprüfung wechselt, oder eine Aktion lief; sonst ist
    `Ansicht.kunde_unveraendert` gesetzt und nichts aus den Fachverfahren gelesen. Mit `historie` kommen
    zu gelesenen Kundendaten die letzten Kontakte (`Ansicht.letzte_kontakte`). Alle Einträge des
    Zugriffsprotokolls gehen in einem INSERT mit dem UPDATE des Kontakts vor dem Commit — auf PostgreSQL
    im selben Befehl (zugriffe_gesammelt, Vorgemerkt.mit_aenderung)."""
    fehler: GespraechFehler | None = None
    ansicht: Ansicht | None = None
    with transaction.atomic(), zugriffe_gesammelt() as protokoll:
        kontakt = _gesperrt(kontakt, user)
        schritt_pruefen(user, kontakt)
        _bearbeitbar(user, kontakt)
        if antwort is not None:
            for pruefung in ANTWORT_PRUEFUNGEN:
                pruefung(user, kontakt, *antwort)
        s = sitzung(kontakt)
        vorher = (s.lauf.antworten.get(IDENTITAET) is True, len(s.lauf.protokoll))
        try:
            zug = tun(s)
            s.lauf.stoerung = None
        except SitzungFehler as f:
            fehler = umsetzen(f)
            stoerung_merken(s.lauf, f)
        _stand_setzen(kontakt, s.lauf)
        zugriff_protokollieren(user, aktion, kundennummer=kontakt.kundennummer, kontakt=kontakt.pk)
        if fehler is None:
            if not kundendaten:        # am Ende lädt die Seite ganz neu (Abschlussseite): hier nichts lesen
                kundendaten = zug.art != "ende" and _kundendaten_geaendert(vorher, s.lauf)
            ansicht = _ansicht(user, kontakt, s, zug, kundendaten=kundendaten, historie=historie)
        _stand_schreiben(kontakt, protokoll)      # mit allen Einträgen des Protokolls (PostgreSQL: ein Befehl)
    if ansicht is not None:
        return ansicht
    assert fehler is not None
    raise fehler


def _kundendaten_geaendert(vorher: tuple[bool, int], lauf: Lauf) -> bool:
    """Kann der Schritt die Kundendaten neben der Frage geändert haben? Ja, wenn die Identitätsprüfung
    ihren Stand gewechselt hat oder seit `vorher` ein Auftrag (Aktion, Abgabe) im Protokoll steht."""
    geprueft, laenge = vorher
    if (lauf.antworten.get(IDENTITAET) is True) != geprueft or len(lauf.protokoll) < laenge:
        return True
    return any(not str(p).startswith("antwort:") for p in lauf.protokoll[laenge:])


def _speichern(kontakt: Kontakt, lauf: Lauf) -> None:
    """Lauf, Ergebnis und Bearbeitungszeit speichern (wie `save(update_fields=…)`, ohne es je Schritt zu übersetzen)."""
    _stand_setzen(kontakt, lauf)
    _stand_schreiben(kontakt)


def _stand_setzen(kontakt: Kontakt, lauf: Lauf) -> None:
    kontakt.lauf = lauf.als_json()
    kontakt.ergebnis = lauf.ergebnis or ""
    kontakt.bearbeitet = zeit.echt()        # die echte Uhrzeit (wie auto_now)


def _stand_schreiben(kontakt: Kontakt, protokoll: Vorgemerkt | None = None) -> None:
    """Das UPDATE des gesetzten Stands; mit `protokoll` gehen dessen vorgemerkte Einträge mit."""
    werte = {"id": kontakt.pk, "lauf": kontakt.lauf, "ergebnis": kontakt.ergebnis, "bearbeitet": kontakt.bearbeitet}
    geaendert = protokoll.mit_aenderung(_LAUF_SPEICHERN, **werte) if protokoll else _LAUF_SPEICHERN(**werte)
    if geaendert != 1:
        raise DatabaseError("Save with update_fields did not affect any rows.")


def _bearbeitbar(user: Any, kontakt: Kontakt) -> None:
    if kontakt.status != Kontakt.OFFEN:
        raise Konflikt("abgeschlossen", "Dieser Kontakt ist abgeschlossen und kann nicht mehr geändert werden.")
    if not zugriff.darf_kontakt_bearbeiten(user, kontakt):
        raise KeinZugriff("Diesen Kontakt führt eine andere Person; Sie können ihn nicht bearbeiten.")


@transaction.atomic
def kontakt_starten(user: Any, leitfaden_id: str, kundennummer: str | None,
                    standort: str | None = None) -> Kontakt:
    """Beginnt einen Kontakt auf der Fassung, die heute am Standort gilt, pinnt sie und erledigt die
    Abfragen bis zur ersten Frage. Ist ein Fachverfahren dabei gestört, beginnt der Kontakt trotzdem;
    seine Seite bietet „Erneut versuchen“ (kontakt_weiter)."""
    k = verdrahtung.katalog()
    if not zugriff.darf_leitfaden_nutzen(user, leitfaden_id):
        raise KeinZugriff(f"Der Leitfaden {leitfaden_id} steht Ihrer Rolle nicht zur Verfügung.")
    kundennummer = (kundennummer or "").strip() or None
    if kundennummer and queries.kunde_lesen(kundennummer) is None:
        raise Abgelehnt("kunde_unbekannt", f"Keine Kundin und kein Kunde mit der Kundennummer {kundennummer}.")
    lf = k.leitfaeden[leitfaden_id]
    kanal = next(kn for kn in zugriff.kanaele_fuer(user) if kn in lf.kopf.kanaele)
    standort = standort or zugriff.standort_fuer(user)
    kontakt_id = uuid.uuid4()
    try:
        s = verdrahtung.sitzung_starten(leitfaden_id, kanal=kanal, standort=standort, kundennummer=kundennummer,
                                        benutzer=user.get_username(), kontakt=str(kontakt_id))
    except NichtGueltig:
        raise Abgelehnt("nicht_gueltig", f"Für {leitfaden_id} gilt heute" + (f" in {standort}" if standort else "")
                        + " keine Fassung.") from None
    fassung = s.fassung
    kontakt = Kontakt.objects.create(id=kontakt_id, user=user, kanal=kanal, standort=standort or "",
                                     kundennummer=kundennummer or "", leitfaden=fassung.leitfaden_id,
                                     stand=fassung.stand, weisung=fassung.weisung, lauf=s.lauf.als_json())
    zugriff_protokollieren(user, "kontakt_starten", kundennummer=kundennummer, kontakt=kontakt.pk)
    try:                                                  # Störung: der Stand zeigt sie, „Erneut versuchen“
        s.weiter()
    except (SystemFehler, LaufFehler) as f:
        stoerung_merken(s.lauf, f)
    _speichern(kontakt, s.lauf)
    return kontakt


def _ansicht(user: Any, kontakt: Kontakt, s: Sitzung, zug: Zug, kundendaten: bool = True,
             historie: bool = False, durch: Any = None) -> Ansicht:
    ansicht = bauen(s.katalog, kontakt, zug, s.lauf.antworten)
    ansicht.vorhaben = vorhaben_lesbar(s.vorhaben(zug), zug, kontakt.lauf.get("auftraege", {}))
    ansicht.wartet_auf = s.wartet_auf(zug)
    if ansicht.art == "stoerung" and s.lauf.stoerung:
        ansicht.stoerung_code = s.lauf.stoerung.get("code", "")
        ansicht.stoerung_meldung = s.lauf.stoerung.get("meldung", "")
    ansicht.kunde_unveraendert = not kundendaten
    if kundendaten and ansicht.identitaet_geprueft and kontakt.kundennummer:
        ansicht.kunde = queries.kundendaten(kontakt.kundennummer, user)
        if ansicht.kunde is not None and ansicht.kunde.profil is not None:   # eService-Angaben eigens protokolliert
            zugriff_protokollieren(durch if durch is not None else user, "verbis_profil_lesen",
                                   kundennummer=kontakt.kundennummer, kontakt=kontakt.pk)
        if historie and ansicht.kunde is not None:
            ansicht.letzte_kontakte = letzte_kontakte(user, kontakt)
    if ansicht.art == "ende" and kontakt.status == Kontakt.OFFEN:
        ansicht.vermerk = s.vermerk(zug)
    elif kontakt.status == Kontakt.ABGESCHLOSSEN:
        ansicht.vermerk = kontakt.vermerk
    else:       # vor dem Ende: der Kopf für den Abbruchvermerk (views._abbruch_vermerk), wie ihn das Speichern setzt
        ansicht.vermerk_kopf = vermerk_kopf(s.katalog, s.lauf)
    return ansicht


def kontakt_stand(user: Any, kontakt: Kontakt, *, historie: bool = False, durch: Any = None) -> Ansicht:
    """Der aktuelle Stand: anstehende Frage (oder Ende), Weg, Kundendaten erst nach der Identitätsprüfung.
    Liest nur (Lesen schreibt nie, docs/adr/0005-lesen-schreibt-nie.md): kein Sperren, kein Speichern,
    kein Auftrag an ein Fachverfahren — nur der Zugriff wird protokolliert. Steht noch ein Auftrag an
    (nach einer Störung), ist die Art `stoerung`; `kontakt_weiter` erledigt ihn. Mit `historie` (die Seite
    zeigt sie) kommen zu den Kundendaten die letzten Kontakte; das Protokoll in einem INSERT. `durch`: wer liest,
    wenn es nicht `user` ist (wie bei `kontakt_abschliessen`); das Protokoll nennt dann diese Person."""
    if not zugriff.darf_kontakt_sehen(user, kontakt):
        zugriff_verweigert_protokollieren(user, "kontakt_lesen", kundennummer=kontakt.kundennummer, kontakt=kontakt.pk)
        raise KeinZugriff("Diesen Kontakt dürfen Sie nicht sehen.")
    with zugriffe_gesammelt():
        zugriff_protokollieren(durch if durch is not None else user, "kontakt_lesen",
                               kundennummer=kontakt.kundennummer, kontakt=kontakt.pk)
        kontakt.refresh_from_db()          # der gespeicherte Stand, auch wenn der Aufrufer ein älteres Objekt hält
        if not kontakt.lauf:               # ohne Leitfaden geführt (E-Mail ohne Arbeitshilfe): kein Weg zu zeigen
            raise Konflikt("ohne_leitfaden", "Dieser Kontakt lief ohne Leitfaden (etwa eine E-Mail ohne "
                           "Arbeitshilfe); er steht mit seinem Vermerk in der Kontakthistorie.")
        s = sitzung(kontakt)
        return _ansicht(user, kontakt, s, s.stand(), historie=historie, durch=durch)


def kontakt_weiter(user: Any, kontakt: Kontakt, *,
                   kundendaten: bool = True, historie: bool = False) -> Ansicht:
    """„Erneut versuchen“: erledigt anstehende Abfragen und Aktionen (nach einer Störung) und geht bis zur
    nächsten Frage. Schon Erledigtes läuft nicht noch einmal."""
    return _schritt(user, kontakt, "kontakt_weiter", lambda s: s.weiter(), kundendaten, historie)


def kontakt_beantworten(user: Any, kontakt: Kontakt, fakt: str, wert: Any, *,
                        kundendaten: bool = True, historie: bool = False) -> Ansicht:
    """Nimmt die Antwort auf die anstehende Frage an und geht bis zur nächsten Frage (oder zum Ende)
    weiter; lehnt sie mit deutscher Begründung ab (code `antwort_abgelehnt`), ohne sie zu speichern.
    Eine freie Textantwort zählt ohne Leerraum am Rand und darf nicht leer sein (`text_antwort`)."""
    wert = text_antwort(fakt, wert)
    return _schritt(user, kontakt, "kontakt_beantworten", lambda s: s.antworten(fakt, wert), kundendaten, historie,
                    antwort=(fakt, wert))


def kontakt_bestaetigen(user: Any, kontakt: Kontakt, zeichen: str | None, *,
                        kundendaten: bool = True, historie: bool = False) -> Ansicht:
    """Bestätigt die angezeigte ändernde Aktion (Bestätigungsschritt, ADR 0008) — erst jetzt läuft sie
    im Fachverfahren — und geht weiter. `zeichen` (Vorhaben.zeichen) stellt sicher, dass genau die
    angezeigten Werte bestätigt werden; sonst Konflikt `lauf_fehler` mit deutscher Meldung."""
    return _schritt(user, kontakt, "kontakt_bestaetigen", lambda s: s.bestaetigen(zeichen or None), kundendaten, historie)


# Was außerhalb des Gesprächs auf seinen Antworten beruht, kann ein „Zurück“ sperren (Registry, house style 5):
# eine Prüfung je App, angemeldet in ihrem AppConfig.ready. Sie lehnt mit einem GespraechFehler ab (Code und
# Meldung mit dem, was zu tun ist) und läuft nach Sperre und Rechteprüfung des Kontakts.
_ZURUECK_SPERREN: list[Callable[[Any], None]] = []


def zurueck_sperre_anmelden(pruefung: Callable[[Any], None]) -> None:
    """`pruefung(kontakt_id)` wirft GespraechFehler, wenn die Antworten des Kontakts gerade nicht geändert
    werden dürfen."""
    if pruefung not in _ZURUECK_SPERREN:
        _ZURUECK_SPERREN.append(pruefung)


def _zuruecknehmen(kontakt_id: Any, s: Sitzung, fakt: str) -> Zug:
    for pruefung in _ZURUECK_SPERREN:
        pruefung(kontakt_id)
    return s.zuruecknehmen(fakt)


def kontakt_zurueck(user: Any, kontakt: Kontakt, fakt: str, *,
                    kundendaten: bool = True, historie: bool = False) -> Ansicht:
    """Geht zur Frage `fakt` zurück; sie und alle späteren Antworten fallen weg, der Weg wird neu
    ausgewertet. Nach einer ausgeführten Aktion geht das nicht (eine ATV-Absage bleibt geschehen), ebenso
    wenig, solange eine angemeldete Sperre ablehnt (etwa: ein Antwortentwurf der E-Mail-Bearbeitung beruht auf
    diesen Antworten) — dann mit ihrem Fehler, nichts geändert.
    Steht danach wieder eine frei zu erfassende Frage an (Text, Datum, Zahl), trägt die Ansicht die
    zurückgenommene Antwort als `eingabe_wert`: das Feld zeigt sie zum Ändern, nichts Getipptes geht verloren.
    Bei einer Frage mit Optionen ist die zurückgenommene Wahl `vorige_wahl` (die Seite hebt sie hervor, Enter
    wählt sie wieder)."""
    vorher: dict[str, Any] = {}

    def tun(s: Sitzung) -> Zug:
        vorher["wert"] = s.lauf.antworten.get(fakt)
        return _zuruecknehmen(kontakt.pk, s, fakt)

    ansicht = _schritt(user, kontakt, "kontakt_zurueck", tun, kundendaten, historie)
    if ansicht.art == "frage" and ansicht.fakt == fakt and ansicht.eingabe:
        ansicht.eingabe_wert = eingabewert(vorher.get("wert"))
    elif ansicht.art == "frage" and ansicht.fakt == fakt and vorher.get("wert") is not None:
        wahl = eingabewert(vorher["wert"])
        if any(o.wert == wahl for o in ansicht.optionen):
            ansicht.vorige_wahl = wahl
    return ansicht


@transaction.atomic
def kontakt_abschliessen(user: Any, kontakt: Kontakt, vermerk: str, *, durch: Any = None) -> Kontakt:
    """Speichert den (bearbeiteten) Vermerk und das Ergebnis; der Kontakt erscheint in der Historie.
    Vor dem Ende des Leitfadens abgeschlossen, ist das Ergebnis `abgebrochen`. `durch`: wer handelt, wenn es nicht
    `user` ist, der den Kontakt führt (die Teamleitung E-Mail bricht beim Freigeben einer Mail den Kontakt der
    Person ab, die sie hielt): das Zugriffsprotokoll nennt dann sie; geprüft wird weiter der Kontakt von `user`."""
    kontakt = _gesperrt(kontakt, user)
    _bearbeitbar(user, kontakt)
    lauf = Lauf.aus_json(kontakt.lauf)
    vermerk = vermerk.strip()
    if not vermerk:
        raise Abgelehnt("vermerk_leer", "Der Vermerk darf nicht leer sein.")
    if lauf.ergebnis is None:           # Abbruch: der beantwortete Weg bleibt im Vermerk
        vermerk = abbruch_vermerk(sitzung(kontakt, lauf).vermerk(), vermerk)
    kontakt.vermerk = vermerk
    kontakt.ergebnis = lauf.ergebnis or "abgebrochen"
    kontakt.status = Kontakt.ABGESCHLOSSEN
    kontakt.abgeschlossen = zeit.jetzt()
    kontakt.save(update_fields=["vermerk", "ergebnis", "status", "abgeschlossen", "geaendert"])
    zugriff_protokollieren(durch if durch is not None else user, "kontakt_abschliessen",
                           kundennummer=kontakt.kundennummer, kontakt=kontakt.pk)
    return kontakt


def kontakt_ohne_leitfaden(user: Any, *, kanal: str, kundennummer: str, anlass: str, ergebnis: str, vermerk: str,
                           jetzt: dt.datetime) -> Kontakt:
    """Ein Kontakt ohne Leitfaden für die Kontakthistorie (etwa eine Mail ohne Arbeitshilfe, emb.services.historie):
    abgeschlossen zum Zeitpunkt `jetzt`, ohne Lauf, mit `anlass` statt eines Leitfadens und dem Ergebnis in Worten;
    protokolliert wie jeder Abschluss. Hier, damit Kontakte nur das Gespräch schreibt."""
    kontakt = Kontakt.objects.create(
        user=user, kanal=kanal, standort=zugriff.standort_fuer(user) or "", kundennummer=kundennummer,
        leitfaden=anlass, stand=jetzt.astimezone(zeit.BERLIN).date(), weisung="", lauf={},
        status=Kontakt.ABGESCHLOSSEN, ergebnis=ergebnis, vermerk=vermerk, begonnen=jetzt, abgeschlossen=jetzt)
    zugriff_protokollieren(user, "kontakt_abschliessen", kundennummer=kundennummer, kontakt=kontakt.pk)
    return kontakt


def identitaet_geprueft(kontakt: Kontakt) -> bool:
    return bool(kontakt.lauf.get("antworten", {}).get(IDENTITAET) is True)
