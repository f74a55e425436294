"""Einen Schritt hinter einem anderen einfügen und ihn in den Ablauf hängen, wo das eindeutig ist (struktur.py fügt
nur den Block ein): führt der Schritt davor immer zu B, dann davor → neu → B; verzweigt oder endet er, sagt die
Meldung, was die Redaktion noch verbinden muss.

„Hinter welchem Schritt“ meint eine Stelle, nicht nur eine Kennung (`stellen_zur_wahl`, `stelle_lesen`): tragen zwei
Schritte dieselbe Kennung (ein Befund, den die Redaktion gerade behebt), nennt die Auswahl sie einzeln, und die Stelle
wird am jetzigen Text geprüft wie beim Bearbeiten (struktur.finden) — ein geänderter Text ist ein Konflikt, kein
stilles Einfügen an anderer Stelle."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kundenportal.leitfaden.quelle import ZDict

from .struktur import (
    ARTEN,
    MIT_AUSGANG,
    Block,
    Stelle,
    StelleGeaendert,
    bloecke,
    einordnen,
    finden,
    reihenfolge_pruefen,
    schritt_daten,
    schritt_einfuegen,
    schritt_lesen,
    schritt_zeilen,
    skalar,
    zeilen_ersetzen,
)
from .yamlfeld import FeldFehler


@dataclass(frozen=True)
class Einfuegung:
    """Der Text mit dem neuen Schritt und in Worten, wie er im Ablauf steht: verbunden (A → neu → B) oder was die
    Redaktion noch verbinden muss, weil der Schritt davor verzweigt oder endet ("" am Ende der Liste)."""

    text: str
    anschluss: str = ""


_NACH_ZEILE = re.compile(r"""^(?P<vor>[ \t]*(?:-[ \t]+)?nach:[ \t]*)(?P<wert>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#]+)?"""
                         r"(?P<rest>[ \t]*(?:#.*)?)$")


_STELLE = re.compile(r"^(?P<id>.+)\|(?P<nummer>\d+)\|(?P<vorkommen>[1-9]\d*)$")


def stellen_zur_wahl(ids: list[str]) -> list[tuple[str, str]]:
    """Die Auswahl „Einfügen hinter Schritt“: je Schritt (Wert, Beschriftung); der Wert trägt die Stelle
    (Kennung|Nummer|Vorkommen), die Beschriftung ist die Kennung — bei mehreren Schritten mit derselben
    „papier (2. Schritt mit dieser Kennung)“."""
    return [(f"{sid}|{i}|{ids[:i + 1].count(sid)}", _name(ids, i)) for i, sid in enumerate(ids)]


def stelle_lesen(wert: str) -> tuple[str, Stelle | None]:
    """Kennung und Stelle aus dem Wert der Auswahl; eine bloße Kennung (ältere Formulare, API): ohne Stelle."""
    if (t := _STELLE.match(wert)) is None:
        return wert, None
    return t["id"], Stelle(int(t["nummer"]), int(t["vorkommen"]))


def _name(ids: list[str], i: int) -> str:
    if ids.count(ids[i]) == 1:
        return ids[i]
    return f"{ids[i]} ({ids[:i + 1].count(ids[i])}. Schritt mit dieser Kennung)"


def _stelle_finden(bl: list[Block], hinter: str, stelle: Stelle | None) -> int:
    """Der Block, hinter dem eingefügt wird: die gewählte Stelle, geprüft am jetzigen Text; eine bloße Kennung nur,
    wenn sie eindeutig ist (sonst hieße sie still „der erste“)."""
    anzahl = [b.schritt_id for b in bl].count(hinter)
    if stelle is None and anzahl > 1:
        raise FeldFehler(f"Schritt {hinter} gibt es {anzahl}-mal: bitte unter „Einfügen hinter Schritt“ wählen, "
                         "hinter welchem der neue Schritt stehen soll", feld="hinter")
    try:
        return finden(bl, hinter, stelle)
    except StelleGeaendert:
        assert stelle is not None
        raise StelleGeaendert(f"Schritt {hinter} ({stelle.vorkommen}. Schritt mit dieser Kennung), hinter dem der neue "
                              "Schritt stehen sollte, steht nicht mehr an der gewählten Stelle: der Quelltext hat sich "
                              "inzwischen geändert") from None


def _ausgaenge(vorher: dict[str, Any]) -> str:
    """Wohin der Schritt führt, in Worten (für die Meldung, wenn der neue Schritt nicht verbunden wurde)."""
    teile: list[str] = []
    if isinstance(vorher.get("je_antwort"), dict):
        teile += [f"Antwort „{k}“ → {v or '(leer)'}" for k, v in vorher["je_antwort"].items()]
    for z in vorher.get("weiter") or [] if isinstance(vorher.get("weiter"), list) else []:
        if isinstance(z, dict):
            teile.append(f"sonst → {z['sonst']}" if "sonst" in z else f"wenn „{z.get('wenn', '')}“ → {z.get('nach', '')}")
    return "; ".join(teile)


def _nicht_verbunden(vorher: dict[str, Any], hinter: str, neu: dict[str, Any]) -> str:
    neu_id = neu["id"]
    aufgabe = f"Bitte selbst festlegen, welcher Schritt zu {neu_id} führt."
    if str(neu.get("art")) not in MIT_AUSGANG:
        wohin = f"führt weiter zu {vorher['nach']}" if vorher.get("nach") else "bleibt, wie er war"
        return (f"Nicht verbunden: {neu_id} ist ein {ARTEN.get(str(neu.get('art')), '')}-Schritt, Schritt {hinter} "
                f"{wohin}. {aufgabe}")
    if str(vorher.get("art")) not in MIT_AUSGANG or not (vorher.get("weiter") or vorher.get("je_antwort")):
        return f"Nicht verbunden: Schritt {hinter} beendet den Weg ({ARTEN.get(str(vorher.get('art')), 'ohne Ausgang')}). {aufgabe}"
    return (f"Nicht verbunden: Schritt {hinter} verzweigt ({_ausgaenge(vorher)}) und zeigt weiter dorthin. {aufgabe} "
            f"Dazu im Schritt {hinter} einen Ausgang auf {neu_id} ändern.")


def _nach_setzen(text: str, i: int, ziel: str) -> str:
    """Setzt `nach` des Schritts an Stelle `i` auf `ziel` — nur diese Zeile; steht `nach` nicht allein in einer Zeile
    (Flussform), wird der Schritt neu geschrieben wie beim Speichern im Formular."""
    roh, bl, einzug = bloecke(text)
    schritt = roh["schritte"][i]
    zeilen = text.split("\n")
    nummer = schritt.zeilen.get("nach", 0) - 1 if isinstance(schritt, ZDict) else -1
    treffer = _NACH_ZEILE.match(zeilen[nummer]) if bl[i].anfang <= nummer < bl[i].ende else None
    if treffer is not None:
        zeilen[nummer] = f"{treffer['vor']}{skalar(ziel)}{treffer['rest']}"
        return "\n".join(zeilen)
    daten = schritt_daten(schritt)
    daten["nach"] = ziel
    return zeilen_ersetzen(text, bl[i].anfang, bl[i].ende, schritt_zeilen(einordnen(daten, list(daten)), einzug))


def einfuegen_und_verbinden(text: str, daten: dict[str, Any], hinter: str = "",
                            stelle: Stelle | None = None) -> Einfuegung:
    """Fügt den Schritt hinter `hinter` ein (leer: ans Ende) und verbindet ihn, wo das eindeutig ist: führt `hinter`
    immer zu einem Schritt B (`nach: B`), dann `hinter` → neu → B (ohne eigenes Ziel erbt der neue Schritt B).
    Verzweigt oder endet `hinter` oder hat der neue Schritt keinen Ausgang (Ende, Rückkehr), rät der Editor nicht:
    der Schritt steht im Text, `anschluss` sagt, was noch zu verbinden ist. Nur die Zeile `nach` von `hinter` ändert
    sich; alles andere bleibt, wie es war. `stelle`: welcher Schritt `hinter` gemeint ist (stelle_lesen)."""
    if not hinter:
        return Einfuegung(schritt_einfuegen(text, daten))
    roh, bl, _ = bloecke(text)
    i = _stelle_finden(bl, hinter, stelle)
    ids = [x.schritt_id for x in bl]
    stelle, name = Stelle(i, ids[:i + 1].count(hinter)), _name(ids, i)
    vorher = schritt_daten(roh["schritte"][i]) if isinstance(roh["schritte"][i], dict) else {}
    neu_id = str(daten.get("id", ""))
    einfach = (str(vorher.get("art")) in MIT_AUSGANG and isinstance(vorher.get("nach"), str)
               and not vorher.get("weiter") and not vorher.get("je_antwort"))
    if not einfach or str(daten.get("art")) not in MIT_AUSGANG:
        return Einfuegung(schritt_einfuegen(text, daten, hinter, stelle), _nicht_verbunden(vorher, name, daten))
    b = str(vorher["nach"])
    if not daten.get("nach") and not daten.get("weiter"):
        daten = einordnen({**daten, "nach": b}, list(daten))
    ergebnis = _nach_setzen(schritt_einfuegen(text, daten, hinter, stelle), i, neu_id)
    reihenfolge_pruefen(ergebnis, [*ids[:i + 1], neu_id, *ids[i + 1:]], f"Schritt {neu_id}")
    if schritt_lesen(ergebnis, hinter, stelle).get("nach") != neu_id:
        raise FeldFehler(f"Schritt {name} ließ sich nicht mit {neu_id} verbinden: im Quelltext ändern")
    weiter = daten.get("nach") or ("(Verzweigung)" if daten.get("weiter") else "")
    return Einfuegung(ergebnis, f"Verbunden: {name} → {neu_id}" + (f" → {weiter}" if weiter else "") + ".")
