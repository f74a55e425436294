"""Die Sitzung: der eine Fahrer eines Gesprächs (docs/adr/0003-eine-sitzung.md).

Telefon-Oberfläche, API, E-Mail-Arbeitshilfen, eService, Szenario-Runner, Terminfilter und `make bench`
gehen alle durch diese Klasse — nichts anderes außerhalb des Kerns ruft `engine` oder `ausfuehrung`.
Eine Sitzung hält Katalog, Fachverfahren (Ports), den Lauf (Zustand als Daten) und den Kontext; den
Kontext baut nur sie (`fortsetzen`). Sie kennt kein Django und keine Datenbank: die Schale lädt den
Lauf, ruft eine Methode und speichert den Lauf wieder (`sitzung.lauf`).

    stand()            was ansteht, ohne etwas auszuführen (Lesen schreibt nie)
    weiter()           anstehende Abfragen und Aktionen erledigen — „erneut versuchen“ nach einer Störung
    antworten(f, w)    die anstehende Frage beantworten und weitergehen
    bestaetigen(z)     die anstehende ändernde Aktion bestätigen (erst dann läuft sie) und weitergehen
    vorhaben(zug)      was die anstehende Aktion tun wird, lesbar (Bestätigungsschritt; nur lesen)
    zuruecknehmen(f)   zur Frage f zurück und weitergehen
    optionen(**filter) die Optionen der anstehenden Frage, mit geänderten Parametern neu gelesen
    antwort_pruefen    würde eine frühere Frage diese Antwort annehmen? (nur lesen)
    durchlaufen(a)     eine Liste von Antworten der Reihe nach geben (eService, Szenarien, Bench);
                       mit bestaetigen=False Halt vor der ersten ändernden Aktion (Prüfseite im eService)

Fehler sind Klassen aus `fehler.py` (Oberklasse SitzungFehler): NichtGueltig, AntwortAbgelehnt,
FrageStehtNichtAn, LaufFehler, NichtBeantwortet, ZurueckGesperrt, NichtZuBestaetigen, SystemFehler.

Vor jeder Aktion, die ein Fachverfahren ändert, steht ein Zug der Art `bestaetigung`
(docs/adr/0008-bestaetigung-vor-aktionen.md); `durchlaufen` bestätigt sie selbst — eine Liste von
Antworten (Szenario, eService-Formular) ist die Absicht, die sie bestätigt."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from kundenportal.fachverfahren.ports import Systeme, SystemNichtErreichbar

from . import ausfuehrung
from .auftraege import ABFRAGEN, QUELLEN, QUELLEN_SYSTEM, SYSTEM_NAMEN, Option
from .bestaetigung import Vorhaben, beschreiben
from .engine import Zug, naechstes, parameter_auswerten, umgebung
from .fehler import AntwortAbgelehnt, SystemFehler
from .katalog import Fassung, Katalog
from .kontext import Kontext
from .lauf import Lauf
from .modell import Aktion, Frage, Pruefung
from .vermerk import vermerk_schreiben

Halt = Literal["ende", "frage", "abgelehnt", "unbeantwortet", "bestaetigung"]


@dataclass
class Durchlauf:
    """Wie `durchlaufen` endete. `halt`: ende (Leitfaden zu Ende) | frage (bei `halt_bei` angehalten) |
    abgelehnt (`abgelehnt` sagt, welche Antwort warum) | unbeantwortet (`zug.fakt` fehlt in den Antworten
    und hat keinen Standardwert, oder Standardwerte gelten nicht) | bestaetigung (mit `bestaetigen=False`: eine ändernde Aktion wartet). `zug` ist, was danach ansteht; `fragen` die gestellten Fragen."""

    zug: Zug
    halt: Halt
    fragen: list[str] = field(default_factory=list)
    abgelehnt: AntwortAbgelehnt | None = None


class Sitzung:
    """Ein Gespräch in Arbeit. Ändert nur `lauf` und (über die Ports) die Fachverfahren."""

    def __init__(self, katalog: Katalog, systeme: Systeme, lauf: Lauf, kontext: Kontext) -> None:
        self.katalog, self.systeme, self.lauf, self.kontext = katalog, systeme, lauf, kontext

    # --- Beginnen und Fortsetzen -------------------------------------------------------------------

    @classmethod
    def starten(cls, katalog: Katalog, systeme: Systeme, leitfaden_id: str, *, datum: dt.date, jetzt: dt.datetime,
                kanal: str, standort: str | None, kundennummer: str | None, benutzer: str,
                kontakt: str) -> Sitzung:
        """Beginnt ein Gespräch auf der Fassung, die an `standort` am `datum` gilt, und pinnt sie (und die
        Fassungen aller Einbindungen). Führt noch nichts aus — `weiter()` tut das. NichtGueltig, wenn keine
        Fassung gilt."""
        lauf = ausfuehrung.starten(katalog, leitfaden_id, datum=datum, jetzt=jetzt, kanal=kanal,
                                   standort=standort, kundennummer=kundennummer)
        return cls.fortsetzen(katalog, systeme, lauf, jetzt=jetzt, benutzer=benutzer, kontakt=kontakt)

    @classmethod
    def fortsetzen(cls, katalog: Katalog, systeme: Systeme, lauf: Lauf, *, jetzt: dt.datetime, benutzer: str,
                   kontakt: str) -> Sitzung:
        """Setzt ein gespeichertes Gespräch fort. Der Kontext ist der des Laufs (Datum, Kanal, Standort,
        Kunde bleiben, wie sie beim Start waren); `jetzt` ist die Uhrzeit dieses Schritts."""
        # positional (datum, jetzt, kanal, standort, kundennummer, benutzer, kontakt, standorte): je Schritt
        kontext = Kontext(lauf.datum, jetzt, lauf.kanal, lauf.standort, lauf.kundennummer, benutzer, kontakt,
                          katalog.standorte)
        return cls(katalog, systeme, lauf, kontext)

    # --- Lesen ---------------------------------------------------------------------------------------

    @property
    def fassung(self) -> Fassung:
        return self.katalog.fassung(self.lauf.fassung)

    def stand(self) -> Zug:
        """Was ansteht (Frage, Ende, oder ein noch nicht erledigter Auftrag). Führt nichts aus."""
        return naechstes(self.katalog, self.lauf)

    def aktionen(self) -> list[dict[str, Any]]:
        """Die ausgeführten Aktionen in ihrer Reihenfolge."""
        return ausfuehrung.aktionen(self.lauf)

    def vermerk(self, zug: Zug | None = None) -> str:
        """Der Kontaktvermerk aus dem gegangenen Weg (bis `zug`, sonst bis zum aktuellen Stand)."""
        return vermerk_schreiben(self.katalog, self.lauf, (zug or self.stand()).weg)

    def vorhaben(self, zug: Zug | None = None) -> Vorhaben | None:
        """Was die anstehende ändernde Aktion tun wird (in welchem System, mit welchen Werten), lesbar —
        oder None, wenn keine Bestätigung ansteht. Führt nichts aus."""
        zug = zug or self.stand()
        return beschreiben(self.katalog, zug, self.kontext.kundennummer) if zug.art == "bestaetigung" else None

    def wartet_auf(self, zug: Zug | None = None) -> str:
        """Auf welches Fachverfahren der anstehende Auftrag wartet (nach einer Störung), deutsch benannt;
        "" wenn eine Frage, eine Bestätigung oder das Ende ansteht. Führt nichts aus."""
        zug = zug or self.stand()
        schritt, system = zug.schritt, ""
        if zug.art == "aktion" and isinstance(schritt, Aktion):
            system = schritt.system
        elif zug.art == "abfrage" and isinstance(schritt, Pruefung):
            system = ABFRAGEN[schritt.abfrage].beschreibung.split(":")[0].strip().lower()
        elif zug.art == "optionen" and isinstance(schritt, Frage) and schritt.optionen_aus is not None:
            system = QUELLEN_SYSTEM.get(schritt.optionen_aus.quelle, "")
        return SYSTEM_NAMEN.get(system, system.upper()) if system else ""

    def optionen(self, **filter: Any) -> list[Option]:
        """Die Optionen der anstehenden Frage, aus ihrer Quelle neu gelesen — mit den Parametern der Frage,
        überschrieben durch `filter` (z. B. `agentur=...`, `ab_tag=...` bei freien Terminen). Ändert nichts.
        Leer, wenn keine Frage mit Optionen-Quelle ansteht."""
        zug = self.stand()
        schritt = zug.schritt
        if zug.art != "frage" or not isinstance(schritt, Frage) or schritt.optionen_aus is None:
            return []
        quelle = QUELLEN[schritt.optionen_aus.quelle]
        try:
            return quelle.optionen(self.systeme, self.kontext, {**zug.parameter, **filter})
        except (SystemNichtErreichbar, LookupError) as fehler:
            raise ausfuehrung.system_fehler(fehler) from None

    def antwort_pruefen(self, fakt: str, wert: Any) -> str | None:
        """Würde die schon beantwortete Frage `fakt` an ihrer Stelle im Weg `wert` annehmen? Fragt dieselbe
        Quelle, die die Frage anbietet, und ändert nichts. Der Grund der Ablehnung, sonst None (auch, wenn
        die Frage keine Optionen-Quelle hat oder nicht auf dem Weg liegt)."""
        zug = self.stand()
        station = next((s for s in zug.weg if isinstance(s.schritt, Frage) and s.schritt.fakt == fakt), None)
        if station is None or not isinstance(station.schritt, Frage) or station.schritt.optionen_aus is None:
            return None
        quelle = QUELLEN[station.schritt.optionen_aus.quelle]
        werte = {k: v for k, v in station.werte.items() if k != fakt}
        p = parameter_auswerten(umgebung(self.katalog), station.schritt.optionen_aus.parameter, werte)
        try:
            if quelle.ablehnung is not None:
                return quelle.ablehnung(self.systeme, self.kontext, p, wert)
            if wert not in [o.wert for o in quelle.optionen(self.systeme, self.kontext, p)]:
                return f"{wert} ist keine der angebotenen Optionen"
        except (SystemNichtErreichbar, LookupError) as fehler:
            raise ausfuehrung.system_fehler(fehler) from None
        return None

    # --- Handeln -------------------------------------------------------------------------------------

    def weiter(self) -> Zug:
        """Erledigt anstehende Abfragen und Aktionen, bis eine Frage oder das Ende ansteht. Nach einer
        Störung (SystemFehler) ist das „erneut versuchen“: Erledigtes bleibt erledigt, der Rest folgt."""
        return ausfuehrung.vorwaerts(self.katalog, self.lauf, self.systeme, self.kontext)

    def antworten(self, fakt: str, wert: Any) -> Zug:
        """Beantwortet die anstehende Frage `fakt` (roh wie aus einem Formular; der Fakt liest den Typ) und
        geht bis zur nächsten Frage oder zum Ende. AntwortAbgelehnt (mit Grund) ändert nichts;
        FrageStehtNichtAn, wenn eine andere Frage ansteht."""
        return ausfuehrung.beantworten(self.katalog, self.lauf, self.systeme, self.kontext, fakt, wert)

    def bestaetigen(self, zeichen: str | None = None) -> Zug:
        """Bestätigt die anstehende ändernde Aktion — mit `zeichen` (Vorhaben.zeichen) nur, wenn ihre
        Werte noch die angezeigten sind — führt sie aus und geht weiter. NichtZuBestaetigen sonst."""
        return ausfuehrung.bestaetigen(self.katalog, self.lauf, self.systeme, self.kontext, zeichen)

    def zuruecknehmen(self, fakt: str) -> Zug:
        """Geht zur Frage `fakt` zurück (sie und alle späteren Antworten fallen weg) und wertet den Weg neu
        aus. NichtBeantwortet / ZurueckGesperrt (nach einer ausgeführten Aktion)."""
        ausfuehrung.zuruecknehmen(self.lauf, fakt)
        return self.weiter()

    def durchlaufen(self, antworten: Mapping[str, Any], *, halt_bei: str | None = None,
                    bestaetigen: bool = True, standards: bool = True) -> Durchlauf:
        """Beantwortet jede anstehende Frage aus `antworten` (sonst mit dem Standardwert des Fakts), bis der
        Leitfaden endet, die Frage `halt_bei` ansteht, eine Antwort abgelehnt wird oder eine fehlt.
        Ändernde Aktionen bestätigt die Antwortliste selbst; mit `bestaetigen=False` hält der Lauf vor der
        ersten (halt `bestaetigung`, `vorhaben(lauf.zug)` sagt, was sie täte) — so sieht ein Kunde vor dem
        Absenden, was geschieht. Eine Ablehnung kommt als `Durchlauf.abgelehnt` zurück; LaufFehler und
        SystemFehler fliegen.

        Der Standardwert (fakten.yaml `standard:`) lässt Szenarien weiterlaufen, die vor dem Fakt geschrieben
        wurden. Mit `standards=False` gilt er nicht: jede Frage ohne Antwort hält (`unbeantwortet`) — wie im
        Gespräch, das jede Frage stellt; so zeichnet der Rekorder der Redaktion einen neuen Weg auf."""
        fakten = self.katalog.vokabular.fakten
        zug = self.weiter()
        fragen: list[str] = []
        while zug.art in ("frage", "bestaetigung"):
            if zug.art == "bestaetigung":     # die Antwortliste ist die Absicht: bestätigt (ADR 0008)
                if not bestaetigen:
                    return Durchlauf(zug, "bestaetigung", fragen)
                zug = self.bestaetigen()
                continue
            fakt = zug.fakt
            fragen.append(fakt)
            if fakt == halt_bei:
                return Durchlauf(zug, "frage", fragen)
            if fakt in antworten:
                wert = antworten[fakt]
            elif standards and fakten[fakt].hat_standard:
                wert = fakten[fakt].standard
            else:
                return Durchlauf(zug, "unbeantwortet", fragen)
            try:
                zug = self.antworten(fakt, wert)
            except AntwortAbgelehnt as abgelehnt:
                return Durchlauf(zug, "abgelehnt", fragen, abgelehnt)
        return Durchlauf(zug, "ende", fragen)


__all__ = ["Durchlauf", "Halt", "Sitzung", "SystemFehler"]
