"""Ein Szenario durch einen Entwurf aufzeichnen: der Runner geht den Entwurf mit den bisherigen
Antworten gegen frische Referenzsysteme (wie `szenario pruefen`) und sagt, welche Frage als nächste
ansteht — oder wie der Kontakt endet. Daraus entsteht die Szenario-Datei."""

from __future__ import annotations

import datetime as dt
import re
import reprlib
from dataclasses import dataclass, field
from typing import Any

import yaml

from kundenportal.fachverfahren.ausgangslage import AusgangslageFehler, lage_lesen
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.modell import Frage
from kundenportal.leitfaden.szenario import Ergebnis, Szenario, ausfuehren

UNBEANTWORTET = "unbeantwortete Frage: "
# Was die Felder der Ausgangslage erwarten (für die Meldung, wenn ein Wert nicht passt).
ERWARTET = {
    "kunde": "eine Abbildung (kundennummer: …, vorname: …, geburtsdatum: JJJJ-MM-TT, …)",
    "verbis": "eine Abbildung (fuehrerscheine: …, sprachkenntnisse: …)",
    "termine": "eine Liste von Terminen (- {id: T1, beginn: 2020-04-01T09:00, agentur: Nürnberg})",
    "step": "eine Abbildung (konto: true, sicherheitsstufe: basis)",
    "colibri": "eine Abbildung (alg_bezug: true)",
    "kiwi": "eine Abbildung (kindergeldnummer: …, familienkasse: …, kinder: [ … ])",
    "kiwi.kinder": "eine Liste von Kindern (- {vorname: …, geburtsdatum: JJJJ-MM-TT})",
    "aufgaben": "eine Liste von Aufgaben (- {an: …, betreff: …, text: …})",
}
_LISTEN = (("termine",), ("aufgaben",), ("kiwi", "kinder"))
# Was YAML als Zeitpunkt liest (yaml.resolver): ein solcher Wert mit unmöglichem Monat oder Tag ist ein ValueError.
_ZEITPUNKT = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]|[ \t]+)\d{1,2}:\d{2}:\d{2}(?:\.\d*)?"
                        r"(?:[ \t]*(?:Z|[-+]\d{1,2}(?::\d{2})?))?)?")


class AusgangslageUngueltig(ValueError):
    """Die Ausgangslage lässt sich nicht lesen; die Meldung nennt das Feld und was es erwartet."""


# Begrenzt schon beim Bilden (nicht erst danach gekürzt): ein YAML-Alias-Geflecht unter `termine:` wächst
# sonst exponentiell, bevor es gekürzt wird.
_REPR = reprlib.Repr()          # Python 3.11: Grenzen als Attribute (Schlüsselwörter erst ab 3.12)
_REPR.maxlevel = 3
_REPR.maxtuple = _REPR.maxlist = _REPR.maxarray = _REPR.maxdict = _REPR.maxset = _REPR.maxfrozenset = 4
_REPR.maxdeque = 4
_REPR.maxstring = _REPR.maxlong = _REPR.maxother = 60


def _kurz(wert: Any) -> str:
    text = _REPR.repr(wert)
    return text if len(text) <= 60 else text[:57] + "…"


def _ungueltiges_datum(text: str) -> str:
    """Wo steht das Datum, das YAML erkennt, aber nicht bilden kann (etwa 1990-13-01)?"""
    def suchen(wert: Any, pfad: str) -> str:
        if isinstance(wert, dict):
            return next((t for k, v in wert.items() if (t := suchen(v, f"{pfad}.{k}" if pfad else str(k)))), "")
        if isinstance(wert, list):
            return next((t for i, v in enumerate(wert) if (t := suchen(v, f"{pfad}[{i}]"))), "")
        if isinstance(wert, str) and _ZEITPUNKT.fullmatch(wert):
            try:
                yaml.safe_load(wert)
            except ValueError:
                return (f"Ausgangslage, Feld {pfad or '(oberste Ebene)'}: {wert} ist kein gültiges Datum "
                        "(JJJJ-MM-TT, Monat 1–12, Tag im Monat; mit Uhrzeit JJJJ-MM-TTTHH:MM:SS)")
        return ""

    try:
        roh = yaml.load(text, Loader=yaml.BaseLoader)      # nur Texte: hier scheitert kein Datum
    except yaml.YAMLError:
        roh = None
    return suchen(roh, "") or "Ausgangslage: ein Datum ist ungültig (JJJJ-MM-TT, Monat 1–12, Tag im Monat)"


def _form_pruefen(lage: dict[str, Any]) -> None:
    for pfad in _LISTEN:
        wert: Any = lage
        for teil in pfad:
            wert = wert.get(teil) if isinstance(wert, dict) else None
        if wert is not None and not isinstance(wert, list):
            name = ".".join(pfad)
            raise AusgangslageUngueltig(f"Ausgangslage, Feld {name}: erwartet {ERWARTET[name]}, nicht {_kurz(wert)}")
    try:
        lage_lesen(lage)
    except AusgangslageFehler as fehler:
        feld = fehler.feld.removeprefix("ausgangslage").lstrip(".") or "(oberste Ebene)"
        meldung = str(fehler).removeprefix(f"{fehler.feld}: ")
        raise AusgangslageUngueltig(f"Ausgangslage, Feld {feld}: {meldung}") from None
    except (TypeError, AttributeError, KeyError, ValueError):
        for k, v in lage.items():           # welches Feld? jedes einzeln lesen
            try:
                lage_lesen({k: v, "kunde": lage["kunde"]} if k == "verbis" and "kunde" in lage else {k: v})
            except (TypeError, AttributeError, KeyError, ValueError):
                raise AusgangslageUngueltig(f"Ausgangslage, Feld {k}: erwartet {ERWARTET.get(k, 'einen anderen Wert')}"
                                            f", nicht {_kurz(v)}") from None
        raise AusgangslageUngueltig("Ausgangslage: passt nicht zusammen (Felder prüfen)") from None


def ausgangslage_lesen(text: str) -> dict[str, Any]:
    """Die Ausgangslage aus dem YAML des Formulars, geprüft wie beim Ausführen (fachverfahren.ausgangslage);
    AusgangslageUngueltig mit einer Meldung, die das Feld nennt."""
    try:
        lage = yaml.safe_load(text or "{}") or {}
    except yaml.YAMLError as fehler:
        raise AusgangslageUngueltig(f"Ausgangslage: kein gültiges YAML ({fehler})") from None
    except ValueError:                     # ein Datum, das YAML erkennt, aber nicht bilden kann
        raise AusgangslageUngueltig(_ungueltiges_datum(text)) from None
    if not isinstance(lage, dict):
        raise AusgangslageUngueltig("Ausgangslage: erwartet eine Abbildung (kunde: …, step: …)")
    _form_pruefen(lage)
    return lage


@dataclass
class Stand:
    ergebnis: Ergebnis
    frage: str = ""                          # Fakt der nächsten Frage, "" wenn fertig oder Fehler
    frage_text: str = ""
    optionen: list[tuple[str, str]] = field(default_factory=list)     # (Wert, Beschriftung)
    fertig: bool = False


def _optionen(katalog: Katalog, fassung_schluessel: str, fakt: str) -> tuple[str, list[tuple[str, str]]]:
    fassung = katalog.fassung(fassung_schluessel)
    text, werte = "", []
    for s in fassung.daten.schritte:
        if isinstance(s, Frage) and s.fakt == fakt:
            text = s.text
            werte = [str(k) for k in (s.je_antwort or {})]
    vokabel = katalog.vokabular.fakten.get(fakt)
    if not werte and vokabel is not None:
        werte = ["ja", "nein"] if vokabel.typ == "bool" else list(vokabel.optionen)
    label = vokabel.label if vokabel is not None and vokabel.label else fakt
    return text or label, [(w, {"True": "ja", "False": "nein"}.get(w, w)) for w in werte]


def weitergehen(katalog: Katalog, *, leitfaden_id: str, kanal: str, datum: dt.date, ausgangslage: dict[str, Any],
                antworten: dict[str, Any]) -> Stand:
    from kundenportal.fachverfahren.referenz.testsysteme import ReferenzTestsysteme

    sz = Szenario(id="aufzeichnung", titel="", regel="", leitfaden=leitfaden_id, kanal=kanal, datum=datum,
                  standort=None, ausgangslage=ausgangslage, antworten=antworten, erwartet={}, datei="aufzeichnung")
    erg = ausfuehren(katalog, sz, ReferenzTestsysteme())
    offen = [f.removeprefix(UNBEANTWORTET) for f in erg.fehler if f.startswith(UNBEANTWORTET)]
    if offen and len(erg.fehler) == 1:
        text, optionen = _optionen(katalog, erg.fassung, offen[0])
        return Stand(ergebnis=erg, frage=offen[0], frage_text=text, optionen=optionen)
    return Stand(ergebnis=erg, fertig=not erg.fehler)


def szenario_text(*, szenario_id: str, titel: str, leitfaden_id: str, kanal: str, datum: dt.date,
                  ausgangslage: dict[str, Any], antworten: dict[str, Any], ergebnis: Ergebnis) -> str:
    """Die Szenario-Datei: Antworten wie gegeben, erwartet das erreichte Ergebnis und die Aktionen."""
    erwartet: dict[str, Any] = {"ergebnis": ergebnis.ergebnis}
    if ergebnis.aktionen:
        erwartet["aktionen"] = [{"system": a["system"], "vorgang": a["vorgang"]} for a in ergebnis.aktionen]
    daten = {"id": szenario_id, "titel": titel, "leitfaden": leitfaden_id, "kanal": kanal, "datum": datum,
             "ausgangslage": ausgangslage, "antworten": antworten, "erwartet": erwartet}
    return yaml.safe_dump(daten, allow_unicode=True, sort_keys=False, width=110)
