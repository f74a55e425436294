"""Die Ansicht eines Kontakts: was die Seite (und die API) zeigt — anstehende Frage mit Optionen,
gegangener Weg, ausgeführte Aktionen, Übergaben, Fassung. Reine Übersetzung von `engine.Zug`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kundenportal.leitfaden.engine import Station, Zug, text_fuellen
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.modell import Frage
from kundenportal.leitfaden.vermerk import AKTIONS_TEXTE
from kundenportal.leitfaden.vokabular import wert_text

from .models import Kontakt
from .queries import Kundendaten

IDENTITAET = "identitaet_geprueft"
EINGABEN = {"text": "text", "datum": "date", "zahl": "number", "zeitpunkt": "datetime-local"}


@dataclass(frozen=True)
class Wahl:
    wert: str        # was das Formular sendet (wird vom Fakt gelesen)
    label: str


@dataclass(frozen=True)
class Wegpunkt:
    """Ein gegangener Schritt: Frage mit Antwort, Hinweis, Aktion oder Übergabe (abgabe)."""

    art: str                 # frage | hinweis | aktion | abgabe | pruefung | einbinden | ende | rueckkehr
    text: str
    antwort: str = ""
    fakt: str = ""           # bei Fragen: zum Zurückgehen


@dataclass
class Ansicht:
    kontakt: Kontakt
    art: str                            # frage | ende | stoerung
    leitfaden_id: str
    titel: str
    stand: dt.date
    weisung: str
    fakt: str = ""
    frage: str = ""                     # Label des Fakts
    text: str = ""                      # Text des Schritts (Platzhalter gefüllt)
    regel: str = ""
    optionen: list[Wahl] = field(default_factory=list)
    eingabe: str = ""                   # HTML-Eingabetyp, wenn frei zu erfassen
    sagen: list[str] = field(default_factory=list)          # Hinweise seit der letzten Frage
    erledigt: list[Wegpunkt] = field(default_factory=list)  # Aktionen/Übergaben seit der letzten Frage
    weg: list[Wegpunkt] = field(default_factory=list)
    ergebnis: str = ""
    ergebnis_text: str = ""
    vermerk: str = ""
    meldung: str = ""
    identitaet_geprueft: bool = False
    kunde: Kundendaten | None = None

    @property
    def letzte_antwort(self) -> str:
        """Der Fakt der letzten beantworteten Frage (Ziel von „Zurück“)."""
        fragen = [w.fakt for w in self.weg if w.art == "frage" and w.fakt]
        return fragen[-1] if fragen else ""


def _formwert(wert: Any) -> str:
    if isinstance(wert, bool):
        return "ja" if wert else "nein"
    if isinstance(wert, dt.datetime | dt.date):
        return wert.isoformat()
    return str(wert)


def _aktionstext(satz: dict[str, Any]) -> str:
    vorlage = AKTIONS_TEXTE.get((str(satz.get("system")), str(satz.get("vorgang"))), "{system}: {vorgang}.")
    return text_fuellen(vorlage, satz)


def wegpunkt(katalog: Katalog, station: Station) -> Wegpunkt:
    schritt = station.schritt
    text = text_fuellen(schritt.text or "", station.werte) if schritt.text else ""
    if isinstance(schritt, Frage):
        fakt = katalog.vokabular.fakten.get(schritt.fakt)
        label = fakt.label if fakt else schritt.fakt
        return Wegpunkt("frage", label if label.endswith("?") else f"{label}:", wert_text(station.wert), schritt.fakt)
    if schritt.art in ("aktion", "abgabe") and isinstance(station.wert, dict):
        return Wegpunkt(schritt.art, _aktionstext(station.wert), text)
    return Wegpunkt(schritt.art, text)


def optionen(katalog: Katalog, zug: Zug) -> tuple[list[Wahl], str]:
    """Die Optionen als Knöpfe, oder der Eingabetyp für freie Antworten."""
    if zug.optionen is not None:
        return [Wahl(_formwert(o.wert), o.label) for o in zug.optionen], ""
    fakt = katalog.vokabular.fakten[zug.fakt]
    if fakt.typ == "bool":
        return [Wahl("ja", "Ja"), Wahl("nein", "Nein")], ""
    if fakt.typ == "auswahl":
        return [Wahl(o, o.replace("_", " ").capitalize()) for o in fakt.optionen], ""
    return [], EINGABEN.get(fakt.typ, "text")


def bauen(katalog: Katalog, kontakt: Kontakt, zug: Zug, antworten: dict[str, Any]) -> Ansicht:
    fassung = katalog.fassung(kontakt.lauf["fassung"])
    lf = katalog.leitfaeden[fassung.leitfaden_id]
    ansicht = Ansicht(kontakt=kontakt, art=zug.art if zug.art in ("frage", "ende") else "stoerung",
                      leitfaden_id=fassung.leitfaden_id, titel=lf.kopf.titel, stand=fassung.stand,
                      weisung=fassung.weisung, identitaet_geprueft=antworten.get(IDENTITAET) is True)
    ansicht.weg = [wegpunkt(katalog, s) for s in zug.weg]
    letzte_frage = max((i for i, w in enumerate(ansicht.weg) if w.art == "frage"), default=-1)
    seit = ansicht.weg[letzte_frage + 1:]
    ansicht.sagen = [w.text for w in seit if w.art == "hinweis" and w.text]
    ansicht.erledigt = [w for w in seit if w.art in ("aktion", "abgabe")]
    schritt = zug.schritt
    ansicht.regel = schritt.regel or ""
    if zug.art in ("frage", "ende") and schritt.text:
        ansicht.text = text_fuellen(schritt.text, zug.werte)
    if zug.art == "frage":
        fakt = katalog.vokabular.fakten[zug.fakt]
        ansicht.fakt, ansicht.frage = zug.fakt, fakt.label
        ansicht.optionen, ansicht.eingabe = optionen(katalog, zug)
    elif zug.art == "ende":
        ansicht.ergebnis = zug.ergebnis
        ansicht.ergebnis_text = katalog.vokabular.ergebnisse.get(zug.ergebnis, zug.ergebnis)
    return ansicht
