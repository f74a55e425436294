"""Das gemeinsame Vokabular (content/fakten.yaml): Fakten, Aufzählungen, Aktionen, Ergebnisse.

Leitfäden, Szenarien, Vermerk und Berichte benutzen genau diese Namen (fakten.yaml: "extend it,
never rename")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .fehler import Befund, KatalogFehler
from .quelle import ZDict, ZListe, formfehler, lesen

BERLIN = ZoneInfo("Europe/Berlin")
GRUNDTYPEN = ("bool", "text", "datum", "zeitpunkt", "zahl", "liste")


@dataclass(frozen=True)
class Zeitraum:
    """Wie weit ein Datum vor (`vor_monaten`) und nach (`nach_monaten`) dem Kontaktdatum liegen darf."""

    vor_monaten: int
    nach_monaten: int


@dataclass(frozen=True)
class Fakt:
    name: str
    typ: str                       # Grundtyp oder "auswahl"
    label: str
    optionen: tuple[str, ...] = ()  # bei "auswahl" (Aufzählung oder Inline-Liste); bei bool ja/nein
    standard: Any = None
    hat_standard: bool = False
    annahme: str = ""
    plausibel: Zeitraum | None = None   # Datum gegen das Kontaktdatum prüfen (plausibilitaet.py)

    def wert_lesen(self, wert: Any) -> Any:
        """Wandelt eine Antwort (aus YAML, Formular oder JSON) in den Typ des Fakts.

        Wirft ValueError mit deutscher Meldung, wenn der Wert nicht passt."""
        return wert_lesen(self.typ, wert, self.optionen)

    def wert_text(self, wert: Any) -> str:
        """Die Antwort so, wie sie im Vermerk steht."""
        return wert_text(wert)


def wert_lesen(typ: str, wert: Any, optionen: tuple[str, ...] = ()) -> Any:
    if typ == "bool":
        if isinstance(wert, bool):
            return wert
        if isinstance(wert, str) and wert.strip().lower() in ("ja", "true", "1"):
            return True
        if isinstance(wert, str) and wert.strip().lower() in ("nein", "false", "0"):
            return False
        raise ValueError(f"erwartet ja/nein (true/false), nicht {wert!r}")
    if typ == "auswahl":
        text = str(wert) if isinstance(wert, str | int) and not isinstance(wert, bool) else None
        if text is None or text not in optionen:
            raise ValueError(f"{wert!r} ist keine der Optionen {', '.join(optionen)}")
        return text
    if typ == "text":
        if isinstance(wert, bool) or not isinstance(wert, str | int | float):
            raise ValueError(f"erwartet einen Text, nicht {wert!r}")
        return str(wert)
    if typ == "zahl":
        if isinstance(wert, bool):
            raise ValueError(f"erwartet eine Zahl, nicht {wert!r}")
        if isinstance(wert, int | float):
            return wert
        try:
            return int(str(wert))
        except ValueError:
            raise ValueError(f"erwartet eine Zahl, nicht {wert!r}") from None
    if typ == "datum":
        if isinstance(wert, dt.datetime):
            raise ValueError(f"erwartet ein Datum (JJJJ-MM-TT), nicht den Zeitpunkt {wert!r}")
        if isinstance(wert, dt.date):
            return wert
        try:
            return dt.date.fromisoformat(str(wert).strip())
        except ValueError:
            raise ValueError(f"erwartet ein Datum (JJJJ-MM-TT), nicht {wert!r}") from None
    if typ == "zeitpunkt":
        return zeitpunkt_lesen(wert)
    if typ == "liste":
        if not isinstance(wert, list):
            raise ValueError(f"erwartet eine Liste, nicht {wert!r}")
        return [dict(x) if isinstance(x, dict) else x for x in wert]
    raise ValueError(f"unbekannter Typ {typ}")


def zeitpunkt_lesen(wert: Any) -> dt.datetime:
    """`2020-04-02T09:00` (Ortszeit Europe/Berlin) oder ein datetime → zeitzonenbewusst."""
    if isinstance(wert, dt.datetime):
        zeitpunkt = wert
    elif isinstance(wert, dt.date):
        raise ValueError(f"erwartet einen Zeitpunkt (JJJJ-MM-TTTHH:MM), nicht das Datum {wert}")
    else:
        try:
            zeitpunkt = dt.datetime.fromisoformat(str(wert).strip())
        except ValueError:
            raise ValueError(f"erwartet einen Zeitpunkt (JJJJ-MM-TTTHH:MM), nicht {wert!r}") from None
    if zeitpunkt.tzinfo is None:
        zeitpunkt = zeitpunkt.replace(tzinfo=BERLIN)
    return zeitpunkt.astimezone(BERLIN)


def wert_text(wert: Any) -> str:
    if isinstance(wert, bool):
        return "ja" if wert else "nein"
    if isinstance(wert, dt.datetime):
        return wert.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M")
    if isinstance(wert, dt.date):
        return wert.strftime("%d.%m.%Y")
    if isinstance(wert, list):
        return ", ".join(
            " ".join(str(v) for v in x.values()) if isinstance(x, dict) else str(x) for x in wert
        )
    return str(wert)


@dataclass(frozen=True)
class AktionsArt:
    system: str
    vorgang: str
    parameter: tuple[str, ...]
    recht: str = ""


@dataclass
class Vokabular:
    aufzaehlungen: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fakten: dict[str, Fakt] = field(default_factory=dict)
    aktionen: dict[tuple[str, str], AktionsArt] = field(default_factory=dict)
    ergebnisse: dict[str, str] = field(default_factory=dict)   # Code → deutscher Text
    wert_texte: dict[str, str] = field(default_factory=dict)   # Code eines Werts (Option) → deutscher Text
    zustand: dict[str, Any] = field(default_factory=dict)
    datei: str = ""

    @property
    def systeme(self) -> set[str]:
        return {system for system, _ in self.aktionen}


def vokabular_laden(pfad: Path) -> Vokabular:
    """Wie `_vokabular_laden`; eine unerwartete Form (falscher Typ, fehlender Schlüssel) wird zum Befund mit
    Datei:Zeile und Feld statt zum Absturz."""
    try:
        return _vokabular_laden(pfad)
    except (KeyError, TypeError, AttributeError, ValueError, IndexError) as fehler:
        befund = formfehler(str(pfad), 1, fehler)
        raise KatalogFehler([befund]) from None


def _vokabular_laden(pfad: Path) -> Vokabular:
    """Liest content/fakten.yaml (gleiche Form wie ../shared/spec/fakten.yaml, ergänzt)."""
    name = str(pfad)
    roh = lesen(pfad)
    befunde: list[Befund] = []
    if not isinstance(roh, ZDict):
        raise KatalogFehler([Befund(name, 1, "", "erwartet eine Abbildung mit fakten, aktionen, ...")])
    vok = Vokabular(datei=name)
    for art, werte in (roh.get("aufzaehlungen") or {}).items():
        vok.aufzaehlungen[art] = tuple(str(w) for w in werte)
    fakten = roh.get("fakten") or ZDict()
    for fname, spec in fakten.items():
        zeile = fakten.zeilen.get(fname, 0)
        if not isinstance(spec, dict) or "typ" not in spec:
            befunde.append(Befund(name, zeile, f"fakten.{fname}", "braucht typ und label"))
            continue
        typ = spec["typ"]
        optionen: tuple[str, ...] = ()
        if isinstance(typ, list):
            optionen, typ = tuple(str(t) for t in typ), "auswahl"
        elif typ in vok.aufzaehlungen:
            optionen, typ = vok.aufzaehlungen[typ], "auswahl"
        elif typ not in GRUNDTYPEN:
            befunde.append(Befund(name, zeile, f"fakten.{fname}.typ", f"unbekannter Typ '{typ}'"))
            continue
        vok.fakten[fname] = Fakt(
            name=fname, typ=typ, label=str(spec.get("label", fname)), optionen=optionen,
            standard=spec.get("standard"), hat_standard="standard" in spec,
            annahme=str(spec.get("annahme", "")),
        )
    _plausibilitaet_lesen(roh, vok, befunde, name)
    for i, eintrag in enumerate(roh.get("aktionen") or ZListe()):
        try:
            art = AktionsArt(
                system=str(eintrag["system"]), vorgang=str(eintrag["vorgang"]),
                parameter=tuple(str(p) for p in eintrag.get("parameter", [])),
                recht=str(eintrag.get("recht", "")),
            )
        except (KeyError, TypeError):
            zeile = roh["aktionen"].zeilen[i]
            befunde.append(Befund(name, zeile, "aktionen", "braucht system, vorgang und parameter"))
            continue
        vok.aktionen[(art.system, art.vorgang)] = art
    vok.wert_texte = {str(k): str(v) for k, v in (roh.get("wert_texte") or {}).items()}
    texte = roh.get("ergebnis_texte") or {}
    for code in roh.get("ergebnisse") or []:
        vok.ergebnisse[str(code)] = str(texte.get(code, code))
    vok.zustand = dict(roh.get("zustand") or {})
    if befunde:
        raise KatalogFehler(befunde)
    return vok


def _plausibilitaet_lesen(roh: ZDict, vok: Vokabular, befunde: list[Befund], name: str) -> None:
    """Abschnitt `plausibilitaet`: Fakt → {vor_monaten, nach_monaten} (nur für datum und zeitpunkt)."""
    from dataclasses import replace


    abschnitt = roh.get("plausibilitaet") or ZDict()
    for fname, spec in abschnitt.items():
        zeile = abschnitt.zeilen.get(fname, 0) if isinstance(abschnitt, ZDict) else 0
        fakt = vok.fakten.get(fname)
        if fakt is None or fakt.typ not in ("datum", "zeitpunkt"):
            befunde.append(Befund(name, zeile, f"plausibilitaet.{fname}",
                                  "gilt nur für einen Fakt vom Typ datum oder zeitpunkt"))
            continue
        try:
            zeitraum = Zeitraum(int(spec["vor_monaten"]), int(spec["nach_monaten"]))
        except (KeyError, TypeError, ValueError):
            befunde.append(Befund(name, zeile, f"plausibilitaet.{fname}",
                                  "braucht vor_monaten und nach_monaten als ganze Zahlen"))
            continue
        if zeitraum.vor_monaten < 0 or zeitraum.nach_monaten < 0:
            befunde.append(Befund(name, zeile, f"plausibilitaet.{fname}", "Monate dürfen nicht negativ sein"))
            continue
        vok.fakten[fname] = replace(fakt, plausibel=zeitraum)
