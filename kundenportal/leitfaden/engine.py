"""Die Engine: läuft eine gepinnte Fassung gegen die bisherigen Antworten und erledigten Aufträge ab
und sagt, was als Nächstes ansteht — eine Frage, ein Auftrag an ein Fachverfahren oder das Ende.

Sie führt nichts aus (docs/hausstil.md, Gewohnheit 2): Aufträge kommen als Daten zurück; `ausfuehrung` erledigt
sie über die Ports und ruft die Engine erneut. Jeder Aufruf geht den Weg vom Start an neu; dadurch
ist "zurückgehen und eine Antwort ändern" nur das Entfernen von Antworten."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal, assert_never

from .auftraege import ABFRAGEN, Option
from .ausdruck import Umgebung
from .fehler import LaufFehler
from .katalog import Fassung, Katalog
from .lauf import Lauf
from .modell import Aktion, Einbinden, Ende, Frage, Hinweis, Pruefung, Rueckkehr, Schritt, Zweig

MAX_SCHRITTE = 2000


@dataclass
class Station:
    """Ein Schritt auf dem gegangenen Weg, mit Antwort oder Auftragsergebnis."""

    schluessel: str
    fassung: Fassung
    schritt: Schritt
    wert: Any = None
    werte: dict[str, Any] = field(default_factory=dict)   # Variablen zu diesem Zeitpunkt (für Texte)


ZugArt = Literal["frage", "optionen", "abfrage", "aktion", "ende"]
MitAusgang = Frage | Hinweis | Pruefung | Aktion | Einbinden


@dataclass
class Zug:
    """Was ansteht: eine Frage (`frage`), ein Auftrag (`optionen` lesen, `abfrage`, `aktion`) oder das Ende."""

    art: ZugArt
    schluessel: str
    fassung: Fassung
    schritt: Schritt
    weg: list[Station]
    werte: dict[str, Any]
    fakt: str = ""
    optionen: list[Option] | None = None
    parameter: dict[str, Any] = field(default_factory=dict)
    ergebnis: str = ""


def umgebung(katalog: Katalog) -> Umgebung:
    """Die CEL-Umgebung des Katalogs: alle Fakten und alle Abfrage-Variablen (einmal je Katalog)."""
    vorhanden = getattr(katalog, "_umgebung", None)
    if isinstance(vorhanden, Umgebung):
        return vorhanden
    variablen = {name: fakt.typ for name, fakt in katalog.vokabular.fakten.items()}
    for a in ABFRAGEN.values():
        variablen.update(a.variablen)
    neu = Umgebung(variablen)
    katalog._umgebung = neu  # type: ignore[attr-defined]
    return neu


NAME = re.compile(r"[a-z_][a-z0-9_]*")


def parameter_auswerten(umg: Umgebung, parameter: dict[str, Any], werte: dict[str, Any]) -> dict[str, Any]:
    """Parameterwerte sind Literale; ein Text, der mit `=` beginnt, ist ein CEL-Ausdruck. Ein bloßer
    Name (`=rentenbeginn`) liefert den Wert mit seinem Python-Typ (ein Datum bleibt ein Datum)."""
    ergebnis: dict[str, Any] = {}
    for name, wert in parameter.items():
        if isinstance(wert, str) and wert.startswith("="):
            ausdruck = wert[1:].strip()
            ergebnis[name] = werte[ausdruck] if NAME.fullmatch(ausdruck) and ausdruck in werte else \
                umg.auswerten(ausdruck, werte)
        else:
            ergebnis[name] = wert
    return ergebnis


def optionen_schluessel(schluessel: str, parameter: dict[str, Any]) -> str:
    return f"{schluessel}#optionen#{sorted((k, str(v)) for k, v in parameter.items())}"


def abfrage_schluessel(schluessel: str, parameter: dict[str, Any]) -> str:
    return f"{schluessel}#abfrage#{sorted((k, str(v)) for k, v in parameter.items())}" if parameter else schluessel


def antwort_schluessel(wert: Any) -> str:
    if isinstance(wert, bool):
        return "ja" if wert else "nein"
    return str(wert)


def ausgang(umg: Umgebung, schritt: MitAusgang, werte: dict[str, Any], antwort: Any = None) -> str:
    """Der nächste Schritt: `je_antwort`, sonst der erste zutreffende Zweig von `weiter`, sonst `nach`."""
    if isinstance(schritt, Frage) and schritt.je_antwort:
        schluessel = antwort_schluessel(antwort)
        if schluessel in schritt.je_antwort:
            return schritt.je_antwort[schluessel]
        if "sonst" in schritt.je_antwort:
            return schritt.je_antwort["sonst"]
        raise LaufFehler(f"Schritt {schritt.id}: kein Ausgang für die Antwort {schluessel!r}")
    zweige: list[Zweig] = schritt.weiter
    for zweig in zweige:
        if zweig.wenn is None or umg.bedingung(zweig.wenn, werte):
            return zweig.nach
    if schritt.nach is None:
        raise LaufFehler(f"Schritt {schritt.id}: keine Bedingung trifft zu und kein 'sonst'")
    return schritt.nach


def naechstes(katalog: Katalog, lauf: Lauf) -> Zug:
    """Geht den Weg vom Start und gibt zurück, was ansteht."""
    umg = umgebung(katalog)
    werte: dict[str, Any] = {"datum": lauf.datum, "standort": lauf.standort or "", "kanal": lauf.kanal}
    weg: list[Station] = []
    fassung = katalog.fassung(lauf.fassung)
    schritt_id = fassung.daten.start
    praefix = ""
    stapel: list[tuple[Fassung, Einbinden, str]] = []
    besucht: set[str] = set()
    for _ in range(MAX_SCHRITTE):
        schritt = fassung.schritt(schritt_id)
        schluessel = praefix + schritt_id
        if schluessel in besucht:
            raise LaufFehler(f"{fassung.datei}: Schritt {schritt_id} wird erneut erreicht (Schleife)")
        besucht.add(schluessel)

        def zug(art: ZugArt, **mehr: Any) -> Zug:
            return Zug(art=art, schluessel=schluessel, fassung=fassung, schritt=schritt,  # noqa: B023
                       weg=weg, werte=werte, **mehr)

        def gegangen(wert: Any = None) -> None:
            weg.append(Station(schluessel, fassung, schritt, wert, dict(werte)))  # noqa: B023

        match schritt:
            case Frage():
                optionen: list[Option] | None = None
                p: dict[str, Any] = {}
                if schritt.optionen_aus is not None:
                    p = parameter_auswerten(umg, schritt.optionen_aus.parameter, werte)
                    okey = optionen_schluessel(schluessel, p)
                    if okey not in lauf.auftraege:
                        return zug("optionen", parameter=p)
                    optionen = lauf.auftraege[okey]
                if schritt.fakt not in lauf.antworten:
                    return zug("frage", fakt=schritt.fakt, optionen=optionen, parameter=p)
                antwort = lauf.antworten[schritt.fakt]
                werte[schritt.fakt] = antwort
                gegangen(antwort)
                schritt_id = ausgang(umg, schritt, werte, antwort)
            case Hinweis():
                gegangen()
                schritt_id = ausgang(umg, schritt, werte)
            case Pruefung():
                # Ein Ergebnis gilt für genau diese Parameter: nach "zurück" mit anderer Antwort (anderer
                # Termin) wird neu gelesen.
                p = parameter_auswerten(umg, schritt.parameter, werte)
                akey = abfrage_schluessel(schluessel, p)
                if akey not in lauf.auftraege:
                    return Zug(art="abfrage", schluessel=akey, fassung=fassung, schritt=schritt, weg=weg,
                               werte=werte, parameter=p)
                werte.update(lauf.auftraege[akey])
                gegangen(lauf.auftraege[akey])
                schritt_id = ausgang(umg, schritt, werte)
            case Aktion():
                if schluessel not in lauf.auftraege:
                    return zug("aktion", parameter=parameter_auswerten(umg, schritt.parameter, werte))
                gegangen(lauf.auftraege[schluessel])
                schritt_id = ausgang(umg, schritt, werte)
            case Einbinden():
                ziel = lauf.eingebunden.get(schritt.leitfaden)
                if ziel is None:
                    raise LaufFehler(f"{fassung.datei}: {schritt.leitfaden} gilt am {lauf.datum} nicht")
                gegangen()
                stapel.append((fassung, schritt, praefix))
                praefix = schluessel + "/"
                fassung = katalog.fassung(ziel)
                schritt_id = fassung.daten.start
            case Rueckkehr():
                gegangen()
                if not stapel:
                    return zug("ende", ergebnis=schritt.ergebnis)
                fassung, aufrufer, praefix = stapel.pop()
                schritt_id = ausgang(umg, aufrufer, werte)
            case Ende():
                gegangen()
                return zug("ende", ergebnis=schritt.ergebnis)
            case _:
                assert_never(schritt)
    raise LaufFehler(f"mehr als {MAX_SCHRITTE} Schritte ohne Frage")


PLATZHALTER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def text_fuellen(text: str, werte: dict[str, Any]) -> str:
    """Ersetzt `{name}` durch den Wert (deutsch formatiert); Unbekanntes bleibt sichtbar stehen."""
    from .vokabular import wert_text

    return PLATZHALTER.sub(lambda m: wert_text(werte[m.group(1)]) if m.group(1) in werte else m.group(0), text)
