"""Sichere Aktionen: vor jeder Aktion, die ein Fachverfahren ändert, steht ein Bestätigungsschritt
(docs/adr/0008-bestaetigung-vor-aktionen.md).

Die Engine hält vor einer solchen Aktion mit einem Zug der Art `bestaetigung` an, solange im Lauf
keine Bestätigung genau dieser Parameter steht. Bestätigt wird mit `Sitzung.bestaetigen`; bis dahin
bleiben alle Antworten änderbar („Zurück“). Die Bestätigung steht als Auftrag im Lauf
(`<schlüssel>#bestaetigt` → die bestätigten Parameter) und im Protokoll (`bestaetigt:<schlüssel>`),
damit „Zurück“ sie mit den Antworten davor wieder entfernt.

`beschreiben` sagt in lesbarem Deutsch, was geschehen wird, in welchem System, mit welchen Werten."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .auftraege import AKTIONEN, SYSTEM_NAMEN, bestaetigung_noetig, bestaetigung_schluessel, kunde_fehlt
from .vokabular import wert_text

schluessel = bestaetigung_schluessel     # Namen, unter denen Engine und Ausführung sie kennen
noetig = bestaetigung_noetig

if TYPE_CHECKING:
    from .engine import Zug
    from .katalog import Katalog

# Parameter, wie der Bestätigungsschritt sie nennt (sonst: Label des Fakts, sonst der Name).
PARAMETER_NAMEN: dict[str, str] = {
    "termin_id": "Termin", "termin_ids": "Termine", "absagegrund": "Grund der Absage", "beginn": "Neuer Beginn",
    "bereich": "Bereich",
    "agentur": "Agentur", "kalender": "Kalender", "abmeldegrund": "Abmeldegrund", "abmeldedatum": "Abmeldedatum",
    "au_beginn": "Arbeitsunfähig seit", "au_ende": "Arbeitsunfähig bis", "grund": "Grund", "ab": "Ab",
    "an": "An", "betreff": "Betreff", "text": "Text", "ziel": "Ziel", "leistung": "Leistung",
    "wert": "Wert", "kind_id": "Kind", "haushalt": "Haushalt", "fuehrerscheine": "Führerscheine",
    "fahrzeuge": "Fahrzeuge", "sprachkenntnisse": "Sprachkenntnisse", "freie_angaben": "Freie Angaben",
    "stellengesuch": "Stellengesuch", "status": "Neuer Status",
}


BEREICH_AUFZAEHLUNG = {"bereich": "betreuung"}


def zeichen(zug: Zug) -> str:
    """Ein kurzes Zeichen für genau diese Aktion mit genau diesen Werten: eine Bestätigung aus einem
    veralteten Tab (andere Werte) passt nicht mehr."""
    roh = f"{zug.schluessel}|{sorted((k, str(v)) for k, v in zug.parameter.items())}"
    return hashlib.sha256(roh.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Vorhaben:
    """Was nach der Bestätigung geschieht: `was` (deutsch), `system` (Name des Fachverfahrens),
    `werte` als (Bezeichnung, Wert)-Paare, `zeichen` (für das Formular)."""

    was: str
    system: str
    werte: list[tuple[str, str]] = field(default_factory=list)
    zeichen: str = ""
    text: str = ""          # der Schritttext des Leitfadens, wenn er einen hat
    hindernis: str = ""     # warum nicht bestätigt werden kann (z. B. Kontakt ohne Kundennummer)


def _wert(wert: Any, optionen: tuple[str, ...], texte: dict[str, str]) -> str:
    """Ein Wert, wie ein Mensch ihn liest: Codes mit ihrem Text aus dem Vokabular (fakten.yaml,
    `wert_texte`) — nie roh; Datum, Ja/Nein und Listen im deutschen Format."""
    if isinstance(wert, str) and (wert in texte or wert in optionen):
        return texte.get(wert) or wert.replace("_", " ")
    if isinstance(wert, dt.datetime):
        return f"{wert_text(wert)} Uhr"          # wie die freien Termine, aus denen er gewählt wurde
    if isinstance(wert, dt.date | bool | list):
        return wert_text(wert)
    return str(wert)


def beschreiben(katalog: Katalog, zug: Zug, kundennummer: str | None = "-") -> Vorhaben:
    """Der Bestätigungsschritt zu einem Zug der Art `bestaetigung`, in lesbarem Deutsch."""
    from .engine import text_fuellen
    from .modell import Aktion

    schritt = zug.schritt
    assert isinstance(schritt, Aktion)
    eintrag = AKTIONEN.get((schritt.system, schritt.vorgang))
    was = (eintrag.vorhaben if eintrag and eintrag.vorhaben else schritt.vorgang.replace("_", " ").capitalize())
    fakten = katalog.vokabular.fakten
    werte: list[tuple[str, str]] = []
    for name, wert in zug.parameter.items():
        if wert is None or wert == "" or wert == []:
            continue
        fakt = fakten.get(name)
        bezeichnung = PARAMETER_NAMEN.get(name) or (fakt.label.rstrip("?") if fakt else name.replace("_", " "))
        optionen = fakt.optionen if fakt else \
            katalog.vokabular.aufzaehlungen.get(BEREICH_AUFZAEHLUNG.get(name, name), ())
        werte.append((bezeichnung, _wert(wert, optionen, katalog.vokabular.wert_texte)))
    text = text_fuellen(schritt.text, zug.werte, katalog.vokabular.wert_texte) if schritt.text else ""
    return Vorhaben(was=was, system=SYSTEM_NAMEN.get(schritt.system, schritt.system), werte=werte,
                    zeichen=zeichen(zug), text=text,
                    hindernis=kunde_fehlt(schritt.system, schritt.vorgang, kundennummer) or "")
