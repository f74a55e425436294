"""Der Kontaktvermerk: in schlichtem Deutsch aus dem gegangenen Weg geschrieben.

Jede Frage steht mit ihrer Antwort darin, jede Aktion mit dem, was sie im System getan hat, jeder
Schritt mit eigenem `vermerk:`-Text zusätzlich mit diesem Text; zuletzt das Ergebnis."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from .auftraege import AKTIONEN, aktionstext
from .engine import Station, text_fuellen
from .katalog import Fassung, Katalog
from .lauf import Lauf
from .modell import Frage
from .vokabular import wert_text

# Die Texte stehen bei den Aktionen selbst (auftraege.aktion(..., text)); dies ist die Sicht darauf.
AKTIONS_TEXTE: Mapping[tuple[str, str], str] = MappingProxyType({k: a.text for k, a in AKTIONEN.items()})


def _zeile(katalog: Katalog, station: Station, kanal: str) -> list[str]:
    schritt = station.schritt
    werte = dict(station.werte)
    zeilen: list[str] = []
    if isinstance(schritt, Frage):
        fakt = katalog.vokabular.fakten.get(schritt.fakt)
        label = fakt.label_fuer(kanal) if fakt else schritt.fakt
        zeilen.append(f"{label} {wert_text(station.wert)}" if label.endswith("?")
                      else f"{label}: {wert_text(station.wert)}")
    elif schritt.art in ("aktion", "abgabe") and isinstance(station.wert, dict):
        satz: dict[str, Any] = station.wert
        zeilen.append(text_fuellen(aktionstext(satz), satz))
        werte |= satz
    if schritt.vermerk:
        zeilen.append(text_fuellen(schritt.vermerk, werte))
    return zeilen


ABBRUCH = "Kontakt vorzeitig beendet: "


def abbruch_vermerk(weg: str, text: str) -> str:
    """Der Vermerk eines abgebrochenen Kontakts: der bis dahin beantwortete Weg, dann der Text der
    Beschäftigten. Steht der Weg schon im Text (vorausgefüllt, oder jede Frage der Zeilen des Wegs wie in
    der E-Mail-Arbeitshilfe), wird er nicht doppelt."""
    text = text.strip()
    kopf, *zeilen = weg.split("\n")
    fragen = [z.split("?")[0].split(":")[0] for z in zeilen if z.strip()]
    if text.startswith(kopf) or (fragen and all(f in text for f in fragen)):
        return text
    return f"{weg}\n{ABBRUCH}{text}"


def vermerk_schreiben(katalog: Katalog, lauf: Lauf, weg: list[Station]) -> str:
    fassung: Fassung = katalog.fassung(lauf.fassung)
    kopf = (f"Kontakt vom {lauf.datum:%d.%m.%Y} ({lauf.kanal}"
            + (f", {lauf.standort}" if lauf.standort else "") + f") nach {fassung.leitfaden_id}, "
            f"Stand {fassung.stand:%d.%m.%Y}, Weisung {fassung.weisung}.")
    zeilen = [kopf]
    for station in weg:
        zeilen.extend(_zeile(katalog, station, lauf.kanal))
    if lauf.ergebnis:
        zeilen.append(f"Ergebnis: {katalog.vokabular.ergebnisse.get(lauf.ergebnis, lauf.ergebnis)}.")
    return "\n".join(zeilen)
