"""Die Liste der Verbundstandorte prüfen, bevor sie geladen wird (Format von content/standorte.yaml).

Die echte Liste der 34 Verbundstandorte der Berufsberatung im Erwerbsleben kommt im selben Format;
jeder Fehler nennt Datei:Zeile: Feld und die Abhilfe. Geladen wird danach mit
leitfaden.standorte.standorte_laden — dieselbe Funktion wie für die Beispieldatei."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import holidays

from kundenportal.leitfaden.fehler import Befund, KatalogFehler
from kundenportal.leitfaden.quelle import ZDict, ZListe, lesen
from kundenportal.leitfaden.standorte import Standorte, standorte_laden

LAENDER = tuple(sorted(s for s in holidays.country_holidays("DE").subdivisions if len(s) == 2))
AGENTUR_FELDER = {"name", "land", "bbie_ab", "pilot_weiterbildungsberatung"}
VERBUND_FELDER = {"id", "name", "agenturen"}
CLUSTER_FELDER = {"id", "name", "familienkassen"}


def _zeile(knoten: Any, feld: str | None = None) -> int:
    if isinstance(knoten, ZDict) and feld is not None:
        return knoten.zeilen.get(feld, knoten.zeile)
    return int(getattr(knoten, "zeile", 0))


def _liste(datei: str, eltern: ZDict, feld: str, pfad: str) -> Iterator[Befund | tuple[str, Any]]:
    werte = eltern.get(feld)
    if werte is None:
        return
    if not isinstance(werte, ZListe):
        yield Befund(datei, _zeile(eltern, feld), pfad, "erwartet eine Liste")
        return
    for i, eintrag in enumerate(werte):
        if not isinstance(eintrag, ZDict):
            yield Befund(datei, werte.zeilen[i], f"{pfad}[{i}]", "erwartet eine Abbildung")
        else:
            yield f"{pfad}[{i}]", eintrag


def _felder(datei: str, knoten: ZDict, erlaubt: set[str], pflicht: tuple[str, ...], pfad: str) -> Iterator[Befund]:
    for feld in sorted(set(knoten) - erlaubt):
        yield Befund(datei, _zeile(knoten, feld), f"{pfad}.{feld}",
                     f"unbekanntes Feld (erlaubt: {', '.join(sorted(erlaubt))})")
    for feld in pflicht:
        if not knoten.get(feld):
            yield Befund(datei, knoten.zeile, f"{pfad}.{feld}", "Pflichtfeld fehlt")


def standortliste_pruefen(pfad: Path) -> list[Befund]:
    """Alle Befunde der Datei; leer, wenn sie sich laden lässt."""
    datei = str(pfad)
    try:
        roh = lesen(pfad)
    except KatalogFehler as fehler:
        return list(fehler.befunde)
    if not isinstance(roh, ZDict) or "verbuende" not in roh:
        return [Befund(datei, 1, "verbuende", "erwartet eine Abbildung mit verbuende (und familienkasse_cluster)")]
    befunde: list[Befund] = []
    agenturen: dict[str, int] = {}
    verbuende: dict[str, int] = {}
    for eintrag in _liste(datei, roh, "verbuende", "verbuende"):
        if isinstance(eintrag, Befund):
            befunde.append(eintrag)
            continue
        vpfad, verbund = eintrag
        befunde += _felder(datei, verbund, VERBUND_FELDER, ("id", "agenturen"), vpfad)
        vid = str(verbund.get("id", ""))
        if vid in verbuende:
            befunde.append(Befund(datei, _zeile(verbund, "id"), f"{vpfad}.id",
                                  f"Verbund {vid} steht schon in Zeile {verbuende[vid]}"))
        verbuende.setdefault(vid, _zeile(verbund, "id"))
        for a_eintrag in _liste(datei, verbund, "agenturen", f"{vpfad}.agenturen"):
            if isinstance(a_eintrag, Befund):
                befunde.append(a_eintrag)
                continue
            apfad, agentur = a_eintrag
            befunde += _agentur(datei, agentur, apfad, agenturen)
    for c_eintrag in _liste(datei, roh, "familienkasse_cluster", "familienkasse_cluster"):
        if isinstance(c_eintrag, Befund):
            befunde.append(c_eintrag)
        else:
            befunde += _felder(datei, c_eintrag[1], CLUSTER_FELDER, ("id", "familienkassen"), c_eintrag[0])
    if not befunde:
        try:
            standorte_laden(pfad)
        except KatalogFehler as fehler:
            befunde += fehler.befunde
    return befunde


def _agentur(datei: str, agentur: ZDict, pfad: str, gesehen: dict[str, int]) -> Iterator[Befund]:
    yield from _felder(datei, agentur, AGENTUR_FELDER, ("name", "land"), pfad)
    name = str(agentur.get("name", ""))
    if name in gesehen:
        yield Befund(datei, _zeile(agentur, "name"), f"{pfad}.name",
                     f"Agentur {name} steht schon in Zeile {gesehen[name]}: jede Agentur gehört zu genau einem Verbund")
    gesehen.setdefault(name, _zeile(agentur, "name"))
    land = agentur.get("land")
    if land and land not in LAENDER:
        yield Befund(datei, _zeile(agentur, "land"), f"{pfad}.land",
                     f"{land!r} ist kein Bundesland-Kürzel (erlaubt: {', '.join(LAENDER)})")
    bbie = agentur.get("bbie_ab")
    if bbie is not None and (not isinstance(bbie, dt.date) or isinstance(bbie, dt.datetime)):
        yield Befund(datei, _zeile(agentur, "bbie_ab"), f"{pfad}.bbie_ab",
                     f"kein Datum (JJJJ-MM-TT oder null): {bbie!r}")
    pilot = agentur.get("pilot_weiterbildungsberatung", False)
    if not isinstance(pilot, bool):
        yield Befund(datei, _zeile(agentur, "pilot_weiterbildungsberatung"), f"{pfad}.pilot_weiterbildungsberatung",
                     f"erwartet true oder false, nicht {pilot!r}")


def standortliste_laden(pfad: Path) -> Standorte:
    """Prüft und lädt; wirft KatalogFehler mit allen Befunden."""
    befunde = standortliste_pruefen(pfad)
    if befunde:
        raise KatalogFehler(befunde)
    return standorte_laden(pfad)
