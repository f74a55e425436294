"""Ergänzungen des Vokabulars aus der Redaktion: neue Antwortoptionen einer Frage (Wert und deutsche Beschriftung),
mit einem Freigabepaket geprüft, freigegeben und als eigene Katalogdatei veröffentlicht (`vokabular/*.yaml`, neben
content/fakten.yaml; gesiegelt mit ihrem Inhalts-Hash wie jede Katalogdatei). Beim Laden wird jede Ergänzung über das
Vokabular gelegt (`mit_zusaetzen`).

Das Vokabular wächst nur (fakten.yaml: „extend it, never rename“): eine Ergänzung fügt Optionen an, ändert oder entfernt
nie eine bestehende, und ein Wert, der im Vokabular schon eine Beschriftung hat, behält sie.

Welche Fassungen eine neue Option kennen (`nutzt`): die Fassungen ihres Pakets und jede Fassung, die ab dem Tag der
Ergänzung (`gilt_ab`) gilt. Ältere, gesiegelte Fassungen bleiben, wie sie waren: `optionen_fuer` gibt ihnen die
Optionen ohne die Ergänzung — im Gespräch, beim Lesen einer Antwort und in der Prüfung (kein neuer Befund)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .fehler import Befund, KatalogFehler
from .quelle import FormFehler, Stelle, lesen_text
from .vokabular import Fakt, Vokabular

ORDNER = "vokabular"                 # relativ zu content/: vokabular/<gilt_ab>-<weisung>-<paket>.yaml
WERT = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
WERT_LAENGE = 60
LABEL_LAENGE = 120
WERT_MELDUNG = ("nur Kleinbuchstaben (ohne Umlaute), Ziffern und einzelne Unterstriche, beginnt mit einem Buchstaben "
                "(z. B. auskunft_termin)")


@dataclass(frozen=True)
class NeueOption:
    fakt: str
    wert: str
    label: str


@dataclass(frozen=True)
class Zusatz:
    """Eine veröffentlichte Ergänzung: ab wann, zu welcher Weisung, für welche Fassungen des Pakets, welche Optionen."""

    datei: str
    gilt_ab: dt.date
    weisung: str = ""
    fassungen: tuple[str, ...] = ()
    optionen: tuple[NeueOption, ...] = ()

    def nutzt(self, schluessel: str, gueltig_ab: dt.date) -> bool:
        """Kennt die Fassung `schluessel` (gültig ab `gueltig_ab`) die Optionen dieser Ergänzung?"""
        return schluessel in self.fassungen or gueltig_ab >= self.gilt_ab


@dataclass
class ErweitertesVokabular(Vokabular):
    """Das Vokabular mit den Ergänzungen darüber; `zusaetze` sagt, woher jede neue Option kommt."""

    zusaetze: tuple[Zusatz, ...] = ()
    basis_optionen: dict[str, tuple[str, ...]] = field(default_factory=dict)   # Fakt → Optionen ohne Ergänzung


# --- Prüfen ----------------------------------------------------------------------------------------------------------

def fragen_mit_optionen(vok: Vokabular) -> list[Fakt]:
    """Die Fragen, deren Antwortoptionen feststehen (Aufzählung oder Liste) — nur sie lassen sich ergänzen."""
    return [f for f in vok.fakten.values() if f.typ == "auswahl"]


def _aufzaehlung_von(vok: Vokabular, fakt: Fakt) -> str:
    """Der Name der Aufzählung, deren Werte der Fakt hat ("" bei einer Liste nur für ihn)."""
    return next((name for name, werte in vok.aufzaehlungen.items() if werte == fakt.optionen), "")


def optionen_pruefen(vok: Vokabular, optionen: list[NeueOption]) -> list[tuple[int, str, str]]:
    """(Zeile ab 0, Feld, Meldung) je Fehler: Frage unbekannt oder ohne feste Optionen, Wert in falscher Form oder schon
    vorhanden, Beschriftung fehlt oder würde eine bestehende umbenennen, doppelte Zeilen."""
    fehler: list[tuple[int, str, str]] = []
    erste: dict[tuple[str, str], int] = {}
    for i, o in enumerate(optionen):
        fakt = vok.fakten.get(o.fakt)
        if fakt is None:
            fehler.append((i, "fakt", f"Frage „{o.fakt}“ gibt es im Vokabular nicht: eine Frage aus der Liste wählen."))
            continue
        if fakt.typ != "auswahl":
            art = "ja/nein" if fakt.typ == "bool" else fakt.typ
            fehler.append((i, "fakt", f"Die Frage „{fakt.label}“ ({o.fakt}) hat keine festen Antwortoptionen (Typ "
                                      f"{art}): ergänzen lassen sich nur Fragen mit einer Auswahl."))
            continue
        wert, label = o.wert.strip(), o.label.strip()
        if not wert:
            fehler.append((i, "wert", "Wert fehlt: den Code der neuen Option eintragen (z. B. auskunft_termin)."))
        elif len(wert) > WERT_LAENGE or not WERT.match(wert):
            fehler.append((i, "wert", f"Wert „{wert}“: {WERT_MELDUNG}." if len(wert) <= WERT_LAENGE else
                                      f"Wert: höchstens {WERT_LAENGE} Zeichen, eingegeben sind {len(wert)}."))
        elif wert in fakt.optionen:
            fehler.append((i, "wert", f"„{wert}“ ist schon eine Antwortoption der Frage „{fakt.label}“: bestehende "
                                      "Optionen bleiben, wie sie sind (das Vokabular wird nur ergänzt, nie umbenannt)."))
        elif (wert, o.fakt) in erste:
            fehler.append((i, "wert", f"„{wert}“ für diese Frage steht doppelt (schon in Zeile {erste[(wert, o.fakt)] + 1})"
                                      ": jede neue Option nur einmal eintragen."))
        else:
            erste[(wert, o.fakt)] = i
            bisher = vok.wert_texte.get(wert) or vok.ergebnisse.get(wert)
            if bisher is not None and label and bisher != label:
                fehler.append((i, "label", f"Der Wert „{wert}“ heißt im Vokabular schon „{bisher}“; eine andere "
                                           "Beschriftung wäre eine Umbenennung. Diese Beschriftung übernehmen oder einen "
                                           "neuen Wert wählen."))
        if not label:
            fehler.append((i, "label", "Beschriftung fehlt: in wenigen Worten sagen, was die Option bedeutet — so lesen "
                                       "die Beschäftigten sie im Gespräch."))
        elif len(label) > LABEL_LAENGE or "\n" in label:
            fehler.append((i, "label", f"Beschriftung: eine Zeile mit höchstens {LABEL_LAENGE} Zeichen (eingegeben "
                                       f"sind {len(label)})."))
        else:
            gleich = [w for w in fakt.optionen if vok.wert_texte.get(w, w) == label and w != wert]
            if gleich:
                fehler.append((i, "label", f"Die Beschriftung „{label}“ trägt schon die Option „{gleich[0]}“ dieser "
                                           "Frage: die Beschäftigten könnten beide nicht unterscheiden."))
    return fehler


# --- Datei: schreiben und lesen ---------------------------------------------------------------------------------------

def _t(wert: str) -> str:
    import json

    return json.dumps(wert, ensure_ascii=False)


def pfad(gilt_ab: dt.date, weisung: str, paket: int) -> str:
    """Der Pfad der Katalogdatei, relativ zu content/."""
    return f"{ORDNER}/{gilt_ab.isoformat()}-{weisung}-{paket}.yaml"


def zusatz_yaml(*, gilt_ab: dt.date, weisung: str, fassungen: Iterable[str], optionen: Iterable[NeueOption],
                kommentar: str = "") -> str:
    """Der Text der Ergänzung (YAML), wie er gesiegelt veröffentlicht wird."""
    zeilen = [f"# {kommentar}"] if kommentar else []
    zeilen += ["# Ergänzung des Vokabulars (content/fakten.yaml): nur hinzufügen, nie umbenennen.",
               f"gilt_ab: {gilt_ab.isoformat()}", f"weisung: {_t(weisung)}",
               "fassungen: [" + ", ".join(_t(f) for f in sorted(fassungen)) + "]", "optionen:"]
    je_fakt: dict[str, list[NeueOption]] = {}
    for o in optionen:
        je_fakt.setdefault(o.fakt, []).append(o)
    for fakt, liste in je_fakt.items():
        zeilen.append(f"  {fakt}:")
        zeilen += [f"    - {{wert: {_t(o.wert)}, label: {_t(o.label)}}}" for o in liste]
    return "\n".join(zeilen) + "\n"


def zusatz_lesen(text: str, datei: str) -> Zusatz:
    """Die Ergänzung aus ihrem Text; jede falsche Form ist ein Befund mit Datei:Zeile und Feld (KatalogFehler)."""
    roh = lesen_text(text, datei)
    try:
        wurzel = Stelle.wurzel(datei, roh).abbildung()
        gilt_ab = wurzel["gilt_ab"].datum()
        assert gilt_ab is not None
        optionen: list[NeueOption] = []
        befunde: list[Befund] = []
        for fakt, liste in wurzel["optionen"].paare():
            for eintrag in liste.eintraege():
                wert, label = eintrag["wert"].text(), eintrag["label"].text()
                if not WERT.match(wert) or not label.strip():
                    befunde.append(Befund(datei, eintrag.zeile, f"optionen.{fakt}",
                                          f"Wert „{wert}“: {WERT_MELDUNG}" if not WERT.match(wert)
                                          else f"Wert „{wert}“: Beschriftung fehlt"))
                optionen.append(NeueOption(fakt, wert, label.strip()))
        if befunde:
            raise KatalogFehler(befunde)
        return Zusatz(datei=datei, gilt_ab=gilt_ab, weisung=wurzel.get("weisung").text(""),
                      fassungen=wurzel.get("fassungen").texte(), optionen=tuple(optionen))
    except FormFehler as fehler:
        raise KatalogFehler([fehler.befund]) from None


# --- Über das Vokabular legen ---------------------------------------------------------------------------------------

def mit_zusaetzen(vok: Vokabular, zusaetze: Iterable[Zusatz]) -> Vokabular:
    """Eine Kopie von `vok` mit den Optionen und Beschriftungen der Ergänzungen (in der Reihenfolge ihrer Tage). Ohne
    Ergänzung: `vok` selbst. Widerspricht eine Ergänzung dem Vokabular (Frage fehlt, Wert mit anderer Beschriftung),
    ein Befund mit Datei:Zeile; eine Option, die inzwischen gleichlautend in fakten.yaml steht, zählt einmal."""
    zusaetze = sorted(zusaetze, key=lambda z: (z.gilt_ab, z.datei))
    if not zusaetze:
        return vok
    basis = vok.zusaetze if isinstance(vok, ErweitertesVokabular) else ()
    fakten, texte = dict(vok.fakten), dict(vok.wert_texte)
    basis_optionen = dict(vok.basis_optionen) if isinstance(vok, ErweitertesVokabular) else {}
    befunde: list[Befund] = []
    for z in zusaetze:
        for o in z.optionen:
            fakt = fakten.get(o.fakt)
            if fakt is None or fakt.typ != "auswahl":
                befunde.append(Befund(z.datei, 0, f"optionen.{o.fakt}", f"Frage {o.fakt} hat im Vokabular keine "
                                      "festen Antwortoptionen (fehlt oder anderer Typ)"))
                continue
            bisher = texte.get(o.wert) or vok.ergebnisse.get(o.wert)
            if bisher is not None and bisher != o.label:
                befunde.append(Befund(z.datei, 0, f"optionen.{o.fakt}", f"Wert {o.wert} heißt im Vokabular schon "
                                      f"„{bisher}“, die Ergänzung sagt „{o.label}“ (Umbenennung)"))
                continue
            basis_optionen.setdefault(o.fakt, fakt.optionen)
            if o.wert not in fakt.optionen:
                fakten[o.fakt] = replace(fakt, optionen=(*fakt.optionen, o.wert))
            texte.setdefault(o.wert, o.label)
    if befunde:
        raise KatalogFehler(befunde)
    return ErweitertesVokabular(aufzaehlungen=dict(vok.aufzaehlungen), fakten=fakten, aktionen=vok.aktionen,
                                ergebnisse=vok.ergebnisse, wert_texte=texte, zustand=vok.zustand, datei=vok.datei,
                                zusaetze=(*basis, *zusaetze), basis_optionen=basis_optionen)


def herkunft(vok: Vokabular, fakt: str, wert: str) -> Zusatz | None:
    """Die Ergänzung, die `wert` zur Frage `fakt` gebracht hat (None: die Option steht in fakten.yaml)."""
    if not isinstance(vok, ErweitertesVokabular) or wert in vok.basis_optionen.get(fakt, (wert,)):
        return None
    return next((z for z in vok.zusaetze for o in z.optionen if o.fakt == fakt and o.wert == wert), None)


def optionen_fuer(vok: Vokabular, fakt: str, schluessel: str, gueltig_ab: dt.date) -> tuple[str, ...]:
    """Die Antwortoptionen der Frage `fakt` in der Fassung `schluessel` (gültig ab `gueltig_ab`): ohne die Optionen
    einer Ergänzung, die diese Fassung nicht kennt (eine ältere, gesiegelte Fassung ändert sich nicht)."""
    f = vok.fakten[fakt]
    if not isinstance(vok, ErweitertesVokabular) or fakt not in vok.basis_optionen:
        return f.optionen
    return tuple(w for w in f.optionen
                 if (z := herkunft(vok, fakt, w)) is None or z.nutzt(schluessel, gueltig_ab))


# --- Laden aus einem Ordner (content/vokabular/*.yaml) und Beschriftungen für lesbar ---------------------------------

def zusaetze_laden(wurzel: Path, anzeige: str = "content") -> list[Zusatz]:
    """Die Ergänzungen unter `wurzel/vokabular/` (exportierter Katalog); keine: leer."""
    ordner = wurzel / ORDNER
    if not ordner.is_dir():
        return []
    befunde: list[Befund] = []
    zusaetze: list[Zusatz] = []
    for datei in sorted(ordner.glob("*.yaml")):
        try:
            zusaetze.append(zusatz_lesen(datei.read_text(encoding="utf-8"), f"{anzeige}/{ORDNER}/{datei.name}"))
        except KatalogFehler as fehler:
            befunde.extend(fehler.befunde)
    if befunde:
        raise KatalogFehler(befunde)
    return zusaetze


def vokabular_mit_ordner(wurzel: Path, vok: Vokabular) -> Vokabular:
    """Der Haken für `laden.katalog_laden`: das Vokabular mit den Ergänzungen des Ordners; merkt ihre Beschriftungen."""
    neu = mit_zusaetzen(vok, zusaetze_laden(wurzel, wurzel.name))
    texte_merken(neu)
    return neu


_TEXTE: dict[str, Any] = {"zusatz": {}, "basis": None, "gemischt": None}


def texte_merken(vok: Vokabular) -> None:
    """Die Beschriftungen der neuen Optionen des geltenden Katalogs (für `kundenportal.lesbar`, das fakten.yaml liest)."""
    zusatz = {o.wert: o.label for z in getattr(vok, "zusaetze", ()) for o in z.optionen}
    if zusatz != _TEXTE["zusatz"]:
        _TEXTE.update(zusatz=zusatz, basis=None, gemischt=None)


def mit_zusatz_texten(basis: dict[str, str]) -> dict[str, str]:
    """`basis` (wert_texte und ergebnis_texte aus fakten.yaml) mit den Beschriftungen der neuen Optionen — ein Wert aus
    fakten.yaml behält immer seine Beschriftung. Je Stand einmal gemischt."""
    zusatz: dict[str, str] = _TEXTE["zusatz"]
    if not zusatz:
        return basis
    if _TEXTE["basis"] is not basis:
        _TEXTE.update(basis=basis, gemischt={**zusatz, **basis})
    gemischt: dict[str, str] = _TEXTE["gemischt"]
    return gemischt
