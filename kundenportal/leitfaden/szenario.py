"""Der Szenario-Runner (Format: docs/leitfaden-format.md, Szenarien): ein Szenario ist ein Kontakt als Daten.

Jedes Szenario läuft gegen frische, leere Referenzsysteme, die nur aus `ausgangslage` gefüllt werden,
über denselben Weg wie die Oberfläche (`sitzung.Sitzung`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, get_args

from kundenportal.fachverfahren.ports import Systeme

from .fehler import KatalogFehler, LaufFehler, SystemFehler
from .gueltigkeit import aufloesen
from .katalog import Katalog
from .modell import Kanal
from .quelle import ZDict, formfehler, lesen, lesen_text
from .sitzung import Sitzung
from .vokabular import BERLIN, zeitpunkt_lesen

KANAELE: tuple[str, ...] = get_args(Kanal)
ERWARTUNGEN = {"version", "stand", "ergebnis", "fragen_enthalten", "fragen_nicht", "aktionen", "aktionen_nicht",
               "zustand", "vermerk_enthaelt", "abbruch_bei_frage", "antwort_abgelehnt", "nicht_gueltig"}
FELDER = {"id", "titel", "regel", "leitfaden", "kanal", "datum", "standort", "ausgangslage", "antworten",
          "erwartet"}


class SzenarioFehler(Exception):
    """Die Datei ist kein gültiges Szenario (Datei:Zeile: Feld: Meldung)."""


class Testsysteme(Protocol):
    def isoliert(self) -> AbstractContextManager[None]: ...
    def ausgangslage_laden(self, lage: dict[str, Any]) -> str | None: ...
    def zustand_lesen(self, kundennummer: str | None) -> dict[str, Any]: ...
    def systeme(self) -> Systeme: ...


@dataclass
class Szenario:
    id: str
    titel: str
    regel: str
    leitfaden: str
    kanal: str
    datum: dt.date
    standort: str | None
    ausgangslage: dict[str, Any]
    antworten: dict[str, Any]
    erwartet: dict[str, Any]
    datei: str


@dataclass
class Ergebnis:
    id: str
    ok: bool
    leitfaden: str
    version: str = ""
    stand: str = ""
    ergebnis: str = ""
    aktionen: list[dict[str, Any]] = field(default_factory=list)
    fragen: list[str] = field(default_factory=list)
    fehler: list[str] = field(default_factory=list)
    vermerk: str = ""
    weg: list[str] = field(default_factory=list)     # Schritt-Schlüssel (für die Pfadabdeckung)
    fassung: str = ""
    eingebunden: dict[str, str] = field(default_factory=dict)
    datei: str = ""
    # Hielt der Lauf an einer unbeantworteten Frage: ihr Schritt und die Werte des Laufs dort (der Rekorder der
    # Redaktion zeigt ihren Text mit gefüllten Platzhaltern; nach dem Fakt allein ist der Schritt nicht eindeutig).
    offen: tuple[Any, dict[str, Any]] | None = None
    # Kommen die Antworten der offenen Frage aus einer Quelle (`optionen_aus`, etwa die Kinder des KIWI-Falls): die
    # angebotenen als (Wert, Beschriftung) — der Rekorder bietet sie an, statt ein leeres Textfeld zu zeigen. Nur Texte
    # als Werte (Kennungen); freie Termine (Zeitpunkte) behalten das Feld für Datum und Uhrzeit.
    offen_optionen: list[tuple[str, str]] | None = None

    def als_json(self) -> dict[str, Any]:
        return {"id": self.id, "ok": self.ok, "leitfaden": self.leitfaden, "version": self.version,
                "ergebnis": self.ergebnis, "aktionen": [_json(a) for a in self.aktionen], "fragen": self.fragen,
                "fehler": self.fehler}


def _json(wert: Any) -> Any:
    if isinstance(wert, dt.datetime):
        return wert.astimezone(BERLIN).strftime("%Y-%m-%dT%H:%M")
    if isinstance(wert, dt.date):
        return wert.isoformat()
    if isinstance(wert, dict):
        return {k: _json(v) for k, v in wert.items()}
    if isinstance(wert, list):
        return [_json(x) for x in wert]
    return wert


KENNUNG_MAX = 60     # kurz genug für jeden Kontakt-Verweis der Fachverfahren (Aufgaben, Telefonie)


def kontakt_kennung(szenario_id: str) -> str:
    """Der Kontakt eines Szenarios für die Fachverfahren: `szenario:<id>`, bei langen ids gekürzt und mit
    einer Prüfsumme eindeutig gehalten — ein echter Adapter muss keine langen Verweise speichern können."""
    kennung = f"szenario:{szenario_id}"
    if len(kennung) <= KENNUNG_MAX:
        return kennung
    pruef = hashlib.sha1(szenario_id.encode(), usedforsecurity=False).hexdigest()[:8]
    return f"{kennung[:KENNUNG_MAX - 9]}~{pruef}"


def dateien(pfade: list[Path]) -> Iterator[Path]:
    for pfad in pfade:
        if pfad.is_dir():
            yield from sorted(pfad.rglob("*.yaml"))
        else:
            yield pfad


def szenario_lesen(pfad: Path) -> Szenario:
    """Wie `_szenario_lesen`; eine unerwartete Form (falscher Typ, fehlender Schlüssel) wird zum Befund mit
    Datei:Zeile und Feld statt zum Absturz."""
    try:
        return _szenario_lesen(pfad)
    except (KeyError, TypeError, AttributeError, ValueError, IndexError) as fehler:
        befund = formfehler(str(pfad), 1, fehler)
        raise SzenarioFehler(str(befund)) from None


def _szenario_lesen(pfad: Path) -> Szenario:
    datei = str(pfad)
    try:
        roh = lesen(pfad, datei)
    except KatalogFehler as fehler:
        raise SzenarioFehler(str(fehler.befunde[0])) from None
    return _szenario_aus_roh(roh, datei)


def szenario_aus_text(text: str, datei: str) -> Szenario:
    """Ein Szenario aus YAML-Text (z. B. von der Redaktion im Browser aufgezeichnet), Befunde mit `datei`."""
    try:
        roh = lesen_text(text, datei)
    except KatalogFehler as fehler:
        raise SzenarioFehler(str(fehler.befunde[0])) from None
    return _szenario_aus_roh(roh, datei)


def _szenario_aus_roh(roh: Any, datei: str) -> Szenario:
    def falsch(feld: str, meldung: str, zeile: int | None = None) -> SzenarioFehler:
        z = zeile if zeile is not None else (roh.zeilen.get(feld.split(".")[0], roh.zeile)
                                             if isinstance(roh, ZDict) else 1)
        return SzenarioFehler(f"{datei}:{z}: {feld}: {meldung}")

    if not isinstance(roh, ZDict):
        raise SzenarioFehler(f"{datei}:1: erwartet eine Abbildung mit id, leitfaden, datum, ...")
    for feld in sorted(set(roh) - FELDER):
        raise falsch(feld, f"unbekanntes Feld (erlaubt: {', '.join(sorted(FELDER))})")
    for feld in ("id", "leitfaden", "kanal", "datum"):
        if feld not in roh:
            raise falsch(feld, "Pflichtfeld fehlt", roh.zeile)
    if not re.fullmatch(r"[a-z0-9-]+", str(roh["id"])):
        raise falsch("id", f"nur a-z, 0-9 und '-' erlaubt: {roh['id']!r}")
    if roh["kanal"] not in KANAELE:
        raise falsch("kanal", f"{roh['kanal']!r} ist keiner von {', '.join(KANAELE)}")
    if not isinstance(roh["datum"], dt.date) or isinstance(roh["datum"], dt.datetime):
        raise falsch("datum", f"kein Datum (JJJJ-MM-TT): {roh['datum']!r}")
    for feld in ("ausgangslage", "antworten", "erwartet"):
        if roh.get(feld) is not None and not isinstance(roh[feld], dict):
            raise falsch(feld, "erwartet eine Abbildung")
    erwartet = roh.get("erwartet") or ZDict()
    for feld in sorted(set(erwartet) - ERWARTUNGEN):
        raise falsch(f"erwartet.{feld}", f"unbekannte Erwartung (erlaubt: {', '.join(sorted(ERWARTUNGEN))})",
                     erwartet.zeilen.get(feld))
    for feld in ("aktionen", "aktionen_nicht"):
        if feld in erwartet and (not isinstance(erwartet[feld], list)
                                 or not all(isinstance(a, dict) and "system" in a for a in erwartet[feld])):
            raise falsch(f"erwartet.{feld}", "erwartet eine Liste von {system, vorgang, ...}",
                         erwartet.zeilen.get(feld))
    for feld in ("fragen_enthalten", "fragen_nicht", "vermerk_enthaelt"):
        if feld in erwartet and not isinstance(erwartet[feld], list):
            raise falsch(f"erwartet.{feld}", "erwartet eine Liste", erwartet.zeilen.get(feld))
    if "zustand" in erwartet and not isinstance(erwartet["zustand"], dict):
        raise falsch("erwartet.zustand", "erwartet eine Abbildung Pfad → Wert", erwartet.zeilen.get("zustand"))
    return Szenario(id=str(roh["id"]), titel=str(roh.get("titel", "")), regel=str(roh.get("regel", "")),
                    leitfaden=str(roh["leitfaden"]), kanal=str(roh["kanal"]), datum=roh["datum"],
                    standort=str(roh["standort"]) if roh.get("standort") else None,
                    ausgangslage=dict(roh.get("ausgangslage") or {}), antworten=dict(roh.get("antworten") or {}),
                    erwartet=dict(erwartet), datei=datei)


# --- Vergleich "nach Bedeutung" -----------------------------------------------------------------

def gleich(erwartet: Any, ist: Any) -> bool:
    """Werte werden nach Bedeutung verglichen: `2020-04-02T09:00` gleicht einem datetime dieser Minute
    in Europe/Berlin, ein Datum in Anführungszeichen einem Datum; Abbildungen als Teilmenge."""
    if isinstance(ist, dt.datetime) or isinstance(erwartet, dt.datetime):
        try:
            return zeitpunkt_lesen(erwartet) == zeitpunkt_lesen(ist)
        except ValueError:
            return False
    if isinstance(ist, dt.date) or isinstance(erwartet, dt.date):
        return str(erwartet) == str(ist)
    if isinstance(erwartet, dict):
        return isinstance(ist, dict) and all(k in ist and gleich(v, ist[k]) for k, v in erwartet.items())
    if isinstance(erwartet, list):
        return isinstance(ist, list) and len(ist) == len(erwartet) and all(
            gleich(e, i) for e, i in zip(erwartet, ist, strict=True))
    if isinstance(erwartet, bool) or isinstance(ist, bool):
        return erwartet is ist
    return str(erwartet) == str(ist)


def pfad_lesen(zustand: Any, pfad: str) -> Any:
    knoten = zustand
    for teil in pfad.split("."):
        if isinstance(knoten, dict) and teil in knoten:
            knoten = knoten[teil]
        elif isinstance(knoten, list):
            treffer = [x for x in knoten if isinstance(x, dict) and str(x.get("id")) == teil]
            if not treffer:
                raise KeyError(pfad)
            knoten = treffer[0]
        else:
            raise KeyError(pfad)
    return knoten


# --- Ausführen ------------------------------------------------------------------------------------

def ausfuehren(katalog: Katalog, sz: Szenario, test: Testsysteme, *, standards: bool = True) -> Ergebnis:
    """Führt das Szenario aus und prüft `erwartet`. Eine Frage ohne Antwort nimmt den Standardwert ihres Fakts
    (Szenario-Dateien, die vor dem Fakt geschrieben wurden); mit `standards=False` hält sie als „unbeantwortete
    Frage“ — der Rekorder der Redaktion fragt so jede Frage, die das Gespräch stellt (`Sitzung.durchlaufen`)."""
    erg = Ergebnis(id=sz.id, ok=False, leitfaden=sz.leitfaden, datei=sz.datei)
    if not katalog.varianten(sz.leitfaden) and sz.leitfaden not in katalog.leitfaeden:
        erg.fehler.append(f"unbekannter Leitfaden: {sz.leitfaden}")
        return erg
    kunde = sz.ausgangslage.get("kunde") if isinstance(sz.ausgangslage.get("kunde"), dict) else None
    standort = sz.standort or (str(kunde["wohnort_agentur"]) if kunde and kunde.get("wohnort_agentur") else None)
    fassung = aufloesen(katalog, sz.leitfaden, sz.datum, standort)
    if sz.erwartet.get("nicht_gueltig"):
        erg.ok = fassung is None
        if fassung is not None:
            erg.version = fassung.leitfaden_id
            erg.fehler.append(f"erwartet keine gültige Fassung, aber {fassung.schluessel} gilt")
        return erg
    if fassung is None:
        erg.fehler.append(f"keine Fassung von {sz.leitfaden} gilt am {sz.datum}" + (f" in {standort}" if standort else ""))
        return erg
    erg.version, erg.stand = fassung.leitfaden_id, fassung.stand.isoformat()
    kanaele = katalog.leitfaeden[fassung.leitfaden_id].kopf.kanaele
    if sz.kanal not in kanaele:
        erg.fehler.append(f"{fassung.leitfaden_id} wird im Kanal {sz.kanal} nicht angeboten ({', '.join(kanaele)})")
        return erg
    with test.isoliert():
        try:
            kundennummer = test.ausgangslage_laden(sz.ausgangslage)
        except ValueError as fehler:
            erg.fehler.append(f"ausgangslage: {fehler}")
            return erg
        jetzt = dt.datetime.combine(sz.datum, dt.time(0, 0), BERLIN)
        sitzung = Sitzung.starten(katalog, test.systeme(), sz.leitfaden, datum=sz.datum, jetzt=jetzt,
                                  kanal=sz.kanal, standort=standort, kundennummer=kundennummer,
                                  benutzer=f"szenario:{sz.id}", kontakt=kontakt_kennung(sz.id))
        lauf = sitzung.lauf
        erg.fassung, erg.eingebunden = lauf.fassung, dict(lauf.eingebunden)
        gestoppt = _durchlaufen(sitzung, sz, erg, standards=standards)
        if erg.fehler:
            return erg
        zustand = test.zustand_lesen(kundennummer)
    erg.ergebnis = lauf.ergebnis or ""
    erg.aktionen = sitzung.aktionen()
    _pruefen(sz, erg, zustand, gestoppt)
    erg.ok = not erg.fehler
    return erg


def _durchlaufen(sitzung: Sitzung, sz: Szenario, erg: Ergebnis, *, standards: bool) -> str:
    """Beantwortet Fragen aus `antworten`; gibt zurück, warum es stoppte: ende | frage | abgelehnt | fehler."""
    try:
        lauf = sitzung.durchlaufen(sz.antworten, halt_bei=sz.erwartet.get("abbruch_bei_frage"), standards=standards)
    except (LaufFehler, SystemFehler) as fehler:
        erg.fehler.append(f"Gespräch abgebrochen: {fehler}")
        return "fehler"
    erg.fragen = lauf.fragen
    if lauf.halt == "unbeantwortet":
        erg.fehler.append(f"unbeantwortete Frage: {lauf.zug.fakt}")
        erg.offen = (lauf.zug.schritt, dict(lauf.zug.werte))
        if lauf.zug.optionen is not None and all(isinstance(o.wert, str) for o in lauf.zug.optionen):
            erg.offen_optionen = [(o.wert, str(o.label)) for o in lauf.zug.optionen]   # Zeitpunkte: eigenes Feld
        return "frage"
    erg.weg = [s.schluessel for s in lauf.zug.weg]
    if lauf.halt == "abgelehnt":
        assert lauf.abgelehnt is not None
        if sz.erwartet.get("antwort_abgelehnt") != lauf.abgelehnt.fakt:
            erg.fehler.append(f"Antwort abgelehnt: {lauf.abgelehnt.fakt}: {lauf.abgelehnt.grund}")
        return "abgelehnt"
    if lauf.halt == "ende":
        erg.vermerk = sitzung.vermerk(lauf.zug)
    return lauf.halt


def _pruefen(sz: Szenario, erg: Ergebnis, zustand: dict[str, Any], gestoppt: str) -> None:
    e = sz.erwartet
    f = erg.fehler
    if "abbruch_bei_frage" in e and gestoppt != "frage":
        f.append(f"Frage {e['abbruch_bei_frage']} wurde nicht gestellt")
    if "antwort_abgelehnt" in e and gestoppt != "abgelehnt":
        f.append(f"Antwort auf {e['antwort_abgelehnt']} wurde nicht abgelehnt")
    if "version" in e and erg.version != str(e["version"]):
        f.append(f"version: erwartet {e['version']}, war {erg.version}")
    if "stand" in e and not gleich(e["stand"], erg.stand):
        f.append(f"stand: erwartet {e['stand']}, war {erg.stand}")
    if "ergebnis" in e and erg.ergebnis != str(e["ergebnis"]):
        f.append(f"ergebnis: erwartet {e['ergebnis']}, war {erg.ergebnis or '(kein Ende)'}")
    for fakt in e.get("fragen_enthalten") or []:
        if fakt not in erg.fragen:
            f.append(f"fragen_enthalten: {fakt} wurde nicht gefragt")
    for fakt in e.get("fragen_nicht") or []:
        if fakt in erg.fragen:
            f.append(f"fragen_nicht: {fakt} wurde gefragt")
    for soll in e.get("aktionen") or []:
        if not any(gleich(soll, ist) for ist in erg.aktionen):
            f.append(f"aktionen: keine ausgeführte Aktion passt zu {_json(soll)}")
    for verboten in e.get("aktionen_nicht") or []:
        treffer = [ist for ist in erg.aktionen if gleich(verboten, ist)]
        if treffer:
            f.append(f"aktionen_nicht: {_json(treffer[0])} wurde ausgeführt")
    for pfad, soll in (e.get("zustand") or {}).items():
        try:
            ist = pfad_lesen(zustand, str(pfad))
        except KeyError:
            f.append(f"zustand.{pfad}: nicht vorhanden")
            continue
        if not gleich(soll, ist):
            f.append(f"zustand.{pfad}: erwartet {_json(soll)}, war {_json(ist)}")
    for teil in e.get("vermerk_enthaelt") or []:
        if str(teil).lower() not in erg.vermerk.lower():
            f.append(f"vermerk_enthaelt: '{teil}' fehlt im Vermerk")

