"""Lädt und prüft `content/arbeitsmittel/**/<stand>.yaml` gegen den Leitfaden-Katalog: jeder Fehler mit
Datei:Zeile und Feld (domain.md A12; Weisung 202003006, Abschnitt 4). Geprüft werden Pflichtfelder,
Dateiname = Stand, Vorgängerin, überlappende Gültigkeit, Leitfäden und Schritte, Regelpunkte der Weisung,
Kriterien (Vorbewertung, Bezug), die Formulare des Stichprobenplans (2.2.6), die QS-Kriterien der Anlage 7
und die Kennzahlen der Anlage 5."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from kundenportal.leitfaden.fehler import Befund, KatalogFehler
from kundenportal.leitfaden.katalog import Katalog
from kundenportal.leitfaden.quelle import ZDict, ZListe, lesen, lesen_text

from .modell import ORDNER_ART, VORBEWERTUNGEN, Arbeitsmittel, Bestand, Bezug, Kriterium

PFLICHT = ("art", "nummer", "titel", "stand", "gueltig_ab", "weisung")
_WEISUNGSPUNKT = re.compile(r"^\d\.\d")


class _Datei:
    """Sammelt die Befunde einer Datei; `z` liefert die Zeile eines Schlüssels."""

    def __init__(self, name: str, roh: ZDict, befunde: list[Befund]) -> None:
        self.name, self.roh, self.befunde = name, roh, befunde

    def fehler(self, knoten: Any, schluessel: str | int | None, feld: str, meldung: str) -> None:
        zeile = getattr(knoten, "zeile", 0)
        if isinstance(knoten, ZDict) and isinstance(schluessel, str):
            zeile = knoten.zeilen.get(schluessel, zeile)
        elif isinstance(knoten, ZListe) and isinstance(schluessel, int) and schluessel < len(knoten.zeilen):
            zeile = knoten.zeilen[schluessel]
        self.befunde.append(Befund(self.name, zeile, feld, meldung))


def _datum(d: _Datei, schluessel: str) -> dt.date | None:
    wert = d.roh.get(schluessel)
    if wert is None:
        return None
    if isinstance(wert, dt.date) and not isinstance(wert, dt.datetime):
        return wert
    d.fehler(d.roh, schluessel, schluessel, f"erwartet ein Datum JJJJ-MM-TT, nicht {wert!r}")
    return None


def _texte(d: _Datei, knoten: Any, schluessel: str) -> tuple[str, ...]:
    wert = knoten.get(schluessel) if isinstance(knoten, dict) else None
    if wert is None:
        return ()
    if not isinstance(wert, list):
        d.fehler(knoten, schluessel, schluessel, "erwartet eine Liste")
        return ()
    return tuple(str(w) for w in wert)


def _bezuege(d: _Datei, knoten: ZDict, feld: str, katalog: Katalog) -> tuple[Bezug, ...]:
    roh = knoten.get("bezug") or knoten.get("messung") or ZListe()
    schluessel = "bezug" if "bezug" in knoten else "messung"
    ergebnis = []
    for i, b in enumerate(roh):
        if not isinstance(b, ZDict) or "leitfaden" not in b:
            d.fehler(roh, i, f"{feld}.{schluessel}", "erwartet {leitfaden, schritte}")
            continue
        lf = katalog.leitfaeden.get(str(b["leitfaden"]))
        if lf is None:
            d.fehler(b, "leitfaden", f"{feld}.{schluessel}.leitfaden", f"unbekannter Leitfaden {b['leitfaden']}")
            continue
        bekannt = {s.id for f in lf.fassungen for s in f.daten.schritte}
        schritte = _texte(d, b, "schritte")
        for s in schritte:
            if s not in bekannt:
                d.fehler(b, "schritte", f"{feld}.{schluessel}.schritte",
                         f"{lf.id} hat in keiner Fassung einen Schritt {s}")
        ergebnis.append(Bezug(lf.id, schritte))
    return tuple(ergebnis)


def _regel_pruefen(d: _Datei, knoten: Any, schluessel: str | int, feld: str, regel: str, katalog: Katalog,
                   weisung: str) -> None:
    """Ein Weisungspunkt ("2.2 a) 3") muss eine Regel der Weisung sein; andere Quellen sind freier Text."""
    if not _WEISUNGSPUNKT.match(regel):
        return
    w = katalog.weisungen.get(weisung)
    if w is not None and regel not in {r.punkt for r in w.regeln}:
        d.fehler(knoten, schluessel, feld, f"Weisung {weisung} hat keine Regel {regel}")


def _kriterien(d: _Datei, katalog: Katalog, weisung: str) -> tuple[Kriterium, ...]:
    roh = d.roh.get("kriterien") or ZListe()
    ergebnis: list[Kriterium] = []
    if not isinstance(roh, list):
        d.fehler(d.roh, "kriterien", "kriterien", "erwartet eine Liste von Kriterien {id, text, regel}")
        return ()
    for i, k in enumerate(roh):
        if not isinstance(k, ZDict) or not {"id", "text", "regel"} <= set(k):
            d.fehler(roh, i, "kriterien", "erwartet {id, text, regel} (jedes Kriterium nennt seine Regel)")
            continue
        feld = f"kriterien.{k['id']}"
        if any(x.id == str(k["id"]) for x in ergebnis):
            d.fehler(k, "id", feld, "Kriterium doppelt")
        vb = str(k.get("vorbewertung") or "")
        if vb and vb not in VORBEWERTUNGEN:
            d.fehler(k, "vorbewertung", f"{feld}.vorbewertung",
                     f"unbekannte Vorbewertung {vb!r} (bekannt: {', '.join(VORBEWERTUNGEN)})")
        fakt = str(k.get("nur_mit_fakt") or "")
        if fakt and fakt not in katalog.vokabular.fakten:
            d.fehler(k, "nur_mit_fakt", f"{feld}.nur_mit_fakt", f"unbekannter Fakt {fakt}")
        _regel_pruefen(d, k, "regel", f"{feld}.regel", str(k["regel"]), katalog, weisung)
        bezug = _bezuege(d, k, feld, katalog)
        if vb == "schritt" and not bezug:
            d.fehler(k, "vorbewertung", f"{feld}.bezug", "Vorbewertung 'schritt' braucht einen bezug mit Schritten")
        ergebnis.append(Kriterium(str(k["id"]), str(k["text"]), str(k["regel"]), vb, bezug, fakt))
    return tuple(ergebnis)


def _lesen(pfad: PurePosixPath | Path, name: str, art_ordner: str, katalog: Katalog, befunde: list[Befund],
           text: str | None = None) -> Arbeitsmittel | None:
    try:
        roh = lesen(Path(pfad), name) if text is None else lesen_text(text, name)
    except KatalogFehler as fehler:
        befunde.extend(fehler.befunde)
        return None
    if not isinstance(roh, ZDict):
        befunde.append(Befund(name, 1, "", "erwartet eine Abbildung (art, nummer, titel, stand, ...)"))
        return None
    d = _Datei(name, roh, befunde)
    fehlend = [k for k in PFLICHT if k not in roh]
    if fehlend:
        d.fehler(roh, None, fehlend[0], "Pflichtfeld fehlt")
        return None
    art = str(roh["art"])
    if ORDNER_ART.get(art_ordner) != art:
        d.fehler(roh, "art", "art", f"Art {art!r} passt nicht zum Ordner {art_ordner}/")
        return None
    stand, ab = _datum(d, "stand"), _datum(d, "gueltig_ab")
    if stand is None or ab is None:
        return None
    if pfad.stem != stand.isoformat():
        d.fehler(roh, "stand", "stand", f"Dateiname {pfad.name} passt nicht zum Stand {stand.isoformat()}")
    weisung = str(roh["weisung"])
    if weisung not in katalog.weisungen:
        d.fehler(roh, "weisung", "weisung", f"unbekannte Weisung {weisung}: content/weisungen/{weisung}.yaml fehlt")
    regeln = _texte(d, roh, "regeln")
    for i, r in enumerate(regeln):
        _regel_pruefen(d, roh.get("regeln"), i, "regeln", r, katalog, weisung)
    leitfaeden = _texte(d, roh, "leitfaeden")
    for lf in leitfaeden:
        if lf not in katalog.leitfaeden:
            d.fehler(roh, "leitfaeden", "leitfaeden", f"unbekannter Leitfaden {lf}")
    inhalt = {k: v for k, v in roh.items() if k not in {*PFLICHT, "gueltig_bis", "vorgaenger", "regeln",
                                                          "aenderungen", "rollen", "leitfaeden", "kriterien"}}
    return Arbeitsmittel(
        art=art, nummer=str(roh["nummer"]), titel=str(roh["titel"]), stand=stand, gueltig_ab=ab,
        gueltig_bis=_datum(d, "gueltig_bis"), weisung=weisung, regeln=regeln, datei=name,
        ordner=pfad.parent.name, vorgaenger=_datum(d, "vorgaenger"), aenderungen=_texte(d, roh, "aenderungen"),
        rollen=_texte(d, roh, "rollen"), leitfaeden=leitfaeden, kriterien=_kriterien(d, katalog, weisung),
        inhalt=inhalt)


def _form_befund(name: str, fehler: Exception) -> Befund:
    """Ein Feld hat eine Form, die die Prüfung nicht lesen kann (etwa eine Zahl, wo eine Liste stehen muss)."""
    return Befund(name, 1, "", f"ein Feld hat eine unerwartete Form ({type(fehler).__name__}: {fehler}) — Listen und "
                               "Abbildungen wie in der vorigen Fassung schreiben")


def bestand_laden(wurzel: Path, katalog: Katalog, dateien: Iterable[tuple[str, str]] | None = None) -> Bestand:
    """Alle Arbeitsmittel unter `wurzel` (content/) — oder, mit `dateien`, aus (Pfad relativ zu content/, Text)-Paaren
    (etwa die veröffentlichten Katalogdateien der Datenbank): dieselben Prüfungen, dieselben Dateinamen in den
    Befunden (content/arbeitsmittel/...). Wirft KatalogFehler mit allen Befunden."""
    bestand, befunde = bestand_und_befunde(wurzel, katalog, dateien)
    if befunde:
        raise KatalogFehler(befunde)
    return bestand


def bestand_und_befunde(wurzel: Path, katalog: Katalog,
                        dateien: Iterable[tuple[str, str]] | None = None) -> tuple[Bestand, list[Befund]]:
    """Wie `bestand_laden`, ohne zu werfen: das Lesbare und alle Befunde (nach Datei und Zeile) — für einen Entwurf,
    der trotz Befunden seinen Unterschied zur Vorgängerin zeigt."""
    wurzel = wurzel.resolve()
    befunde: list[Befund] = []
    bestand = Bestand()
    if dateien is None:
        quellen: list[tuple[PurePosixPath | Path, str, str | None]] = [
            (pfad, str(pfad.relative_to(wurzel.parent)), None)
            for pfad in sorted((wurzel / "arbeitsmittel").glob("*/*/*.yaml"))]
    else:
        quellen = [(PurePosixPath(pfad), f"content/{pfad}", text) for pfad, text in sorted(dateien)]
    for pfad, name, text in quellen:
        art_ordner = pfad.parent.parent.name
        if art_ordner not in ORDNER_ART:
            befunde.append(Befund(name, 1, "", f"unbekannte Art {art_ordner}/ (bekannt: {', '.join(ORDNER_ART)})"))
            continue
        try:
            a = _lesen(pfad, name, art_ordner, katalog, befunde, text)
        except (TypeError, AttributeError, ValueError) as fehler:     # ein Feld in unerwarteter Form (Browser-Eingabe)
            befunde.append(_form_befund(name, fehler))
            continue
        if a is not None:
            bestand.fassungen.append(a)
    from .pruefen import bestand_pruefen

    try:
        befunde.extend(bestand_pruefen(bestand, katalog, wurzel))
    except (TypeError, AttributeError, ValueError) as fehler:
        befunde.append(_form_befund(bestand.fassungen[-1].datei if bestand.fassungen else "content/arbeitsmittel",
                                    fehler))
    return bestand, sorted(befunde, key=lambda b: (b.datei, b.zeile))
