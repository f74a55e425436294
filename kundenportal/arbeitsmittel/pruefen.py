"""Prüfungen über Dateien hinweg: Vorgängerin vorhanden, Gültigkeit ohne Überlappung, Formulare des
Stichprobenplans (2.2.6), QS-Kriterien und Messung der Anlage 7, Kennzahlen der Anlage 5 — jeder
Befund mit Datei:Zeile (domain.md A12)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kundenportal.leitfaden.fehler import Befund
from kundenportal.leitfaden.katalog import Katalog

from .modell import KENNZAHLEN, Arbeitsmittel, Bestand


def _zeile(knoten: Any, schluessel: str | int | None = None) -> int:
    zeilen = getattr(knoten, "zeilen", None)
    if isinstance(zeilen, dict) and isinstance(schluessel, str) and schluessel in zeilen:
        return int(zeilen[schluessel])
    if isinstance(zeilen, list) and isinstance(schluessel, int) and schluessel < len(zeilen):
        return int(zeilen[schluessel])
    return int(getattr(knoten, "zeile", 1) or 1)


def _zeitachse(bestand: Bestand) -> Iterator[Befund]:
    for art, nummer in sorted({(a.art, a.nummer) for a in bestand.fassungen}):
        fassungen = bestand.von(art, nummer)
        for alt, neu in itertools.pairwise(fassungen):
            if alt.gueltig_bis is None or alt.gueltig_bis >= neu.gueltig_ab:
                yield Befund(neu.datei, 1, "gueltig_ab", f"überlappt mit {alt.datei}: dort gueltig_bis setzen")
        for a in fassungen:
            if a.vorgaenger and bestand.vorgaenger(a) is None:
                yield Befund(a.datei, 1, "vorgaenger", f"keine Fassung {a.vorgaenger.isoformat()} von {nummer}")


def _plan(bestand: Bestand, a: Arbeitsmittel) -> Iterator[Befund]:
    plan = a.inhalt.get("stichprobenplan")
    if plan is None:
        yield Befund(a.datei, 1, "stichprobenplan", "Anlage 2.2.6 braucht einen stichprobenplan")
        return
    formulare = plan.get("formulare") or {}
    for kanal, nummer in formulare.items():
        if not bestand.von("qs_anlage", str(nummer)):
            yield Befund(a.datei, _zeile(formulare, kanal), f"stichprobenplan.formulare.{kanal}",
                         f"unbekannte QS-Anlage {nummer}")
    for feld in ("je_beschaeftigten_und_monat",):
        if not isinstance(plan.get(feld), int) or plan[feld] < 1:
            yield Befund(a.datei, _zeile(plan, feld), f"stichprobenplan.{feld}", "erwartet eine ganze Zahl ≥ 1")


def _anlage7(bestand: Bestand, katalog: Katalog, a: Arbeitsmittel) -> Iterator[Befund]:
    umsetzung = a.inhalt.get("umsetzung") or []
    for i, u in enumerate(umsetzung):
        for j, ref in enumerate(u.get("qs_kriterien") or []):
            nummer, _, kriterium = str(ref).partition(":")
            formen = bestand.von("qs_anlage", nummer)
            if not formen or not any(f.kriterium(kriterium) for f in formen):
                yield Befund(a.datei, _zeile(u["qs_kriterien"], j), f"umsetzung[{i}].qs_kriterien",
                             f"unbekanntes QS-Kriterium {ref} (Form Anlage:Kriterium, z. B. 2.2.1:a2_abgesagt)")
        for j, m in enumerate(u.get("messung") or []):
            lf = katalog.leitfaeden.get(str(m.get("leitfaden")))
            if lf is None:
                yield Befund(a.datei, _zeile(u["messung"], j), f"umsetzung[{i}].messung",
                             f"unbekannter Leitfaden {m.get('leitfaden')}")
                continue
            bekannt = {s.id for f in lf.fassungen for s in f.daten.schritte}
            for s in m.get("schritte") or []:
                if s not in bekannt:
                    yield Befund(a.datei, _zeile(m, "schritte"), f"umsetzung[{i}].messung.schritte",
                                 f"{lf.id} hat in keiner Fassung einen Schritt {s}")


def _anlage5(a: Arbeitsmittel) -> Iterator[Befund]:
    kennzahlen = a.inhalt.get("kennzahlen") or []
    for i, k in enumerate(kennzahlen):
        if str(k.get("id")) not in KENNZAHLEN:
            yield Befund(a.datei, _zeile(kennzahlen, i), "kennzahlen",
                         f"unbekannte Kennzahl {k.get('id')} (bekannt: {', '.join(KENNZAHLEN)})")


def bestand_pruefen(bestand: Bestand, katalog: Katalog, wurzel: Path) -> list[Befund]:
    befunde = list(_zeitachse(bestand))
    for a in bestand.fassungen:
        try:
            if a.art == "qs_anlage" and a.nummer == "2.2.6":
                befunde.extend(_plan(bestand, a))
            if a.art == "fuehrungsprozess_anlage" and a.nummer == "Anlage 7":
                befunde.extend(_anlage7(bestand, katalog, a))
            if a.art == "fuehrungsprozess_anlage" and a.nummer == "Anlage 5":
                befunde.extend(_anlage5(a))
        except (TypeError, AttributeError, ValueError) as fehler:   # ein Feld in unerwarteter Form (Browser-Eingabe)
            befunde.append(Befund(a.datei, 1, "", f"ein Feld hat eine unerwartete Form ({fehler}) — Listen und "
                                                  "Abbildungen wie in der vorigen Fassung schreiben"))
    return befunde
