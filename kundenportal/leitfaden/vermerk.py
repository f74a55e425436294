"""Der Kontaktvermerk: in schlichtem Deutsch aus dem gegangenen Weg geschrieben.

Jede Frage steht mit ihrer Antwort darin, jede Aktion mit dem, was sie im System getan hat, jeder
Schritt mit eigenem `vermerk:`-Text zusätzlich mit diesem Text; zuletzt das Ergebnis."""

from __future__ import annotations

from typing import Any

from .engine import Station, text_fuellen
from .katalog import Fassung, Katalog
from .lauf import Lauf
from .modell import Frage
from .vokabular import wert_text

AKTIONS_TEXTE: dict[tuple[str, str], str] = {
    ("atv", "termin_absagen"): "ATV: Termin {termin_id} als abgesagt gekennzeichnet (Grund: {absagegrund}).",
    ("atv", "termin_verschieben"): "ATV: Termin {termin_id} verschoben auf {beginn}.",
    ("atv", "termin_buchen"): "ATV: Termin am {beginn} gebucht ({bereich}, {agentur}, Kalender {kalender}).",
    ("verbis", "abmelden"): "VerBIS: Abmeldung erfasst, Grund {abmeldegrund}, zum {abmeldedatum}.",
    ("verbis", "profil_uebernehmen"): "VerBIS: Angaben aus dem eService ins Profil übernommen.",
    ("colibri", "au_erfassen"): "Colibri: Arbeitsunfähigkeit vom {au_beginn} bis {au_ende} erfasst.",
    ("colibri", "leistung_aufheben"): "Colibri: Leistung aufgehoben ab {ab}.",
    ("aufgaben", "erstellen"): "Aufgabe an {an}: {betreff}.",
    ("telefonie", "weiterleiten"): "Telefonie: weitergeleitet an {ziel}.",
    ("telefonie", "verbinden"): "Telefonie: direkt verbunden mit {ziel}.",
    ("versand", "papierantrag"): "Versand: Papierantrag ({leistung}) per Post übersandt.",
    ("kiwi", "oeffentlicher_dienst_erfassen"): "KIWI: öffentlicher Dienst erfasst: {wert}.",
    ("kiwi", "haushaltszugehoerigkeit_hinterlegen"):
        "KIWI: Haushaltszugehörigkeit für Kind {kind_id} hinterlegt ({haushalt}).",
}


def _zeile(katalog: Katalog, station: Station) -> list[str]:
    schritt = station.schritt
    werte = dict(station.werte)
    zeilen: list[str] = []
    if isinstance(schritt, Frage):
        fakt = katalog.vokabular.fakten.get(schritt.fakt)
        label = fakt.label if fakt else schritt.fakt
        zeilen.append(f"{label} {wert_text(station.wert)}" if label.endswith("?")
                      else f"{label}: {wert_text(station.wert)}")
    elif schritt.art in ("aktion", "abgabe") and isinstance(station.wert, dict):
        satz: dict[str, Any] = station.wert
        vorlage = AKTIONS_TEXTE.get((str(satz.get("system")), str(satz.get("vorgang"))), "{system}: {vorgang}.")
        zeilen.append(text_fuellen(vorlage, satz))
        werte |= satz
    if schritt.vermerk:
        zeilen.append(text_fuellen(schritt.vermerk, werte))
    return zeilen


def vermerk_schreiben(katalog: Katalog, lauf: Lauf, weg: list[Station]) -> str:
    fassung: Fassung = katalog.fassung(lauf.fassung)
    kopf = (f"Kontakt vom {lauf.datum:%d.%m.%Y} ({lauf.kanal}"
            + (f", {lauf.standort}" if lauf.standort else "") + f") nach {fassung.leitfaden_id}, "
            f"Stand {fassung.stand:%d.%m.%Y}, Weisung {fassung.weisung}.")
    zeilen = [kopf]
    for station in weg:
        zeilen.extend(_zeile(katalog, station))
    if lauf.ergebnis:
        zeilen.append(f"Ergebnis: {katalog.vokabular.ergebnisse.get(lauf.ergebnis, lauf.ergebnis)}.")
    return "\n".join(zeilen)
