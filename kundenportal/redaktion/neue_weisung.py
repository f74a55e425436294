"""Eine neue Weisung, im Browser erfasst: die Angaben (Nummer, Titel, Datum, Gültigkeit, Geschäftszeichen, Bezug,
Kopf, Regelpunkte) am Freigabepaket, daraus derselbe YAML-Text wie content/weisungen/<nummer>.yaml — gelesen vom
Lader des Kerns (`weisung_aus_text`), veröffentlicht als Katalogdatei der Art `weisung`.

Die Umsetzung je Regelpunkt (Leitfaden → Schritte) wird nicht eingegeben, sondern aus den Regelverweisen (`regel:`)
der Schritte der Entwürfe des Pakets abgeleitet: der Schritt sagt selbst, welche Regel er umsetzt (das sehen die
Beschäftigten), und eine zweite, getippte Liste liefe davon weg. Die Prüfung meldet einen Regelverweis auf einen
Punkt, den die Weisung nicht hat (leitfaden/pruefungen/regelverweise.py). Braucht ein Punkt keinen Schritt (etwa eine
Meldepflicht), sagt die Redaktion je Punkt, warum (`ohne_schritt`); verweist doch ein Schritt auf ihn, gilt die
Umsetzung, und die Begründung entfällt beim Veröffentlichen (die Weisung widerspräche sich sonst)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from typing import Any

from kundenportal.leitfaden.fehler import Befund
from kundenportal.leitfaden.katalog import Fassung, Katalog, Weisung
from kundenportal.leitfaden.laden import weisung_aus_text
from kundenportal.leitfaden.weisung import punkte

from .katalogquelle import WURZEL

NUMMER = re.compile(r"^\d{9}$")
NUMMER_MELDUNG = "Die Nummer einer Weisung hat 9 Ziffern: Jahr, Monat, laufende Nummer (z. B. 202612001)."
# Der Kopf der Weisung (Metadatum, blendet nichts aus: domain.md A11): Schlüssel → Beschriftung.
KOPF = {"sgb_ii": "SGB II", "sgb_iii": "SGB III", "familienkasse": "Familienkasse"}
PUNKT_MELDUNG = "Form wie in der Weisung: „2.1“ oder „2.2 a) 6“ (Abschnitt, optional Buchstabe mit Klammer und Nummer)."


def pfad(nummer: str) -> str:
    """Der Pfad der Katalogdatei, relativ zu content/ (wie content/weisungen/<nummer>.yaml)."""
    return f"weisungen/{nummer}.yaml"


def punkt_gueltig(punkt: str) -> bool:
    """Ein Punkt in der Form, die die Regelverweise der Schritte lesen (`weisung.punkte`): er findet sich selbst."""
    return punkte(punkt) == {punkt}


def regeln_pruefen(regeln: list[dict[str, str]]) -> list[tuple[int, str, str]]:
    """(Zeile ab 0, Feld, Meldung) je Fehler der Regelpunkte: Form des Punkts, Titel fehlt, Punkt doppelt."""
    fehler: list[tuple[int, str, str]] = []
    erste: dict[str, int] = {}
    for i, r in enumerate(regeln):
        punkt, titel = r.get("punkt", "").strip(), r.get("titel", "").strip()
        if not punkt_gueltig(punkt):
            fehler.append((i, "punkt", f"Punkt „{punkt}“: {PUNKT_MELDUNG}"))
        elif punkt in erste:
            fehler.append((i, "punkt", f"Punkt {punkt} steht doppelt (schon in Zeile {erste[punkt] + 1}): jeden Punkt "
                                       "nur einmal eintragen."))
        else:
            erste[punkt] = i
        if not titel:
            fehler.append((i, "titel", f"Titel zu Punkt {punkt or '(ohne Punkt)'} fehlt: in wenigen Worten sagen, was "
                                       "die Regel verlangt."))
    return fehler


def daten(*, titel: str, datum: dt.date, gueltig_ab: dt.date, geschaeftszeichen: str = "", bezug: str = "",
          kopf: dict[str, str] | None = None, regeln: list[dict[str, str]]) -> dict[str, Any]:
    """Die Angaben, wie sie am Paket stehen (JSON)."""
    return {"titel": titel.strip(), "datum": datum.isoformat(), "gueltig_ab": gueltig_ab.isoformat(),
            "geschaeftszeichen": geschaeftszeichen.strip(), "bezug": bezug.strip(),
            "kopf": {k: str(v).strip() for k, v in (kopf or {}).items() if k in KOPF and str(v).strip()},
            "regeln": [_regel(r) for r in regeln]}


def _regel(r: dict[str, str]) -> dict[str, str]:
    """Ein Regelpunkt am Paket: Punkt, Titel und — nur wenn angegeben — warum er keinen Schritt braucht."""
    ohne_schritt = (r.get("ohne_schritt") or "").strip()
    return {"punkt": r["punkt"].strip(), "titel": r["titel"].strip(), **({"ohne_schritt": ohne_schritt} if ohne_schritt
                                                                          else {})}


def gueltig_ab(angaben: dict[str, Any]) -> dt.date | None:
    wert = angaben.get("gueltig_ab")
    return dt.date.fromisoformat(wert) if wert else None


Umsetzung = dict[str, list[tuple[str, list[str]]]]      # Punkt → [(Leitfaden, [Schritt-ids])]


def umsetzung_aus(fassungen: Iterable[Fassung], vorhanden: Iterable[str]) -> Umsetzung:
    """Je Punkt der Weisung die Schritte, deren Regelverweis ihn nennt — in der Reihenfolge der Fassungen (nach
    Leitfaden) und ihrer Schritte. Ein Verweis auf einen fehlenden Punkt meldet die Prüfung; er fällt hier weg."""
    punkte_da = list(vorhanden)
    ergebnis: Umsetzung = {p: [] for p in punkte_da}
    for f in sorted(fassungen, key=lambda f: f.leitfaden_id):
        je_punkt: dict[str, list[str]] = {}
        for s in f.daten.schritte:
            regel = s.__dict__.get("regel") or ""
            for p in sorted(punkte(regel)) if regel else ():
                if p in ergebnis and s.id not in je_punkt.setdefault(p, []):
                    je_punkt[p].append(s.id)
        for p, schritte in je_punkt.items():
            if schritte:
                ergebnis[p].append((f.leitfaden_id, schritte))
    return ergebnis


def _t(wert: str) -> str:
    """Ein Text als YAML-Skalar in Anführungszeichen (JSON ist hier gültiges YAML)."""
    return json.dumps(wert, ensure_ascii=False)


def weisung_yaml(nummer: str, angaben: dict[str, Any], umsetzung: Umsetzung | None = None) -> str:
    """Der Text der Weisung in der Form von content/weisungen/*.yaml."""
    zeilen = [f"nummer: {_t(nummer)}", f"titel: {_t(angaben['titel'])}", f"datum: {angaben['datum']}",
              f"gueltig_ab: {angaben['gueltig_ab']}", "gueltig_bis: null"]
    if angaben.get("geschaeftszeichen"):
        zeilen.append(f"geschaeftszeichen: {_t(angaben['geschaeftszeichen'])}")
    if kopf := angaben.get("kopf"):
        zeilen.append("kopf: {" + ", ".join(f"{k}: {_t(v)}" for k, v in kopf.items()) + "}")
    if angaben.get("bezug"):
        zeilen.append(f"bezug: {_t(angaben['bezug'])}")
    zeilen.append("regeln:" if angaben.get("regeln") else "regeln: []")
    for r in angaben.get("regeln") or []:
        zeilen += [f"  - punkt: {_t(r['punkt'])}", f"    titel: {_t(r['titel'])}"]
        teile = (umsetzung or {}).get(r["punkt"]) or []
        if r.get("ohne_schritt") and not teile:     # setzt ein Schritt den Punkt doch um, gilt die Umsetzung
            zeilen.append(f"    ohne_schritt: {_t(r['ohne_schritt'])}")
        zeilen.append("    umsetzung:" if teile else "    umsetzung: []")
        zeilen += [f"      - {{leitfaden: {_t(lf)}, schritte: [{', '.join(_t(s) for s in schritte)}]}}"
                   for lf, schritte in teile]
    return "\n".join(zeilen) + "\n"


def weisung_lesen(nummer: str, angaben: dict[str, Any], umsetzung: Umsetzung | None = None) -> Weisung | None:
    """Die Weisung, wie der Katalog sie läse (None, wenn die Angaben unvollständig sind)."""
    if not angaben:
        return None
    befunde: list[Befund] = []
    return weisung_aus_text(weisung_yaml(nummer, angaben, umsetzung), f"{WURZEL}/{pfad(nummer)}", befunde)


def mit_weisung(katalog: Katalog, weisung: Weisung | None) -> Katalog:
    """Eine Kopie des Katalogs mit `weisung` (eine Weisung, die das Paket erst veröffentlicht); ohne: der Katalog."""
    if weisung is None or katalog.weisungen.get(weisung.nummer) is weisung:
        return katalog
    neu = Katalog(vokabular=katalog.vokabular, standorte=katalog.standorte, leitfaeden=katalog.leitfaeden,
                  weisungen={**katalog.weisungen, weisung.nummer: weisung}, wurzel=katalog.wurzel,
                  veroeffentlicht=katalog.veroeffentlicht)
    umgebung = getattr(katalog, "_umgebung", None)     # hängt nur am Vokabular: weiterverwenden
    if umgebung is not None:
        neu._umgebung = umgebung  # type: ignore[attr-defined]
    return neu


def ab_vor_datum_meldung(gueltig_ab: dt.date, datum: dt.date) -> str:
    """„Gültig ab“ eines Pakets vor dem Datum seiner Weisung: danach ließe sich die neue Weisung mit keinem Datum
    erfassen (ihr „Gültig ab“ liegt nicht vor ihrem Datum und nicht nach dem des Pakets)."""
    return (f"Gültig ab: {gueltig_ab:%d.%m.%Y} liegt vor dem Datum der Weisung ({datum:%d.%m.%Y}) — ein Datum ab dem "
            f"{datum:%d.%m.%Y} wählen oder leer lassen.")
