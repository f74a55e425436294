"""Die Schale um die Engine: erledigt Abfragen und Aktionen über die Ports, prüft Antworten und
pflegt den Lauf. Außerhalb des Kerns ruft sie nur die `Sitzung` (sitzung.py): Oberfläche, API, E-Mail,
eService und Szenario-Runner gehen alle diesen einen Weg (docs/hausstil.md, Gewohnheit 2) — Szenarien
testen also genau, was Beschäftigte ausführen."""

from __future__ import annotations

import datetime as dt
from typing import Any, assert_never

from kundenportal.fachverfahren.ports import Systeme, SystemNichtErreichbar
from kundenportal.fachverfahren.ports.atv import TerminNichtFrei
from kundenportal.fachverfahren.ports.colibri import RechtFehlt

from . import bestaetigung
from .auftraege import ABFRAGEN, AKTIONEN, QUELLEN, Option, kunde_fehlt
from .engine import Zug, kopiert, naechstes, ohne_vorgaenger, optionen_schluessel, text_fuellen, umgebung
from .fehler import (
    AntwortAbgelehnt,
    FrageStehtNichtAn,
    NichtBeantwortet,
    NichtGueltig,
    NichtZuBestaetigen,
    SystemFehler,
    ZurueckGesperrt,
)
from .gueltigkeit import aufloesen, einbindungen_aufloesen
from .katalog import Fassung, Katalog
from .kontext import Kontext
from .lauf import Lauf
from .modell import Aktion, Frage, Pruefung
from .plausibilitaet import unplausibel
from .vokabular import wert_lesen
from .vokabular_zusatz import optionen_fuer

__all__ = ["NichtGueltig", "aktionen", "beantworten", "bestaetigen", "starten", "vorwaerts", "zuruecknehmen"]


def starten(katalog: Katalog, leitfaden_id: str, *, datum: dt.date, jetzt: dt.datetime, kanal: str,
            standort: str | None, kundennummer: str | None) -> Lauf:
    """Beginnt ein Gespräch auf der Fassung, die an `standort` am `datum` gilt, und pinnt sie."""
    fassung = aufloesen(katalog, leitfaden_id, datum, standort)
    if fassung is None:
        raise NichtGueltig(f"{leitfaden_id}: keine Fassung gilt am {datum:%d.%m.%Y}"
                           + (f" in {standort}" if standort else ""))
    # positional (fassung, eingebunden, datum, jetzt, kanal, standort, kundennummer): einmal je Kontakt, billiger
    return ohne_vorgaenger(Lauf(fassung.schluessel, einbindungen_aufloesen(katalog, fassung, datum, standort), datum,
                                jetzt, kanal, standort, kundennummer))


def system_fehler(fehler: Exception) -> SystemFehler:
    if isinstance(fehler, SystemNichtErreichbar):
        return SystemFehler("nicht_erreichbar", str(fehler))
    if isinstance(fehler, TerminNichtFrei):
        return SystemFehler("termin_nicht_frei", str(fehler) or "Termin nicht mehr frei")
    if isinstance(fehler, RechtFehlt):
        return SystemFehler("recht_fehlt", str(fehler))
    if isinstance(fehler, LookupError):
        # KeyError setzt seinen Text in Anführungszeichen; die Meldung des Fachverfahrens ohne sie und ohne Präfix.
        return SystemFehler("nicht_gefunden", (fehler.args[0] if fehler.args else "") or "nicht gefunden")
    return SystemFehler("abgelehnt", str(fehler))


def vorwaerts(katalog: Katalog, lauf: Lauf, systeme: Systeme, kontext: Kontext, *, kopie: bool = True) -> Zug:
    """Erledigt anstehende Aufträge, bis eine Frage, eine Bestätigung oder das Ende ansteht.
    `kopie=False`: der Zug wird gleich verworfen (Prüfen vor dem Antworten), Weg und Werte nicht kopiert.
    Aufträge unterwegs werden sofort erledigt: ihre Züge kopiert niemand, nur der zurückgegebene wird es."""
    while True:
        zug = naechstes(katalog, lauf, kopie=False)
        schritt = zug.schritt
        try:
            match zug.art:
                case "frage" | "bestaetigung":
                    return kopiert(zug) if kopie else zug
                case "ende":
                    lauf.ergebnis = zug.ergebnis
                    return kopiert(zug) if kopie else zug
                case "optionen":
                    assert isinstance(schritt, Frage) and schritt.optionen_aus is not None
                    quelle = QUELLEN[schritt.optionen_aus.quelle]
                    optionen = quelle.optionen(systeme, kontext, zug.parameter)
                    lauf.auftraege[optionen_schluessel(zug.schluessel, zug.parameter)] = optionen
                case "abfrage":
                    assert isinstance(schritt, Pruefung)
                    lauf.auftraege[zug.schluessel] = ABFRAGEN[schritt.abfrage].lesen(systeme, kontext, zug.parameter)
                case "aktion":
                    assert isinstance(schritt, Aktion)
                    _kunde_pruefen(schritt, kontext)
                    satz: dict[str, Any] = {"system": schritt.system, "vorgang": schritt.vorgang, **zug.parameter}
                    satz.update(AKTIONEN[(schritt.system, schritt.vorgang)].ausfuehren(
                        systeme, kontext, _mit_abgabetext(katalog, zug, schritt)))
                    lauf.auftraege[zug.schluessel] = satz
                    lauf.protokoll.append(f"auftrag:{zug.schluessel}")
                case _:
                    assert_never(zug.art)
        except (TerminNichtFrei, RechtFehlt, SystemNichtErreichbar, LookupError, ValueError) as fehler:
            raise system_fehler(fehler) from None


def _mit_abgabetext(katalog: Katalog, zug: Zug, schritt: Aktion) -> dict[str, Any]:
    """Die Parameter einer Aktion; eine Abgabe an ein anderes Team ohne eigenen `text` bekommt die Vermerkzeile
    ihres Schritts mit den Werten des Gesprächs („AU vom 01.04.2020 bis 30.05.2020 (über 42 Kalendertage) an OS
    AlgPlus abgegeben.“): die Sachbearbeitung sieht an der Aufgabe, worum es geht, ohne den Vermerk zu öffnen —
    der ist frei bearbeitbar und trägt die Angaben vielleicht nicht mehr (Rundgang Postkorb, Dezember 2026)."""
    parameter = dict(zug.parameter)
    if schritt.art == "abgabe" and schritt.vermerk and not parameter.get("text"):
        parameter["text"] = text_fuellen(schritt.vermerk, zug.werte, katalog.vokabular.wert_texte)
    return parameter


def _kunde_pruefen(schritt: Aktion, kontext: Kontext) -> None:
    """Eine Aktion am Kunden ohne Kundennummer ruft kein Fachverfahren auf: klare Meldung statt Absturz."""
    grund = kunde_fehlt(schritt.system, schritt.vorgang, kontext.kundennummer)
    if grund:
        raise SystemFehler("kunde_fehlt", grund)


def antwort_lesen(katalog: Katalog, zug: Zug, roh: Any) -> Any:
    """Wandelt eine Antwort in den Typ des Fakts; wirft AntwortAbgelehnt mit Grund."""
    fakt = katalog.vokabular.fakten[zug.fakt]
    try:
        if fakt.typ == "auswahl":   # nur die Optionen, die diese Fassung kennt (neue der Redaktion erst ab ihrem Tag)
            return wert_lesen(fakt.typ, roh, optionen_fuer(katalog.vokabular, zug.fakt, zug.fassung.schluessel,
                                                           zug.fassung.gueltig_ab))
        return fakt.wert_lesen(roh)
    except ValueError as fehler:
        raise AntwortAbgelehnt(zug.fakt, str(fehler)) from None


def beantworten(katalog: Katalog, lauf: Lauf, systeme: Systeme, kontext: Kontext, fakt: str,
                roh: Any) -> Zug:
    """Nimmt die Antwort auf die anstehende Frage an (oder lehnt sie mit Grund ab) und geht weiter."""
    zug = vorwaerts(katalog, lauf, systeme, kontext, kopie=False)    # nur gelesen, vor jeder Änderung
    if zug.art != "frage" or zug.fakt != fakt:
        steht = f"die Frage '{zug.fakt}'" if zug.art == "frage" else "keine Frage"
        raise FrageStehtNichtAn(fakt, f"diese Frage steht nicht an (es steht {steht} an)")
    wert = antwort_lesen(katalog, zug, roh)
    grund = unplausibel(katalog.vokabular.fakten[fakt], wert, lauf.datum)
    if grund:
        raise AntwortAbgelehnt(fakt, grund)
    schritt = zug.schritt
    assert isinstance(schritt, Frage)
    if schritt.optionen_aus is not None:
        quelle = QUELLEN[schritt.optionen_aus.quelle]
        if quelle.ablehnung is not None:
            try:
                grund = quelle.ablehnung(systeme, kontext, zug.parameter, wert)
            except (SystemNichtErreichbar, LookupError) as fehler:
                raise system_fehler(fehler) from None
            if grund:
                raise AntwortAbgelehnt(fakt, grund)
        elif wert not in [o.wert for o in zug.optionen or []]:
            raise AntwortAbgelehnt(fakt, f"{wert!r} ist keine der angebotenen Optionen")
    if schritt.gueltig_wenn:
        werte = dict(zug.werte) | {fakt: wert}
        if not umgebung(katalog).bedingung(schritt.gueltig_wenn, werte):
            raise AntwortAbgelehnt(fakt, schritt.ablehnung or f"Bedingung {schritt.gueltig_wenn} nicht erfüllt")
    lauf.antworten[fakt] = wert
    lauf.protokoll.append(f"antwort:{fakt}")
    return vorwaerts(katalog, lauf, systeme, kontext)


def bestaetigen(katalog: Katalog, lauf: Lauf, systeme: Systeme, kontext: Kontext,
                zeichen: str | None = None) -> Zug:
    """Bestätigt die anstehende ändernde Aktion (mit genau den angezeigten Werten, wenn `zeichen` gegeben
    ist) und geht weiter — erst jetzt läuft sie. NichtZuBestaetigen, wenn keine ansteht oder sich ihre
    Werte seit der Anzeige geändert haben."""
    zug = vorwaerts(katalog, lauf, systeme, kontext, kopie=False)    # nur gelesen, vor jeder Änderung
    if zug.art != "bestaetigung":
        raise NichtZuBestaetigen("Es wartet keine Aktion auf Bestätigung – vielleicht ist sie schon bestätigt "
                                 "(etwa in einem anderen Tab); die Seite zeigt den aktuellen Stand")
    if zeichen is not None and zeichen != bestaetigung.zeichen(zug):
        raise NichtZuBestaetigen("Die Werte dieser Aktion haben sich seit der Anzeige geändert; bitte die "
                                 "Angaben erneut prüfen und bestätigen")
    assert isinstance(zug.schritt, Aktion)
    _kunde_pruefen(zug.schritt, kontext)
    lauf.auftraege[bestaetigung.schluessel(zug.schluessel)] = dict(zug.parameter)
    lauf.protokoll.append(f"bestaetigt:{zug.schluessel}")
    return vorwaerts(katalog, lauf, systeme, kontext)


def zuruecknehmen(lauf: Lauf, fakt: str) -> None:
    """Geht zur Frage `fakt` zurück: ihre Antwort und alle späteren fallen weg. Nach einer
    ausgeführten Aktion geht das nicht mehr — eine Absage im ATV ist nicht ungeschehen zu machen."""
    eintrag = f"antwort:{fakt}"
    if eintrag not in lauf.protokoll:
        raise NichtBeantwortet(f"'{fakt}' wurde in diesem Gespräch nicht beantwortet")
    ab = lauf.protokoll.index(eintrag)
    spaeter = lauf.protokoll[ab:]
    aktionen = [e for e in spaeter if e.startswith("auftrag:")]
    if aktionen:
        raise ZurueckGesperrt("Nach einer ausgeführten Aktion kann diese Antwort nicht mehr geändert werden")
    for e in spaeter:
        if e.startswith("bestaetigt:"):      # eine Bestätigung gilt nur für die Antworten davor
            lauf.auftraege.pop(bestaetigung.schluessel(e.removeprefix("bestaetigt:")), None)
            continue
        lauf.antworten.pop(e.removeprefix("antwort:"), None)
    del lauf.protokoll[ab:]
    lauf.ergebnis = None


def aktionen(lauf: Lauf) -> list[dict[str, Any]]:
    """Die ausgeführten Aktionen in ihrer Reihenfolge."""
    return [lauf.auftraege[e.removeprefix("auftrag:")] for e in lauf.protokoll if e.startswith("auftrag:")]


def optionen_werte(optionen: list[Option] | None) -> list[Any]:
    return [o.wert for o in optionen or []]


def fassung_von(katalog: Katalog, lauf: Lauf) -> Fassung:
    return katalog.fassung(lauf.fassung)
