"""Ein Kontakt, wie die Qualitätssicherung ihn sieht: pseudonymisiert aus dem Lauf.

Gezeigt werden Leitfaden, Stand, Weisung, Kanal, der Weg (Fragen mit Label und Antwort, Abfragen,
ausgeführte Aktionen, Übergaben), das Ergebnis und die Weisungsregeln, die der Weg berührt hat (Schritte
mit `regel:` in der gepinnten Fassung). Nicht gezeigt werden Name und Kundennummer; der Vermerk erscheint
nur pseudonymisiert — so viel, wie das Kriterium „Vermerk vollständig und sachlich“ braucht (Weisung
202003006, Abschnitt 4).

Weg und Vermerk verbergen dasselbe: jede Antwort im Weg läuft durch dieselbe Pseudonymisierung wie der
Vermerk (ein Datum der Arbeitsunfähigkeit oder des Rentenbeginns ist in beiden „[Datum]“), und eine
Freitext-Antwort steht weder im Weg noch im Vermerk (dort „[Freitext]“, auch in den Sätzen der Aktionen)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from kundenportal import lesbar
from kundenportal.gespraech.models import Kontakt
from kundenportal.gespraech.queries import kinder_vornamen, kunde_lesen
from kundenportal.konten import rechtskreis
from kundenportal.konten.rollen import KANAL_NAMEN
from kundenportal.leitfaden.auftraege import ABFRAGEN, AKTIONEN, QUELLEN_SYSTEM, SYSTEM_NAMEN
from kundenportal.leitfaden.engine import Station, Zug
from kundenportal.leitfaden.fehler import LaufFehler
from kundenportal.leitfaden.lauf import Lauf
from kundenportal.leitfaden.modell import Aktion, Frage, Pruefung
from kundenportal.leitfaden.vermerk import vermerk_schreiben
from kundenportal.leitfaden.vokabular import wert_text
from kundenportal.leitfaden.wortlaut import frage_text
from kundenportal.verdrahtung import katalog, sitzung_fortsetzen

from . import pseudonym

IDENTITAET = "identitaet_geprueft"
VERBORGEN = f"{pseudonym.FREITEXT} (in der Qualitätssicherung nicht angezeigt)"
ART_TEXTE = {"frage": "Frage", "aktion": "Aktion", "abgabe": "Übergabe", "pruefung": "Abfrage"}
STOERUNG = ("aktion", "abfrage", "optionen")    # ein Auftrag stand noch an: das Fachverfahren hat ihn nicht erledigt


@dataclass(frozen=True)
class Punkt:
    """Ein Schritt des Wegs: Art (Frage, Aktion, Übergabe, Abfrage), Text und — bei Fragen — Antwort."""

    art: str
    text: str
    antwort: str = ""


@dataclass(frozen=True)
class Regelbezug:
    punkt: str
    titel: str
    schritt: str            # Kennung des Schritts (mit eingebundenem Leitfaden: „eroeffnung/oed_erfassen“)
    beschreibung: str = ""  # derselbe Schritt für Menschen (`schritt_beschreiben`)


def schritt_beschreiben(leitfaden_id: str, schritt: Any) -> str:
    """Ein Schritt für die Teamleitung: Leitfaden, Art und der Anfang seines Texts — nicht seine Kennung
    („hinweis_sonstiges“). Der Text ist der des Leitfadens (Platzhalter ungefüllt), nie eine Antwort."""
    art = lesbar.code(getattr(schritt, "art", ""))
    text = " ".join(str(getattr(schritt, "text", "") or "").split())
    kurz = text if len(text) <= 70 else text[:70].rsplit(" ", 1)[0] + " …"
    return f"{leitfaden_id}, {art}" + (f": {kurz}" if kurz else "")


def system_name(schritt: Any) -> str:
    """Das Fachverfahren eines Schritts, wie Beschäftigte es nennen („KIWI (Kindergeld)“): das einer Aktion oder
    Übergabe, einer Abfrage, der Optionen einer Frage; "" für Schritte ohne Fachverfahren."""
    system = ""
    if isinstance(schritt, Aktion):
        system = schritt.system
    elif isinstance(schritt, Pruefung) and schritt.abfrage in ABFRAGEN:
        system = ABFRAGEN[schritt.abfrage].beschreibung.split(":")[0].strip().lower()
    elif isinstance(schritt, Frage) and schritt.optionen_aus is not None:
        system = QUELLEN_SYSTEM.get(schritt.optionen_aus.quelle, "")
    return SYSTEM_NAMEN.get(system, system.upper()) if system else ""


@dataclass(frozen=True)
class Anstehend:
    """Was anstand, als der Kontakt vor dem Ende seines Leitfadens abgeschlossen wurde: die Art des Zugs
    (`frage`, `bestaetigung` oder — nach einer Störung — `aktion`, `abfrage`, `optionen`), der Leitfaden und
    der Schritt."""

    art: str
    leitfaden: str
    schritt: Any

    @property
    def stoerung(self) -> bool:
        """Ein Auftrag an ein Fachverfahren stand noch an: es hat ihn nicht erledigt (Störung, Ablehnung)."""
        return self.art in STOERUNG

    @property
    def system(self) -> str:
        return system_name(self.schritt)

    @property
    def text(self) -> str:
        """Wie der Kontakt endete, für Begründungen: „Kontakt mit Störung in KIWI (Kindergeld) beendet“."""
        system = self.system
        if self.stoerung:
            return f"Kontakt mit Störung{f' in {system}' if system else ''} beendet"
        if self.art == "bestaetigung":
            return f"Kontakt vor der Bestätigung der Aktion{f' in {system}' if system else ''} beendet"
        return "Kontakt vorzeitig beendet"


@dataclass
class Pfad:
    leitfaden: str
    stand: dt.date
    weisung: str
    kanal: str
    ergebnis: str
    ergebnis_text: str
    punkte: list[Punkt] = field(default_factory=list)
    regeln: list[Regelbezug] = field(default_factory=list)
    vermerk: str = ""                       # pseudonymisiert
    stationen: list[Station] = field(default_factory=list)
    fehlende_vermerkzeilen: list[str] = field(default_factory=list)   # Aktionen, die der Vermerk nicht nennt
    aufgezeichnet: bool = True              # False: kein Lauf gespeichert (z. B. Demodaten) oder nicht nachvollziehbar
                                            # — nichts vorbewerten
    anstehend: Anstehend | None = None      # vor dem Ende des Leitfadens abgeschlossen: was da anstand

    @property
    def vorzeitig(self) -> str:
        """Wie der Kontakt vor dem Ende seines Leitfadens endete (Störung, unbestätigte Aktion, Abbruch);
        "" für einen Kontakt, der bis zu einem Ergebnis des Leitfadens geführt wurde."""
        if self.anstehend is not None:
            return self.anstehend.text
        return "Kontakt vorzeitig beendet" if self.ergebnis == "abgebrochen" else ""

    @property
    def regeln_gruppiert(self) -> list[tuple[str, str, list[str]]]:
        """Je berührter Regel einmal (Reihenfolge des Wegs): Punkt, Titel und die Schritte, die sie berührten."""
        gruppen: dict[str, tuple[str, str, list[str]]] = {}
        for r in self.regeln:
            _, _, schritte = gruppen.setdefault(r.punkt, (r.punkt, r.titel, []))
            text = r.beschreibung or r.schritt
            if text not in schritte:
                schritte.append(text)
        return list(gruppen.values())


def _ist_freitext(station: Station) -> bool:
    """Eine Frage mit freier Texteingabe (Fakt vom Typ text, ohne Optionen aus einem System)."""
    schritt = station.schritt
    if not isinstance(schritt, Frage):
        return False
    fakt = katalog().vokabular.fakten.get(schritt.fakt)
    return fakt is not None and fakt.typ == "text" and schritt.optionen_aus is None


def _freitexte(stationen: list[Station]) -> list[str]:
    """Die Freitext-Antworten des Wegs, so wie der Vermerk sie schreibt (wert_text) — sie werden im
    Vermerk ersetzt, weil der Weg sie nicht zeigt."""
    return [wert_text(s.wert) for s in stationen if _ist_freitext(s) and s.wert not in (None, "")]


def _abfrage_text(name: str) -> str:
    """Eine Abfrage lesbar: „Colibri (Leistung): bezieht der Kunde Arbeitslosengeld?“ aus der Beschreibung
    der Abfrage (leitfaden.auftraege), ohne technische Klammer am Ende; nie der Code."""
    abfrage = ABFRAGEN.get(name)
    if abfrage is None:
        return lesbar.code(name)
    system, _, was = abfrage.beschreibung.partition(":")
    was = re.sub(r"\s*\([^()]*\)\s*$", "", was).strip()
    if not was:
        return abfrage.beschreibung
    return f"{SYSTEM_NAMEN.get(system.strip().lower(), system.strip())}: {was}"


def _punkt(station: Station, verbergen: Callable[[str], str], kanal: str) -> Punkt | None:
    """Ein Schritt des Wegs; Antworten gehen durch `verbergen` (dieselbe Pseudonymisierung wie der Vermerk)."""
    schritt = station.schritt
    if isinstance(schritt, Frage):
        antwort = VERBORGEN if _ist_freitext(station) else verbergen(wert_text(station.wert))
        return Punkt("Frage", frage_text(katalog().vokabular, schritt, kanal), antwort)   # wie im Kanal (Absender)
    if isinstance(schritt, Aktion):      # lesbar: „ATV (Terminverwaltung): Termin buchen“, nie Codes
        eintrag = AKTIONEN.get((schritt.system, schritt.vorgang))
        vorgang = eintrag.vorhaben if eintrag and eintrag.vorhaben else lesbar.code(schritt.vorgang)
        return Punkt(ART_TEXTE[schritt.art], f"{SYSTEM_NAMEN.get(schritt.system, schritt.system)}: {vorgang}")
    if isinstance(schritt, Pruefung):
        return Punkt("Abfrage", _abfrage_text(schritt.abfrage))
    return None


def namen_lesen(kontakt: Kontakt) -> tuple[str, ...]:
    """Vor- und Nachname aus VerBIS, bei einem Kontakt der Familienkasse dazu die Vornamen der Kinder aus KIWI
    (sie stehen in Optionen und Vermerk: „K1 – Katharina“) — nur um sie zu schwärzen (der Aufrufer protokolliert
    den Zugriff). KIWI nur im Rechtskreis Familienkasse: für einen Kontakt des SGB III liest die QS dort nichts."""
    if not kontakt.kundennummer:
        return ()
    kunde = kunde_lesen(kontakt.kundennummer)
    namen: tuple[str, ...] = (kunde.vorname, kunde.nachname) if kunde else ()
    if rechtskreis.von_kontakt(kontakt) == rechtskreis.FAMILIENKASSE:
        namen += kinder_vornamen(kontakt.kundennummer)
    return namen


def pseudonymisieren(text: str, kontakt: Kontakt, namen: tuple[str, ...] = (),
                     freitexte: Iterable[str] = ()) -> str:
    """Ersetzt die `freitexte`, Kundennummer, die `namen` und alle Muster mit Personenbezug (qs/pseudonym.py)."""
    return pseudonym.pseudonymisieren(text, namen, [kontakt.kundennummer] if kontakt.kundennummer else [],
                                      freitexte)


def _fehlende_vermerkzeilen(lauf: Lauf, stationen: list[Station], vermerk: str) -> list[str]:
    """Die Vermerkzeilen der ausgeführten Aktionen (wie der Leitfaden sie schreibt), die im
    gespeicherten Vermerk fehlen — pseudonymisiert erst in der Anzeige."""
    fehlend: list[str] = []
    for station in stationen:
        if not isinstance(station.schritt, Aktion):
            continue
        ohne_ergebnis = replace(lauf, ergebnis=None)
        zeilen = vermerk_schreiben(katalog(), ohne_ergebnis, [station]).splitlines()[1:]
        fehlend.extend(z for z in zeilen if z not in vermerk)
    return fehlend


def pfad(kontakt: Kontakt, namen: tuple[str, ...] = ()) -> Pfad:
    """Der pseudonymisierte Weg eines abgeschlossenen Kontakts (reine Lesefrage, protokolliert wird im
    Dienst). `namen` werden im Vermerk zusätzlich geschwärzt (siehe `namen_lesen`)."""
    k = katalog()
    lauf = Lauf.aus_json(kontakt.lauf) if kontakt.lauf else None   # ohne Lauf: kein aufgezeichneter Weg
    zug: Zug | None = None
    try:
        zug = sitzung_fortsetzen(lauf, benutzer="qs", kontakt=str(kontakt.pk)).stand() if lauf else None
    except (LaufFehler, KeyError):
        zug = None                          # nicht nachvollziehbar: wie ohne Lauf, nichts vorbewerten
    stationen = zug.weg if zug else []
    anstehend = Anstehend(zug.art, zug.fassung.leitfaden_id, zug.schritt) if zug and zug.art != "ende" else None
    regeln: list[Regelbezug] = []
    for station in stationen:
        punkt = station.schritt.regel
        if punkt and not any(r.punkt == punkt and r.schritt == station.schluessel for r in regeln):
            weisung = k.weisungen.get(station.fassung.weisung)
            titel = next((r.titel for r in weisung.regeln if r.punkt == punkt), "") if weisung else ""
            regeln.append(Regelbezug(punkt, titel, station.schluessel,
                                     schritt_beschreiben(station.fassung.leitfaden_id, station.schritt)))
    freitexte = _freitexte(stationen)

    def verbergen(text: str) -> str:       # eine Regel für Weg, Vermerk und fehlende Vermerkzeilen
        return pseudonymisieren(text, kontakt, namen, freitexte)

    punkte = [_punkt(s, verbergen, kontakt.kanal) for s in stationen]
    return Pfad(
        leitfaden=kontakt.leitfaden, stand=kontakt.stand, weisung=kontakt.weisung,
        kanal=KANAL_NAMEN.get(kontakt.kanal, kontakt.kanal), ergebnis=kontakt.ergebnis,
        ergebnis_text=k.vokabular.ergebnisse.get(kontakt.ergebnis) or lesbar.code(kontakt.ergebnis),
        punkte=[p for p in punkte if p is not None], regeln=regeln,
        vermerk=verbergen(kontakt.vermerk), stationen=stationen,
        fehlende_vermerkzeilen=[verbergen(z)
                                for z in (_fehlende_vermerkzeilen(lauf, stationen, kontakt.vermerk) if lauf else [])],
        aufgezeichnet=zug is not None, anstehend=anstehend)
