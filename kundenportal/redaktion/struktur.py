"""Der strukturierte Editor arbeitet schrittweise am YAML-Text: ein Schritt ist ein Block von Zeilen in
der Liste `schritte`. Ersetzen, Einfügen, Entfernen und Verschieben tauschen genau diese Blöcke aus;
Kommentare und Formatierung außerhalb des bearbeiteten Schritts bleiben unverändert.

Ein neu geschriebener Schritt steht in fester Feldreihenfolge, Texte in doppelten Anführungszeichen
(JSON ist gültiges YAML), kleine Abbildungen (`je_antwort`, `parameter`) und Zweige in Flussform — so
wie die Leitfäden unter content/ geschrieben sind. Nach jeder Änderung wird der Text neu gelesen und
geprüft, dass der Schritt dort steht, wo er hingehört; sonst bleibt der Text, wie er war."""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from typing import Any

from kundenportal.leitfaden.quelle import ZDict, ZListe

from .eingabe import KENNUNG, aktion_lesen
from .yamlfeld import FeldFehler, quelltext_lesen

ARTEN: dict[str, str] = {
    "frage": "Frage", "hinweis": "Hinweis", "pruefung": "Prüfung (Abfrage)", "aktion": "Aktion",
    "abgabe": "Abgabe (Aktion an ein anderes Team)", "einbinden": "Leitfaden einbinden",
    "rueckkehr": "Rückkehr zum Aufrufer", "ende": "Ende",
}
MIT_AUSGANG = {"frage", "hinweis", "pruefung", "aktion", "abgabe", "einbinden"}
REIHENFOLGE = ["id", "art", "fakt", "frage", "abfrage", "system", "vorgang", "leitfaden", "optionen_aus", "parameter",
               "regel", "text", "gueltig_wenn", "ablehnung", "vermerk", "annahme", "ergebnis", "je_antwort",
               "weiter", "nach"]
PFLICHT: dict[str, dict[str, Any]] = {
    "frage": {"fakt": ""}, "pruefung": {"abfrage": ""}, "aktion": {"system": "", "vorgang": ""},
    "abgabe": {"system": "", "vorgang": ""}, "einbinden": {"leitfaden": ""}, "rueckkehr": {"ergebnis": ""},
    "ende": {"ergebnis": ""},
}
FALTEN_AB = 100     # längere Texte als gefalteter Block (`>-`), Zeilen bis 100 Zeichen
_KEIN_KLARTEXT = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


@dataclass(frozen=True)
class Block:
    """Ein Schritt im Text: Kennung und Zeilen [anfang, ende) (0-basiert)."""

    schritt_id: str
    anfang: int
    ende: int


def _lesen(text: str) -> ZDict:
    roh = quelltext_lesen(text)
    if not isinstance(roh, ZDict) or not isinstance(roh.get("schritte"), ZListe) or not roh["schritte"]:
        raise FeldFehler("Der Entwurf hat keine Liste 'schritte': im Quelltext anlegen")
    return roh


def _einzug(zeile: str) -> int:
    return len(zeile) - len(zeile.lstrip(" "))


def bloecke(text: str) -> tuple[ZDict, list[Block], str]:
    """Die Schritte als Zeilenblöcke und der Einzug ihrer Spiegelstriche."""
    roh = _lesen(text)
    schritte: ZListe = roh["schritte"]
    zeilen = text.split("\n")
    anfaenge = [schritte.zeilen[i] - 1 for i in range(len(schritte))]
    spalte = _einzug(zeilen[anfaenge[0]])
    ergebnis: list[Block] = []
    for i, anfang in enumerate(anfaenge):
        if i + 1 < len(anfaenge):
            ende = anfaenge[i + 1]
        else:
            ende = anfang + 1
            while ende < len(zeilen):
                z = zeilen[ende]
                if z.strip() and not z.lstrip().startswith("#") and _einzug(z) <= spalte:
                    break
                ende += 1
        while ende - 1 > anfang and (not zeilen[ende - 1].strip() or zeilen[ende - 1].lstrip().startswith("#")):
            ende -= 1   # Leerzeilen und Kommentare vor dem nächsten Schritt gehören zu diesem
        s = schritte[i]
        ergebnis.append(Block(str(s.get("id")) if isinstance(s, dict) else f"#{i + 1}", anfang, ende))
    return roh, ergebnis, " " * spalte


_IMMER_ZITIERT = {"frage", "text", "vermerk", "annahme", "regel", "ablehnung", "gueltig_wenn", "wenn"}


def skalar(wert: Any, zitiert: bool = False) -> str:
    if wert is None:
        return '""'
    if isinstance(wert, bool):
        return "true" if wert else "false"
    if isinstance(wert, int | float):
        return str(wert)
    s = str(wert)
    if not zitiert and KENNUNG.fullmatch(s) and s not in _KEIN_KLARTEXT:
        return s
    return json.dumps(s, ensure_ascii=False)


def _fluss(abbildung: dict[str, Any]) -> str:
    if list(abbildung) == ["sonst"]:
        return f"sonst: {skalar(abbildung['sonst'])}"
    return "{" + ", ".join(f"{skalar(k)}: {skalar(v, k in _IMMER_ZITIERT)}" for k, v in abbildung.items()) + "}"


def schritt_zeilen(daten: dict[str, Any], einzug: str) -> list[str]:
    """Ein Schritt als YAML-Zeilen in der Liste `schritte` (Einzug des Spiegelstrichs)."""
    zeilen: list[str] = []
    for k in daten:
        v = daten[k]
        if isinstance(v, dict):
            zeilen.append(f"{k}: {_fluss(v) if all(not isinstance(x, dict | list) for x in v.values()) else ''}")
            if any(isinstance(x, dict | list) for x in v.values()):
                zeilen.pop()
                zeilen.append(f"{k}:")
                for k2, v2 in v.items():
                    zeilen.append(f"  {skalar(k2)}: {_fluss(v2) if isinstance(v2, dict) else skalar(v2)}")
        elif isinstance(v, list):
            zeilen.append(f"{k}:")
            for x in v:
                zeilen.append(f"  - {_fluss(x) if isinstance(x, dict) else skalar(x)}")
        elif isinstance(v, str) and len(v) > FALTEN_AB and v == v.strip() and "\n" not in v and "  " not in v:
            zeilen.append(f"{k}: >-")
            zeilen.extend(f"  {z}" for z in textwrap.wrap(v, FALTEN_AB, break_long_words=False,
                                                           break_on_hyphens=False))
        else:
            zeilen.append(f"{k}: {skalar(v, k in _IMMER_ZITIERT)}")
    return [f"{einzug}{'- ' if i == 0 else '  '}{z}" for i, z in enumerate(zeilen)]


def _rang(k: str) -> int:
    return REIHENFOLGE.index(k) if k in REIHENFOLGE else len(REIHENFOLGE)


def einordnen(daten: dict[str, Any], alt: list[str] | None = None) -> dict[str, Any]:
    """Die Felder in der Reihenfolge von `alt` (wie sie im Text standen); neue Felder an ihrem Platz in
    der festen Reihenfolge (REIHENFOLGE) — ohne `alt` ganz in fester Reihenfolge."""
    reihe = [k for k in (alt or []) if k in daten]
    for k in sorted((k for k in daten if k not in reihe), key=_rang):
        stelle = next((i for i, x in enumerate(reihe) if _rang(x) > _rang(k)), len(reihe))
        reihe.insert(stelle, k)
    return {k: daten[k] for k in reihe}


def schritt_daten(roh: Any) -> dict[str, Any]:
    """Ein gelesener Schritt als schlichte Abbildung (ohne Zeilennummern), Reihenfolge wie im Text."""
    if isinstance(roh, dict):
        return {str(k): schritt_daten(v) for k, v in roh.items()}
    if isinstance(roh, list):
        return [schritt_daten(x) for x in roh]  # type: ignore[return-value]
    return roh  # type: ignore[no-any-return]


def zeilen_ersetzen(text: str, von: int, bis: int, neu: list[str]) -> str:
    zeilen = text.split("\n")
    return "\n".join(zeilen[:von] + neu + zeilen[bis:])


def reihenfolge_pruefen(ergebnis: str, erwartet: list[str], was: str) -> str:
    try:
        _, bl, _ = bloecke(ergebnis)
    except FeldFehler as fehler:
        raise FeldFehler(f"{was} ließ sich nicht sicher schreiben: im Quelltext ändern") from fehler
    if [b.schritt_id for b in bl] != erwartet:
        raise FeldFehler(f"{was} ließ sich nicht sicher schreiben: im Quelltext ändern")
    return ergebnis


@dataclass(frozen=True)
class Stelle:
    """Welcher Block gemeint ist, wie das Formular ihn zeigte: `nummer` (0-basiert in der Liste `schritte`) und
    `vorkommen` (der wievielte Schritt mit dieser Kennung, ab 1). Tragen zwei Schritte dieselbe Kennung (ein Befund,
    den die Redaktion gerade behebt), meint die Kennung allein keinen bestimmten."""

    nummer: int
    vorkommen: int = 1


class StelleGeaendert(FeldFehler):
    """Der Text hat sich geändert, seit das Formular gezeigt wurde: an der Stelle steht nicht mehr derselbe Schritt
    (der Konflikt, nicht still ein anderer Block)."""


def finden(bl: list[Block], schritt_id: str, stelle: Stelle | None = None) -> int:
    """Der Block des Schritts: ohne `stelle` der erste mit der Kennung; mit `stelle` genau der, den das Formular
    zeigte — geprüft am jetzigen Text (Nummer und Vorkommen). Ist die Kennung eindeutig und war es, genügt sie (der
    Schritt wurde nur verschoben); sonst StelleGeaendert."""
    gleich = [i for i, b in enumerate(bl) if b.schritt_id == schritt_id]
    if not gleich:
        raise FeldFehler(f"Schritt {schritt_id} gibt es nicht")
    if stelle is None:
        return gleich[0]
    if stelle.nummer in gleich and gleich.index(stelle.nummer) + 1 == stelle.vorkommen:
        return stelle.nummer
    if len(gleich) == 1 and stelle.vorkommen == 1:
        return gleich[0]
    raise StelleGeaendert(f"Schritt {schritt_id} ({stelle.vorkommen}. Schritt mit dieser Kennung) steht nicht mehr an "
                          "der Stelle, an der Sie ihn bearbeitet haben: der Quelltext hat sich inzwischen geändert")


def anker_von(ids: list[str], i: int) -> str:
    """Der Anker des Schritts an Stelle `i` (für den Editor: ansicht.anker_vergeben; nach dem Speichern der Fokus):
    die Kennung, beim 2., 3. … Schritt mit derselben Kennung -2, -3 …; ist sie keine gültige Kennung, die Nummer
    des Schritts."""
    if not KENNUNG.fullmatch(ids[i]):
        return str(i + 1)
    vorkommen = ids[:i + 1].count(ids[i])
    return ids[i] if vorkommen == 1 else f"{ids[i]}-{vorkommen}"


def schritt_lesen(text: str, schritt_id: str, stelle: Stelle | None = None) -> dict[str, Any]:
    roh, bl, _ = bloecke(text)
    return schritt_daten(roh["schritte"][finden(bl, schritt_id, stelle)])


def schritt_ersetzen(text: str, schritt_id: str, daten: dict[str, Any], stelle: Stelle | None = None) -> str:
    """Schreibt den Schritt `schritt_id` (an `stelle`) neu (auch mit neuer Kennung `daten["id"]`)."""
    _, bl, einzug = bloecke(text)
    i = finden(bl, schritt_id, stelle)
    neu_id = str(daten.get("id", ""))
    if not KENNUNG.fullmatch(neu_id):
        raise FeldFehler("Kennung: Kleinbuchstaben, Ziffern und _ (z. B. hinweis_neu)", feld="id")
    if neu_id != schritt_id and any(b.schritt_id == neu_id for b in bl):
        raise FeldFehler(f"Schritt {neu_id} gibt es schon: eine andere Kennung wählen", feld="id")
    ergebnis = zeilen_ersetzen(text, bl[i].anfang, bl[i].ende, schritt_zeilen(daten, einzug))
    erwartet = [b.schritt_id for b in bl]
    erwartet[i] = neu_id
    return reihenfolge_pruefen(ergebnis, erwartet, f"Schritt {schritt_id}")


def schritt_einfuegen(text: str, daten: dict[str, Any], nach_schritt: str = "", stelle: Stelle | None = None) -> str:
    """Fügt einen Schritt hinter `nach_schritt` (an `stelle`, geprüft wie beim Bearbeiten) ein (leer: ans Ende)."""
    _, bl, einzug = bloecke(text)
    neu_id = str(daten.get("id", ""))
    if not KENNUNG.fullmatch(neu_id):
        raise FeldFehler("Kennung: Kleinbuchstaben, Ziffern und _ (z. B. hinweis_neu)", feld="id")
    if any(b.schritt_id == neu_id for b in bl):
        raise FeldFehler(f"Schritt {neu_id} gibt es schon", feld="id")
    i = finden(bl, nach_schritt, stelle) if nach_schritt else len(bl) - 1
    ergebnis = zeilen_ersetzen(text, bl[i].ende, bl[i].ende, schritt_zeilen(daten, einzug))
    erwartet = [b.schritt_id for b in bl]
    erwartet.insert(i + 1, neu_id)
    return reihenfolge_pruefen(ergebnis, erwartet, f"Schritt {neu_id}")


def schritt_entfernen(text: str, schritt_id: str, stelle: Stelle | None = None) -> str:
    _, bl, _ = bloecke(text)
    if len(bl) == 1:
        raise FeldFehler("Der einzige Schritt lässt sich nicht entfernen")
    i = finden(bl, schritt_id, stelle)
    ergebnis = zeilen_ersetzen(text, bl[i].anfang, bl[i].ende, [])
    return reihenfolge_pruefen(ergebnis, [b.schritt_id for j, b in enumerate(bl) if j != i], f"Schritt {schritt_id}")


def schritt_verschieben(text: str, schritt_id: str, richtung: int, stelle: Stelle | None = None) -> str:
    """Tauscht den Schritt (an `stelle`) mit seinem Nachbarn (richtung -1: nach oben, +1: nach unten)."""
    _, bl, _ = bloecke(text)
    i = finden(bl, schritt_id, stelle)
    j = i + (1 if richtung > 0 else -1)
    if not 0 <= j < len(bl):
        raise FeldFehler(f"Schritt {schritt_id} steht schon {'unten' if richtung > 0 else 'oben'}")
    a, b = sorted((i, j))
    zeilen = text.split("\n")
    oben, unten = zeilen[bl[a].anfang:bl[a].ende], zeilen[bl[b].anfang:bl[b].ende]
    zwischen = zeilen[bl[a].ende:bl[b].anfang]
    ergebnis = "\n".join(zeilen[:bl[a].anfang] + unten + zwischen + oben + zeilen[bl[b].ende:])
    erwartet = [x.schritt_id for x in bl]
    erwartet[a], erwartet[b] = erwartet[b], erwartet[a]
    return reihenfolge_pruefen(ergebnis, erwartet, f"Schritt {schritt_id}")


def art_wechseln(daten: dict[str, Any], art: str) -> dict[str, Any]:
    """Derselbe Schritt in einer anderen Art: gemeinsame Felder (Text, Vermerk, Regel, Ausgang) bleiben,
    fehlende Pflichtfelder stehen leer da — die Prüfung nennt sie, bis sie ausgefüllt sind."""
    if art not in ARTEN:
        raise FeldFehler(f"Art {art!r} gibt es nicht")
    neu: dict[str, Any] = {"id": daten.get("id", ""), "art": art}
    for k in ("text", "vermerk", "annahme", "regel"):
        if daten.get(k):
            neu[k] = daten[k]
    neu.update({k: daten.get(k, v) for k, v in PFLICHT.get(art, {}).items()})
    if art in ("aktion", "abgabe") and isinstance(daten.get("parameter"), dict) and daten.get("art") in ("aktion", "abgabe"):
        neu["parameter"] = daten["parameter"]
    if art == "pruefung" and daten.get("art") == "pruefung" and daten.get("parameter"):
        neu["parameter"] = daten["parameter"]
    if art in MIT_AUSGANG:
        if art == "frage" and daten.get("je_antwort"):
            neu["je_antwort"] = daten["je_antwort"]
        elif daten.get("weiter"):
            neu["weiter"] = daten["weiter"]
        elif daten.get("nach"):
            neu["nach"] = daten["nach"]
        elif isinstance(daten.get("je_antwort"), dict) and daten["je_antwort"]:
            neu["nach"] = next(iter(daten["je_antwort"].values()))
        elif art != "einbinden":
            neu["nach"] = ""
    return einordnen(neu)


def neuer_schritt(schritt_id: str, art: str, nach: str = "") -> dict[str, Any]:
    """Ein neuer Schritt mit den Pflichtfeldern seiner Art (leer, bis die Redaktion sie füllt)."""
    daten = art_wechseln({"id": schritt_id, "text": ""}, art)
    if art in MIT_AUSGANG and nach:
        daten["nach"] = nach
    if art in ("hinweis", "frage", "ende"):
        daten.setdefault("text", "")
    return einordnen(daten)


ZEILEN_REICHE = 2   # leere Zeilen je Liste (Parameter, Zweige, Antworten): ohne JavaScript mehr anfügen


def _reihen(feld: Any, praefix: str, a: str, b: str) -> list[tuple[str, str]]:
    """Die ausgefüllten Zeilen `praefix-N-a` / `praefix-N-b` eines Formulars."""
    ergebnis: list[tuple[str, str]] = []
    for n in range(60):
        links, rechts = feld(f"{praefix}-{n}-{a}"), feld(f"{praefix}-{n}-{b}")
        links, rechts = (links or "").strip(), (rechts or "").strip()
        if links or rechts:
            ergebnis.append((links, rechts))
    return ergebnis


def _parameter(feld: Any, praefix: str, alt: Any) -> dict[str, Any]:
    alt = alt if isinstance(alt, dict) else {}
    neu: dict[str, Any] = {}
    for name, wert in _reihen(feld, praefix, "name", "wert"):
        if not name:
            raise FeldFehler(f"Parameter mit Wert {wert!r} hat keinen Namen", feld=praefix)
        neu[name] = alt[name] if name in alt and str(alt[name]) == wert else wert
    return neu


def _text(feld: Any, name: str) -> str:
    return str(feld(name) or "").replace("\r\n", "\n").strip()


def aus_formular(alt: dict[str, Any], feld: Any) -> dict[str, Any]:
    """Der Schritt nach dem Formular des strukturierten Editors. `feld(name)` liefert den Wert eines
    Formularfelds oder None. Felder, die das Formular nicht zeigt, bleiben wie sie waren."""
    art = str(alt.get("art", ""))
    daten = dict(alt)
    daten["id"] = alt.get("id", "") if feld("id") is None else _text(feld, "id")   # leer bleibt leer (eingabe.py)

    def setzen(name: str, wert: Any, pflicht: bool = False) -> None:
        if wert or pflicht:
            daten[name] = wert
        else:
            daten.pop(name, None)

    for name in ("text", "vermerk", "regel", "annahme"):
        setzen(name, _text(feld, name))
    if art == "frage":
        setzen("fakt", _text(feld, "fakt"), pflicht=True)
        if feld("frage") is not None:       # leer: die Beschriftung des Fakts gilt (wortlaut.frage_text)
            setzen("frage", " ".join(_text(feld, "frage").split()))
        setzen("gueltig_wenn", _text(feld, "gueltig_wenn"))
        setzen("ablehnung", _text(feld, "ablehnung"))
        quelle = _text(feld, "optionen_quelle")
        alt_quelle = alt.get("optionen_aus") if isinstance(alt.get("optionen_aus"), dict) else {}
        if quelle:
            oq: dict[str, Any] = {"quelle": quelle}
            parameter = _parameter(feld, "opar", (alt_quelle or {}).get("parameter"))
            if parameter:
                oq["parameter"] = parameter
            daten["optionen_aus"] = oq
        else:
            daten.pop("optionen_aus", None)
    elif art == "pruefung":
        setzen("abfrage", _text(feld, "abfrage"), pflicht=True)
        setzen("parameter", _parameter(feld, "param", alt.get("parameter")))
    elif art in ("aktion", "abgabe"):
        daten["system"], daten["vorgang"] = aktion_lesen(_text(feld, "aktion"))
        setzen("parameter", _parameter(feld, "param", alt.get("parameter")))
    elif art == "einbinden":
        setzen("leitfaden", _text(feld, "leitfaden"), pflicht=True)
    elif art in ("ende", "rueckkehr"):
        setzen("ergebnis", _text(feld, "ergebnis"), pflicht=True)
    if art in MIT_AUSGANG:
        for k in ("nach", "weiter", "je_antwort"):
            daten.pop(k, None)
        ausgang = _text(feld, "ausgang") or "nach"
        if ausgang == "je_antwort" and art == "frage":
            daten["je_antwort"] = {wert: nach for wert, nach in _reihen(feld, "antwort", "wert", "nach") if wert}
        elif ausgang == "weiter":
            zweige: list[dict[str, Any]] = []
            sonst = ""
            for wenn, nach in _reihen(feld, "zweig", "wenn", "nach"):
                if wenn:
                    zweige.append({"wenn": wenn, "nach": nach})
                else:
                    sonst = nach
            daten["weiter"] = [*zweige, {"sonst": sonst}] if sonst else zweige
        elif _text(feld, "nach") or art != "einbinden":
            daten["nach"] = _text(feld, "nach")
    return einordnen(daten, list(alt))
