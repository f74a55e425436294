"""Ein Kontakt, wie die Qualitätssicherung ihn sieht: pseudonymisiert aus dem Lauf.

Gezeigt werden Leitfaden, Stand, Weisung, Kanal, der Weg (Fragen mit Label und Antwort, ausgeführte
Aktionen, Übergaben), das Ergebnis und die Weisungsregeln, die der Weg berührt hat (Schritte mit
`regel:` in der gepinnten Fassung). Nicht gezeigt werden Name und Kundennummer; Freitext-Antworten
bleiben verborgen, der Vermerk erscheint nur pseudonymisiert — so viel, wie das Kriterium
„Vermerk vollständig und sachlich“ braucht (Weisung 202003006, Abschnitt 4)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from kundenportal import lesbar
from kundenportal.gespraech.models import Kontakt
from kundenportal.gespraech.queries import kunde_lesen
from kundenportal.konten.rollen import KANAL_NAMEN
from kundenportal.leitfaden.auftraege import AKTIONEN, SYSTEM_NAMEN
from kundenportal.leitfaden.engine import Station
from kundenportal.leitfaden.fehler import LaufFehler
from kundenportal.leitfaden.lauf import Lauf
from kundenportal.leitfaden.modell import Aktion, Frage
from kundenportal.leitfaden.vermerk import vermerk_schreiben
from kundenportal.leitfaden.vokabular import wert_text
from kundenportal.verdrahtung import katalog, sitzung_fortsetzen

from . import pseudonym

IDENTITAET = "identitaet_geprueft"
VERBORGEN = "(Freitext – in der Qualitätssicherung nicht angezeigt)"
ART_TEXTE = {"frage": "Frage", "aktion": "Aktion", "abgabe": "Übergabe", "pruefung": "Abfrage"}


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
    schritt: str


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
    aufgezeichnet: bool = True              # False: kein Lauf gespeichert (z. B. Demodaten) — nichts vorbewerten


def _antwort(station: Station) -> str:
    schritt = station.schritt
    assert isinstance(schritt, Frage)
    fakt = katalog().vokabular.fakten.get(schritt.fakt)
    frei = fakt is not None and fakt.typ == "text" and schritt.optionen_aus is None
    return VERBORGEN if frei else wert_text(station.wert)


def _punkt(station: Station) -> Punkt | None:
    schritt = station.schritt
    if isinstance(schritt, Frage):
        fakt = katalog().vokabular.fakten.get(schritt.fakt)
        return Punkt("Frage", fakt.label if fakt else schritt.fakt, _antwort(station))
    if isinstance(schritt, Aktion):      # lesbar: „ATV (Terminverwaltung): Termin buchen“, nie Codes
        eintrag = AKTIONEN.get((schritt.system, schritt.vorgang))
        vorgang = eintrag.vorhaben if eintrag and eintrag.vorhaben else lesbar.code(schritt.vorgang)
        return Punkt(ART_TEXTE[schritt.art], f"{SYSTEM_NAMEN.get(schritt.system, schritt.system)}: {vorgang}")
    if schritt.art == "pruefung":
        return Punkt("Abfrage", lesbar.code(getattr(schritt, "abfrage", "")))
    return None


def namen_lesen(kontakt: Kontakt) -> tuple[str, ...]:
    """Vor- und Nachname aus VerBIS, nur um sie zu schwärzen (der Aufrufer protokolliert den Zugriff)."""
    kunde = kunde_lesen(kontakt.kundennummer) if kontakt.kundennummer else None
    return (kunde.vorname, kunde.nachname) if kunde else ()


def pseudonymisieren(text: str, kontakt: Kontakt, namen: tuple[str, ...] = ()) -> str:
    """Ersetzt Kundennummer, die `namen` und alle Muster mit Personenbezug (qs/pseudonym.py)."""
    return pseudonym.pseudonymisieren(text, namen, [kontakt.kundennummer] if kontakt.kundennummer else [])


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
    try:
        stationen = sitzung_fortsetzen(lauf, benutzer="qs", kontakt=str(kontakt.pk)).stand().weg if lauf else []
    except (LaufFehler, KeyError):
        stationen = []
    regeln: list[Regelbezug] = []
    for station in stationen:
        punkt = station.schritt.regel
        if punkt and not any(r.punkt == punkt and r.schritt == station.schluessel for r in regeln):
            weisung = k.weisungen.get(station.fassung.weisung)
            titel = next((r.titel for r in weisung.regeln if r.punkt == punkt), "") if weisung else ""
            regeln.append(Regelbezug(punkt, titel, station.schluessel))
    return Pfad(
        leitfaden=kontakt.leitfaden, stand=kontakt.stand, weisung=kontakt.weisung,
        kanal=KANAL_NAMEN.get(kontakt.kanal, kontakt.kanal), ergebnis=kontakt.ergebnis,
        ergebnis_text=k.vokabular.ergebnisse.get(kontakt.ergebnis, kontakt.ergebnis),
        punkte=[p for p in map(_punkt, stationen) if p is not None], regeln=regeln,
        vermerk=pseudonymisieren(kontakt.vermerk, kontakt, namen), stationen=stationen,
        fehlende_vermerkzeilen=[pseudonymisieren(z, kontakt, namen)
                                for z in (_fehlende_vermerkzeilen(lauf, stationen, kontakt.vermerk) if lauf else [])],
        aufgezeichnet=lauf is not None)
