"""Das gemeinsame Vokabular (content/fakten.yaml): Fakten, Aufzählungen, Aktionen, Ergebnisse.

Leitfäden, Szenarien, Vermerk und Berichte benutzen genau diese Namen (fakten.yaml: "extend it,
never rename")."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kundenportal.fachverfahren.ports.zeitpunkt import BERLIN as BERLIN
from kundenportal.fachverfahren.ports.zeitpunkt import zeitpunkt_lesen as zeitpunkt_lesen

from .fehler import Befund, KatalogFehler
from .quelle import FormFehler, Stelle, ZDict, formfehler, lesen

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
    # Kanal → eigene Beschriftung, wo `label` vom Telefon spricht (fakten.yaml `label_je_kanal`): in der
    # Vorsprache und in der E-Mail gibt es keinen Anrufer.
    label_je_kanal: tuple[tuple[str, str], ...] = ()

    def label_fuer(self, kanal: str) -> str:
        """Die Beschriftung der Frage im Kanal `kanal` (Gespräch, Weg, Vermerk)."""
        for k, text in self.label_je_kanal:
            if k == kanal:
                return text
        return self.label

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
        return str(wert).strip()      # „   “ ist leer: ob leer geht, sagt der Schritt (gueltig_wenn, Pflicht im Gespräch)
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
        text = str(wert).strip()
        deutsch = DEUTSCHES_DATUM.fullmatch(text)      # wie Menschen es tippen: 1.4.2020, 01.04.2020
        try:
            if deutsch:
                return dt.date(int(deutsch[3]), int(deutsch[2]), int(deutsch[1]))
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"erwartet ein Datum (TT.MM.JJJJ oder JJJJ-MM-TT), nicht „{text}“") from None
    if typ == "zeitpunkt":
        return zeitpunkt_lesen(wert)
    if typ == "liste":
        if not isinstance(wert, list):
            raise ValueError(f"erwartet eine Liste, nicht {wert!r}")
        return [dict(x) if isinstance(x, dict) else x for x in wert]
    raise ValueError(f"unbekannter Typ {typ}")


DEUTSCHES_DATUM = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
# Ein Code im Fließtext: Kleinbuchstaben/Ziffern, mindestens zwei Zeichen, als ganzes Wort.
CODE_IM_TEXT = re.compile(r"(?<![\wÄÖÜäöüß-])[a-z][a-z0-9]*(?:_[a-z0-9]+)*(?![\wÄÖÜäöüß-])")
# Kurze Codes ohne Unterstrich, die nie ein deutsches Wort sind; alle anderen Einzelwörter (etwa
# „absagen“) bleiben im Satz stehen — sonst würde aus „Termin absagen“ „Termin Termin absagen“.
KURZCODES = frozenset({"ez", "sc3", "scfk", "emb", "av", "eid"})


def codes_im_text(text: str, texte: Mapping[str, str]) -> str:
    """Codes in einem Satz (z. B. „Termin … Uhr, av, Agentur Bonn“, „Aufgabe an os_algplus“) durch ihre Labels aus
    `texte` (fakten.yaml `wert_texte`) ersetzen: Codes mit Unterstrich oder Ziffer und die KURZCODES; gewöhnliche
    Wörter bleiben."""
    def ersetzen(m: re.Match[str]) -> str:
        wort = m.group(0)
        if "_" in wort or any(z.isdigit() for z in wort) or wort in KURZCODES:
            return texte.get(wort, wort)
        return wort

    return CODE_IM_TEXT.sub(ersetzen, text)


def wert_lesbar(wert: Any, texte: Mapping[str, str]) -> str:
    """Ein ganzer Wert als Text, ein Code (Option, Bereich, Kanal) mit seinem Label aus `texte` — auch Codes in
    einem Text (die Beschriftung eines Termins: „…, av, Agentur Köln“; `codes_im_text`)."""
    if isinstance(wert, str):
        return texte[wert] if wert in texte else codes_im_text(wert, texte)
    return wert_text(wert)


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
    """Wie `_vokabular_laden`; jeder Formfehler wird ein Befund mit Datei:Zeile und Feld (quelle.Stelle); eine
    ganz unerwartete Form bleibt als letzter Schutz ein Befund statt eines Absturzes."""
    try:
        return _vokabular_laden(pfad)
    except FormFehler as fehler:
        raise KatalogFehler([fehler.befund]) from None
    except (KeyError, TypeError, AttributeError, ValueError, IndexError) as fehler:   # pragma: no cover
        raise KatalogFehler([formfehler(str(pfad), 1, fehler)]) from None


def _label_je_kanal(eintrag: Stelle, fname: str, vok: Vokabular, befunde: list[Befund]) -> tuple[tuple[str, str], ...]:
    """`label_je_kanal: {emb: "…"}` eines Fakts; ein unbekannter Kanal ist ein Befund mit Zeile."""
    kanaele = vok.aufzaehlungen.get("kanal", ())
    paare: list[tuple[str, str]] = []
    for kanal, text in eintrag.get("label_je_kanal").paare():
        if kanal not in kanaele:
            befunde.append(Befund(vok.datei, text.zeile, f"fakten.{fname}.label_je_kanal.{kanal}",
                                  f"unbekannter Kanal '{kanal}' (aufzaehlungen.kanal: {', '.join(kanaele)})"))
        else:
            paare.append((kanal, text.text()))
    return tuple(paare)


def _vokabular_laden(pfad: Path) -> Vokabular:
    """Liest content/fakten.yaml (gleiche Form wie ../shared/spec/fakten.yaml, ergänzt)."""
    name = str(pfad)
    roh = lesen(pfad)
    befunde: list[Befund] = []
    if not isinstance(roh, ZDict):
        raise KatalogFehler([Befund(name, 1, "", "erwartet eine Abbildung mit fakten, aktionen, ...")])
    wurzel = Stelle.wurzel(name, roh)
    vok = Vokabular(datei=name)
    for art, werte in wurzel.get("aufzaehlungen").paare():
        vok.aufzaehlungen[art] = werte.texte()
    fakten = wurzel.get("fakten")
    for fname, eintrag in fakten.paare():
        zeile = eintrag.zeile
        if not isinstance(eintrag.wert, dict) or "typ" not in eintrag.wert:
            befunde.append(Befund(name, zeile, f"fakten.{fname}", "braucht typ und label"))
            continue
        try:
            typ_stelle = eintrag.get("typ")
            optionen: tuple[str, ...] = ()
            if isinstance(typ_stelle.wert, list):
                optionen, typ = typ_stelle.texte(), "auswahl"
            else:
                typ = typ_stelle.text()
                if typ in vok.aufzaehlungen:
                    optionen, typ = vok.aufzaehlungen[typ], "auswahl"
                elif typ not in GRUNDTYPEN:
                    befunde.append(Befund(name, zeile, f"fakten.{fname}.typ", f"unbekannter Typ '{typ}'"))
                    continue
            vok.fakten[fname] = Fakt(
                name=fname, typ=typ, label=eintrag.get("label").text(fname), optionen=optionen,
                standard=eintrag.wert.get("standard"), hat_standard="standard" in eintrag.wert,
                annahme=eintrag.get("annahme").text(""),
                label_je_kanal=_label_je_kanal(eintrag, fname, vok, befunde),
            )
        except FormFehler as fehler:
            befunde.append(fehler.befund)
    _plausibilitaet_lesen(roh, vok, befunde, name)
    for eintrag in wurzel.get("aktionen").eintraege():
        try:
            aktion = AktionsArt(system=eintrag.abbildung()["system"].text(), vorgang=eintrag["vorgang"].text(),
                             parameter=eintrag.get("parameter").texte(), recht=eintrag.get("recht").text(""))
        except FormFehler as fehler:
            befunde.append(Befund(name, fehler.befund.zeile, fehler.befund.feld,
                                  f"{fehler.befund.meldung} (eine Aktion braucht system, vorgang und parameter)"))
            continue
        vok.aktionen[(aktion.system, aktion.vorgang)] = aktion
    vok.wert_texte = {str(k): str(v) for k, v in (roh.get("wert_texte") or {}).items()}
    texte = wurzel.get("ergebnis_texte")
    if texte.wert is not None:
        texte.abbildung()
    for code in wurzel.get("ergebnisse").texte():
        vok.ergebnisse[code] = texte.get(code).text(code) if texte.wert is not None else code
    zustand = wurzel.get("zustand")
    vok.zustand = dict(zustand.abbildung().wert) if zustand.wert is not None else {}
    if befunde:
        raise KatalogFehler(befunde)
    return vok


def _plausibilitaet_lesen(roh: ZDict, vok: Vokabular, befunde: list[Befund], name: str) -> None:
    """Abschnitt `plausibilitaet`: Fakt → {vor_monaten, nach_monaten} (nur für datum und zeitpunkt)."""
    from dataclasses import replace


    for fname, eintrag in Stelle.wurzel(name, roh).get("plausibilitaet").paare():
        spec, zeile = eintrag.wert, eintrag.zeile
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
