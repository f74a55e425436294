"""Der Kontaktvermerk: in schlichtem Deutsch aus dem gegangenen Weg geschrieben.

Jede Frage steht mit ihrer Antwort darin (eine freie Antwort, die ein späterer Vermerk wörtlich nennt, nur
dort), jede Aktion mit dem, was sie im System getan hat, jeder Schritt mit eigenem `vermerk:`-Text zusätzlich
mit diesem Text; zuletzt das Ergebnis."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from .auftraege import AKTIONEN, Option, aktionstext
from .engine import Station, text_fuellen
from .katalog import Fassung, Katalog
from .lauf import Lauf
from .modell import Frage
from .vokabular import codes_im_text, wert_lesbar, wert_text
from .wortlaut import frage_text

# Die Texte stehen bei den Aktionen selbst (auftraege.aktion(..., text)); dies ist die Sicht darauf.
AKTIONS_TEXTE: Mapping[tuple[str, str], str] = MappingProxyType({k: a.text for k, a in AKTIONEN.items()})


def antwort_text(station: Station, auftraege: Mapping[str, Any], texte: Mapping[str, str] | None = None) -> str:
    """Die Antwort einer Frage, wie Weg und Vermerk sie zeigen: bei einer Frage mit Optionen aus einem
    Fachverfahren (Termin, Agentur, Kind) deren Beschriftung, wie sie zur Wahl stand („11.01.2027 11:30 Uhr,
    Arbeitsvermittlung, Agentur Bonn (T-3F09A1C2)“) — die gelesenen Optionen stehen im Lauf
    (`engine.optionen_schluessel`) —, sonst der Wert als Text. `auftraege` roh (JSON) oder gelesen (Lauf).
    Mit `texte` (fakten.yaml `wert_texte`) stehen Codes mit ihrem Label da, in der Beschriftung wie als Wert."""
    if isinstance(station.schritt, Frage) and station.schritt.optionen_aus is not None:
        vorsilbe = f"{station.schluessel}#optionen#"
        for schluessel, optionen in auftraege.items():
            if not schluessel.startswith(vorsilbe) or not isinstance(optionen, list):
                continue
            for o in optionen:
                wert, label = ((o.wert, o.label) if isinstance(o, Option) else
                               tuple(o["$option"]) if isinstance(o, dict) and "$option" in o else (None, None))
                if wert == station.wert and label:
                    return codes_im_text(str(label), texte) if texte is not None else str(label)
    return wert_lesbar(station.wert, texte) if texte is not None else wert_text(station.wert)


def _zeile(katalog: Katalog, station: Station, kanal: str, auftraege: Mapping[str, Any]) -> list[str]:
    """Die Zeilen einer Station — wie ein Mensch sie liest: Codes (Bereich, Kanal, Option) mit ihrem Label."""
    schritt = station.schritt
    texte = katalog.vokabular.wert_texte
    werte = dict(station.werte)
    zeilen: list[str] = []
    if isinstance(schritt, Frage):
        label = frage_text(katalog.vokabular, schritt, kanal)
        antwort = antwort_text(station, auftraege, texte)
        zeilen.append(f"{label} {antwort}" if label.endswith("?") else f"{label}: {antwort}")
    elif schritt.art in ("aktion", "abgabe") and isinstance(station.wert, dict):
        satz: dict[str, Any] = station.wert
        zeilen.append(text_fuellen(aktionstext(satz), satz, texte))
        werte |= satz
    if schritt.vermerk:
        zeilen.append(text_fuellen(schritt.vermerk, werte, texte))
    return zeilen


ZITAT_MINDESTENS = 20     # Zeichen: kürzere Antworten (Codes, Namen) bleiben als Zeile der Frage stehen
ABBRUCH = "Kontakt vorzeitig beendet: "
ABBRUCH_VORSCHLAG = "Kontakt vorzeitig beendet ("     # so beginnt der vorausgefüllte Text (gespraech.views)
ABBRUCH_GRUND = "Grund des Abbruchs:"               # … und so endet er: danach schreiben die Beschäftigten den Grund


def abbruch_vermerk(weg: str, text: str) -> str:
    """Der Vermerk eines abgebrochenen Kontakts: der bis dahin beantwortete Weg, dann der Text der
    Beschäftigten. Steht der Weg schon im Text (vorausgefüllt, oder jede Frage der Zeilen des Wegs wie in
    der E-Mail-Arbeitshilfe), wird er nicht doppelt: dem vorausgefüllten Text („Kontakt vorzeitig beendet (…).
    Bisheriger Weg: …“) geht nur der Kopf des Vermerks voraus (Tag, Kanal, Standort, Fassung, Weisung)."""
    text = text.strip()
    kopf, *zeilen = weg.split("\n")
    fragen = [z.split("?")[0].split(":")[0] for z in zeilen if z.strip()]
    if text.startswith(ABBRUCH_VORSCHLAG):
        return f"{kopf}\n{text}"
    if text.startswith(kopf) or (fragen and all(f in text for f in fragen)):
        return text
    return f"{weg}\n{ABBRUCH}{text}"


def vermerk_kopf(katalog: Katalog, lauf: Lauf) -> str:
    """Die erste Zeile jedes Vermerks: Tag, Kanal, Standort, Fassung und Weisung des Kontakts."""
    fassung: Fassung = katalog.fassung(lauf.fassung)
    kanal = katalog.vokabular.wert_texte.get(lauf.kanal, lauf.kanal)
    return (f"Kontakt vom {lauf.datum:%d.%m.%Y} ({kanal}" + (f", {lauf.standort}" if lauf.standort else "")
            + f") nach {fassung.leitfaden_id}, Stand {fassung.stand:%d.%m.%Y}, Weisung {fassung.weisung}.")


def vermerk_schreiben(katalog: Katalog, lauf: Lauf, weg: list[Station]) -> str:
    zeilen = [vermerk_kopf(katalog, lauf)]
    zitiert: list[tuple[int, str]] = []      # (Zeile, Antwort) der freien Textantworten
    for station in weg:
        neu = _zeile(katalog, station, lauf.kanal, lauf.auftraege)
        if isinstance(station.schritt, Frage) and isinstance(station.wert, str) and len(station.wert) >= ZITAT_MINDESTENS:
            zitiert.append((len(zeilen), station.wert.strip()))
        zeilen.extend(neu)
    # Eine freie Antwort, die ein späterer Vermerk wörtlich nennt („Änderung aufgenommen (…) und abgegeben“),
    # steht nur dort: sonst stünde derselbe Text zweimal im Vermerk.
    weg_damit = {i for i, text in zitiert if any(text in z for z in zeilen[i + 1:])}
    zeilen = [z for i, z in enumerate(zeilen) if i not in weg_damit]
    if lauf.ergebnis:
        zeilen.append(f"Ergebnis: {katalog.vokabular.ergebnisse.get(lauf.ergebnis, lauf.ergebnis)}.")
    return "\n".join(zeilen)
